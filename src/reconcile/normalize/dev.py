"""The dev database: where the spec is built to be normalized, never the target.

The dev server is `--dev-url` (carried by the spec, `Spec.dev_url`, passed here), else `$RECONCILE_DEV_URL`,
else the embedded server the target
itself runs on when the target is the embedded server, else an embedded server kept in the
user's cache directory. On it reconcile uses a database of its own, `reconcile_dev` (created
when missing), and only ever inside transactions that are rolled back, one at a time (an
advisory lock), so it stays empty. A role that may not create databases gets the dev URL's own
database, used the same way. Atlas calls this the dev database.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.connect.failures import refuse_read_only
from reconcile.connect.redact import redact_url
from reconcile.errors import ConnectionFailed, ReconcileError

DEV_DATABASE = "reconcile_dev"
LOCK_KEY = 0x7265636F6E646576  # "recondev": one normalization at a time per dev database


def server_url(given: str | None) -> str | None:
    """`given` (the command's --dev-url), else $RECONCILE_DEV_URL, else None for the embedded dev server
    (started only when needed). When the target is the embedded server, that server (its database
    `reconcile_dev`)."""
    from reconcile.connect.embedded import target_url

    return given or os.environ.get("RECONCILE_DEV_URL") or target_url()


def describe(given: str | None) -> str:
    """The dev server as a memo key and a message shows it: password removed."""
    url = server_url(given)
    return redact_url(url) if url else "embedded"


@contextmanager
def dev_connection(target: psycopg.Connection, given: str | None) -> Iterator[psycopg.Connection]:
    """A connection to the dev database (`given`: the command's --dev-url, or None), inside a transaction
    that is always rolled back."""
    url = server_url(given) or _embedded_dev_server()
    conn, database = _connect_dev(url)
    with conn:
        _refuse_target(conn, target)
        with conn.transaction(force_rollback=True):
            conn.execute("SELECT pg_catalog.pg_advisory_xact_lock(%s)", [LOCK_KEY])
            conn.execute("SET LOCAL check_function_bodies = off")
            refuse_read_only(
                conn,
                f"the dev database {conn.info.dbname} ({redact_url(url)})",
                "normalization builds the spec there: pass a --dev-url of a writable server (not a standby)",
            )
            SESSION_URLS[id(conn)] = database
            try:
                yield conn
            finally:
                SESSION_URLS.pop(id(conn), None)
            _roll_back_unwaited(conn)  # reached only when the body succeeded; on an error the block rolls back


SESSION_URLS: dict[int, str] = {}  # an open dev connection's URL (with its password), for its helper sessions


@contextmanager
def helper_connection(dev: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Another session on the dev database of `dev` (under its advisory lock, so none is taken here),
    inside a transaction that is always rolled back; a refused connection is not retried."""
    from reconcile.connect.target import connect

    with connect(SESSION_URLS[id(dev)], retries=(), on_retry=lambda _: None) as conn:
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL check_function_bodies = off")
            yield conn
            _roll_back_unwaited(conn)


def _roll_back_unwaited(conn: psycopg.Connection) -> None:
    """Send ROLLBACK and close without waiting for its answer: the server rolls back all the same (a
    session that ends never commits), but at a thousand tables that is most of a second (removing the
    files of every relation built), which nothing here needs. The transaction block then sees a closed
    connection and sends nothing."""
    try:
        conn.pgconn.send_query(b"ROLLBACK")
        conn.pgconn.flush()  # what is not sent yet is dropped: the session ends mid-message, also a rollback
    except psycopg.Error:
        pass
    conn.close()


def _embedded_dev_server() -> str:
    from reconcile.connect.embedded import dev_pgdata_dir, ensure_running

    print(f"reconcile: normalizing the spec on the embedded PostgreSQL in {dev_pgdata_dir()}", file=sys.stderr)
    return ensure_running(dev_pgdata_dir())


def _connect_dev(url: str) -> tuple[psycopg.Connection, str]:
    """`reconcile_dev` straight away when it is there (one connection, not two); else the way that
    creates it or falls back to the URL's own database, retrying and naming what fails. With the URL
    connected to (helper sessions open the same database)."""
    from reconcile.connect.target import connect

    if conninfo_to_dict(url).get("dbname") != DEV_DATABASE:
        database = make_conninfo(url, dbname=DEV_DATABASE)
        try:
            return connect(database, retries=()), database
        except ConnectionFailed:
            pass  # missing, or not reachable now: _dev_database says which, as before
    database = _dev_database(url)
    return connect(database), database


def _dev_database(url: str) -> str:
    """`reconcile_dev` on the dev server, created when missing; the URL's own database if we may not."""
    from reconcile.connect.target import connect

    if conninfo_to_dict(url).get("dbname") == DEV_DATABASE:
        return url
    with connect(url) as admin:
        found = admin.execute("SELECT 1 FROM pg_catalog.pg_database WHERE datname = %s", [DEV_DATABASE]).fetchone()
        if not found:
            try:
                admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(DEV_DATABASE)))
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction):
                return url
            except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                pass  # another run made it first (at the same moment: pg_database's unique index says so)
    return make_conninfo(url, dbname=DEV_DATABASE)


def _refuse_target(dev: psycopg.Connection, target: psycopg.Connection) -> None:
    """The dev database must not be the target: normalization creates the spec's objects there."""
    from reconcile.plan.identity import server_identity

    same_server = dev.info.host == target.info.host and dev.info.port == target.info.port
    dev_id, target_id = server_identity(dev), server_identity(target)
    if dev_id[0] and target_id[0]:
        same = dev_id == target_id
    else:
        same = same_server and dev.info.dbname == target.info.dbname
    if same:
        raise ReconcileError(
            f"the dev database ({dev.info.dbname}) is the target database: pass a --dev-url of another "
            "database or server (normalization builds the spec there)"
        )
