"""Module options -> one libpq connection string (psycopg's own conninfo helpers, no reconcile)."""

from __future__ import annotations

from typing import Any

# module option -> libpq keyword; login_unix_socket wins over login_host (both are libpq's `host`)
KEYWORDS = {
    "login_host": "host",
    "login_unix_socket": "host",
    "port": "port",
    "login_user": "user",
    "login_password": "password",
    "db": "dbname",
}


def conninfo(params: dict[str, Any]) -> str:
    """`conninfo` (URL or key=value, may be empty) with the login_* options laid over it.

    Nothing given at all leaves libpq's own defaults (PG* variables, service file, pgpass).
    """
    from psycopg.conninfo import make_conninfo

    extra: dict[str, Any] = {}
    for option, keyword in KEYWORDS.items():
        value = params.get(option)
        if value not in (None, ""):
            extra[keyword] = value
    return make_conninfo(params.get("conninfo") or "", **extra)


def password_of(url: str) -> str | None:
    """The password a connection string carries, to scrub it from anything the module returns."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        value = conninfo_to_dict(url).get("password")
    except Exception:  # noqa: BLE001 - an unparsable string carries nothing we can name
        return None
    return str(value) if value else None
