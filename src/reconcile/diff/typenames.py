"""Renamed types (enums, domains, composite types) seen through the live catalog: before the tables are
diffed, every type name the live side renders for a renamed type (a column's type, a cast in a default,
a CHECK or an index predicate, a composite's attribute, a domain's base type) is rewritten to the new
name, since ALTER TYPE|DOMAIN ... RENAME changes them all at once, in place.

Type names are found by PostgreSQL's grammar (pglast), never by text search: only a TypeName node
naming the old type is rewritten, at the offset the parser gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from pglast import keywords, parser

from reconcile.catalog.composites import Composite
from reconcile.catalog.domains import Domain
from reconcile.catalog.model import Catalog, Column, Constraint, Index, Table
from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.typerefs import type_name_nodes

TypeRenames = Mapping[tuple[str, str], str]  # (schema, old name) -> new name
_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*")
TYPE_KINDS = ("enum", "domain", "composite")  # the kinds whose rename renames a type every column sees
_QUOTED_WORDS = keywords.RESERVED_KEYWORDS | keywords.COL_NAME_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS


def quote_ident(name: str) -> str:
    """As PostgreSQL's quote_ident renders a name (unreserved keywords stay bare)."""
    if _PLAIN.fullmatch(name) and name not in _QUOTED_WORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def type_renames(
    current: Catalog, desired: Catalog, declared: Mapping[tuple[str, str, str], str]
) -> dict[tuple[str, str], str]:
    """(schema, old) -> new for each type the spec renames and the live database still holds under its old name."""
    return {
        (schema, old): new
        for (kind, schema, new), old in declared.items()
        if kind in TYPE_KINDS
        and current.get(kind, schema, old) is not None
        and current.get(kind, schema, new) is None
        and desired.get(kind, schema, new) is not None
    }


def _target(names: list[str], renames: TypeRenames) -> str | None:
    if len(names) == 2:
        return renames.get((names[0], names[1]))
    if len(names) != 1:
        return None
    hits = {new for (_, old), new in renames.items() if old == names[0]}
    return hits.pop() if len(hits) == 1 else None  # an old name two schemas rename is left alone


@lru_cache(maxsize=4096)
def _rewrite(prefix: str, text: str, renames: tuple[tuple[tuple[str, str], str], ...]) -> str:
    whole = prefix + text
    try:
        tree = [s.stmt(skip_none=True) for s in parser.parse_sql(whole) if s.stmt is not None]
        tokens = parser.scan(whole)
    except parser.ParseError:
        return text  # not ours to judge here: left as the catalog rendered it
    edits = []
    for names, location in type_name_nodes(tree):
        new = _target(names, dict(renames))
        first = next((i for i, t in enumerate(tokens) if t.start == location), None)
        if new is None or first is None:
            continue
        last = tokens[first + 2 * (len(names) - 1)]  # name ( '.' name )*: the type's own name is last
        edits.append((last.start, last.end + 1, quote_ident(new)))
    for start, end, new in sorted(edits, reverse=True):
        whole = whole[:start] + new + whole[end:]
    return whole[len(prefix) :]


def rename_in(text: str | None, renames: TypeRenames, *, prefix: str = "SELECT (") -> str | None:
    """`text` with the renamed types' names rewritten; `prefix` makes it parse as one statement."""
    if not text or not renames:
        return text
    suffix = "\n)" if prefix.endswith("(") else ""
    out = _rewrite(prefix, text + suffix, tuple(sorted(renames.items())))
    return out[: len(out) - len(suffix)] if suffix else out


def _column(col: Column, renames: TypeRenames) -> Column:
    return replace(
        col,
        type=_type(col.type, renames),
        default=rename_in(col.default, renames),
        generated=rename_in(col.generated, renames),
    )


def _table(table: Table, renames: TypeRenames) -> Table:
    return replace(table, columns=tuple(_column(c, renames) for c in table.columns))


def _index(idx: Index, renames: TypeRenames) -> Index:
    keys = tuple(replace(k, expression=rename_in(k.expression, renames)) if k.expression else k for k in idx.keys)
    return replace(idx, keys=keys, where=rename_in(idx.where, renames))


def _constraint(con: Constraint, renames: TypeRenames) -> Constraint:
    if not con.expression:
        return con
    return replace(con, expression=rename_in(con.expression, renames, prefix="ALTER TABLE t ADD "))


def _type(text: str, renames: TypeRenames) -> str:
    return rename_in(text, renames, prefix="SELECT NULL::") or text


def _object(obj: CatalogObject, renames: TypeRenames) -> CatalogObject:
    """A composite's attribute types, a domain's base type, default and checks."""
    if isinstance(obj, Composite):
        return replace(obj, attributes=tuple((n, _type(t, renames)) for n, t in obj.attributes))
    if isinstance(obj, Domain):
        checks = tuple((n, rename_in(x, renames) or x) for n, x in obj.checks)
        return replace(
            obj, base_type=_type(obj.base_type, renames), default=rename_in(obj.default, renames) or "", checks=checks
        )
    return obj


def renamed_types(current: Catalog, desired: Catalog, declared: Mapping[tuple[str, str, str], str]) -> Catalog:
    """The live catalog as it reads once the spec's type renames are applied (their columns are not retyped)."""
    renames = type_renames(current, desired, declared)
    if not renames:
        return current
    return replace(
        current,
        tables=tuple(_table(t, renames) for t in current.tables),
        indexes=tuple(_index(i, renames) for i in current.indexes),
        constraints=tuple(_constraint(c, renames) for c in current.constraints),
        objects=tuple(_object(o, renames) for o in current.objects),
    )
