"""Database failures in the middle of a command, as one line naming what was being done.

`with doing("reading the catalog"):` turns a psycopg error escaping its block into a ReconcileError
(exit 1, no traceback): the connection lost (the backend terminated, the server restarting, the
network gone), a statement timeout or cancel, a read-only server. The innermost `doing` names the
work; an outer one lets a ReconcileError through unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import errors as pg_errors

from reconcile.connect.redact import redact_text
from reconcile.errors import ReconcileError


class ConnectionLost(ReconcileError):
    """The server ended the session (terminated backend, shutdown, restart) or the network dropped."""


class StatementTimedOut(ReconcileError):
    """A statement ran past statement_timeout, or was cancelled."""


class ReadOnlyServer(ReconcileError):
    """The server refuses writes: a hot standby, or default_transaction_read_only=on."""


class StatementPooled(ReconcileError):
    """A statement-mode pooler (PgBouncer pool_mode=statement) refuses every transaction block."""


STATEMENT_POOLING_HINT = (
    "goes through a statement-mode pooler (PgBouncer pool_mode=statement), which refuses transaction "
    "blocks: reconcile reads one consistent snapshot and applies in transactions. Use a session- or "
    "transaction-mode pool for plan, drift and verify, and a direct connection (--direct-url) for apply"
)


def is_statement_pooler(exc: BaseException) -> bool:
    """PgBouncer's answer to BEGIN in statement mode (it then closes the connection)."""
    return isinstance(exc, psycopg.Error) and exc.sqlstate == "08P01" and "statement pooling mode" in str(exc)


def statement_pooled(where: str) -> StatementPooled:
    return StatementPooled(f"{where} {STATEMENT_POOLING_HINT}. Nothing was done.")


READ_ONLY_HINT = (
    "the server is read-only (a hot standby, or default_transaction_read_only=on): "
    "point --database-url at the primary, or turn default_transaction_read_only off for this role"
)


def is_lost(conn: psycopg.Connection) -> bool:
    """Whether `conn` can no longer be used (closed by us or broken by the server/network)."""
    return bool(conn.closed or conn.broken)


def pg_message(exc: BaseException) -> str:
    """The server's primary message (first line otherwise) plus its SQLSTATE, scrubbed of passwords."""
    diag = getattr(exc, "diag", None)
    primary = diag.message_primary if diag is not None else None
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = primary or (lines[0] if lines else type(exc).__name__)
    sqlstate = diag.sqlstate if diag is not None else None
    if sqlstate:
        text = f"{text} (SQLSTATE {sqlstate})"
    return redact_text(text)


def is_connection_failure(exc: BaseException) -> bool:
    """Lost session: SQLSTATE class 08 and 57P01-57P05 (admin shutdown, crash, cannot connect now,
    database dropped, idle session timeout), or no SQLSTATE at all on an OperationalError
    (libpq: "server closed the connection unexpectedly", "the connection is lost")."""
    if not isinstance(exc, psycopg.Error):
        return False
    state = exc.sqlstate or ""
    if state.startswith("08") or state in ("57P01", "57P02", "57P03", "57P04", "57P05"):
        return True
    return isinstance(exc, psycopg.OperationalError) and not state


def is_read_only(exc: BaseException) -> bool:
    return isinstance(exc, pg_errors.ReadOnlySqlTransaction)


def describe(exc: psycopg.Error, what: str) -> ReconcileError:
    """The one-line error for `exc` raised while doing `what` ("reading the catalog")."""
    message = pg_message(exc)
    if is_statement_pooler(exc):
        return statement_pooled(f"the target (refusing a transaction while {what})")
    if is_connection_failure(exc):
        return ConnectionLost(f"lost the database connection while {what}: {message}; nothing more was done")
    if isinstance(exc, pg_errors.QueryCanceled):
        cause = "statement timeout" if "statement timeout" in message else "the statement was cancelled"
        return StatementTimedOut(f"{cause} while {what}: {message}")
    if is_read_only(exc):
        return ReadOnlyServer(f"{READ_ONLY_HINT} (while {what}: {message})")
    return ReconcileError(f"database error while {what}: {message}")


def read_only_reason(conn: psycopg.Connection) -> str | None:
    """Why the server refuses writes on `conn`, or None when it takes them."""
    row = conn.execute(
        "SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.current_setting('transaction_read_only')"
    ).fetchone()
    if row is None:
        return None
    if row[0]:
        return "it is a hot standby (in recovery)"
    if row[1] == "on":
        return "its transactions are read-only (default_transaction_read_only=on)"
    return None


def refuse_read_only(conn: psycopg.Connection, where: str, fix: str) -> None:
    """ReadOnlyServer before anything is attempted on a server that refuses writes."""
    reason = read_only_reason(conn)
    if reason:
        raise ReadOnlyServer(f"{where} is read-only: {reason}; {fix}. Nothing was done.")


class _DropPipelineExit(logging.Filter):
    """psycopg logs a second error while ending a pipeline that already failed; the first one is
    raised and reported, so that stray line would only confuse."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("error ignored terminating")


@contextmanager
def quiet_pipeline_exit() -> Iterator[None]:
    log = logging.getLogger("psycopg")
    drop = _DropPipelineExit()
    log.addFilter(drop)
    try:
        yield
    finally:
        log.removeFilter(drop)


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Name the work for any database failure escaping the block (see the module docstring)."""
    try:
        yield
    except psycopg.Error as exc:
        raise describe(exc, what) from None
