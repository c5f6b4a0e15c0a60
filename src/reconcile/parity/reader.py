"""Stream one usage export CSV: map columns by header name, validate each row, yield COPY tuples."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from reconcile.regular_files import open_regular

from ..errors import InputError
from .columns import DIMENSIONS, METRICS, TIME_COLUMNS, USAGE_COLUMNS
from .window import parse_instant

MAX_BAD_ROWS_LISTED = 1000
_BIGINT_MAX = 2**63 - 1
_TRUE = {"true", "1"}
_FALSE = {"false", "0", ""}


@dataclass
class BadRows:
    """Rows skipped under --skip-bad-rows; the first MAX_BAD_ROWS_LISTED are kept for the report."""

    listed: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    def add(self, file: str, line: int, error: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_BAD_ROWS_LISTED:
            self.listed.append({"file": file, "line": line, "error": error})


class BadRowError(ValueError):
    """One row is unusable; the message says why (the caller adds file and line)."""


def read_export(
    path: Path,
    name: str,
    *,
    bad_rows: BadRows | None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Yield one tuple per data row in `columns.STAGE_COLUMNS` order.

    `bad_rows=None` is strict mode: the first bad row raises InputError at `name:line`.
    Otherwise bad rows are recorded there and skipped. Memory use does not depend on file size.
    """
    raw = open_regular(path, InputError, location=name, what="CSV")  # a FIFO would block the open forever
    with raw:
        reader = csv.reader(_decoded_lines(raw, name), strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"malformed CSV header: {exc}", location=f"{name}:1") from None
        index = header_index(header, name)
        rows = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                _reject(bad_rows, name, reader.line_num, f"malformed CSV: {exc}")
                continue
            if not row:  # blank line
                continue
            try:
                yield (name, reader.line_num, *_convert(row, index))
            except BadRowError as exc:
                _reject(bad_rows, name, reader.line_num, str(exc))
            rows += 1
            if on_progress is not None and rows % 5000 == 0:
                on_progress(raw.tell())
    if on_progress is not None:
        on_progress(path.stat().st_size)


def _decoded_lines(raw: BinaryIO, name: str) -> Iterator[str]:
    """UTF-8 lines (CRLF kept for the csv module, a leading BOM dropped); bad bytes name their line."""
    for number, line in enumerate(raw, 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})", location=f"{name}:{number}"
            ) from None
        text = text.removeprefix("\ufeff") if number == 1 else text
        if "\r" in text.rstrip("\r\n") or text.endswith("\r"):
            yield from _LONE_CR.split(text)  # CR-only line ends (old Mac exports): one row per line
        else:
            yield text


_LONE_CR = re.compile(r"(?<=\r)(?!\n)(?=.)", re.DOTALL)


def _reject(bad_rows: BadRows | None, name: str, line: int, error: str) -> None:
    if bad_rows is None:
        raise InputError(error, location=f"{name}:{line}")
    bad_rows.add(name, line, error)


def header_index(header: list[str] | None, name: str) -> dict[str, int]:
    """Header name -> position, plus `#fields`; InputError at `name:1` when it is not a usage export."""
    if not header:
        raise InputError("no header line (empty file)", location=f"{name}:1")
    names = [column.strip() for column in header]
    duplicates = sorted({column for column in names if names.count(column) > 1})
    if duplicates:
        raise InputError(f"duplicate header columns: {', '.join(duplicates)}", location=f"{name}:1")
    index = {column: position for position, column in enumerate(names)}
    usage_columns = [column for column in USAGE_COLUMNS if column not in TIME_COLUMNS]
    wanted = USAGE_COLUMNS if any(column in index for column in usage_columns) else TIME_COLUMNS
    missing = [column for column in wanted if column not in index]
    if missing:
        raise InputError(
            f"not an OpenAI completions usage export: header lacks {', '.join(missing)}",
            location=f"{name}:1",
        )
    index["#fields"] = len(names)
    return index


def _convert(row: list[str], index: dict[str, int]) -> tuple[Any, ...]:
    expected = index["#fields"]
    if len(row) != expected:
        raise BadRowError(f"expected {expected} fields, got {len(row)}")

    def get(column: str) -> str:
        position = index.get(column)
        return row[position].strip() if position is not None else ""

    start, end = time_cells(get("start_time_iso"), get("start_time"), get("end_time_iso"), get("end_time"))
    dimensions = [get(column) for column in DIMENSIONS]
    for column, value in zip(DIMENSIONS, dimensions, strict=True):
        if "\x00" in value:  # PostgreSQL text cannot hold it: named here, not as a database error
            raise BadRowError(f"{column} holds a NUL byte")
    batch = _boolean(get("batch"))
    metrics = [_whole_number(get(column), column) for column in METRICS]
    project, api_key, user, model = dimensions[:4]
    empty = not (project or api_key or user or model)
    if empty and any(metrics):
        raise BadRowError("usage without project_id, api_key_id, user_id or model cannot be matched")
    return (empty, start, end, *dimensions, batch, *metrics)


def time_cells(start_iso: str, start_epoch: str, end_iso: str, end_epoch: str) -> tuple[datetime, datetime]:
    """A row's bucket [start, end) from its four time cells; BadRowError says what is wrong."""
    start = _time(start_iso.strip(), start_epoch.strip(), "start_time")
    end = _time(end_iso.strip(), end_epoch.strip(), "end_time")
    if end <= start:
        raise BadRowError(f"end_time {end.isoformat()} is not after start_time {start.isoformat()}")
    return start, end


def _time(iso: str, epoch: str, column: str) -> datetime:
    if not iso and not epoch:
        raise BadRowError(f"{column} is empty")
    moment = _instant(iso, f"{column}_iso") if iso else _instant(epoch, column)
    if iso and epoch and _instant(epoch, column) != moment:
        raise BadRowError(f"{column} {epoch!r} and {column}_iso {iso!r} disagree")
    return moment


def _instant(value: str, column: str) -> datetime:
    try:
        return parse_instant(value)
    except (ValueError, OverflowError, OSError):
        raise BadRowError(f"unparseable time: {column} {_shown(value)}") from None


def _boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise BadRowError(f"batch {_shown(value)} is not True or False")


def _whole_number(value: str, column: str) -> int:
    if not value:
        return 0
    whole, dot, fraction = value.partition(".")  # fast path for the export's `1234.0`
    if whole.isascii() and whole.isdigit() and (not dot or (fraction.isascii() and set(fraction) <= {"0"})):
        whole_number = int(whole)
        if whole_number > _BIGINT_MAX:
            raise BadRowError(f"{column} {_shown(value)} is out of range")
        return whole_number
    if not value.isascii() or "_" in value:  # Decimal reads `1_000` and `４０`; the export never writes them
        raise BadRowError(f"{column} {_shown(value)} is not a number")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise BadRowError(f"{column} {_shown(value)} is not a number") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise BadRowError(f"{column} {_shown(value)} is not a whole number")
    if not 0 <= number <= _BIGINT_MAX:
        raise BadRowError(f"{column} {_shown(value)} is out of range")
    return int(number)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
