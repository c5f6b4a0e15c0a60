"""Row digests of the copy by primary key: the rollback must bring every copied row back to its values."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from reconcile.catalog.model import Catalog, ConstraintType

Digests = dict[str, dict[str, str]]  # "schema.table" -> primary key text -> md5 of the row as jsonb


@dataclass(frozen=True)
class Comparison:
    checked: int  # rows compared
    differ: int  # rows changed or missing after the rollback
    example: str = ""  # "schema.table key" of one of them


def digests(conn: psycopg.Connection, catalog: Catalog) -> Digests:
    """Every row of every table with a primary key, over the catalog's columns (as jsonb, so a column
    restored at the end of the table compares equal)."""
    out: Digests = {}
    for c in catalog.constraints:
        table = catalog.table(c.schema, c.table)
        if c.type != ConstraintType.PRIMARY or table is None:
            continue
        columns = [col.name for col in table.columns]
        key = sql.SQL("concat_ws(',', {})").format(
            sql.SQL(", ").join(sql.SQL("t.{}::text").format(sql.Identifier(k)) for k in c.columns)
        )
        row = sql.SQL("(SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(t)) WHERE key = ANY({}))").format(
            sql.Literal(columns)
        )
        q = sql.SQL("SELECT {}, md5({}::text) FROM {} t").format(key, row, sql.Identifier(c.schema, c.table))
        out[f"{c.schema}.{c.table}"] = dict(conn.execute(q).fetchall())
    return out


def compare(before: Digests, after: Digests) -> Comparison:
    """Rows of `before` missing or different in `after` (rows added since are not counted)."""
    checked = differ = 0
    example = ""
    for table, rows in sorted(before.items()):
        now = after.get(table, {})
        for key, digest in rows.items():
            checked += 1
            if now.get(key) != digest:
                differ += 1
                example = example or f"{table} ({key})"
    return Comparison(checked, differ, example)
