"""Triggers on managed tables as the catalog holds them: PostgreSQL's pg_get_triggerdef rendering.

A trigger's object name is "table.trigger" (trigger names are unique per table, not per schema).
Only tables whose spec declares `triggers:` have their triggers read: declaring the key manages all
of that table's triggers, so an undeclared one is dropped (under --allow-drop trigger).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .objects import CatalogObject, reader, register

ALL = "*"  # reader name "table.*": every trigger of the table
_FIELDS = {"schema", "name", "table", "trigger", "definition", "function"}


@register
@dataclass(frozen=True)
class Trigger(CatalogObject):
    KIND: ClassVar[str] = "trigger"
    table: str = ""
    trigger: str = ""
    definition: str = ""  # CREATE TRIGGER ... as pg_get_triggerdef renders it
    function: str = ""  # "schema.name" of the function it executes

    @property
    def parts(self) -> tuple[str, str]:
        """(table, trigger): what a Change is addressed by."""
        return (self.table, self.trigger)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field text, the definition exactly one plain CREATE TRIGGER."""
        if set(data) != _FIELDS or not all(isinstance(data[k], str) for k in _FIELDS):
            raise ValueError("trigger: unexpected, missing or mistyped fields")
        if data["name"] != f"{data['table']}.{data['trigger']}":
            raise ValueError(f"trigger {data['name']!r}: name is not table.trigger")
        problem = trigger_problem(data["definition"])
        if problem:
            raise ValueError(f"trigger {data['name']!r}: {problem}")
        return cls(**data)


def trigger_problem(text: str) -> str | None:
    """Why `text` is not exactly one CREATE TRIGGER (no constraint trigger, no OR REPLACE), or None."""
    from pglast import ast, parser
    from pglast.parser import ParseError

    try:
        stmts = parser.parse_sql(text)
    except ParseError as exc:
        return f"not valid SQL: {exc}"
    if len(stmts) != 1 or not isinstance(stmts[0].stmt, ast.CreateTrigStmt):
        return "not exactly one CREATE TRIGGER"
    stmt = stmts[0].stmt
    if stmt.isconstraint or stmt.replace:
        return "not a plain CREATE TRIGGER"
    return None


def key_name(table: str, trigger: str) -> str:
    return f"{table}.{trigger}"


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "triggers.sql").read_text())


@reader("trigger")
def read_triggers(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    """`names`: (schema, "table.*") for each table whose triggers are managed."""
    from reconcile.recovery.table_archive import SCHEMA as ARCHIVE

    tables = sorted({(s, n.rpartition(".")[0]) for s, n in names if n.endswith("." + ALL)})
    params = {"schemas": [s for s, _ in tables], "tables": [t for _, t in tables], "archive": ARCHIVE}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), params).fetchall()
    return [
        Trigger(r["schema"], key_name(r["table_name"], r["trigger"]), r["table_name"], r["trigger"],
                r["definition"], r["function"])
        for r in rows
    ]  # fmt: skip
