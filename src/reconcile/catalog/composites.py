"""Composite types as the catalog holds them: their attributes (name, type) in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register


@register
@dataclass(frozen=True)
class Composite(CatalogObject):
    KIND: ClassVar[str] = "composite"
    attributes: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = field(default=(), compare=False)  # table columns of this type: not its identity

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "name": self.name, "attributes": [list(a) for a in self.attributes]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field typed, every attribute type a valid type name."""
        from reconcile.catalog.sqltext import type_text_ok

        if set(data) != {"schema", "name", "attributes"} or not isinstance(data["attributes"], list):
            raise ValueError("composite: unexpected or missing fields")
        attrs = [tuple(a) for a in data["attributes"]]
        if not all(isinstance(data[k], str) for k in ("schema", "name")) or not all(
            len(a) == 2 and all(isinstance(x, str) for x in a) and type_text_ok(a[1]) for a in attrs
        ):
            raise ValueError(f"composite {data.get('name')!r}: fields of the wrong type")
        return cls(data["schema"], data["name"], tuple((n, t) for n, t in attrs))


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "composites.sql").read_text())


@reader("composite")
def read_composites(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names]}
    rows = conn.execute(_query(), params).fetchall()
    return [Composite(s, n, tuple((a[0], a[1]) for a in attrs), tuple(cols)) for s, n, attrs, cols in rows]
