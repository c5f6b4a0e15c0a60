"""Views and materialized views as the catalog holds them: PostgreSQL's own rendering of the query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

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
    KIND: ClassVar[str] = "materialized_view"


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "views.sql").read_text())


def _read(conn: psycopg.Connection, names: list[tuple[str, str]], cls: type[_Relation], relkind: str) -> list[Any]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names], "relkind": relkind}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), params).fetchall()
    return [
        cls(
            r["schema"],
            r["name"],
            definition=r["definition"].strip().removesuffix(";"),
            columns=tuple((a, t) for a, t in r["columns"]),
            options=tuple(r["options"]),
            reads=tuple(sorted((s, t, c) for s, t, c in r["reads"])),
        )
        for r in rows
    ]


@reader("view")
def read_views(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    return _read(conn, names, View, "v")


@reader("materialized_view")
def read_materialized_views(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    return _read(conn, names, MaterializedView, "m")
