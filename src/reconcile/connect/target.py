"""Connections: resolve the target the libpq way and open a session.

Order: `--database-url`, then `DATABASE_URL`, then libpq's own environment and files (PGHOST,
PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE with pg_service.conf, ~/.pgpass, PGSSLMODE ...:
an empty conninfo lets libpq resolve them itself), then the embedded server, which is always
announced on stderr and only for the commands that may use it (`fallback=True`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reconcile.connect.redact import redact_text, redact_url, unencoded_at, url_secrets
from reconcile.errors import ConnectionFailed

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "reconcile"

# libpq variables that say where to connect (PGSSLMODE and friends only say how)
LIBPQ_TARGET_VARS = (
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSERVICE",
    "PGSERVICEFILE",
)
LIBPQ_ENVIRONMENT = ""  # the empty conninfo: libpq reads PG*, pg_service.conf and ~/.pgpass itself

# a compute waking up (Neon, Aurora Serverless) refuses connections for a few seconds
RETRY_DELAYS = (0.5, 1.0, 2.0)


def libpq_env_configured() -> bool:
    return any(os.environ.get(name) for name in LIBPQ_TARGET_VARS)


def resolve_url(url: str | None, *, fallback: bool = True, command: str = "this command") -> str:
    """`--database-url`, else `DATABASE_URL`, else libpq's environment (""), else the embedded server.

    With `fallback=False` (drift, verify, parity: they check a real target) no target is an error.
    """
    url = url or os.environ.get("DATABASE_URL")
    if url:
        return url
    if libpq_env_configured():
        return LIBPQ_ENVIRONMENT
    if not fallback:
        raise ConnectionFailed(
            f"no database configured: {command} checks a real target and never uses the embedded server; "
            "pass --database-url, or set DATABASE_URL or PGHOST/PGDATABASE/PGSERVICE"
        )
    from reconcile.connect.embedded import ensure_running, pgdata_dir, remember_target

    print(
        f"reconcile: no --database-url, DATABASE_URL or PG* settings: using the embedded PostgreSQL in {pgdata_dir()}",
        file=sys.stderr,
    )
    return remember_target(ensure_running())


def display_url(url: str) -> str:
    """The target as a person reads it: the URL as written minus its password."""
    return redact_url(url)


def connect(
    url: str,
    *,
    autocommit: bool = True,
    connect_timeout: int = 10,  # seconds, when neither the URL nor PGCONNECT_TIMEOUT says
    retries: tuple[float, ...] = RETRY_DELAYS,
    on_retry: Callable[[str], None] | None = None,
    connection_class: type[psycopg.Connection] | None = None,
    **kwargs: Any,
) -> psycopg.Connection:
    """Open a connection tagged `application_name=reconcile`; failures become one-line errors.

    No server-side prepared statements (`prepare_threshold=None`): a transaction pooler would hand
    them to another client. A refused connection is retried with bounded backoff, one message per
    attempt; an authentication or URL error is not.
    """
    import psycopg

    if unencoded_at(url):
        raise ConnectionFailed(
            f"invalid database URL {display_url(url)}: an '@' in the user name or password must be written %40 "
            "(libpq would read what follows the first '@' as the host name)"
        )
    say = on_retry or (lambda msg: print(msg, file=sys.stderr))
    cls = connection_class or psycopg.Connection
    for attempt, delay in enumerate((*retries, None), start=1):
        try:
            return cls.connect(
                url,
                autocommit=autocommit,
                application_name=APPLICATION_NAME,
                prepare_threshold=None,
                **_default_timeout(url, connect_timeout),
                **kwargs,
            )
        except psycopg.ProgrammingError as exc:  # malformed URL / unknown option
            raise ConnectionFailed(f"invalid database URL {display_url(url)}: {_scrub(exc, url)}") from None
        except psycopg.OperationalError as exc:
            message = _scrub(exc, url)
            if delay is None or not _transient(message):
                raise ConnectionFailed(
                    f"cannot connect to the database: {message} (target: {display_url(url)})"
                ) from None
            say(f"reconcile: connection attempt {attempt} failed ({message}); retrying in {delay:g}s")
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _default_timeout(url: str, seconds: int) -> dict[str, Any]:
    """`connect_timeout` unless the URL or PGCONNECT_TIMEOUT sets one: a keyword would override theirs."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = "connect_timeout" in conninfo_to_dict(url)
    except psycopg.Error:
        given = False  # the connect itself reports the malformed URL
    return {} if given or os.environ.get("PGCONNECT_TIMEOUT") else {"connect_timeout": seconds}


# a waking compute or a restarting server; "connection refused" is no server at all: fail at once
_TRANSIENT = ("starting up", "compute", "timeout expired", "server closed the connection", "too many")


def _transient(message: str) -> bool:
    low = message.lower()
    if "password" in low or "authentication" in low or "does not exist" in low or "ssl" in low:
        return False
    return any(t in low for t in _TRANSIENT)


def _scrub(exc: BaseException, url: str) -> str:
    text = _first_line(exc)
    if url:
        text = text.replace(url, display_url(url))
    return redact_text(text, url_secrets(url))


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return "; ".join(lines[:2]) if lines else type(exc).__name__
