"""Parity never double-counts: the same export given twice, and bucket rows repeated exactly.

Both are found after staging and reported with file:line; unless the user says how to treat them
(`--duplicates sum|first`), they refuse the comparison and the backfill (exit 3) before anything
is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from reconcile.errors import InputError, SafetyRefused
from reconcile.regular_files import open_regular

from . import queries
from .columns import STAGE_COLUMNS
from .window import Window

WORK_MEM = "256MB"  # the candidates query: a million buckets hashed without spilling
MODES = ("refuse", "sum", "first")
SHOWN = 5

# a duplicate repeats a row entirely (bucket key and every metric): rows that only share a bucket
# key are an export split across rows, and are summed as before
SAME = sql.SQL(", ").join(sql.Identifier(c) for c in STAGE_COLUMNS if c not in ("source", "line"))
FIND = sql.SQL(
    "SELECT source, line, first_source, first_line, count(*) OVER () AS total "
    "FROM (SELECT source, line, first_value(source) OVER w AS first_source, first_value(line) OVER w AS first_line, "
    "row_number() OVER w AS n FROM pg_temp.parity_csv "
    "WHERE NOT empty AND window_start >= %(from)s AND window_start < %(to)s "
    "WINDOW w AS (PARTITION BY {same} ORDER BY source, line)) ranked "
    "WHERE n > 1 ORDER BY source, line LIMIT {shown}"
).format(same=SAME, shown=sql.Literal(SHOWN))
# exact repeats share their bucket key: one hash aggregate finds the keys given more than once
# (about 1 s per million rows); when none is, the buckets are unique (compare then groups nothing)
# and the exact, sorting query never runs. Split buckets (one key, other metrics) are rows of an
# export split across rows, summed: only those with the same input_tokens are candidates.
CANDIDATES = sql.SQL(
    "WITH split AS MATERIALIZED (SELECT window_start, window_end, project_id, api_key_id, user_id, model, "
    "service_tier, batch FROM pg_temp.parity_csv "
    "WHERE NOT empty AND window_start >= %(from)s AND window_start < %(to)s "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING count(*) > 1) "
    "SELECT EXISTS (SELECT FROM split), EXISTS (SELECT FROM split) "  # the AND skips the join when none
    "AND EXISTS (SELECT FROM pg_temp.parity_csv p JOIN split s "
    "USING (window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch) "
    "WHERE NOT p.empty GROUP BY window_start, window_end, project_id, api_key_id, user_id, model, "
    "service_tier, batch, p.input_tokens HAVING count(*) > 1)"
)
KEEP_FIRST = sql.SQL(
    "DELETE FROM pg_temp.parity_csv p USING (SELECT source, line, row_number() OVER "
    "(PARTITION BY {same} ORDER BY source, line) AS n FROM pg_temp.parity_csv WHERE NOT empty) r "
    "WHERE p.source = r.source AND p.line = r.line AND r.n > 1"
).format(same=SAME)


@dataclass(frozen=True)
class Duplicates:
    rows: int  # bucket rows repeating an earlier row's key
    shown: tuple[str, ...]  # "file:line repeats file:line"
    unique: bool = False  # no bucket key in the window is given twice (so nothing needs summing)


def same_files(files: Sequence[tuple[Path, str]], mode: str) -> list[tuple[Path, str]]:
    """Files whose bytes repeat an earlier file's: refused, dropped (first) or kept (sum)."""
    if len(files) == 1:  # nothing to repeat: no digest (0.3 s of a 200 MB export), only the same check
        _readable(*files[0])
        return list(files)
    seen: dict[str, str] = {}
    kept: list[tuple[Path, str]] = []
    for path, name in files:
        digest = _digest(path, name)
        if digest in seen:
            if mode == "refuse":
                raise SafetyRefused(
                    f"{name}: the same export as {seen[digest]}: its buckets would count twice; "
                    "give it once, or say --duplicates first|sum",
                    location=f"{name}:1",
                )
            if mode == "first":
                continue
        seen.setdefault(digest, name)
        kept.append((path, name))
    return kept


def _readable(path: Path, name: str) -> None:
    try:
        open_regular(path, InputError, location=name).close()  # a FIFO would block the open
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=name) from None


def _digest(path: Path, name: str) -> str:
    h = hashlib.sha256()
    try:
        with open_regular(path, InputError, location=name) as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=name) from None
    return h.hexdigest()


def find(conn: psycopg.Connection, window: Window) -> Duplicates:
    params = {"from": window.start, "to": window.end}
    with conn.transaction(force_rollback=True):  # the settings for this statement only
        conn.execute(queries.compare_settings(), {"work_mem": WORK_MEM, "sort": "off"})
        row = conn.execute(CANDIDATES, params).fetchone()
    split, candidates = row if row else (True, True)
    if not candidates:
        return Duplicates(0, (), unique=not split)
    rows = conn.execute(FIND, params).fetchall()
    total = int(rows[0][4]) if rows else 0
    return Duplicates(total, tuple(f"{s}:{line} repeats the bucket of {fs}:{fl}" for s, line, fs, fl, _ in rows))


def settle(conn: psycopg.Connection, window: Window, mode: str) -> Duplicates:
    """Apply `mode` to the staged rows; refuse (exit 3) under 'refuse' when a bucket repeats."""
    found = find(conn, window)
    if not found.rows or mode == "sum":
        return found
    if mode == "first":
        conn.execute(KEEP_FIRST)
        return found
    more = f" and {found.rows - len(found.shown)} more" if found.rows > len(found.shown) else ""
    raise SafetyRefused(
        f"{found.rows} bucket row(s) repeat another row exactly, which would count twice: "
        + "; ".join(found.shown)
        + more
        + "; say how to treat them: --duplicates sum|first"
    )
