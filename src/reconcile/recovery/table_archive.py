"""Archived tables: a table dropped from the managed scope is moved into the archive schema, not dropped.

`ALTER TABLE ... RENAME` to a run-stamped name, then `SET SCHEMA reconcile_archive`: instant, no
data copied, indexes, constraints, owned sequences and the comment travel with it. A registry
table in the archive schema says where each came from, so `reconcile archive restore NAME` puts
it back and `reconcile archive drop NAME` removes it for good.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from reconcile.catalog.sqltext import qualified
from reconcile.ddl.keys import t_key
from reconcile.ddl.steps import step
from reconcile.errors import ReconcileError
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .archive import SCHEMA, archive_name, statements

REGISTRY = "archived_tables"
_EXISTS = "SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(%s) || '.' || pg_catalog.quote_ident(%s)) IS NOT NULL"


def archived_name(schema: str, table: str, run: str) -> str:
    """`<table>__<run>` (the column archives' naming), schema-prefixed outside public."""
    return archive_name(table if schema == "public" else f"{schema}_{table}", run)


def archive_table_step(schema: str, table: str, run: str) -> Step:
    """One transaction: rename in place, move into the archive schema, record where it came from."""
    name = archived_name(schema, table, run)
    registry = qualified(SCHEMA, REGISTRY)
    names = {
        "s": sql.Identifier(SCHEMA),
        "reg": registry,
        "src": qualified(schema, table),
        "name": sql.Identifier(name),
        "moved": qualified(schema, name),
    }
    text, parts = statements(
        [
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {s}").format(**names),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {reg} (name text PRIMARY KEY, schema text NOT NULL, "
                '"table" text NOT NULL, run text NOT NULL, archived_at timestamptz NOT NULL DEFAULT now())'
            ).format(**names),
            sql.SQL("ALTER TABLE {src} RENAME TO {name}").format(**names),
            sql.SQL("ALTER TABLE {moved} SET SCHEMA {s}").format(**names),
            sql.SQL('INSERT INTO {} (name, schema, "table", run) VALUES ({}, {}, {}, {})').format(
                registry, sql.Literal(name), sql.Literal(schema), sql.Literal(table), sql.Literal(run)
            ),
        ]
    )
    return step(
        StepKind.ARCHIVE,
        f"drop table {schema}.{table}: move it into {SCHEMA}.{name} (no data copied; `reconcile archive restore`)",
        text,
        **parts,
        hazards=(
            Hazard(HazardCode.DROPS_OBJECT, f"table {table}, kept whole as {SCHEMA}.{name}"),
            Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK),
        ),
        inverse="; ".join(s.as_string() for s in _restore_sql(name, schema, table)),
        removes=(t_key(schema, table),),
    )


@dataclass(frozen=True)
class ArchivedTable:
    name: str
    schema: str
    table: str
    run: str
    rows: int


def list_table_archives(conn: psycopg.Connection) -> list[ArchivedTable]:
    if not _registry_exists(conn):
        return []
    found = conn.execute(
        sql.SQL('SELECT name, schema, "table", run FROM {} ORDER BY name').format(qualified(SCHEMA, REGISTRY))
    ).fetchall()
    out = []
    for name, schema, table, run in found:
        row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(qualified(SCHEMA, name))).fetchone()
        out.append(ArchivedTable(name, schema, table, run, int(row[0]) if row else 0))
    return out


def restore_table(conn: psycopg.Connection, name: str) -> ArchivedTable:
    """Move an archived table back under its own name, in one transaction; refuse if the name is taken."""
    archived = _find(conn, name)
    with conn.transaction():
        taken = conn.execute(_EXISTS, [archived.schema, archived.table])
        if (taken.fetchone() or (False,))[0]:
            raise ReconcileError(
                f"cannot restore {name}: {archived.schema}.{archived.table} exists (rename or drop it first)"
            )
        for statement in _restore_sql(name, archived.schema, archived.table):
            conn.execute(statement)
    return archived


def drop_table_archive(conn: psycopg.Connection, name: str) -> bool:
    """Remove an archived table for good; False when `name` is not one."""
    if not any(a.name == name for a in list_table_archives(conn)):
        return False
    try:
        with conn.transaction():
            conn.execute(sql.SQL("DROP TABLE {}").format(qualified(SCHEMA, name)))
            conn.execute(sql.SQL("DELETE FROM {} WHERE name = %s").format(qualified(SCHEMA, REGISTRY)), [name])
    except psycopg.errors.DependentObjectsStillExist as exc:
        detail = (exc.diag.message_detail or "").splitlines()
        raise ReconcileError(
            f"cannot drop archive {name}: {detail[0] if detail else exc.diag.message_primary}"
        ) from None
    return True


def _restore_sql(name: str, schema: str, table: str) -> list[sql.Composed]:
    return [
        sql.SQL("ALTER TABLE {} SET SCHEMA {}").format(qualified(SCHEMA, name), sql.Identifier(schema)),
        sql.SQL("ALTER TABLE {} RENAME TO {}").format(qualified(schema, name), sql.Identifier(table)),
        sql.SQL("DELETE FROM {} WHERE name = {}").format(qualified(SCHEMA, REGISTRY), sql.Literal(name)),
    ]


def _registry_exists(conn: psycopg.Connection) -> bool:
    row = conn.execute(_EXISTS, [SCHEMA, REGISTRY]).fetchone()
    return bool(row and row[0])


def _find(conn: psycopg.Connection, name: str) -> ArchivedTable:
    for archived in list_table_archives(conn):
        if archived.name == name:
            return archived
    raise ReconcileError(f"no archived table named {name!r} (see `reconcile archive list`)")
