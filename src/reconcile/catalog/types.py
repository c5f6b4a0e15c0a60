"""Schemas and enum types as the catalog holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .objects import CatalogObject, reader, register

Use = tuple[str, str, str, str, str]  # (schema, table, column, default as PostgreSQL renders it or "", "[]" or "")


@register
@dataclass(frozen=True)
class Namespace(CatalogObject):
    """A schema; its `schema` is its own name."""

    KIND: ClassVar[str] = "namespace"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        if set(data) != {"schema", "name"} or data["schema"] != data["name"] or not isinstance(data["name"], str):
            raise ValueError("namespace: fields of the wrong shape")
        return cls(data["name"], data["name"])


@register
@dataclass(frozen=True)
class Enum(CatalogObject):
    """An enum type: its values in sort order. `columns` (the table columns of this type) is what a
    recreate converts, `used_by` what else uses the type (constraints, index predicates, views, functions),
    which planning reads again from pg_depend (plan/dependents.py); neither is part of the type's identity,
    so they never make a difference."""

    KIND: ClassVar[str] = "enum"
    values: tuple[str, ...] = ()
    columns: tuple[Use, ...] = field(default=(), compare=False)
    used_by: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"schema": self.schema, "name": self.name, "values": list(self.values)}
        if self.columns:
            data["columns"] = [list(c) for c in self.columns]
        if self.used_by:
            data["used_by"] = list(self.used_by)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field typed; a column's default is checked as one expression."""
        if not {"schema", "name", "values"} <= set(data) <= {"schema", "name", "values", "columns", "used_by"}:
            raise ValueError("enum: unexpected or missing fields")
        texts = [data["schema"], data["name"], *data["values"], *data.get("used_by", [])]
        if not all(isinstance(t, str) for t in texts):
            raise ValueError(f"enum {data.get('name')!r}: fields of the wrong type")
        columns = enum_columns(data)
        used_by = tuple(data.get("used_by", []))
        return cls(data["schema"], data["name"], tuple(data["values"]), columns, used_by)


def enum_columns(data: dict[str, Any], kind: str = "enum") -> tuple[Use, ...]:
    """The `columns` of an untrusted enum or domain: five texts each, a default checked as one expression."""
    from reconcile.spec.expressions import expression_problem

    raw = data.get("columns", [])
    columns = [tuple(c) for c in raw] if isinstance(raw, list) and all(isinstance(c, list) for c in raw) else None
    if columns is None or not all(
        len(c) == 5 and all(isinstance(x, str) for x in c) and c[4] in ("", "[]") for c in columns
    ):
        raise ValueError(f"{kind} {data.get('name')!r}: fields of the wrong type")
    for c in columns:
        if c[3] and expression_problem(c[3]):
            raise ValueError(f"{kind} {data['name']!r}: the default of {c[1]}.{c[2]} is not one expression")
    return tuple((s, t, n, d, a) for s, t, n, d, a in columns)


@cache
def _query(name: str) -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", f"{name}.sql").read_text())


def _params(names: list[tuple[str, str]]) -> dict[str, list[str]]:
    return {"schemas": [s for s, _ in names], "names": [n for _, n in names]}


@reader("namespace")
def read_namespaces(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    rows = conn.execute(_query("namespaces"), _params(names)).fetchall()
    return [Namespace(r[0], r[0]) for r in rows]


@reader("enum")
def read_enums(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query("enums"), _params(names)).fetchall()
    return [
        Enum(
            r["schema"],
            r["name"],
            tuple(r["values"]),
            tuple((s, t, c, d, a) for s, t, c, d, a in r["columns"]),
            tuple(sorted(r["used_by"])),
        )
        for r in rows
    ]
