"""The SCHEMAS and TYPES families: the spec's schemas and enum types, built before the tables that use them."""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql

from reconcile.spec.model import Spec

from .families import Phase, Statement, register


def schema_sql(name: str, *, if_not_exists: bool = False) -> sql.Composed:
    return sql.SQL("CREATE SCHEMA {}{}").format(
        sql.SQL("IF NOT EXISTS " if if_not_exists else ""), sql.Identifier(name)
    )


def enum_sql(schema: str, name: str, values: Sequence[str]) -> sql.Composed:
    labels = sql.SQL(", ").join(sql.Literal(v) for v in values)
    return sql.SQL("CREATE TYPE {} AS ENUM ({})").format(sql.Identifier(schema, name), labels)


@register(Phase.SCHEMAS, "namespaces")
def namespace_statements(spec: Spec) -> list[Statement]:
    """IF NOT EXISTS: the dev database already holds every schema the spec names."""
    return [((o.KIND, o.schema, o.name), schema_sql(o.name, if_not_exists=True)) for o in spec.of("namespace")]


@register(Phase.TYPES, "enums")
def enum_statements(spec: Spec) -> list[Statement]:
    return [((o.KIND, o.schema, o.name, "values"), enum_sql(o.schema, o.name, o.values)) for o in spec.of("enum")]
