"""Progress on a terminal (stderr only, with rich): the lock wait, each step as it starts, index builds,
archive copies and validations (the table's estimated rows and the time so far: PostgreSQL reports
no rows done for INSERT ... SELECT nor VALIDATE CONSTRAINT).

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


def scan_progress(conn: psycopg.Connection, table: str, seconds: float) -> str:
    """'~12,000 rows, 4 s' for a copy or validation scanning `table`: the planner's estimate of its rows."""
    row = conn.execute(ROWS_SQL, [table]).fetchone()
    rows = f"~{row[0]:,} rows, " if row is not None and row[0] is not None else ""
    return f"{rows}{seconds:.0f} s"


class TerminalProgress:
    """Transient status lines on stderr; `url` opens a second session to watch index builds."""

    def __init__(self, url: str) -> None:
        from rich.console import Console

        self.url = url
        self.console = Console(stderr=True)
        self.status: Status | None = None
        self._watch: threading.Event | None = None

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
        self._clear()
        if kind == "start":
            self._show(f"running  {res.step.description}")
            if res.step.kind in ("build", "copy", "validate") and res.step.table:
                self._watch_step(res.step.kind, res.step.description, res.step.table)

    def close(self) -> None:
        self._clear()

    def _watch_step(self, kind: str, description: str, table: str) -> None:
        stop = threading.Event()
        self._watch = stop
        schema, _, name = table.partition(".")
        qualified = f'"{schema.replace(chr(34), chr(34) * 2)}"."{name.replace(chr(34), chr(34) * 2)}"'

        def poll() -> None:
            try:
                started = time.monotonic()
                with psycopg.connect(self.url, autocommit=True, application_name="reconcile progress") as conn:
                    while not stop.wait(0.5):
                        if kind == "build":
                            text = index_progress(conn, qualified)
                        else:
                            text = scan_progress(conn, qualified, time.monotonic() - started)
                        if text and self.status is not None and not stop.is_set():
                            self.status.update(f"running  {description}: {text}")
            except psycopg.Error:
                pass  # progress is a courtesy: never a reason to fail

        threading.Thread(target=poll, daemon=True).start()
