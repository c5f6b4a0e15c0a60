"""Orchestrate one parity run: connect, check schema, stage the CSVs, compare, optionally backfill."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from ..db import connect
from ..errors import ApplyFailed, ConnectionFailed, InputError, ReconcileError
from ..redact import redact_text, redact_url
from . import backfill as bf
from .compare import Comparison, compare
from .load import stage_exports
from .reader import BadRows
from .report import backfill_sample, build_document
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
            raise InputError("no such file", location=name)
        if path.resolve() not in seen:
            seen.add(path.resolve())
            files.append((path, name))
    if not files:
        raise InputError("no CSV files to compare (give --csv FILE or --csv-dir DIR with *.csv files)")
    return files


def run_parity(request: ParityRequest, url: str) -> ParityOutcome:
    if request.backfill and request.key_id is None:
        raise ReconcileError("--backfill needs --key-id N (the provider_keys.id the rows belong to)")
    if request.apply and not request.backfill:
        raise ReconcileError("--apply only applies a --backfill")
    bad_rows = None if request.strict else BadRows()
    try:
        with connect(url) as conn:
            return _run(conn, request, bad_rows, redact_url(url))
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(f"lost the database connection: {redact_text(str(exc).strip())}") from None
    except psycopg.Error as exc:
        raise ReconcileError(f"database error: {redact_text(str(exc).strip())}") from None


def _run(
    conn: psycopg.Connection, request: ParityRequest, bad_rows: BadRows | None, target: str
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
                f"usage_events lacks the 0003 columns {', '.join(missing)}: "
                f"nothing to compare; {bf.APPLY_HINT}"
            )
    stage_exports(conn, request.files, bad_rows=bad_rows, progress=request.progress)
    result = compare(conn, window, key_id)
    backfill: dict[str, Any] | None = None
    if request.backfill and request.apply:
        assert key_id is not None
        before = result
        with conn.transaction():
            counts = bf.upsert(conn, window, key_id)
            result = compare(conn, window, key_id)
            if result.mismatched or result.missing_in_db:
                raise ApplyFailed(
                    f"backfill did not converge ({len(result.missing_in_db)} missing, "
                    f"{len(result.mismatched)} mismatched afterwards); rolled back"
                )
        backfill = {
            "keyId": key_id,
            "applied": True,
            "inserted": counts.inserted,
            "updated": counts.updated,
            "before": {"missingInDb": len(before.missing_in_db), "mismatched": len(before.mismatched)},
        }
    elif request.backfill:
        backfill = {
            "keyId": key_id,
            "applied": False,
            "wouldInsert": len(result.missing_in_db),
            "wouldUpdate": len(result.mismatched),
            "sample": backfill_sample(result),
        }
    document = build_document(
        result,
        window=window,
        target=target,
        files=[name for _, name in request.files],
        key_id=key_id,
        bad_rows=bad_rows,
        backfill=backfill,
    )
    return ParityOutcome(comparison=result, document=document)
