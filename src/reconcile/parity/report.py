"""The parity report: JSON in their tooling's shape (streamed to its file), and a text summary."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reconcile.private_files import open_private, private_dir

from .compare import LISTS, Comparison, Record
from .indent import indented
from .reader import BadRows
from .window import Window, iso_z

HEADLINE_METRICS = ("input_tokens", "output_tokens", "num_model_requests")
SAMPLE_SIZE = 5


def summary(
    result: Comparison, *, window: Window, target: str, key_id: int | None, bad_rows: BadRows | None
) -> dict[str, Any]:
    counts = result.counts
    document: dict[str, Any] = {
        "inParity": result.in_parity,
        "generatedAt": iso_z(datetime.now(UTC).replace(tzinfo=None)),
        "window": window.as_json(),
        "target": target,
        "keyId": key_id,
        "csvRows": counts["csv_rows"],
        "csvBuckets": counts["csv_buckets"],
        "dbBuckets": counts["db_buckets"],
        "matched": counts["matched"],
        **{name: counts[name] for name in LISTS},
        "emptyBuckets": counts["empty_buckets"],
        "outsideWindow": counts["outside_window"],
        "badRowPolicy": "strict" if bad_rows is None else "skip",
    }
    if bad_rows is not None:
        document["badRows"] = bad_rows.count
    return document


def tail(
    result: Comparison, *, files: list[str], bad_rows: BadRows | None, backfill: dict[str, Any] | None
) -> dict[str, Any]:
    """What follows the three lists: totals, inspected files, bad rows, backfill."""
    document: dict[str, Any] = {
        "totals": {"csv": result.csv_totals, "db": result.db_totals},
        "inspectedCsvFiles": files,
    }
    if bad_rows is not None:
        document["badRows"] = bad_rows.listed
    if backfill is not None:
        document["backfill"] = backfill
    return document


def backfill_sample(result: Comparison) -> list[Record]:
    """A few of the buckets a backfill would write, as their CSV records."""
    records = result.missing_in_db + [entry["csv"] for entry in result.mismatched]
    return records[:SAMPLE_SIZE]


def stream_document(
    path: Path,
    head: dict[str, Any],
    records: Iterable[tuple[str, Record]],
    rest: Callable[[], dict[str, Any]],
) -> None:
    """Write `{summary, mismatched[], missingInDb[], missingInCsv[], **rest}` to `path` as the
    records arrive (they come grouped in LISTS order), through a temp file renamed at the end."""
    private_dir(path.parent)  # the report holds project, user and key ids: 0600 in a 0700 directory
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    try:
        with os.fdopen(open_private(temp), "w", encoding="utf-8") as out:
            out.write('{\n  "summary": ' + _indented(head))
            pending = list(LISTS)
            current: str | None = None
            for name, record in records:
                if name != current:
                    if current is not None:
                        out.write("\n  ]")
                    while pending[0] != name:  # lists without records
                        out.write(f',\n  "{pending.pop(0)}": []')
                    current = pending.pop(0)
                    out.write(f',\n  "{current}": [\n    ' + _indented(record, 4))
                else:
                    out.write(",\n    " + _indented(record, 4))
            if current is not None:
                out.write("\n  ]")
            for name in pending:
                out.write(f',\n  "{name}": []')
            for key, value in rest().items():
                out.write(f",\n  {json.dumps(key)}: " + _indented(value))
            out.write("\n}\n")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _indented(value: Any, level: int = 2) -> str:
    return indented(value, " " * level)


def render_text(document: dict[str, Any]) -> str:
    head, totals = document["summary"], document["totals"]
    window = head["window"]
    lines = [
        f"Parity: {'in parity' if head['inParity'] else 'NOT in parity'}",
        f"  window  [{window['from']}, {window['to']})",
        f"  target  {head['target']}" + (f"  (key {head['keyId']})" if head["keyId"] else ""),
        f"  files   {', '.join(document['inspectedCsvFiles'])}",
        "",
        f"  {'':<20}{'CSV':>15}{'DB':>15}",
        f"  {'buckets':<20}{head['csvBuckets']:>15}{head['dbBuckets']:>15}",
    ]
    for metric in HEADLINE_METRICS:
        lines.append(f"  {metric:<20}{totals['csv'][metric]:>15}{totals['db'][metric]:>15}")
    lines += [
        "",
        f"  matched {head['matched']} · mismatched {head['mismatched']} · "
        f"missing in DB {head['missingInDb']} · missing in CSV {head['missingInCsv']} · "
        f"empty buckets {head['emptyBuckets']} · outside window {head['outsideWindow']}",
    ]
    if "badRows" in head:
        lines.append(f"  bad rows skipped: {head['badRows']}")
        lines += [f"    {b['file']}:{b['line']}: {b['error']}" for b in document["badRows"][:SAMPLE_SIZE]]
    backfill = document.get("backfill")
    if backfill is not None:
        lines += ["", *_backfill_lines(backfill)]
    return "\n".join(lines)


def _backfill_lines(backfill: dict[str, Any]) -> list[str]:
    if backfill["applied"]:
        return [
            f"Backfill (key {backfill['keyId']}): inserted {backfill['inserted']}, "
            f"updated {backfill['updated']} bucket(s) in one transaction"
        ]
    lines = [
        f"Backfill dry run (key {backfill['keyId']}): would insert {backfill['wouldInsert']}, "
        f"update {backfill['wouldUpdate']} bucket(s); add --apply to write"
    ]
    for record in backfill["sample"]:
        lines.append(
            f"    {record['windowStartIso']} {record['model']} {record['serviceTier'] or '-'} "
            f"{record['projectId'] or '-'} in={record['metrics']['input_tokens']} "
            f"out={record['metrics']['output_tokens']}"
        )
    return lines
