"""Connections: resolve the target URL (option, DATABASE_URL or embedded) and open a session."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reconcile.connect.redact import redact_text
from reconcile.errors import ConnectionFailed

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "reconcile"


def resolve_url(url: str | None) -> str:
    """`--database-url`, else `DATABASE_URL`, else the embedded server (started on demand)."""
    url = url or os.environ.get("DATABASE_URL")
    if url:
        return url
    from reconcile.connect.embedded import ensure_running

    return ensure_running()


def connect(url: str, *, autocommit: bool = True, connect_timeout: int = 10) -> psycopg.Connection:
    """Open a connection tagged `application_name=reconcile`; failures become one-line errors."""
    import psycopg

    try:
        return psycopg.connect(
            url,
            autocommit=autocommit,
            application_name=APPLICATION_NAME,
            connect_timeout=connect_timeout,
        )
    except psycopg.ProgrammingError as exc:  # malformed URL / unknown option
        raise ConnectionFailed(f"invalid database URL: {redact_text(_first_line(exc))}") from None
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(f"cannot connect to the database: {redact_text(_first_line(exc))}") from None


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return "; ".join(lines[:2]) if lines else type(exc).__name__
