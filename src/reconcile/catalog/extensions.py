"""Extensions as the catalog holds them: name, the schema they are installed in, version.

An extension's name is unique in a database, so the reader finds it whatever schema the spec
names; a different schema is then planned as a move (diff/extensions.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register

_VERSION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,62})?$")


@register
@dataclass(frozen=True)
class Extension(CatalogObject):
    """`version` "": the spec names none, so whichever is installed matches."""

    KIND: ClassVar[str] = "extension"
    version: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: exactly these text fields, a plain version."""
        if set(data) != {"schema", "name", "version"} or not all(isinstance(v, str) for v in data.values()):
            raise ValueError("extension: unexpected, missing or mistyped fields")
        if not _VERSION.match(data["version"]):
            raise ValueError(f"extension {data['name']!r}: not a plain version")
        return cls(data["schema"], data["name"], data["version"])


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "extensions.sql").read_text())


@reader("extension")
def read_extensions(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    rows = conn.execute(_query(), {"names": sorted({n for _, n in names})}).fetchall()
    return [Extension(schema, name, version) for schema, name, version in rows]
