"""Views and materialized views as the catalog holds them: PostgreSQL's own rendering of the query."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .model import Index
from .objects import CatalogObject, reader, register

_OPTION = re.compile(r"^(check_option=(local|cascaded)|security_barrier=(true|false)|security_invoker=(true|false))$")


@dataclass(frozen=True)
class _Relation(CatalogObject):
    """A view-like relation: its query, output columns (name, type), options, and what it reads."""

    definition: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    options: tuple[str, ...] = ()  # reloptions, sorted: "security_invoker=true" ...
    reads: tuple[tuple[str, str, str], ...] = ()  # (schema, relation, column or ""), sorted: for ordering

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "name": self.name,
            "definition": self.definition,
            "columns": [list(c) for c in self.columns],
            "options": list(self.options),
            "reads": [list(r) for r in self.reads],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field typed, the query exactly one plain SELECT, options known."""
        from reconcile.spec.expressions import query_problem

        if set(data) != {"schema", "name", "definition", "columns", "options", "reads"}:
            raise ValueError(f"{cls.KIND}: unexpected or missing fields")
        texts = [data["schema"], data["name"], data["definition"], *data["options"]]
        columns = [tuple(c) for c in data["columns"]]
        reads = [tuple(r) for r in data["reads"]]
        if not all(isinstance(t, str) for t in texts) or not all(
            len(c) == n and all(isinstance(x, str) for x in c) for n, rows in ((2, columns), (3, reads)) for c in rows
        ):
            raise ValueError(f"{cls.KIND} {data.get('name')!r}: fields of the wrong type")
        problem = query_problem(data["definition"])
        if problem:
            raise ValueError(f"{cls.KIND} {data['name']!r}: {problem}")
        if not all(_OPTION.match(o) for o in data["options"]):
            raise ValueError(f"{cls.KIND} {data['name']!r}: unknown option")
        return cls(
            data["schema"], data["name"], data["definition"], tuple(columns),
            tuple(data["options"]), tuple(reads),
        )  # fmt: skip


@register
@dataclass(frozen=True)
class View(_Relation):
    KIND: ClassVar[str] = "view"


@register
@dataclass(frozen=True)
class MaterializedView(_Relation):
    """`indexes`: as a table's (`table` is the view's name), sorted by name; listed only when there are any."""

    KIND: ClassVar[str] = "materialized_view"
    indexes: tuple[Index, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from .model import _index_dict

        data = super().to_dict()
        if self.indexes:
            data["indexes"] = [_index_dict(i) for i in self.indexes]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: the view's fields, and indexes that check as a table's (catalog/model.py)."""
        from .model import Catalog, _index_from

        rest = {k: v for k, v in data.items() if k != "indexes"}
        view = _Relation.from_dict.__func__(cls, rest)  # type: ignore[attr-defined]
        assert isinstance(view, MaterializedView)
        raw = data.get("indexes", [])
        if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
            raise ValueError(f"materialized view {view.name!r}: indexes are not a list of objects")
        indexes = tuple(_index_from(i) for i in raw)
        if any((i.schema, i.table) != (view.schema, view.name) or i.uses for i in indexes):
            raise ValueError(f"materialized view {view.name!r}: an index on another relation")
        _checked(Catalog(indexes=indexes), view.name)
        return replace(view, indexes=indexes)


def _checked(catalog: Any, name: str) -> None:
    from reconcile.errors import ReconcileError
    from reconcile.spec.expressions import check_catalog

    try:
        check_catalog(catalog, f"materialized view {name}")
    except ReconcileError as exc:
        raise ValueError(str(exc)) from None


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "views.sql").read_text())


def _read(conn: psycopg.Connection, names: list[tuple[str, str]], cls: type[_Relation], relkind: str) -> list[Any]:
    return [obj for _, obj in _read_with_oids(conn, names, cls, relkind)]


def _read_with_oids(
    conn: psycopg.Connection, names: list[tuple[str, str]], cls: type[_Relation], relkind: str
) -> list[tuple[int, Any]]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names], "relkind": relkind}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), params).fetchall()
    return [
        (r["oid"], cls(
            r["schema"],
            r["name"],
            definition=r["definition"].strip().removesuffix(";"),
            columns=tuple((a, t) for a, t in r["columns"]),
            options=tuple(r["options"]),
            reads=tuple(sorted((s, t, c) for s, t, c in r["reads"])),
        ))
        for r in rows
    ]  # fmt: skip


@reader("view")
def read_views(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    return _read(conn, names, View, "v")


@reader("materialized_view")
def read_materialized_views(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    """With their indexes, read by the tables' index query (one more query when there are any)."""
    from .introspect import index_from_row, query

    found = _read_with_oids(conn, names, MaterializedView, "m")
    if not found:
        return []
    views = [v for _, v in found]
    where = {oid: (v.schema, v.name) for oid, v in found}
    by_view: dict[tuple[str, str], list[Index]] = {}
    with conn.cursor(row_factory=dict_row) as cur:
        for r in cur.execute(query("indexes"), {"oids": list(where)}).fetchall():
            idx = replace(index_from_row(where[r["oid"]], r), uses=frozenset())
            by_view.setdefault((idx.schema, idx.table), []).append(idx)
    return [replace(v, indexes=tuple(sorted(by_view.get((v.schema, v.name), ()), key=lambda i: i.name))) for v in views]
