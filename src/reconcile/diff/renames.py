"""Renames: objects that differ only by name, and old names the spec declares (`renamed_from:`).

A RENAME is metadata only: values, indexes and validated constraints are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from reconcile.catalog.model import Catalog, Constraint, Index, Table

from .change import Action, Change, Kind

T = TypeVar("T")


def pair_renames(
    have: Iterable[T],
    want: Iterable[T],
    name: Callable[[T], str],
    same_but_name: Callable[[T, T], bool],
    declared: Mapping[str, str] | None = None,
) -> list[tuple[T, T]]:
    """(live, wanted) pairs: a live object no wanted one names, and a wanted object no live one names,
    either declared (`renamed_from`: new -> old, whatever their definitions) or equal but for the name.
    One to one, deterministic: declared pairs first, then candidates in name order."""
    have, want = list(have), list(want)
    wanted_names = {name(o) for o in want}
    live_names = {name(o) for o in have}
    spare = sorted((o for o in have if name(o) not in wanted_names), key=name)
    todo = sorted((o for o in want if name(o) not in live_names), key=name)
    pairs: list[tuple[T, T]] = []
    declared = declared or {}
    for matches in (lambda cur, obj: name(cur) == declared.get(name(obj)), same_but_name):
        for obj in list(todo):
            match = next((cur for cur in spare if matches(cur, obj)), None)
            if match is not None:
                spare.remove(match)
                todo.remove(obj)
                pairs.append((match, obj))
    return pairs


@dataclass(frozen=True)
class Renames:
    """The old names a spec declares (`renamed_from:`), by the new name: (schema, table[, name]) -> old name.

    Columns, indexes and constraints are keyed by their table's new name."""

    tables: Mapping[tuple[str, str], str] = field(default_factory=dict)
    columns: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    indexes: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    constraints: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    objects: Mapping[tuple[str, str, str], str] = field(default_factory=dict)  # (kind, schema, new) -> old

    def on(self, which: Mapping[tuple[str, str, str], str], schema: str, table: str) -> dict[str, str]:
        """new name -> old name of one table's columns, indexes or constraints."""
        return {new: old for (s, t, new), old in which.items() if (s, t) == (schema, table)}

    def to_rows(self) -> tuple[tuple[str, ...], ...]:
        """(what, *key, old name) rows, sorted: what a plan records so that apply re-derives it."""
        rows = [("table", *k, old) for k, old in self.tables.items()]
        for what in ("columns", "indexes", "constraints", "objects"):
            rows += [(what, *k, old) for k, old in getattr(self, what).items()]
        return tuple(sorted(rows))

    @classmethod
    def from_rows(cls, rows: Iterable[Any]) -> Renames:
        """`rows` are untrusted (a plan file): ValueError unless they are what `to_rows` writes."""
        out: dict[str, dict[tuple[str, ...], str]] = {w: {} for w in _SIZES}
        for row in rows:
            if not isinstance(row, list | tuple) or not all(isinstance(x, str) for x in row):
                raise ValueError("renames: expected rows of texts")
            if not row or _SIZES.get(row[0]) != len(row):
                raise ValueError(f"renames: unexpected row {list(row[:1])}")
            out[row[0]][tuple(row[1:-1])] = row[-1]
        t, c, i, k, o = (out[w] for w in _SIZES)
        return cls(t, c, i, k, o)  # type: ignore[arg-type]


# a row's first word -> its length (a table is keyed by schema and name, the others by three names)
_SIZES = {"table": 4, "columns": 5, "indexes": 5, "constraints": 5, "objects": 5}

NO_RENAMES = Renames()


def renamed_tables(current: Catalog, desired: Catalog, renames: Renames) -> tuple[Catalog, list[Change]]:
    """RENAME a live table the spec declares under a new name; the live catalog as it is afterwards."""
    changes: list[Change] = []
    for (schema, new), old in sorted(renames.tables.items()):
        live, want = current.table(schema, old), desired.table(schema, new)
        if live is None or want is None or current.table(schema, new) is not None:
            continue  # already renamed, or nothing to rename
        changes.append(Change(Action.RENAME, Kind.TABLE, schema, new, new, before=live, after=want))
        current = _retable(current, schema, old, new)
    return current, changes


def renamed_columns(current: Catalog, desired: Catalog, renames: Renames) -> tuple[Catalog, list[Change]]:
    """RENAME COLUMN where the spec says so (values kept); the live catalog as it is afterwards."""
    changes: list[Change] = []
    for (schema, table, new), old in sorted(renames.columns.items()):
        live, want = current.table(schema, table), desired.table(schema, table)
        if live is None or want is None or live.column(old) is None or live.column(new) is not None:
            continue
        col, wanted = live.column(old), want.column(new)
        if wanted is None:
            continue
        changes.append(Change(Action.RENAME, Kind.COLUMN, schema, table, new, before=col, after=wanted))
        current = _recolumn(current, schema, table, old, new)
    return current, changes


def _retable(cat: Catalog, schema: str, old: str, new: str) -> Catalog:
    def moved(obj: Any) -> Any:
        return replace(obj, table=new) if (obj.schema, obj.table) == (schema, old) else obj

    def ref(con: Constraint) -> Constraint:
        r = con.references
        if r is not None and (r.schema, r.table) == (schema, old):
            con = replace(con, references=replace(r, table=new))
        return moved(con)

    return replace(
        cat,
        tables=tuple(replace(t, name=new) if (t.schema, t.name) == (schema, old) else t for t in cat.tables),
        indexes=tuple(moved(i) for i in cat.indexes),
        constraints=tuple(ref(c) for c in cat.constraints),
    )


def _recolumn(cat: Catalog, schema: str, table: str, old: str, new: str) -> Catalog:
    def name(c: str) -> str:
        return new if c == old else c

    def names(cols: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name(c) for c in cols)

    def index(i: Index) -> Index:
        if (i.schema, i.table) != (schema, table):
            return i
        keys = tuple(replace(k, column=name(k.column)) if k.column else k for k in i.keys)
        return replace(i, keys=keys, include=names(i.include), uses=frozenset(name(c) for c in i.uses))

    def constraint(c: Constraint) -> Constraint:
        r = c.references
        if r is not None and (r.schema, r.table) == (schema, table):
            c = replace(c, references=replace(r, columns=names(r.columns)))
        return replace(c, columns=names(c.columns)) if (c.schema, c.table) == (schema, table) else c

    def tab(t: Table) -> Table:
        if (t.schema, t.name) != (schema, table):
            return t
        return replace(t, columns=tuple(replace(c, name=new) if c.name == old else c for c in t.columns))

    return replace(
        cat,
        tables=tuple(tab(t) for t in cat.tables),
        indexes=tuple(index(i) for i in cat.indexes),
        constraints=tuple(constraint(c) for c in cat.constraints),
    )
