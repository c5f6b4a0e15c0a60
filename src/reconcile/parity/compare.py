"""Run the set-based comparison of staged CSV buckets with usage_events and shape its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row

from . import queries
from .columns import METRICS
from .window import Window, iso_z

Metrics = dict[str, int]
Record = dict[str, Any]


@dataclass
class Comparison:
    """The three difference lists in their tooling's shape, totals and bucket counts."""

    mismatched: list[Record] = field(default_factory=list)
    missing_in_db: list[Record] = field(default_factory=list)
    missing_in_csv: list[Record] = field(default_factory=list)
    csv_totals: Metrics = field(default_factory=dict)
    db_totals: Metrics = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def in_parity(self) -> bool:
        return not (self.mismatched or self.missing_in_db or self.missing_in_csv)


def compare(conn: psycopg.Connection, window: Window, key_id: int | None) -> Comparison:
    """One query over `pg_temp.parity_csv` and usage_events in `window` (optionally one provider key)."""
    params = {"from": window.start, "to": window.end, "key_id": key_id}
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(queries.compare(), params).fetchone()
    assert row is not None  # an aggregate without GROUP BY always returns one row
    result = Comparison(
        csv_totals=_metrics(row["csv_totals"]),
        db_totals=_metrics(row["db_totals"]),
        counts={
            name: int(row[name])
            for name in (
                "csv_rows",
                "empty_buckets",
                "outside_window",
                "csv_buckets",
                "db_buckets",
                "matched",
            )
        },
    )
    for bucket in row["differences"]:
        status = bucket["status"]
        if status == "missingInDb":
            result.missing_in_db.append(_record(bucket, "csv"))
        elif status == "missingInCsv":
            result.missing_in_csv.append(_record(bucket, "db"))
        else:
            csv_side, db_side = _record(bucket, "csv"), _record(bucket, "db")
            deltas = {
                m: csv_side["metrics"][m] - db_side["metrics"][m]
                for m in METRICS
                if csv_side["metrics"][m] != db_side["metrics"][m]
            }
            key = {k: v for k, v in csv_side.items() if k not in ("metrics", "csvSource", "recordCount")}
            result.mismatched.append({"key": key, "deltas": deltas, "csv": csv_side, "db": db_side})
    return result


def _record(bucket: dict[str, Any], side: str) -> Record:
    return {
        "windowStartIso": iso_z(datetime.fromisoformat(bucket["windowStart"])),
        "windowEndIso": iso_z(datetime.fromisoformat(bucket["windowEnd"])),
        "projectId": bucket["projectId"],
        "apiKeyId": bucket["apiKeyId"],
        "userId": bucket["userId"],
        "model": bucket["model"],
        "serviceTier": bucket["serviceTier"],
        "batch": bucket["batch"],
        "metrics": _metrics(bucket[f"{side}Metrics"]),
        "csvSource": bucket["csvSource"] if side == "csv" else None,
        "recordCount": int(bucket[f"{side}Count"]),
    }


def _metrics(values: dict[str, Any]) -> Metrics:
    return {m: int(values[m]) for m in METRICS}
