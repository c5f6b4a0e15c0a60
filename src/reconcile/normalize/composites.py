"""Composite types in the dev database: built by the domains family (normalize/domains.py), which orders the
domains and composite types by what each is built from (one family orders both)."""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql

from reconcile.catalog.sqltext import sql_type
from reconcile.spec.model import Spec

from .families import Statement


def composite_sql(schema: str, name: str, attributes: Sequence[tuple[str, str]]) -> sql.Composed:
    attrs = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(a), sql_type(t)) for a, t in attributes)
    return sql.SQL("CREATE TYPE {} AS ({})").format(sql.Identifier(schema, name), attrs)


def composite_statements(spec: Spec) -> list[Statement]:
    return [
        (
            (c.KIND, c.schema, c.name, "attributes"),
            composite_sql(c.schema, c.name, [(a.name, a.type) for a in c.attributes]),
        )
        for c in spec.of("composite")
        if not c.absent
    ]
