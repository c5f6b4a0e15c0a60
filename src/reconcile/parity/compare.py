"""Run the set-based comparison of staged CSV buckets with usage_events and shape its records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from . import queries, unique
from .columns import METRICS
from .window import Window, iso_z

Metrics = dict[str, int]
Record = dict[str, Any]
# Report list names, in the order the query returns (and the report writes) them.
LISTS = ("mismatched", "missingInDb", "missingInCsv")
FETCH_SIZE = 2000
SETTINGS = ("jit", "enable_sort", "work_mem", "enable_nestloop")  # what compare_settings.sql returns first
WORK_MEM = "256MB"  # per sort/hash, on the server, for this one transaction: a million buckets in memory


@dataclass
class Comparison:
    """Counts and totals of one comparison, plus the difference records kept in memory.

    `records[name]` holds all records of a list, or only the first few when the caller streams
    the rest to a file; `counts[name]` is always the full count.
    """

    counts: dict[str, int]
    csv_totals: Metrics
    db_totals: Metrics
    records: dict[str, list[Record]] = field(default_factory=lambda: {name: [] for name in LISTS})

    @property
    def in_parity(self) -> bool:
        return not any(self.counts[name] for name in LISTS)

    @property
    def mismatched(self) -> list[Record]:
        return self.records["mismatched"]

    @property
    def missing_in_db(self) -> list[Record]:
        return self.records["missingInDb"]

    @property
    def missing_in_csv(self) -> list[Record]:
        return self.records["missingInCsv"]


def diff(conn: psycopg.Connection, window: Window, key_id: int | None, *, csv_unique: bool = False) -> bool:
    """Build `pg_temp.parity_diff` from `pg_temp.parity_csv` and usage_events in `window`.

    `csv_unique`: read the staged rows as buckets of one row each (nothing grouped); the database
    side is not grouped either when its index says each row is a bucket. Returns False when that
    was wrong (a bucket key repeats: the diff must be built again grouped), else True.
    """
    db_key = unique.db_key(conn, key_id)
    params = {"from": window.start, "to": window.end, "key_id": key_id, "db_key_id": db_key}
    with conn.transaction(), settings(conn, sort="off"):
        conn.execute("DROP TABLE IF EXISTS pg_temp.parity_diff")
        conn.execute(queries.diff(csv_unique=csv_unique, db_unique=db_key is not None), params)
        row = conn.execute(queries.repeats()).fetchone() if csv_unique else None
    return not (row and row[0])


@contextmanager
def settings(conn: psycopg.Connection, *, sort: str) -> Iterator[None]:
    """compare_settings.sql for the statements of this block only (`sort`: enable_sort on or off).

    The callers' blocks are savepoints inside the run's transaction: a SET LOCAL there would last
    to the end of the whole run, so the values before are put back when the block ends (when it
    fails, the savepoint's rollback undoes them)."""
    saved = conn.execute(queries.compare_settings(), {"work_mem": WORK_MEM, "sort": sort}).fetchone()
    assert saved is not None
    yield
    conn.execute(queries.restore_settings(), dict(zip(SETTINGS, saved[: len(SETTINGS)], strict=True)))


@contextmanager
def comparison(
    conn: psycopg.Connection, window: Window, key_id: int | None, *, csv_unique: bool = False, diffed: bool = False
) -> Iterator[tuple[Comparison, Iterator[tuple[str, Record]]]]:
    """The comparison of `pg_temp.parity_csv` with usage_events in `window` (optionally one key).

    `csv_unique`: no bucket key repeats in the staged rows (see `diff`). `diffed`: parity_diff is
    already built for this state of both sides (by `diff`), so it is read, not built again.
    Yields the counts and totals, and an iterator of (list name, record) fetched from a server-side
    cursor in report order, so memory does not grow with the number of differences.
    """
    if not diffed:
        diff(conn, window, key_id, csv_unique=csv_unique)
    params = {"from": window.start, "to": window.end}
    with conn.transaction(), settings(conn, sort="on"), conn.cursor(name="parity_compare") as cur:
        conn.execute("ANALYZE pg_temp.parity_diff")
        cur.itersize = FETCH_SIZE
        cur.execute(queries.compare(), params)
        head = cur.fetchone()
        assert head is not None and head[1] == "summary"
        summary = head[10]
        counts = {name: int(value) for name, value in summary.items() if not name.endswith("_totals")}
        counts |= {
            "mismatched": counts.pop("mismatched"),
            "missingInDb": counts.pop("missing_in_db"),
            "missingInCsv": counts.pop("missing_in_csv"),
        }
        result = Comparison(
            counts=counts,
            csv_totals=_metrics(summary["csv_totals"]),
            db_totals=_metrics(summary["db_totals"]),
        )
        yield result, (_shape(row) for row in cur)


def compare(
    conn: psycopg.Connection,
    window: Window,
    key_id: int | None,
    *,
    keep: int | None = None,
    csv_unique: bool = False,
    diffed: bool = False,
) -> Comparison:
    """The comparison with its records in memory (all of them, or the first `keep` of each list)."""
    with comparison(conn, window, key_id, csv_unique=csv_unique, diffed=diffed) as (result, records):
        for name, record in records:
            if keep is None or len(result.records[name]) < keep:
                result.records[name].append(record)
    return result


def _shape(row: tuple[Any, ...]) -> tuple[str, Record]:
    status, payload = row[1], row[10]
    if status == "missingInDb":
        return status, _record(row, payload, "csv")
    if status == "missingInCsv":
        return status, _record(row, payload, "db")
    csv_side, db_side = _record(row, payload, "csv"), _record(row, payload, "db")
    deltas = {
        m: csv_side["metrics"][m] - db_side["metrics"][m]
        for m in METRICS
        if csv_side["metrics"][m] != db_side["metrics"][m]
    }
    key = {k: v for k, v in csv_side.items() if k not in ("metrics", "csvSource", "recordCount")}
    return status, {"key": key, "deltas": deltas, "csv": csv_side, "db": db_side}


def _record(row: tuple[Any, ...], payload: dict[str, Any], side: str) -> Record:
    return {
        "windowStartIso": iso_z(row[2]),
        "windowEndIso": iso_z(row[3]),
        "projectId": row[4],
        "apiKeyId": row[5],
        "userId": row[6],
        "model": row[7],
        "serviceTier": row[8],
        "batch": row[9],
        "metrics": _metrics(payload[f"{side}Metrics"]),
        "csvSource": payload["csvSource"] if side == "csv" else None,
        "recordCount": int(payload[f"{side}Count"]),
    }


def _metrics(values: dict[str, Any]) -> Metrics:
    return {m: int(values[m]) for m in METRICS}
