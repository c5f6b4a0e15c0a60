"""The type names a piece of SQL text names, found by PostgreSQL's grammar (pglast), never by text search:
each TypeName node's (names, location). Used to order types after the types they are built from, and to
rewrite a renamed type's name in place (diff/typenames.py)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pglast import parser


def type_name_nodes(node: Any) -> list[tuple[list[str], int]]:
    """(names, location) of every TypeName in a pglast node tree, as plain dicts."""
    if isinstance(node, (list, tuple)):
        return [found for item in node for found in type_name_nodes(item)]
    if not isinstance(node, dict):
        return []
    here = []
    if node.get("@") == "TypeName" and "location" in node:
        here.append(([n.get("sval", "") for n in node.get("names", ())], node["location"]))
    return here + [found for value in node.values() for found in type_name_nodes(value)]


@lru_cache(maxsize=4096)
def type_refs(type_text: str) -> tuple[tuple[str | None, str], ...]:
    """(schema or None, name) of the types a type's text names: `billing.amount[]` -> (billing, amount).
    Built-in names (`integer`, `pg_catalog.int4`) come out too; they match no managed type."""
    try:
        tree = [s.stmt(skip_none=True) for s in parser.parse_sql(f"SELECT NULL::{type_text}") if s.stmt is not None]
    except parser.ParseError:
        return ()
    out: list[tuple[str | None, str]] = []
    for names, _ in type_name_nodes(tree):
        if len(names) == 1:
            out.append((None, names[0]))
        elif len(names) == 2:
            out.append((names[0], names[1]))
    return tuple(out)
