"""The domains family: each spec domain and composite type created in the dev database with the enums (TYPES
phase), before the tables that use them, each after the types it is built from; read back with the live
query, so PostgreSQL renders its type, default and checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
    """The domains and composite types, each after the spec types it is built from (a domain over a
    composite, a composite with a domain attribute, a domain over a domain)."""
    from .composites import composite_statements

    domains = [
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
    ]
    return built_in_order(spec, domains + composite_statements(spec))


def _uses(obj: Any) -> list[str]:
    return [obj.type] if obj.KIND == "domain" else [a.type for a in obj.attributes]


def built_in_order(spec: Spec, statements: list[Statement]) -> list[Statement]:
    """`statements` (one per domain or composite, keyed by its spec path) in dependency order, ties in
    their given order; a cycle is left to PostgreSQL to report, naming the statement it fails."""
    if len(statements) < 2:
        return statements  # nothing to order (and no networkx import, ~0.1 s, for a spec of tables)
    import networkx as nx

    from reconcile.catalog.typerefs import type_refs

    objects = [o for kind in ("domain", "composite") for o in spec.of(kind) if not o.absent]
    by_name: dict[str, list[tuple[str, str]]] = {}
    for o in objects:
        by_name.setdefault(o.name, []).append((o.schema, o.name))
    g = nx.DiGraph()
    order = {path[1:3]: n for n, (path, _) in enumerate(statements)}
    g.add_nodes_from(order)
    for o in objects:
        for ref, name in (r for text in _uses(o) for r in type_refs(text)):
            for used in [(ref, name)] if ref else by_name.get(name, []):
                if used in order and used != (o.schema, o.name):
                    g.add_edge(used, (o.schema, o.name))
    try:
        ranked = {n: i for i, n in enumerate(nx.lexicographical_topological_sort(g, key=order.__getitem__))}
    except nx.NetworkXUnfeasible:
        return statements
    return sorted(statements, key=lambda s: ranked[s[0][1:3]])
