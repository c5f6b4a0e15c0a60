"""CREATE TABLE of a spec table: plain, partitioned (PARTITION BY) or a partition (PARTITION OF).

Partitions are built after their parents. The key and the bounds were parsed by pglast when the
spec was loaded (spec/partitions.py): exactly column names, one expression, one bound clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from psycopg import sql

from reconcile.catalog.sqltext import expr
from reconcile.spec.model import TableSpec
from reconcile.spec.partitions import PartitionBySpec


def create_sql(table: TableSpec, target: sql.Identifier) -> sql.Composed:
    from .tables import column_sql

    if table.partition_of is not None:
        parent = table.parent()
        assert parent is not None and table.bounds is not None
        stmt = sql.SQL("CREATE TABLE {} PARTITION OF {} {}").format(
            target, sql.Identifier(*parent), sql.SQL(table.bounds)
        )
    else:
        columns = sql.SQL(", ").join(column_sql(c) for c in table.columns)
        stmt = sql.SQL("CREATE TABLE {} ({})").format(target, columns)
    if table.partition_by is not None:
        stmt += sql.SQL(" PARTITION BY {}").format(key_sql(table.partition_by))
    return stmt


def key_sql(key: PartitionBySpec) -> sql.Composed:
    if key.expression is not None:
        keys: sql.Composable = expr(key.expression)
    else:
        keys = sql.SQL(", ").join(sql.Identifier(c) for c in key.columns)
    return sql.SQL("{} ({})").format(sql.SQL(key.strategy.upper()), keys)


def parents_first(tables: Iterable[TableSpec]) -> list[TableSpec]:
    """File order, except that a partition comes after its parent (at any depth)."""
    tables = list(tables)
    by_name = {(t.schema, t.table): t for t in tables}

    def depth(t: TableSpec) -> int:
        n, seen = 0, {(t.schema, t.table)}
        parent = t.parent()
        while parent is not None and parent in by_name and parent not in seen:
            seen.add(parent)
            n, parent = n + 1, by_name[parent].parent()
        return n

    return sorted(tables, key=depth)


def lineage(texts: Mapping[tuple[str, str], tuple[TableSpec, str]], table: TableSpec) -> list[str]:
    """The spec text of a partition's ancestors: what its built columns depend on (memo keys).
    `texts`: every spec table with its spec text, by name (built once for all tables)."""
    out: list[str] = []
    parent = table.parent()
    while parent is not None and parent in texts and len(out) < len(texts):
        spec, text = texts[parent]
        out.append(text)
        parent = spec.parent()
    return out
