"""What we are talking to: is a transaction-mode pooler in front of PostgreSQL?

A transaction (or statement) pooler hands each transaction to whichever server connection is free,
so session state (advisory locks, SET, prepared statements) does not survive a transaction. A backend
whose client is our own TCP socket is a direct connection. Otherwise we watch backend pids: a second
client's transaction landing on the backend our connection just used, or our connection changing
backend between two transactions, cannot happen on a direct connection or through a session-mode pooler.
"""

from __future__ import annotations

import os
import socket

import psycopg

from reconcile.connect.failures import is_statement_pooler, refuse_read_only
from reconcile.connect.target import connect, display_url
from reconcile.errors import SafetyRefused

PID = "SELECT pg_catalog.pg_backend_pid()"
PEER = (
    "SELECT pg_catalog.host(client_addr), client_port FROM pg_catalog.pg_stat_activity"
    " WHERE pid = pg_catalog.pg_backend_pid()"
)


class PoolerRefused(SafetyRefused):
    """apply needs one real session: the target is behind a transaction-mode pooler."""


def _pid(conn: psycopg.Connection) -> int:
    row = conn.execute(PID).fetchone()
    assert row is not None
    return int(row[0])


def _peer_is_us(conn: psycopg.Connection) -> bool:
    """Whether the backend's client is this very TCP socket: then nothing sits in between, and no
    second connection is needed to tell (a fleet's --parallel N stays N connections)."""
    row = conn.execute(PEER).fetchone()
    if row is None or row[0] is None:
        return False  # a Unix socket: a pooler may be listening on it too
    try:
        with socket.socket(fileno=os.dup(conn.pgconn.socket)) as sock:
            ours = sock.getsockname()
    except (OSError, psycopg.Error):
        return False
    return isinstance(ours, tuple) and (ours[0], ours[1]) == (row[0], row[1])


def is_transaction_pooled(conn: psycopg.Connection, url: str) -> bool:
    """Whether `conn` (autocommit, opened on `url`) reaches PostgreSQL through a transaction pooler."""
    if _peer_is_us(conn):
        return False
    first = _pid(conn)
    if _pid(conn) != first:
        return True
    with connect(url, retries=()) as probe, probe.transaction():
        if _pid(probe) == first:  # another client got our backend: nothing pins it to us
            return True
        return _pid(conn) != first  # the probe holds its backend; did ours move?


def direct_hint(url: str) -> str:
    """How to reach the database without the pooler, for the refusal message."""
    shown = display_url(url)
    if "-pooler" in url:
        return f"on Neon, use the host without `-pooler` ({shown.replace('-pooler', '')})"
    return "use the server's own host and port (for PgBouncer: not its listen port; Supabase: port 5432)"


DIRECT_FIX = "Pass --direct-url URL (or set DIRECT_DATABASE_URL) to a direct connection"
TARGETS_FIX = "Give this target a direct URL in the targets file (--direct-url names one database)"


def refuse_pooled_writer(conn: psycopg.Connection, url: str, *, direct: bool, fix: str = DIRECT_FIX) -> None:
    """Exit 3 before anything happens when apply's connection is transaction- or statement-pooled."""
    where = "--direct-url/DIRECT_DATABASE_URL" if direct else "the target"
    try:
        pooled = is_transaction_pooled(conn, url)
    except psycopg.OperationalError as exc:  # the probe's BEGIN: refused in statement mode
        if not is_statement_pooler(exc):
            raise
        raise PoolerRefused(
            f"{where} ({display_url(url)}) goes through a statement-mode pooler (PgBouncer pool_mode=statement), "
            f"which refuses transactions: apply needs one real session for its lock and DDL. {fix}; "
            f"{direct_hint(url)}. Nothing was done."
        ) from None
    if not pooled:
        return
    raise PoolerRefused(
        f"{where} ({display_url(url)}) goes through a transaction-mode pooler: apply needs one real session "
        f"for its lock and DDL. {fix}; {direct_hint(url)}. A session-mode pooler is fine. Nothing was done."
    )


# the same database of the same running server: a pooler and its server answer alike
IDENTITY = (
    "SELECT pg_catalog.current_database(), d.oid::pg_catalog.int8, pg_catalog.pg_postmaster_start_time()"
    " FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()"
)


def refuse_other_database(conn: psycopg.Connection, direct_url: str, url: str) -> None:
    """Exit 3 when --direct-url reaches another database than the target (a DIRECT_DATABASE_URL left
    in the environment for production, with --database-url naming staging)."""
    with connect(url, retries=()) as target:
        theirs = target.execute(IDENTITY).fetchone()
    ours = conn.execute(IDENTITY).fetchone()
    if ours == theirs:
        return
    raise PoolerRefused(
        f"--direct-url/DIRECT_DATABASE_URL ({display_url(direct_url)}) reaches {_named(ours)}, but the target "
        f"({display_url(url)}) reaches {_named(theirs)}: the direct URL must reach the target's own database. "
        "Nothing was done."
    )


def _named(identity: tuple[object, ...] | None) -> str:
    if identity is None:
        return "no database"
    name, _, started = identity
    return f"database {name} on a server started at {started}"


def open_writer(url: str, direct_url: str | None, fix: str = DIRECT_FIX) -> tuple[psycopg.Connection, str]:
    """apply's connection and the URL it was opened on: `direct_url` when given (and it reaches the
    target's database), else the target; refused (exit 3, nothing done) when it is transaction-pooled."""
    target = direct_url or url
    conn = connect(target)
    try:
        if direct_url:
            refuse_other_database(conn, direct_url, url)
        refuse_read_only(
            conn,
            f"the target ({display_url(target)})",
            "apply changes the schema: point --database-url (or --direct-url) at the primary",
        )
        refuse_pooled_writer(conn, target, direct=bool(direct_url), fix=fix)
    except BaseException:
        conn.close()
        raise
    return conn, target
