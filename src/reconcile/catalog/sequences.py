"""Standalone sequences as the catalog holds them: data type and options (pg_sequence) and owning column."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register

_INTS = ("increment", "minvalue", "maxvalue", "start", "cache")
TYPES = ("smallint", "integer", "bigint")


def owner_parts(schema: str, owned_by: str) -> tuple[str, str, str]:
    """(schema, table, column) of an owner written `table.column` (in `schema`) or `schema.table.column`
    (the spec's longer form; the catalog reads the owner back as table.column)."""
    parts = owned_by.split(".")
    return (schema, parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[1], parts[2])


@register
@dataclass(frozen=True)
class Sequence(CatalogObject):
    KIND: ClassVar[str] = "sequence"
    increment: int = 1
    minvalue: int = 1
    maxvalue: int = 2**63 - 1
    start: int = 1
    cache: int = 1
    cycle: bool = False
    owned_by: str = ""  # "table.column" in the sequence's schema (PostgreSQL keeps the owner there)
    data_type: str = "bigint"  # smallint | integer | bigint

    def to_dict(self) -> dict[str, Any]:
        """`data_type` only when not bigint (a bigint sequence keeps its canonical form)."""
        out = dict(super().to_dict())
        return out if self.data_type != "bigint" else {k: v for k, v in out.items() if k != "data_type"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: exactly these fields, each of its type; an owner table.column."""
        fields = {"schema", "name", *_INTS, "cycle", "owned_by"}
        if set(data) - {"data_type"} != fields or data.get("data_type", "bigint") not in TYPES:
            raise ValueError("sequence: unexpected, missing or unknown fields")
        texts_ok = all(isinstance(data[k], str) for k in ("schema", "name", "owned_by"))
        ints_ok = all(isinstance(data[k], int) and not isinstance(data[k], bool) for k in _INTS)
        if not (texts_ok and ints_ok and isinstance(data["cycle"], bool)):
            raise ValueError(f"sequence {data.get('name')!r}: fields of the wrong type")
        if data["owned_by"] and data["owned_by"].count(".") != 1:
            raise ValueError(f"sequence {data['name']!r}: owned_by is not table.column")
        return cls(**data)


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "sequences.sql").read_text())


@reader("sequence")
def read_sequences(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    rows = conn.execute(_query(), {"schemas": [s for s, _ in names], "names": [n for _, n in names]}).fetchall()
    return [Sequence(*row) for row in rows]
