"""Composite types as the catalog holds them: their attributes (name, type) in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register
from .types import Use, enum_columns


@register
@dataclass(frozen=True)
class Composite(CatalogObject):
    KIND: ClassVar[str] = "composite"
    attributes: tuple[tuple[str, str], ...] = ()
    # the table columns of this type (as an enum's), which an attribute retype converts: not its identity
    columns: tuple[Use, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": self.schema,
            "name": self.name,
            "attributes": [list(a) for a in self.attributes],
        }
        if self.columns:
            data["columns"] = [list(c) for c in self.columns]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field typed, every attribute type a valid type name."""
        from reconcile.catalog.sqltext import type_text_ok

        fields = {"schema", "name", "attributes"}
        if not fields <= set(data) <= fields | {"columns"} or not isinstance(data["attributes"], list):
            raise ValueError("composite: unexpected or missing fields")
        attrs = [tuple(a) for a in data["attributes"]]
        if not all(isinstance(data[k], str) for k in ("schema", "name")) or not all(
            len(a) == 2 and all(isinstance(x, str) for x in a) and type_text_ok(a[1]) for a in attrs
        ):
            raise ValueError(f"composite {data.get('name')!r}: fields of the wrong type")
        return cls(data["schema"], data["name"], tuple((n, t) for n, t in attrs), enum_columns(data, "composite"))


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "composites.sql").read_text())


@reader("composite")
def read_composites(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names]}
    rows = conn.execute(_query(), params).fetchall()
    return [
        Composite(s, n, tuple((a[0], a[1]) for a in attrs), tuple((c[0], c[1], c[2], c[3], c[4]) for c in cols))
        for s, n, attrs, cols in rows
    ]
