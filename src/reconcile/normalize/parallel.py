"""The TABLES phase over several dev sessions at once, when the spec is tables alone.

On PostgreSQL 15 every b-tree build (a table's primary key, its TOAST index, each index) syncs its
file to disk before the statement returns, so one session spends most of a thousand-table build
waiting on the disk; sessions side by side overlap those waits. Each session builds its share of
the tables in its own transaction (always rolled back) and reads them back with the same queries.

The result is the one-session result: tables without partitions, views, triggers, comments or other
objects do not refer to each other (foreign keys are not built), and a name one table takes can only
change another's implicit names if both sessions end up holding it, which is checked. Anything else,
any error or lock wait, and the caller builds in one session as before, whose errors name the culprit.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache
from importlib import resources

import psycopg
from psycopg import sql

from reconcile.catalog.introspect import introspect, set_search_path
from reconcile.catalog.model import Catalog
from reconcile.connect.failures import quiet_pipeline_exit
from reconcile.errors import ConnectionFailed
from reconcile.spec.model import Spec, TableSpec

from . import dev, families, tables

SESSIONS = 4
MIN_TABLES = 100  # below this, connecting the other sessions costs more than it overlaps
LOCK_TIMEOUT = "2s"  # a session waiting on another's uncommitted name: give up, build in one session

Names = frozenset[tuple[str, str, str]]


class _Fallback(Exception):
    """Two sessions hold the same name: the one-session build decides."""


def eligible(spec: Spec, empty: bool) -> bool:
    """Tables alone (`empty`: nothing for the dev database to reproduce, no objects to read back)."""
    return (
        empty
        and len(spec.tables) >= MIN_TABLES
        and not any(t.partition_of or t.partition_by for t in spec.tables)
        and not families.statements(replace(spec, tables=()))
    )


def build(conn: psycopg.Connection, spec: Spec, schemas: set[str]) -> Catalog | None:
    """The tables built and read back over SESSIONS sessions; None when the one-session build must decide.
    Each session composes its tables' statements as it sends them, so the server starts on the first
    while the rest are composed."""
    if not _schemas_exist(conn, schemas):
        return None  # another session would wait on this one's CREATE SCHEMA
    groups = _groups(spec.tables, SESSIONS)
    base = _names(conn, schemas)
    try:
        with ThreadPoolExecutor(len(groups) - 1) as pool:
            others = [pool.submit(_helper, conn, schemas, group) for group in groups[1:]]
            with conn.transaction():  # rolled back when anything fails: the one-session build starts clean
                old = conn.execute("SELECT pg_catalog.current_setting('lock_timeout')").fetchone()
                _set_lock_timeout(conn, LOCK_TIMEOUT)
                results = [_build_group(conn, schemas, groups[0]), *(f.result() for f in others)]
                if _clash([names - base for _, names in results]):
                    raise _Fallback
                _set_lock_timeout(conn, str(old[0]) if old else "0")
    except (psycopg.Error, ConnectionFailed, _Fallback):  # a server out of connections, too
        return None
    return _merged([catalog for catalog, _ in results], int(conn.info.server_version))


def _groups(specs: tuple[TableSpec, ...], k: int) -> list[tuple[TableSpec, ...]]:
    """Consecutive tables (the order one session builds them in) in k shares of about as many."""
    size = -(-len(specs) // k)
    return [specs[i : i + size] for i in range(0, len(specs), size)]


def _helper(dev_conn: psycopg.Connection, schemas: set[str], group: tuple[TableSpec, ...]) -> tuple[Catalog, Names]:
    with dev.helper_connection(dev_conn) as conn:
        _set_lock_timeout(conn, LOCK_TIMEOUT)
        return _build_group(conn, schemas, group)


def _build_group(conn: psycopg.Connection, schemas: set[str], group: tuple[TableSpec, ...]) -> tuple[Catalog, Names]:
    set_search_path(conn, schemas)
    with quiet_pipeline_exit(), conn.pipeline(), conn.cursor() as cur:
        for table in group:
            for _, stmt in tables.statements(table):
                cur.execute(sql.Composed([stmt]))
    names = [(t.schema, t.table) for t in group]
    return introspect(conn, names, snapshot=False), _names(conn, schemas)


def _set_lock_timeout(conn: psycopg.Connection, value: str) -> None:
    conn.execute("SELECT pg_catalog.set_config('lock_timeout', %s, true)", [value])


def _schemas_exist(conn: psycopg.Connection, schemas: set[str]) -> bool:
    row = conn.execute(
        "SELECT pg_catalog.count(*) FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s)", [sorted(schemas)]
    ).fetchone()
    return row is not None and row[0] == len(schemas)


@cache
def _query() -> str:
    return resources.files(__package__).joinpath("sql", "session_names.sql").read_text()


def _names(conn: psycopg.Connection, schemas: set[str]) -> Names:
    rows = conn.execute(_query(), {"schemas": sorted(schemas)}).fetchall()
    return frozenset((kind, schema, name) for kind, schema, name in rows)


def _clash(created: list[Names]) -> bool:
    seen: set[tuple[str, str, str]] = set()
    for names in created:
        if seen & names:
            return True
        seen |= names
    return False


def _merged(parts: list[Catalog], version: int) -> Catalog:
    """One catalog in the order one session's read gives: tables by name, indexes and constraints by
    table in the order the tables were built (their oids), the shares being consecutive."""
    tables = sorted((t for p in parts for t in p.tables), key=lambda t: (t.schema, t.name))
    indexes = tuple(i for p in parts for i in p.indexes)
    constraints = tuple(c for p in parts for c in p.constraints)
    return Catalog(tuple(tables), indexes, constraints, version, ())
