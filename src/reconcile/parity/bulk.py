"""The fast way in: COPY an export's bytes as they are, then check and convert them in one statement.

No Python touches individual rows or cells. Whenever the file holds something this path cannot
vouch for exactly as the row-by-row reader (`reader.py`) would — quotes, backslashes, bytes that are
not UTF-8, a row COPY or the checks refuse, a time the reader would not accept — the file's
transaction is rolled back and `stage_file` returns False: the caller then reads that file row by
row, which names every bad row with its line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import psycopg

from . import queries
from .columns import METRICS
from .reader import BadRowError, header_index, time_cells

CHUNK_BYTES = 1 << 20


class _Fallback(Exception):
    """This file needs the row-by-row reader."""


def stage_file(
    conn: psycopg.Connection, path: Path, name: str, on_progress: Callable[[int], None] | None = None
) -> bool:
    """COPY `path` into pg_temp.parity_csv; False (nothing staged) when the reader must do it."""
    if conn.info.encoding != "utf-8":
        return False  # the bytes go to the server as they are: only a UTF-8 connection reads them right
    try:
        raw = path.open("rb")
    except OSError:
        return False  # the reader reports it
    with raw:
        first = raw.readline()
        if b'"' in first or b"\\" in first:
            return False
        try:
            header = next(csv.reader([first.decode("utf-8").removeprefix("\ufeff")]), None)
        except (UnicodeDecodeError, csv.Error):
            return False
        index = header_index(header, name)  # a bad header is refused here exactly as the reader would
        fields = index.pop("#fields")
        numeric = [False] * fields
        for column in METRICS:
            if column in index:
                numeric[index[column]] = True
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute(queries.raw_table(numeric))
                with cur.copy(queries.copy_raw(numeric)) as copy:
                    _stream(raw, copy, on_progress)
                copied = cur.rowcount
                _stage_times(cur, index, name)
                cur.execute("SET LOCAL enable_nestloop = off")  # parity_raw has no statistics: hash it
                cur.execute(queries.raw_convert(index), {"source": name})
                if cur.rowcount != copied:
                    raise _Fallback("rows the checks refused")
                cur.execute("DROP TABLE pg_temp.parity_raw, pg_temp.parity_times")
        except (_Fallback, psycopg.errors.DataError):  # DataError: COPY refused a row (22xxx)
            return False
    return True


def _stream(raw: BinaryIO, copy: psycopg.Copy, on_progress: Callable[[int], None] | None) -> None:
    """Whole lines in 1 MB blocks; any quote or backslash (COPY would read them its own way) aborts."""
    carry = b""
    while True:
        block = raw.read(CHUNK_BYTES)
        if not block:
            break
        if b'"' in block or b"\\" in block:
            raise _Fallback("quoted fields")
        block = carry + block
        cut = block.rfind(b"\n") + 1
        carry, block = block[cut:], block[:cut]
        _send(copy, block)
        if on_progress is not None:
            on_progress(raw.tell())
    if carry:
        _send(copy, carry)


def _send(copy: psycopg.Copy, block: bytes) -> None:
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        raise _Fallback("not UTF-8") from None
    if block:
        copy.write(block)


def _stage_times(cur: psycopg.Cursor, index: dict[str, int], name: str) -> None:
    """Parse the file's few distinct time cells with the reader's own rules; any it refuses -> fall back."""
    cells = cur.execute(queries.raw_times(index)).fetchall()
    parsed = []
    for start_epoch, end_epoch, start_iso, end_iso in cells:
        try:
            start, end = time_cells(start_iso, start_epoch, end_iso, end_epoch)
        except BadRowError:
            raise _Fallback("a time the reader refuses") from None
        parsed.append((start_epoch, end_epoch, start_iso, end_iso, start, end))
    cur.execute(queries.times_table())
    with cur.copy(queries.copy_times()) as copy:
        for row in parsed:
            copy.write_row(row)
    cur.execute("ANALYZE pg_temp.parity_times")
