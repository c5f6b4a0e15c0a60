"""Rows made up from the target's statistics, for a role that may not read the rows themselves.

Sizes come from pg_class.reltuples; null fractions and distinct counts from pg_stats where the role
may see them (pg_stats shows only columns it may select), else from the column's keys and NOT NULL.
Row j of a key column holds value(j); a foreign key column holds a parent's value(j mod parent rows),
so keys and foreign keys agree. Rows colliding on a unique index are skipped (ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from reconcile.catalog.model import Catalog, Column, ConstraintType, Table

from .copy import TableCopy, parents_first, qualified, reset_sequences, snapshot, target_rows

DEFAULT_DISTINCT = 100


def value(type_: str, j: sql.Composable) -> sql.Composable | None:
    """An expression of `type_` that is distinct for each distinct integer `j`, or None if unsupported."""
    t = type_.lower()
    if t.endswith("serial") or t in ("integer", "bigint", "smallint"):
        return sql.SQL("(({j}) + 1)::{t}").format(j=j, t=sql.SQL("bigint" if "big" in t else "integer"))
    if t.startswith(("numeric", "real", "double")):
        return sql.SQL("(({}) + 1)::numeric").format(j)
    if t.startswith(("text", "character")):
        return sql.SQL("('v' || ({}))").format(j)
    if t.startswith(("timestamp", "date")):
        return sql.SQL("(timestamp '2024-01-01' + ({}) * interval '1 minute')").format(j)
    if t == "boolean":
        return sql.SQL("((({}) % 2) = 0)").format(j)
    if t == "uuid":
        return sql.SQL("md5(({})::text)::uuid").format(j)
    if t in ("json", "jsonb"):
        return sql.SQL("jsonb_build_object('v', {})").format(j)
    return None


def column_stats(target: psycopg.Connection, table: Table) -> dict[str, tuple[float, float]]:
    """column -> (null_frac, n_distinct) as far as pg_stats shows them to this role."""
    rows = target.execute(
        "SELECT attname, null_frac, n_distinct FROM pg_stats WHERE schemaname = %s AND tablename = %s",
        [table.schema, table.name],
    ).fetchall()
    return {name: (float(nf), float(nd)) for name, nf, nd in rows}


def synthesize(target: psycopg.Connection, copy: psycopg.Connection, catalog: Catalog, rows: int) -> list[TableCopy]:
    copies: list[TableCopy] = []
    sizes: dict[tuple[str, str], int] = {}
    with snapshot(target):
        plan = [(t, target_rows(target, t), column_stats(target, t)) for t in parents_first(catalog)]
    for table, reltuples, stats in plan:
        n = min(rows, int(reltuples)) if reltuples >= 0 else rows
        exprs = [_column_expr(catalog, table, col, n, stats.get(col.name), sizes) for col in table.columns]
        cols = [(c.name, e) for c, e in zip(table.columns, exprs, strict=True) if e is not None]
        if n > 0 and cols:
            insert = sql.SQL(
                "INSERT INTO {t} ({names}) SELECT {exprs} FROM generate_series(0, {last}) AS g(i)"
                " ON CONFLICT DO NOTHING"
            ).format(
                t=qualified(table),
                names=sql.SQL(", ").join(sql.Identifier(c) for c, _ in cols),
                exprs=sql.SQL(", ").join(e for _, e in cols),
                last=sql.Literal(n - 1),
            )
            n = copy.execute(insert).rowcount
        sizes[(table.schema, table.name)] = max(n, 0)
        copies.append(TableCopy(table.schema, table.name, max(n, 0), reltuples))
    reset_sequences(copy, catalog)
    return copies


def _column_expr(
    catalog: Catalog,
    table: Table,
    col: Column,
    n: int,
    stats: tuple[float, float] | None,
    sizes: dict[tuple[str, str], int],
) -> sql.Composable | None:
    i = sql.SQL("g.i")
    fk = _foreign_key_target(catalog, table, col.name)
    if fk is not None:
        parent_rows = sizes.get(fk, 0)
        if parent_rows <= 0:
            return None if not col.not_null else sql.SQL("NULL")
        j: sql.Composable = sql.SQL("((g.i * 7919) % {})").format(sql.Literal(parent_rows))
    elif _is_key(catalog, table, col.name):
        j = i
    else:
        distinct = _distinct(stats, n)
        j = sql.SQL("((g.i * 7919) % {})").format(sql.Literal(max(distinct, 1)))
    expr = value(col.type, j)
    if expr is None:
        return None if not col.not_null else sql.SQL("NULL")
    null_frac = stats[0] if stats and not col.not_null else 0.0
    if null_frac <= 0:
        return expr
    return sql.SQL("CASE WHEN (g.i * 104729) % 1000 < {} THEN NULL ELSE {} END").format(
        sql.Literal(int(null_frac * 1000)), expr
    )


def _distinct(stats: tuple[float, float] | None, n: int) -> int:
    if stats is None:
        return min(n, DEFAULT_DISTINCT)
    nd = stats[1]
    return int(-nd * n) if nd < 0 else int(min(nd, n))


def _is_key(catalog: Catalog, table: Table, column: str) -> bool:
    """A single-column primary key or unique constraint/index: every row distinct."""
    for c in catalog.constraints:
        if (c.schema, c.table) == (table.schema, table.name) and c.columns == (column,):
            if c.type in (ConstraintType.PRIMARY, ConstraintType.UNIQUE):
                return True
    for idx in catalog.indexes_of(table.schema, table.name):
        if idx.unique and len(idx.keys) == 1 and idx.keys[0].column == column:
            return True
    return False


def _foreign_key_target(catalog: Catalog, table: Table, column: str) -> tuple[str, str] | None:
    for c in catalog.constraints:
        if (c.schema, c.table) == (table.schema, table.name) and c.references and c.columns == (column,):
            if (c.references.schema, c.references.table) != (table.schema, table.name):
                return (c.references.schema, c.references.table)
    return None
