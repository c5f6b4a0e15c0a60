"""The parity report's per-day view: missing and mismatched buckets counted per UTC day while the
records stream to the JSON report, written as a Markdown table (the source of truth) and a Mermaid
`xychart-beta` bar chart generated from that table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from reconcile.private_files import private_dir, replace_private

from .compare import LISTS, Record
from .window import Window

COLUMNS = (("missingInDb", "missing in DB"), ("missingInCsv", "missing in CSV"), ("mismatched", "mismatched"))
MAX_DAYS = 366  # a longer window lists only the days with differences
Row = tuple[str, int, int, int]


class DailyCounts:
    """How many records of each list start on each day (UTC, the day of the bucket's window start)."""

    def __init__(self) -> None:
        self.by_list: dict[str, Counter[str]] = {name: Counter() for name in LISTS}

    def counting(self, records: Iterable[tuple[str, Record]]) -> Iterator[tuple[str, Record]]:
        """Pass the records through, counting each one."""
        for name, record in records:
            self.by_list[name][day_of(record)] += 1
            yield name, record

    def days(self, window: Window) -> list[str]:
        """Every day of the window (when it is at most MAX_DAYS long), plus any day with differences."""
        seen = {d for counter in self.by_list.values() for d in counter}
        first, last = window.start.date(), (window.end - timedelta(microseconds=1)).date()
        if (last - first).days < MAX_DAYS:
            seen |= {(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)}
        return sorted(seen)

    def rows(self, window: Window) -> list[Row]:
        """(day, missing in DB, missing in CSV, mismatched) for each day."""
        db, csv, mismatched = (self.by_list[name] for name, _ in COLUMNS)
        return [(d, db[d], csv[d], mismatched[d]) for d in self.days(window)]


def day_of(record: Record) -> str:
    """`2025-09-01` for a record whose window starts that day; a mismatch is dated by its CSV side."""
    side = record["csv"] if "csv" in record and isinstance(record["csv"], dict) else record
    return str(side["windowStartIso"])[:10]


def markdown_path(output: Path) -> Path:
    """The JSON report's path with `.md` (a report already named *.md gets `.md` appended)."""
    return output.with_name(output.name + ".md") if output.suffix == ".md" else output.with_suffix(".md")


def render_markdown(daily: DailyCounts, window: Window, head: dict[str, Any]) -> str:
    rows = daily.rows(window)
    lines = [
        "# Telemetry parity by day",
        "",
        f"Window [{head['window']['from']}, {head['window']['to']}) · "
        f"{'in parity' if head['inParity'] else 'NOT in parity'} · matched {head['matched']} · "
        f"mismatched {head['mismatched']} · missing in DB {head['missingInDb']} · "
        f"missing in CSV {head['missingInCsv']}",
        "",
        "Buckets counted on the UTC day their window starts (a mismatch on its CSV side's day).",
        "",
        "| day | " + " | ".join(label for _, label in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
        *(f"| {d} | {a} | {b} | {c} |" for d, a, b, c in rows),
        "| **total** | " + " | ".join(str(sum(column)) for column in _columns(rows)) + " |",
    ]
    if rows:
        lines += ["", *_chart(rows)]
    return "\n".join(lines) + "\n"


def _columns(rows: list[Row]) -> tuple[list[int], list[int], list[int]]:
    return [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


def _chart(rows: list[Row]) -> list[str]:
    """Stacked bars from the table: each series is drawn over the previous one, so the tallest
    (all differences) goes first and missing in DB alone last."""
    in_db, in_csv, mismatched = _columns(rows)
    missing = [a + b for a, b in zip(in_db, in_csv, strict=True)]
    totals = [m + c for m, c in zip(missing, mismatched, strict=True)]
    top = max([1, *totals])
    return [
        "Stacked per day, bottom to top: missing in DB, missing in CSV, mismatched.",
        "",
        "```mermaid",
        "xychart-beta",
        '    title "Missing and mismatched buckets per day"',
        "    x-axis [" + ", ".join(f'"{d[5:]}"' for d, *_ in rows) + "]",
        f'    y-axis "buckets" 0 --> {top}',
        f"    bar {_series(totals)}",
        f"    bar {_series(missing)}",
        f"    bar {_series(in_db)}",
        "```",
    ]


def _series(values: list[int]) -> str:
    return "[" + ", ".join(map(str, values)) + "]"


def write_markdown(output: Path, daily: DailyCounts, window: Window, head: dict[str, Any]) -> Path:
    """Write the per-day Markdown beside the JSON report: 0600, atomically, never through a symlink."""
    path = markdown_path(output)
    private_dir(path.parent)
    return replace_private(path, render_markdown(daily, window, head))
