"""One writer at a time: a session advisory lock per database and managed scope."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from reconcile.errors import LockNotAcquired

HOLDER_SQL = """
SELECT a.pid, coalesce(a.application_name, ''), l.mode
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database
                                                                WHERE datname = current_database())
  AND l.classid = %(hi)s::oid AND l.objid = %(lo)s::oid AND l.objsubid = 1
LIMIT 1
"""


def lock_key(scope: str) -> int:
    """A stable signed 64-bit key for the scope (the managed tables), per database by nature."""
    digest = hashlib.sha256(f"reconcile:{scope}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# One scope per database: two spec sets may manage overlapping tables, so all writers serialize.
SCOPE = "database"


def _halves(key: int) -> dict[str, int]:
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    return {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}


def holder(conn: psycopg.Connection, key: int) -> str:
    row = conn.execute(HOLDER_SQL, _halves(key)).fetchone()
    if row is None:
        return "another session"
    pid, app, _ = row
    return f"pid {pid} ({app or 'no application_name'})"


@contextmanager
def advisory_lock(
    conn: psycopg.Connection,
    scope: str,
    *,
    wait: float,
    shared: bool = False,
    on_wait: Callable[[str, float], None] | None = None,
) -> Iterator[None]:
    """Hold the scope's session advisory lock; poll up to `wait` seconds, else LockNotAcquired.

    Polling with pg_try_advisory_lock (not a blocking call) so we never sit in the lock queue.
    `on_wait(holder, seconds waited)` is called at each poll while another session holds it.
    """
    key = lock_key(scope)
    fn = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        row = conn.execute(f"SELECT {fn}(%s)", [key]).fetchone()  # noqa: S608 - fn is one of two constants
        if row and row[0]:
            break
        if time.monotonic() >= deadline:
            raise LockNotAcquired(
                f"another reconcile run holds the lock on this database: {holder(conn, key)}; "
                f"gave up after {wait:g}s (--lock-wait)"
            )
        if on_wait is not None:
            on_wait(holder(conn, key), wait - (deadline - time.monotonic()))
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 1.0)
    try:
        yield
    finally:
        unlock = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
        if not conn.closed:
            try:
                conn.execute(f"SELECT {unlock}(%s)", [key])  # noqa: S608 - constant function name
            except psycopg.Error:
                pass  # the session is gone: the server released the lock with it
