"""What a spec cannot express yet: `Skipped` items, read with one catalog query (sql/unsupported.sql)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reconcile.normalize.build import default_name


class Effect(StrEnum):
    """What import writes instead of the object."""

    NONE = ""  # the rest is written; only the named property is lost
    TABLE = "table"  # the whole table is left out
    DEFAULT = "default"  # the column is written without its default (a generation expression)
    CONSTRAINT = "constraint"  # the constraint is left out


@dataclass(frozen=True, order=True)
class Skipped:
    """One object, or one property of an object, that the written spec does not carry."""

    kind: str
    schema: str
    name: str
    table: str | None = None
    note: str = ""
    effect: Effect = Effect.NONE

    @property
    def whole_schema(self) -> bool:
        return self.kind in ("schema privileges", "schema comment")

    def line(self) -> str:
        where = self.name if self.whole_schema else f"{self.schema}.{self.name}"
        if self.table and not self.name.startswith(f"{self.table}.") and self.name != self.table:
            where += f" on {self.schema}.{self.table}"
        return f"{self.kind}: {where}" + (f" ({self.note})" if self.note else "")


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "unsupported.sql").read_text())


def unsupported(conn: psycopg.Connection, schemas: list[str]) -> list[Skipped]:
    """Everything in `schemas` a spec cannot express, sorted. Run inside the import's snapshot."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), {"schemas": schemas}).fetchall()
    return sorted(_skipped(r) for r in rows if not _is_default_name(r))


def _skipped(r: dict[str, Any]) -> Skipped:
    return Skipped(r["kind"], r["schema"], r["name"], r["table"], r["note"] or "", Effect(r["effect"] or ""))


def _is_default_name(r: dict[str, Any]) -> bool:
    """Rows that only matter when PostgreSQL would not have chosen the object's name itself."""
    if r["default_of"] is None:
        return False
    table, *columns, label = r["default_of"] if isinstance(r["default_of"], list) else json.loads(r["default_of"])
    return bool(r["name"] == default_name(table, columns, label))
