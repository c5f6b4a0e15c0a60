"""The parity report: JSON document in their tooling's shape, a short text summary, the file."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .compare import Comparison
from .reader import BadRows
from .window import Window, iso_z

HEADLINE_METRICS = ("input_tokens", "output_tokens", "num_model_requests")
SAMPLE_SIZE = 5


def build_document(
    result: Comparison,
    *,
    window: Window,
    target: str,
    files: list[str],
    key_id: int | None,
    bad_rows: BadRows | None,
    backfill: dict[str, Any] | None = None,
) -> dict[str, Any]:
    counts = result.counts
    summary: dict[str, Any] = {
        "inParity": result.in_parity,
        "generatedAt": iso_z(datetime.now(UTC).replace(tzinfo=None)),
        "window": window.as_json(),
        "target": target,
        "keyId": key_id,
        "csvRows": counts["csv_rows"],
        "csvBuckets": counts["csv_buckets"],
        "dbBuckets": counts["db_buckets"],
        "matched": counts["matched"],
        "mismatched": len(result.mismatched),
        "missingInDb": len(result.missing_in_db),
        "missingInCsv": len(result.missing_in_csv),
        "emptyBuckets": counts["empty_buckets"],
        "outsideWindow": counts["outside_window"],
        "badRowPolicy": "strict" if bad_rows is None else "skip",
    }
    document: dict[str, Any] = {
        "summary": summary,
        "mismatched": result.mismatched,
        "missingInDb": result.missing_in_db,
        "missingInCsv": result.missing_in_csv,
        "totals": {"csv": result.csv_totals, "db": result.db_totals},
        "inspectedCsvFiles": files,
    }
    if bad_rows is not None:
        summary["badRows"] = bad_rows.count
        document["badRows"] = bad_rows.listed
    if backfill is not None:
        document["backfill"] = backfill
    return document


def backfill_sample(result: Comparison) -> list[dict[str, Any]]:
    """A few of the buckets a backfill would write, as their CSV records."""
    records = result.missing_in_db + [entry["csv"] for entry in result.mismatched]
    return records[:SAMPLE_SIZE]


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write the JSON atomically (temp file + rename) so readers never see half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def render_text(document: dict[str, Any]) -> str:
    summary, totals = document["summary"], document["totals"]
    window = summary["window"]
    lines = [
        f"Parity: {'in parity' if summary['inParity'] else 'NOT in parity'}",
        f"  window  [{window['from']}, {window['to']})",
        f"  target  {summary['target']}" + (f"  (key {summary['keyId']})" if summary["keyId"] else ""),
        f"  files   {', '.join(document['inspectedCsvFiles'])}",
        "",
        f"  {'':<20}{'CSV':>15}{'DB':>15}",
        f"  {'buckets':<20}{summary['csvBuckets']:>15}{summary['dbBuckets']:>15}",
    ]
    for metric in HEADLINE_METRICS:
        lines.append(f"  {metric:<20}{totals['csv'][metric]:>15}{totals['db'][metric]:>15}")
    lines += [
        "",
        f"  matched {summary['matched']} · mismatched {summary['mismatched']} · "
        f"missing in DB {summary['missingInDb']} · missing in CSV {summary['missingInCsv']} · "
        f"empty buckets {summary['emptyBuckets']} · outside window {summary['outsideWindow']}",
    ]
    if "badRows" in summary:
        lines.append(f"  bad rows skipped: {summary['badRows']}")
        lines += [f"    {b['file']}:{b['line']}: {b['error']}" for b in document["badRows"][:SAMPLE_SIZE]]
    backfill = document.get("backfill")
    if backfill is not None:
        lines.append("")
        if backfill["applied"]:
            lines.append(
                f"Backfill (key {backfill['keyId']}): inserted {backfill['inserted']}, "
                f"updated {backfill['updated']} bucket(s) in one transaction"
            )
        else:
            lines.append(
                f"Backfill dry run (key {backfill['keyId']}): would insert {backfill['wouldInsert']}, "
                f"update {backfill['wouldUpdate']} bucket(s); add --apply to write"
            )
            for record in backfill["sample"]:
                lines.append(
                    f"    {record['windowStartIso']} {record['model']} {record['serviceTier'] or '-'} "
                    f"{record['projectId'] or '-'} in={record['metrics']['input_tokens']} "
                    f"out={record['metrics']['output_tokens']}"
                )
    return "\n".join(lines)
