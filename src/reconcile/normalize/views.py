"""The VIEWS family: each spec view and materialized view built in the dev database (matviews WITH NO DATA:
normalizing must never run the query)."""

from __future__ import annotations

from typing import Any

from pglast import ast, parser
from psycopg import sql

from reconcile.spec.model import Spec

from .families import Phase, Statement, register


def view_sql(
    kind: str, schema: str, name: str, query: str, options: tuple[str, ...], *, data: bool, or_replace: bool = False
) -> sql.Composed:
    """CREATE [MATERIALIZED] VIEW for a query already checked to be one plain SELECT (spec or catalog)."""
    target = sql.Identifier(schema, name)
    if kind == "materialized_view":
        tail = sql.SQL("" if data else "\nWITH NO DATA")
        return sql.SQL("CREATE MATERIALIZED VIEW {} AS\n{}\n{}").format(target, sql.SQL(query), tail)
    with_: sql.Composable = sql.SQL("")
    if options:
        pairs = [o.split("=", 1) for o in options]
        with_ = sql.SQL(" WITH ({})").format(
            sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in pairs)
        )
    verb = sql.SQL("CREATE OR REPLACE VIEW" if or_replace else "CREATE VIEW")
    return sql.SQL("{} {}{} AS\n{}\n").format(verb, target, with_, sql.SQL(query))


@register(Phase.VIEWS, "views")
def view_statements(spec: Spec) -> list[Statement]:
    """Views that read other spec views come after them (their queries name them: pglast)."""
    views = {(v.schema, v.name): v for kind in ("view", "materialized_view") for v in spec.of(kind)}
    if not views:
        return []
    import networkx as nx  # only a spec with views orders them (the import costs ~0.1 s)

    g = nx.DiGraph()
    g.add_nodes_from(views)
    for key, v in views.items():
        g.add_edges_from((read, key) for read in relations_read(v.query, v.schema) if read in views and read != key)
    try:
        order = list(nx.lexicographical_topological_sort(g))
    except nx.NetworkXUnfeasible:
        order = sorted(views)  # a cycle: PostgreSQL names it when the first view fails
    out: list[Statement] = []
    for key in order:
        v = views[key]
        stmt = view_sql(v.KIND, v.schema, v.name, v.query, v.options(), data=False)
        out.append(((v.KIND, v.schema, v.name, "query"), stmt))
        out += _index_statements(v)
    return out


def _index_statements(v: Any) -> list[Statement]:
    """A materialized view's indexes, after it (an index on a view WITH NO DATA builds at once)."""
    from .tables import index_sql

    target = sql.Identifier(v.schema, v.name)
    return [
        ((v.KIND, v.schema, v.name, "indexes", i), index_sql(idx, target))
        for i, idx in enumerate(getattr(v, "indexes", ()))
    ]


def relations_read(query: str, schema: str) -> set[tuple[str, str]]:
    """(schema, name) of the relations a query names; an unqualified name is taken in the view's schema
    and in public (a superset is harmless: it only orders)."""
    found: set[tuple[str, str]] = set()

    def walk(node: Any) -> None:
        if isinstance(node, tuple | list):
            for n in node:
                walk(n)
        elif isinstance(node, ast.RangeVar):
            names = [str(node.schemaname)] if node.schemaname else [schema, "public"]
            found.update((s, str(node.relname)) for s in names)
        elif isinstance(node, ast.Node):
            for name in getattr(node, "__slots__", ()):
                walk(getattr(node, name))

    walk(parser.parse_sql(query))
    return found
