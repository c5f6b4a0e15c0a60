"""The domains family: each spec domain created in the dev database with the enums (TYPES phase), before the
tables that use it; read back with the live query, so PostgreSQL renders its type, default and checks."""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql

from reconcile.catalog.sqltext import expr, sql_type
from reconcile.spec.model import Spec

from .families import Phase, Statement, register


def check_sql(name: str, expression: str) -> sql.Composed:
    return sql.SQL("CONSTRAINT {} CHECK {}").format(sql.Identifier(name), expr(expression))


def domain_sql(
    schema: str,
    name: str,
    base_type: str,
    not_null: bool,
    default: str,
    checks: Sequence[tuple[str, str]],
    collation: str = "",
) -> sql.Composed:
    """CREATE DOMAIN; the type, default and expressions are spec or catalog text parsed with pglast."""
    parts: list[sql.Composable] = [
        sql.SQL("CREATE DOMAIN {} AS {}").format(sql.Identifier(schema, name), sql_type(base_type))
    ]
    if collation:
        parts.append(sql.SQL("COLLATE {}").format(sql.Identifier(collation)))
    if default:
        parts.append(sql.SQL("DEFAULT {}").format(expr(default)))
    if not_null:
        parts.append(sql.SQL("NOT NULL"))
    parts += [check_sql(n, x) for n, x in checks]
    return sql.SQL(" ").join(parts)


@register(Phase.TYPES, "domains and composite types")
def domain_statements(spec: Spec) -> list[Statement]:
    """The domains, then the composite types (whose attributes may be of a domain)."""
    from .composites import composite_statements

    return [
        (
            (d.KIND, d.schema, d.name, "type"),
            domain_sql(
                d.schema,
                d.name,
                d.type,
                not d.nullable,
                d.default or "",
                [(c.name, c.expression) for c in d.checks],
                d.collation or "",
            ),
        )
        for d in spec.of("domain")
        if not d.absent
    ] + composite_statements(spec)
