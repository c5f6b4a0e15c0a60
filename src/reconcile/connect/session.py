"""Read sessions: connections for plan, drift, verify, describe, parity and import.

They work the same directly and through a transaction pooler because they keep no session state:
every statement runs inside a transaction (a lone statement gets one of its own), and each
transaction starts with `set_config(..., true)` (SET LOCAL) for `lock_timeout`. So no read ever
waits in a lock queue for longer than `--lock-wait`: it gives up with exit 1 naming the pid that
holds the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import pq

from reconcile.connect.failures import ConnectionLost, is_lost, is_statement_pooler, statement_pooled
from reconcile.connect.target import connect, display_url
from reconcile.errors import ReconcileError

DEFAULT_LOCK_WAIT = 10.0  # seconds
MIN_LOCK_WAIT_MS = 1  # lock_timeout 0 means "wait forever" in PostgreSQL

BLOCKERS_SQL = """
SELECT DISTINCT l.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), l.mode,
       coalesce(l.relation::pg_catalog.regclass::pg_catalog.text, l.locktype)
FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.granted AND l.pid <> pg_catalog.pg_backend_pid() AND l.mode = 'AccessExclusiveLock'
  AND (l.database IS NULL
       OR l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()))
ORDER BY l.pid
LIMIT 5
"""


class LockWaitExceeded(ReconcileError):
    """A read waited for a table lock longer than --lock-wait (exit 1: nothing was read)."""


class ReadCursor(psycopg.Cursor[Any]):
    """A lone statement gets a transaction of its own (so its timeouts apply); a lock wait past
    --lock-wait becomes LockWaitExceeded, naming who holds the lock."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> ReadCursor:
        conn = self.connection
        assert isinstance(conn, ReadConnection)
        try:
            if conn.autocommit and conn.info.transaction_status == pq.TransactionStatus.IDLE:
                with conn.transaction():
                    super().execute(query, params, **kwargs)
            else:
                super().execute(query, params, **kwargs)
        except psycopg.errors.LockNotAvailable:
            raise conn.lock_wait_error() from None
        except psycopg.OperationalError as exc:
            if is_statement_pooler(exc):
                raise statement_pooled(f"the target ({display_url(conn.reconcile_url)})") from None
            raise
        return self


class ReadConnection(psycopg.Connection[Any]):
    """Autocommit connection whose every statement runs in a transaction that sets its own timeouts."""

    reconcile_url: str = ""
    lock_wait_ms: int = int(DEFAULT_LOCK_WAIT * 1000)
    begin_hooks: tuple[Callable[[psycopg.Connection], None], ...] = ()  # run first in every transaction

    @contextmanager
    def transaction(self, savepoint_name: str | None = None, force_rollback: bool = False) -> Iterator[Any]:
        outer = self.info.transaction_status == pq.TransactionStatus.IDLE
        try:
            with super().transaction(savepoint_name, force_rollback) as tx:
                if outer:
                    self.cursor().execute(
                        "SELECT pg_catalog.set_config('lock_timeout', %s, true)", [f"{self.lock_wait_ms}ms"]
                    )
                    for hook in self.begin_hooks:
                        hook(self)
                yield tx
        except psycopg.OperationalError as exc:
            if is_statement_pooler(exc):  # PgBouncer answered BEGIN so: name it, do not call it a lost connection
                raise statement_pooled(f"the target ({display_url(self.reconcile_url)})") from None
            raise

    def lock_wait_error(self) -> LockWaitExceeded:
        wait = f"{self.lock_wait_ms / 1000:g}s"
        try:
            with connect(self.reconcile_url, retries=(), connect_timeout=5) as c:
                rows = c.execute(BLOCKERS_SQL).fetchall()
        except (psycopg.Error, ReconcileError):  # who blocks is a courtesy: the timeout is the error
            rows = []
        if not rows:
            return LockWaitExceeded(f"gave up waiting for a table lock after {wait} (--lock-wait)")
        who = "; ".join(
            f"pid {pid} ({app or 'no application_name'}, {state or 'unknown state'}) holds {mode} on {obj}"
            for pid, app, state, mode, obj in rows
        )
        return LockWaitExceeded(
            f"gave up waiting for a table lock after {wait} (--lock-wait): blocked by {who}; "
            f"wait for it or end it with SELECT pg_terminate_backend({rows[0][0]})"
        )


@contextmanager
def read_session(url: str, lock_wait: float = DEFAULT_LOCK_WAIT) -> Iterator[ReadConnection]:
    """A read-only command's connection: pooler-safe, lock waits bounded by `lock_wait` seconds."""
    wait_ms = round(lock_wait * 1000)
    if wait_ms < MIN_LOCK_WAIT_MS:
        raise ReconcileError(f"--lock-wait {lock_wait:g} is under 1ms: a lock timeout of 0 means wait forever")
    conn = connect(url, connection_class=ReadConnection, cursor_factory=ReadCursor)
    assert isinstance(conn, ReadConnection)
    conn.reconcile_url = url
    conn.lock_wait_ms = wait_ms
    with conn:
        yield conn


@contextmanager
def snapshot_transaction(conn: psycopg.Connection) -> Iterator[None]:
    """One REPEATABLE READ READ ONLY transaction (BEGIN says so, so SET LOCALs may follow it)."""
    if is_lost(conn):
        raise ConnectionLost("lost the database connection before reading the catalog; nothing more was done")
    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        raise ReconcileError("internal: a snapshot must start its own transaction")
    saved = conn.isolation_level, conn.read_only
    conn.isolation_level, conn.read_only = psycopg.IsolationLevel.REPEATABLE_READ, True
    try:
        with conn.transaction():
            yield
    finally:
        if not is_lost(conn):  # restoring talks to the server: it would hide why the connection went
            conn.isolation_level, conn.read_only = saved


__all__ = ["DEFAULT_LOCK_WAIT", "LockWaitExceeded", "ReadConnection", "display_url", "read_session"]
