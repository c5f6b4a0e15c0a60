"""Plan-time facts from the data: unique violations, NULLs, values a drop would remove."""

from __future__ import annotations

import psycopg
from psycopg import sql

from reconcile.catalog.model import Column, Constraint, Index, IndexKey
from reconcile.catalog.sqltext import qualified, sql_type
from reconcile.diff.change import Change
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step


def unique_violations(conn: psycopg.Connection, idx: Index, pending: tuple[Column, ...] = ()) -> tuple[int, str | None]:
    """Keys that would collide under `idx` (NULLs never collide unless NULLS NOT DISTINCT).

    `pending` are columns the plan adds before the index is built: they read as their default.
    """
    keys = [
        sql.Identifier(k.column) if k.column else sql.SQL("({})").format(sql.SQL(k.expression or "")) for k in idx.keys
    ]
    conds: list[sql.Composable] = [sql.SQL("({})").format(sql.SQL(idx.where))] if idx.where else []
    if not idx.nulls_not_distinct:
        conds += [sql.SQL("{} IS NOT NULL").format(k) for k in keys]
    where = sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conds) if conds else sql.SQL("")
    query = sql.SQL(
        "SELECT count(*), min(k) FROM (SELECT ROW({keys})::text AS k FROM {table}{where} "
        "GROUP BY {keys} HAVING count(*) > 1) dup"
    ).format(keys=sql.SQL(", ").join(keys), table=_source(idx, pending), where=where)
    row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0]), row[1]


def _source(idx: Index, pending: tuple[Column, ...]) -> sql.Composable:
    table = qualified(idx.schema, idx.table)
    if not pending:
        return table
    extra = sql.SQL(", ").join(
        sql.SQL("CAST({} AS {}) AS {}").format(sql.SQL(c.default or "NULL"), sql_type(c.type), sql.Identifier(c.name))
        for c in pending
    )
    return sql.SQL("(SELECT *, {} FROM {}) AS {}").format(extra, table, sql.Identifier(idx.table))


def count_where(conn: psycopg.Connection, schema: str, table: str, cond: sql.Composable) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {} WHERE {}").format(qualified(schema, table), cond)).fetchone()
    return int(row[0]) if row else 0


def non_null_counts(conn: psycopg.Connection, schema: str, table: str, columns: list[str]) -> dict[str, int]:
    """Non-null values per column, in one scan of the table however many columns are dropped."""
    if not columns:
        return {}
    counts = sql.SQL(", ").join(sql.SQL("count({})").format(sql.Identifier(c)) for c in columns)
    row = conn.execute(sql.SQL("SELECT {} FROM {}").format(counts, qualified(schema, table))).fetchone()
    return dict(zip(columns, (int(v) for v in row or ()), strict=True))


def annotate(
    conn: psycopg.Connection,
    change: Change,
    steps: list[Step],
    pending: tuple[Column, ...] = (),
    dropped: dict[str, int] | None = None,
) -> list[Step]:
    """Attach data-dependent hazards to the steps of one change on an existing table.

    `pending`: columns of this table that the plan adds (not yet in the database);
    `dropped`: non-null counts of the columns it drops, counted for the whole table at once.
    """
    if change.new_table or change.kind == "table":
        return steps
    extra: Hazard | None = None
    after = change.after
    if (
        change.kind == "index"
        and isinstance(after, Index)
        and after.unique
        and change.action in ("add", "replace", "rebuild")
    ):
        extra = _unique(conn, after, pending)
    elif (
        change.kind == "constraint"
        and isinstance(after, Constraint)
        and after.type in "pu"
        and change.action in ("add", "replace")
    ):
        extra = _unique(
            conn,
            Index(
                after.schema,
                after.table,
                after.name,
                tuple(_plain(c) for c in after.columns),
                unique=True,
                nulls_not_distinct=after.nulls_not_distinct or after.type == "p",
            ),
            pending,
        )
    elif (
        change.kind == "column"
        and isinstance(after, Column)
        and after.not_null
        and (change.action == "add" and any(h.code == HazardCode.NOT_NULL_MAY_FAIL for s in steps for h in s.hazards))
    ):
        rows = count_where(conn, change.schema, change.table, sql.SQL("true"))
        return [
            _replace_hazard(
                s, HazardCode.NOT_NULL_MAY_FAIL, f"{rows} existing rows would need a value" if rows else None
            )
            for s in steps
        ]
    elif (
        change.kind == "column"
        and change.action == "alter"
        and isinstance(after, Column)
        and after.not_null
        and isinstance(change.before, Column)
        and not change.before.not_null
    ):
        nulls = count_where(conn, change.schema, change.table, sql.SQL("{} IS NULL").format(sql.Identifier(after.name)))
        if nulls:
            extra = Hazard(HazardCode.NOT_NULL_MAY_FAIL, f"{nulls} rows hold NULL in {after.name}")
    elif change.kind == "column" and change.action == "drop":
        if dropped is None:
            dropped = non_null_counts(conn, change.schema, change.table, [change.name])
        values = dropped[change.name]
        return [
            _replace_hazard(s, HazardCode.DELETES_DATA, f"column {change.name}: {values} non-null values")
            for s in steps
        ]
    if extra is None:
        return steps
    first = next((n for n, s in enumerate(steps) if s.sql.startswith("CREATE") or "ADD" in s.sql), 0)
    return [s.with_hazard(extra) if n == first else s for n, s in enumerate(steps)]


def _plain(column: str) -> IndexKey:
    return IndexKey(column=column)


def _unique(conn: psycopg.Connection, idx: Index, pending: tuple[Column, ...]) -> Hazard | None:
    count, sample = unique_violations(conn, idx, pending)
    if not count:
        return None
    return Hazard(HazardCode.UNIQUE_MAY_FAIL, f"{count} colliding keys, e.g. {sample}")


def _replace_hazard(step: Step, code: HazardCode, detail: str | None) -> Step:
    """Set the detail of `code` on the step, or remove the hazard when detail is None."""
    hazards = tuple(
        h if h.code != code else Hazard(code, detail or "")
        for h in step.hazards
        if h.code != code or detail is not None
    )
    return Step(**{**step.__dict__, "hazards": hazards})
