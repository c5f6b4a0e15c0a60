"""Standalone sequences as the catalog holds them: options (pg_sequence) and owning column."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register

_INTS = ("increment", "minvalue", "maxvalue", "start", "cache")


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
    owned_by: str = ""  # "table.column" in the sequence's schema

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: exactly these fields, each of its type."""
        fields = {"schema", "name", *_INTS, "cycle", "owned_by"}
        if set(data) != fields:
            raise ValueError("sequence: unexpected or missing fields")
        texts_ok = all(isinstance(data[k], str) for k in ("schema", "name", "owned_by"))
        ints_ok = all(isinstance(data[k], int) and not isinstance(data[k], bool) for k in _INTS)
        if not (texts_ok and ints_ok and isinstance(data["cycle"], bool)):
            raise ValueError(f"sequence {data.get('name')!r}: fields of the wrong type")
        return cls(**data)


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "sequences.sql").read_text())


@reader("sequence")
def read_sequences(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    rows = conn.execute(_query(), {"schemas": [s for s, _ in names], "names": [n for _, n in names]}).fetchall()
    return [Sequence(*row) for row in rows]
