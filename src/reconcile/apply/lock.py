"""One writer at a time: a session advisory lock per database and managed scope."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import psycopg

from reconcile.connect.target import APPLICATION_NAME
from reconcile.errors import LockNotAcquired

HOLDER_SQL = """
SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''),
       extract(epoch FROM now() - a.state_change)::int, a.state_change
FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_catalog.pg_database
                                                                WHERE datname = pg_catalog.current_database())
  AND l.classid = %(hi)s::pg_catalog.oid AND l.objid = %(lo)s::pg_catalog.oid AND l.objsubid = 1
LIMIT 1
"""


@dataclass(frozen=True)
class Holder:
    pid: int
    application_name: str
    state: str
    idle_seconds: int
    since: datetime | None

    @property
    def stale(self) -> bool:
        """Idle (not in a transaction, not running) and not a reconcile run: a lock left behind,
        e.g. on a pooled server connection, or by a client that never released it."""
        return self.state == "idle" and not self.application_name.startswith(APPLICATION_NAME)

    def __str__(self) -> str:
        app = self.application_name or "no application_name"
        return f"pid {self.pid} ({app}, {self.state or 'unknown state'} for {self.idle_seconds}s)"


def lock_key(scope: str) -> int:
    """A stable signed 64-bit key for the scope (the managed tables), per database by nature."""
    digest = hashlib.sha256(f"reconcile:{scope}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# One scope per database: two spec sets may manage overlapping tables, so all writers serialize.
SCOPE = "database"


def _halves(key: int) -> dict[str, int]:
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    return {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}


def lock_holder(conn: psycopg.Connection, key: int) -> Holder | None:
    row = conn.execute(HOLDER_SQL, _halves(key)).fetchone()
    return Holder(*row) if row else None


def holder(conn: psycopg.Connection, key: int) -> str:
    found = lock_holder(conn, key)
    return str(found) if found else "another session"


def _stale(conn: psycopg.Connection, key: int) -> bool:
    found = lock_holder(conn, key)
    return found is not None and found.stale


def _busy(conn: psycopg.Connection, key: int, wait: float) -> LockNotAcquired:
    found = lock_holder(conn, key)
    if found is not None and found.stale:
        return LockNotAcquired(
            f"the lock on this database is held by an idle session that is not a reconcile run: {found}; "
            f"it looks left behind. End it with SELECT pg_terminate_backend({found.pid}) "
            "or rerun with --break-stale-lock"
        )
    return LockNotAcquired(
        f"another reconcile run holds the lock on this database: {found or 'another session'}; "
        f"gave up after {wait:g}s (--lock-wait)"
    )


def break_stale_holder(conn: psycopg.Connection, key: int) -> Holder | None:
    """End the lock's holder if it is stale, confirming in the same statement that it is still the
    same idle session (state unchanged since we looked). Returns the holder ended, if any."""
    found = lock_holder(conn, key)
    if found is None or not found.stale:
        return None
    row = conn.execute(
        "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity "
        "WHERE pid = %s AND state = 'idle' AND state_change = %s",
        [found.pid, found.since],
    ).fetchone()
    if not (row and row[0]):
        return None
    for _ in range(50):  # the lock goes when the backend has exited
        if lock_holder(conn, key) is None:
            break
        time.sleep(0.1)
    return found


@contextmanager
def advisory_lock(
    conn: psycopg.Connection,
    scope: str,
    *,
    wait: float,
    shared: bool = False,
    on_wait: Callable[[str, float], None] | None = None,
    break_stale: bool = False,
) -> Iterator[None]:
    """Hold the scope's session advisory lock; poll up to `wait` seconds, else LockNotAcquired.

    Polling with pg_try_advisory_lock (not a blocking call) so we never sit in the lock queue.
    `on_wait(holder, seconds waited)` is called at each poll while another session holds it.
    A stale holder (idle, not reconcile) is named with the command that clears it, at once;
    `break_stale` ends it and takes the lock.
    """
    key = lock_key(scope)
    fn = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        row = conn.execute(f"SELECT {fn}(%s)", [key]).fetchone()  # noqa: S608 - fn is one of two constants
        if row and row[0]:
            break
        if break_stale and break_stale_holder(conn, key):
            continue
        if time.monotonic() >= deadline or _stale(conn, key):
            raise _busy(conn, key, wait)
        if on_wait is not None:
            on_wait(holder(conn, key), wait - (deadline - time.monotonic()))
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.2)  # a released lock is taken within 0.2 s, not up to a second later
    try:
        yield
    finally:
        unlock = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
        if not conn.closed:
            try:
                conn.execute(f"SELECT {unlock}(%s)", [key])  # noqa: S608 - constant function name
            except psycopg.Error:
                pass  # the session is gone: the server released the lock with it
