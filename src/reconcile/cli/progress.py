"""Progress on a terminal (stderr only, with rich): the lock wait, each step as it starts, index builds,
archive copies (rows done of the table's estimated rows: the copy runs in key-range batches) and
validations (the estimated rows and the time so far: PostgreSQL reports no rows done for VALIDATE
CONSTRAINT, nor for a copy that cannot be batched).

Nothing of this is written when stderr is not a terminal, nor with --format json: logs and pipes
get exactly the lines they always got.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import psycopg

if TYPE_CHECKING:
    from rich.status import Status

    from reconcile.apply.executor import StepResult

INDEX_PROGRESS_SQL = """
SELECT p.phase, p.blocks_done, p.blocks_total, p.tuples_done, p.tuples_total
FROM pg_catalog.pg_stat_progress_create_index p
WHERE p.datname = pg_catalog.current_database() AND p.relid = pg_catalog.to_regclass(%s)
LIMIT 1
"""


def index_progress(conn: psycopg.Connection, table: str) -> str | None:
    """'building index: scanning table 42%' for a build running on `table` (quoted, qualified), if any."""
    row = conn.execute(INDEX_PROGRESS_SQL, [table]).fetchone()
    if row is None:
        return None
    phase, blocks_done, blocks_total, tuples_done, tuples_total = row
    done, total = (blocks_done, blocks_total) if blocks_total else (tuples_done, tuples_total)
    return f"{phase} {100 * done // total}%" if total else str(phase)


ROWS_SQL = """
SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END
FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(%s)
"""


def estimated_rows(conn: psycopg.Connection, table: str) -> int | None:
    """The planner's estimate of `table`'s rows (None before its first ANALYZE or VACUUM)."""
    row = conn.execute(ROWS_SQL, [table]).fetchone()
    return row[0] if row is not None else None


def scan_progress(conn: psycopg.Connection, table: str, seconds: float) -> str:
    """'~12,000 rows, 4 s' for a copy or validation scanning `table`: the planner's estimate of its rows."""
    estimate = estimated_rows(conn, table)
    rows = f"~{estimate:,} rows, " if estimate is not None else ""
    return f"{rows}{seconds:.0f} s"


def rows_progress(done: int, total: int | None, seconds: float) -> str:
    """'20,000 of ~60,000 rows, 2 s' (the estimate raised to what was read once the table outgrew it)."""
    of = f" of ~{max(total, done):,}" if total is not None else ""
    return f"{done:,}{of} rows, {seconds:.0f} s"


class TerminalProgress:
    """Transient status lines on stderr; `url` opens a second session to watch index builds."""

    def __init__(self, url: str) -> None:
        from rich.console import Console

        self.url = url
        self.console = Console(stderr=True)
        self.status: Status | None = None
        self._watch: threading.Event | None = None
        self._started = 0.0
        self._description = ""
        self._total: int | None = None  # the watched table's estimated rows

    def _show(self, text: str) -> None:
        if self.status is None:
            self.status = self.console.status(text)
            self.status.start()
        else:
            self.status.update(text)

    def _clear(self) -> None:
        if self._watch is not None:
            self._watch.set()
            self._watch = None
        if self.status is not None:
            self.status.stop()
            self.status = None

    def lock_wait(self, holder: str, waited: float) -> None:
        self._show(f"waiting for the lock held by {holder} for {waited:.0f} s")

    def event(self, kind: str, res: StepResult) -> None:
        if kind == "progress":  # a batched copy read another key range
            if self.status is not None:
                text = rows_progress(res.done, self._total, time.monotonic() - self._started)
                self.status.update(f"running  {self._description}: {text}")
            return
        self._clear()
        if kind == "start":
            self._started, self._description, self._total = time.monotonic(), res.step.description, None
            self._show(f"running  {res.step.description}")
            if res.step.kind in ("build", "copy", "validate") and res.step.table:
                self._watch_step(res)

    def close(self) -> None:
        self._clear()

    def _watch_step(self, res: StepResult) -> None:
        stop = threading.Event()
        self._watch = stop
        kind, description, batched = res.step.kind, res.step.description, bool(res.step.batches)
        schema, _, name = res.step.table.partition(".")
        qualified = f'"{schema.replace(chr(34), chr(34) * 2)}"."{name.replace(chr(34), chr(34) * 2)}"'

        def text(conn: psycopg.Connection) -> str | None:
            if kind == "build":
                return index_progress(conn, qualified)
            seconds = time.monotonic() - self._started
            if batched:  # rows done come with each batch; the estimate is refreshed here
                self._total = estimated_rows(conn, qualified)
                return rows_progress(max(res.done, 0), self._total, seconds)
            return scan_progress(conn, qualified, seconds)

        def poll() -> None:
            try:
                with psycopg.connect(self.url, autocommit=True, application_name="reconcile progress") as conn:
                    if batched:
                        self._total = estimated_rows(conn, qualified)
                    while not stop.wait(0.5):
                        shown = text(conn)
                        if shown and self.status is not None and not stop.is_set():
                            self.status.update(f"running  {description}: {shown}")
            except psycopg.Error:
                pass  # progress is a courtesy: never a reason to fail

        threading.Thread(target=poll, daemon=True).start()
