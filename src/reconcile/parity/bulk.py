"""The fast way in: COPY an export's bytes as they are, then check and convert them in one statement.

No Python touches individual rows or cells. Whenever the file holds something this path cannot
vouch for exactly as the row-by-row reader (`reader.py`) would — quotes, backslashes, bytes that are
not UTF-8, a row COPY or the checks refuse, a time the reader would not accept — the file's
transaction is rolled back and `stage_file` returns False: the caller then reads that file row by
row, which names every bad row with its line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import psycopg

from reconcile.errors import InputError
from reconcile.regular_files import open_regular

from . import queries
from .columns import METRICS
from .reader import BadRowError, header_index, time_cells

CHUNK_BYTES = 1 << 20
# A plain file's metric cells go through double precision, exact for whole numbers below 2**53
# written with at most 15 significant digits: a run of 16 digits or dots (after this table maps
# them all to b"9") could round, so it makes the file not plain; so does any whitespace or
# non-ASCII byte (the cells would need the reader's strip).
_DIGITS = bytes.maketrans(b"0123456789.", b"9" * 11)
_LONG_RUN = b"9" * 16
_SPACE = bytes(c for c in range(128) if chr(c).isspace() and c != ord("\n"))
# A cell starting 0x/0o/0b: strtod reads `0x10` as 16, and so does numeric from PostgreSQL 16 on
# (`0o17`, `0b101` too); the reader refuses them, so the reader must read such a file.
_RADIX_PREFIXES = (b"0x", b"0o", b"0b")
_RADIX_CELL = re.compile(rb"(?:^|,)[ \t\r\v\f]*[+-]?0[xob]", re.MULTILINE | re.IGNORECASE)
# A number with an underscore (`1_000`): numeric reads it from PostgreSQL 16 on, the reader refuses it.
_UNDERSCORE_CELL = re.compile(rb"(?:^|,)[ \t\r\v\f]*[+-]?[0-9.]+_", re.MULTILINE)


class _Fallback(Exception):
    """This file needs the row-by-row reader."""


class _NotPlain(Exception):
    """This file needs the numeric, whitespace-stripping convert."""


def stage_file(
    conn: psycopg.Connection, path: Path, name: str, on_progress: Callable[[int], None] | None = None
) -> bool:
    """COPY `path` into pg_temp.parity_csv; False (nothing staged) when the reader must do it.

    A plain file (see _plain) is tried first with its metrics as double precision and no strip;
    anything that is not plain, or a row that way refuses, is staged again the numeric way.
    """
    if conn.info.encoding != "utf-8":
        return False  # the bytes go to the server as they are: only a UTF-8 connection reads them right
    try:
        raw = open_regular(path, InputError)
    except (OSError, InputError):
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
        for plain in (True, False):
            raw.seek(len(first))
            try:
                _stage(conn, raw, name, index, numeric, plain, on_progress)
                return True
            except _NotPlain:
                continue
            except psycopg.errors.DataError:  # COPY refused a row (22xxx): the numeric way may not
                if not plain:
                    return False
            except _Fallback:
                return False
    return False


def _stage(
    conn: psycopg.Connection,
    raw: BinaryIO,
    name: str,
    index: dict[str, int],
    numeric: list[bool],
    plain: bool,
    on_progress: Callable[[int], None] | None,
) -> None:
    """One attempt, in its own (sub)transaction: rolled back whole when it raises."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(queries.raw_table(numeric, plain=plain))
        with cur.copy(queries.copy_raw(numeric)) as copy:
            _stream(raw, copy, on_progress, plain)
        copied = cur.rowcount
        _stage_times(cur, index, name)
        converted = _convert(cur, index, name, plain)
        if converted != copied:
            if plain:
                raise _NotPlain("rows the plain checks refused")
            raise _Fallback("rows the checks refused")
        cur.execute("DROP TABLE pg_temp.parity_raw, pg_temp.parity_times")


def _convert(cur: psycopg.Cursor, index: dict[str, int], name: str, plain: bool) -> int:
    """parity_raw -> parity_csv; the rows converted. The first file staged creates parity_csv."""
    row = cur.execute(
        "SELECT pg_catalog.current_setting('enable_nestloop'), NOT EXISTS (SELECT FROM pg_temp.parity_csv)"
    ).fetchone()
    assert row is not None
    nestloop, create = row
    if create:
        cur.execute("DROP TABLE pg_temp.parity_csv")
    # parity_raw has no statistics: hash it. For the convert only (a released savepoint would keep
    # a SET LOCAL to the end of the run's transaction): the value before is put back after it.
    cur.execute("SELECT pg_catalog.set_config('enable_nestloop', 'off', true)")
    cur.execute(queries.raw_convert(index, plain=plain, create=create), {"source": name})
    converted = cur.rowcount
    cur.execute("SELECT pg_catalog.set_config('enable_nestloop', %s, true)", (nestloop,))
    return converted


def _plain(block: bytes) -> bool:
    if not block.isascii() or any(c in block for c in _SPACE):
        return False
    return _LONG_RUN not in block.translate(_DIGITS)


def _radix_cell(block: bytes) -> bool:
    lowered = block.lower()
    return any(prefix in lowered for prefix in _RADIX_PREFIXES) and _RADIX_CELL.search(block) is not None


def _stream(raw: BinaryIO, copy: psycopg.Copy, on_progress: Callable[[int], None] | None, plain: bool) -> None:
    """Whole lines in 1 MB blocks; any quote or backslash (COPY would read them its own way) aborts,
    and so does a block that is not plain when `plain`."""
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
        _check(block, plain)
        _send(copy, block)
        if on_progress is not None:
            on_progress(raw.tell())
    if carry:
        _check(carry, plain)
        _send(copy, carry)


def _check(block: bytes, plain: bool) -> None:
    if _radix_cell(block):
        raise _Fallback("a cell in another radix")
    if not plain and b"_" in block and _UNDERSCORE_CELL.search(block):  # a plain file's float8 refuses them
        raise _Fallback("a number with an underscore")
    if plain and not _plain(block):
        raise _NotPlain("cells to strip or round")


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
