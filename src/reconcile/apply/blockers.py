"""The backoff between lock-timeout retries, ended early once the blockers are gone.

A step that hit lock_timeout waited behind other transactions' locks on its table (a report query,
typically). Sleeping out the whole backoff after they ended wastes up to seconds; retrying at once
would burn the retries while they still run. So: note the transactions that hold a lock on the table
right after the timeout and had been running for at least the lock_timeout (the ones we waited
behind; a writer that got its lock when we gave up is younger), and retry as soon as none of them
holds it any more, or when the backoff is over. When no such transaction is found (the blocker was
elsewhere) the backoff is slept out as before. The attempts, their lock_timeout and the longest wait
between two of them are unchanged.
"""

from __future__ import annotations

import time

import psycopg

POLL_S = 0.02  # a cheap catalog read; the writer stall it can save is up to a whole backoff

_TABLE = "pg_catalog.to_regclass(pg_catalog.quote_ident(%(schema)s) || '.' || pg_catalog.quote_ident(%(name)s))"

HOLDERS_SQL = f"""
SELECT coalesce(pg_catalog.array_agg(DISTINCT l.virtualtransaction), '{{}}')
FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
  AND l.relation = {_TABLE}
  AND a.xact_start <= pg_catalog.now() - pg_catalog.make_interval(secs => %(waited_ms)s / 1000.0)
"""  # noqa: S608 - constant text

STILL_SQL = f"""
SELECT EXISTS (SELECT FROM pg_catalog.pg_locks l
               WHERE l.locktype = 'relation' AND l.granted AND l.relation = {_TABLE}
                 AND l.virtualtransaction = ANY (%(holders)s::pg_catalog.text[]))
"""  # noqa: S608 - constant text


def _names(table: str) -> dict[str, str]:
    schema, _, name = table.partition(".")
    return {"schema": schema, "name": name}


def lock_holders(conn: psycopg.Connection, table: str, waited_ms: int) -> list[str]:
    """The transactions (virtual ids) holding a lock on `table` ("schema.name") that began at least
    `waited_ms` ago: the ones a lock request that just timed out after `waited_ms` waited behind."""
    if not table:
        return []
    row = conn.execute(HOLDERS_SQL, {**_names(table), "waited_ms": waited_ms}).fetchone()
    return list(row[0]) if row else []


def wait_out(conn: psycopg.Connection, table: str, waited_ms: int, seconds: float) -> None:
    """Sleep up to `seconds`; return as soon as the transactions we waited `waited_ms` behind on `table`
    hold no lock on it."""
    deadline = time.monotonic() + seconds
    try:
        holders = lock_holders(conn, table, waited_ms)
    except psycopg.Error:
        holders = []
    if not holders:  # nothing to watch (not a table lock): the plain backoff
        time.sleep(seconds)
        return
    args = {**_names(table), "holders": holders}
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(POLL_S, left))
        try:
            row = conn.execute(STILL_SQL, args).fetchone()
        except psycopg.Error:
            time.sleep(max(0.0, deadline - time.monotonic()))
            return
        if not (row and row[0]):
            return
