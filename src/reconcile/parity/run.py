"""Orchestrate one parity run: connect, check schema, stage the CSVs, compare, optionally backfill."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from reconcile.connect.failures import describe
from reconcile.connect.redact import redact_url
from reconcile.connect.session import DEFAULT_LOCK_WAIT, read_session

from ..errors import ApplyFailed, InputError, ReconcileError
from . import backfill as bf
from . import daily as per_day
from . import duplicates as dup
from . import report
from .compare import Comparison, Record, compare, comparison, diff
from .load import stage_exports
from .reader import BadRows
from .window import Window


@dataclass(frozen=True)
class ParityRequest:
    files: Sequence[tuple[Path, str]]  # (path, name shown in the report)
    window: Window
    key_id: int | None = None
    strict: bool = True
    backfill: bool = False
    apply: bool = False
    progress: bool | None = None
    duplicates: str = "refuse"  # repeated buckets and files: refuse, sum, or keep the first (duplicates.py)


@dataclass
class ParityOutcome:
    comparison: Comparison
    document: dict[str, Any] = field(default_factory=dict)

    @property
    def in_parity(self) -> bool:
        return self.comparison.in_parity

    @property
    def exit_code(self) -> int:
        return 0 if self.in_parity else 2


def collect_files(csv: Sequence[str], csv_dir: str | None) -> list[tuple[Path, str]]:
    """--csv files then the directory's *.csv (sorted); the same file twice is read once."""
    names = list(csv)
    if csv_dir is not None:
        directory = Path(csv_dir)
        if not directory.is_dir():
            raise InputError("not a directory", location=csv_dir)
        names += sorted(str(p) for p in directory.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for name in names:
        path = Path(name)
        if not path.is_file():
            raise InputError("not a regular file" if os.path.lexists(path) else "no such file", location=name)
        if path.resolve() not in seen:
            seen.add(path.resolve())
            files.append((path, name))
    if not files:
        raise InputError("no CSV files to compare (give --csv FILE or --csv-dir DIR with *.csv files)")
    return files


def run_parity(
    request: ParityRequest, url: str, *, output: Path | None = None, lock_wait: float = DEFAULT_LOCK_WAIT
) -> ParityOutcome:
    """Compare (and maybe backfill). With `output`, the JSON report is streamed to that file and the
    outcome's document keeps only the summary, totals and backfill (the lists stay on disk)."""
    if request.backfill and request.key_id is None:
        raise ReconcileError("--backfill needs --key-id N (the provider_keys.id the rows belong to)")
    if request.apply and not request.backfill:
        raise ReconcileError("--apply only applies a --backfill")
    bad_rows = None if request.strict else BadRows()
    try:
        # one transaction: the staged exports are temp tables, which a transaction pooler would not
        # keep for the next transaction; the backfill's own transaction becomes a savepoint in it
        with read_session(url, lock_wait) as conn, conn.transaction():
            return _run(conn, request, bad_rows, redact_url(url), output)
    except psycopg.Error as exc:
        # by SQLSTATE: an index row too large (54000) is an OperationalError too, not a lost connection
        what = "backfilling usage_events" if request.apply else "comparing the exports with usage_events"
        raise describe(exc, what) from None


def _run(
    conn: psycopg.Connection,
    request: ParityRequest,
    bad_rows: BadRows | None,
    target: str,
    output: Path | None,
) -> ParityOutcome:
    window, key_id = request.window, request.key_id
    if request.backfill:
        assert key_id is not None
        bf.check_ready(conn)
        bf.check_key(conn, key_id)
    else:
        missing = bf.missing_columns(conn)
        if missing:
            raise ReconcileError(
                f"usage_events lacks the 0003 columns {', '.join(missing)}: nothing to compare; {bf.APPLY_HINT}"
            )
    files = dup.same_files(request.files, request.duplicates)
    stage_exports(conn, files, bad_rows=bad_rows, progress=request.progress)
    csv_unique = diffed = _settle(conn, window, key_id, request.duplicates)
    backfill: dict[str, Any] | None = None
    if request.backfill and request.apply:
        assert key_id is not None
        before = compare(conn, window, key_id, keep=0, csv_unique=csv_unique, diffed=diffed)
        with conn.transaction():
            counts = bf.upsert(conn, window, key_id)
            after = compare(conn, window, key_id, keep=0, csv_unique=csv_unique)
            left = {name: after.counts[name] for name in ("missingInDb", "mismatched")}
            if any(left.values()):
                raise ApplyFailed(
                    f"backfill did not converge ({left['missingInDb']} missing, "
                    f"{left['mismatched']} mismatched afterwards); rolled back"
                )
        backfill = {
            "keyId": key_id,
            "applied": True,
            "inserted": counts.inserted,
            "updated": counts.updated,
            "before": {name: before.counts[name] for name in ("missingInDb", "mismatched")},
        }
        diffed = True  # `after` built parity_diff for the state the report shows
    return _report(conn, request, bad_rows, target, output, backfill, csv_unique, diffed=diffed)


def _settle(conn: psycopg.Connection, window: Window, key_id: int | None, mode: str) -> bool:
    """True when no staged bucket key repeats; pg_temp.parity_diff then holds the comparison.

    The diff is built first with the CSV rows read as buckets of one row each; only when a key
    repeats after all are the repeats settled as `--duplicates` says (duplicates.settle: refused,
    summed or the first kept), and the caller's comparison groups the CSV side.
    """
    if diff(conn, window, key_id, csv_unique=True):
        return True
    dup.settle(conn, window, mode)
    return False


def _report(
    conn: psycopg.Connection,
    request: ParityRequest,
    bad_rows: BadRows | None,
    target: str,
    output: Path | None,
    backfill: dict[str, Any] | None,
    csv_unique: bool = False,
    *,
    diffed: bool = False,
) -> ParityOutcome:
    """Compare and write the report: streamed to `output` (with its per-day Markdown beside it), or
    whole into the outcome's document."""
    window, key_id = request.window, request.key_id
    files = [name for _, name in request.files]
    keep = report.SAMPLE_SIZE if output is not None else None

    def rest() -> dict[str, Any]:  # after the records: a dry run's sample comes from the kept ones
        section = backfill
        if request.backfill and backfill is None:
            section = {
                "keyId": key_id,
                "applied": False,
                "wouldInsert": result.counts["missingInDb"],
                "wouldUpdate": result.counts["mismatched"],
                "sample": report.backfill_sample(result),
            }
        return report.tail(result, files=files, bad_rows=bad_rows, backfill=section)

    with comparison(conn, window, key_id, csv_unique=csv_unique, diffed=diffed) as (result, records):
        head = report.summary(result, window=window, target=target, key_id=key_id, bad_rows=bad_rows)
        kept = _keeping(result, records, keep)
        if output is not None:
            days = per_day.DailyCounts()  # counted as the records stream: the JSON is never read back
            report.stream_document(output, head, days.counting(kept), rest)
            per_day.write_markdown(output, days, window, head)
            lists: dict[str, Any] = {}
        else:
            for _ in kept:
                pass
            lists = dict(result.records)
    return ParityOutcome(comparison=result, document={"summary": head, **lists, **rest()})


def _keeping(
    result: Comparison, records: Iterator[tuple[str, Record]], keep: int | None
) -> Iterator[tuple[str, Record]]:
    """Pass records through, keeping all (keep=None) or the first `keep` of each list in `result`."""
    for name, record in records:
        if keep is None or len(result.records[name]) < keep:
            result.records[name].append(record)
        yield name, record
