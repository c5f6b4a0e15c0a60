"""Stream the export files into a TEMP table with COPY (a rich progress bar for big files on a TTY)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg

from . import bulk, queries
from .reader import BadRows, read_export

PROGRESS_MIN_BYTES = 4 * 1024 * 1024


def stage_exports(
    conn: psycopg.Connection,
    files: Sequence[tuple[Path, str]],
    *,
    bad_rows: BadRows | None,
    progress: bool | None = None,
) -> None:
    """Create `pg_temp.parity_csv` and COPY every valid row of `files` ((path, display name)) into it.

    Each file is first tried the bulk way (its bytes COPYed as they are, checked and converted in SQL);
    a file that path cannot vouch for is read row by row instead, which names each bad row.

    Strict mode (`bad_rows=None`) aborts the COPY at the first bad row with its file and line.
    `progress=None` shows a bar only when stderr is a terminal and the input is over a few MB.
    """
    conn.execute(queries.stage_table())
    with _progress_bar(files, progress) as advance, conn.cursor() as cur:
        for path, name in files:
            on_progress = advance(name)
            if bulk.stage_file(conn, path, name, on_progress):
                continue
            with cur.copy(queries.copy_stage()) as copy:  # the careful way: row by row, bad rows named
                for row in read_export(path, name, bad_rows=bad_rows, on_progress=on_progress):
                    copy.write_row(row)
    if len(files) > 1:  # one file: the diff reads it whole, as the planner assumes without statistics
        conn.execute("ANALYZE pg_temp.parity_csv")


@contextmanager
def _progress_bar(
    files: Sequence[tuple[Path, str]], wanted: bool | None
) -> Iterator[Callable[[str], Callable[[int], None] | None]]:
    sizes = [_size(path) for path, _ in files]
    if wanted is None:
        wanted = sys.stderr.isatty() and sum(sizes) >= PROGRESS_MIN_BYTES
    if not wanted:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks = {name: bar.add_task(name, total=size) for (_, name), size in zip(files, sizes, strict=True)}

        def advance(name: str) -> Callable[[int], None]:
            return lambda position: bar.update(tasks[name], completed=position)

        yield advance


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
