"""Tables: CREATE TABLE with its columns (constraints and indexes follow as their own changes)."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.model import Column, Table
from reconcile.catalog.sqltext import qualified, sql_type
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.model import Step, StepKind

from .keys import c_key, t_key
from .partitions import create_requires, create_sql, created_partition_steps, detach_step
from .steps import AE, step, text


def column_sql(col: Column) -> sql.Composed:
    parts: list[sql.Composable] = [sql.Identifier(col.name), sql_type(col.type)]
    if col.default is not None:
        parts += [sql.SQL("DEFAULT"), sql.SQL(col.default)]
    if col.identity:
        parts.append(sql.SQL(f"GENERATED {col.identity.upper()} AS IDENTITY"))
    if col.generated is not None:  # pg_get_expr's text, read back from the dev database
        kind = "VIRTUAL" if col.virtual else "STORED"
        parts.append(sql.SQL("GENERATED ALWAYS AS ({}) {}").format(sql.SQL(col.generated), sql.SQL(kind)))
    if col.not_null:
        parts.append(sql.SQL("NOT NULL"))
    return sql.SQL(" ").join(parts)


def _create_table(ch: Change) -> list[Step]:
    table = ch.after
    assert isinstance(table, Table)
    name = qualified(ch.schema, ch.table)
    stmt = create_sql(table, sql.SQL(", ").join(column_sql(c) for c in table.columns))
    return created_partition_steps(table, [
        step(
            StepKind.CREATE,
            f"create table {ch.address}",
            text(stmt),
            inverse=text(sql.SQL("DROP TABLE {}").format(name)),
            requires=create_requires(table),
            provides=(
                t_key(ch.schema, ch.table),
                *(c_key(ch.schema, ch.table, c.name) for c in table.columns),
            ),
        )
    ])  # fmt: skip


def _rename_table(ch: Change) -> list[Step]:
    """`renamed_from:` on a table: metadata only, rows, indexes and constraints stay."""
    old = ch.before
    assert isinstance(old, Table)
    stmt = sql.SQL("ALTER TABLE {} RENAME TO {}").format(qualified(ch.schema, old.name), sql.Identifier(ch.table))
    undo = sql.SQL("ALTER TABLE {} RENAME TO {}").format(qualified(ch.schema, ch.table), sql.Identifier(old.name))
    return [
        step(
            StepKind.RENAME,
            f"rename table {ch.schema}.{old.name} to {ch.table}",
            text(stmt),
            hazards=(AE,),
            inverse=text(undo),
            removes=(t_key(ch.schema, old.name),),
            provides=(t_key(ch.schema, ch.table),),
        )
    ]


def _drop_table(ch: Change) -> list[Step]:
    """Out of scope of a plan's run stamp (drift's fix text): the planner archives with its own run."""
    from reconcile.recovery.table_archive import archive_table_step

    return with_detach(ch, archive_table_step(ch.schema, ch.table, RUN_PLACEHOLDER))


def with_detach(ch: Change, archive: Step) -> list[Step]:
    """A partition is detached before it is archived: its rows must not stay readable through the parent."""
    if isinstance(ch.before, Table) and ch.before.parent is not None:
        return [detach_step(ch.before, f"partition {ch.schema}.{ch.table} detached, then archived"), archive]
    return [archive]


RUN_PLACEHOLDER = "<run>"

BUILDERS = {
    (Action.CREATE, Kind.TABLE): _create_table,
    (Action.RENAME, Kind.TABLE): _rename_table,
    (Action.DROP, Kind.TABLE): _drop_table,
}
