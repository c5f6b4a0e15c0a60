"""Functions and procedures as the catalog holds them: PostgreSQL's own pg_get_functiondef rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reconcile.errors import ReconcileError

from .objects import CatalogObject, reader, register

_FIELDS = {"schema", "name", "definition", "identity", "arguments", "result"}
# pg_get_functiondef's first words: CREATE OR REPLACE FUNCTION schema.name( -- each name as quote_identifier
# writes it: bare when lower-case letters, digits and underscores, else double-quoted
_IDENT = r'(?:"(?:[^"]|"")*"|[a-z_][a-z0-9_]*)'
_HEADER = re.compile(rf"\A(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) ){_IDENT}\.{_IDENT}(?=\()")


@dataclass(frozen=True)
class _Routine(CatalogObject):
    definition: str = ""  # CREATE OR REPLACE FUNCTION ... as pg_get_functiondef renders it
    identity: str = ""  # pg_get_function_identity_arguments: "a integer, b text"
    arguments: str = ""  # pg_get_function_arguments: with defaults
    result: str = ""  # pg_get_function_result ("" for a procedure)

    def unnamed(self) -> _Routine:
        """The routine under no name: its definition without the schema.name pg_get_functiondef writes into
        it, so two routines that differ only by name (a rename) compare equal."""
        return replace(self, name="", definition=_HEADER.sub(r"\1", self.definition, count=1))

    def named_as(self, other: _Routine) -> _Routine:
        """This routine under `other`'s schema.name, as pg_get_functiondef wrote it into other's definition: a
        renamed routine's old body under its new name (the undo of a body change that follows the rename)."""
        head = _HEADER.match(other.definition)
        if head is None:
            return self
        definition = _HEADER.sub(lambda _: head.group(0), self.definition, count=1)
        return replace(self, schema=other.schema, name=other.name, definition=definition)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field a string, the definition exactly one CREATE FUNCTION, the
        identity arguments a valid argument list."""
        from reconcile.spec.routine_check import routine_problem

        if set(data) != _FIELDS or not all(isinstance(data[k], str) for k in _FIELDS):
            raise ValueError(f"{cls.KIND}: unexpected, missing or mistyped fields")
        text = data["definition"]
        problem = routine_problem(text, None, "")
        if problem:
            raise ValueError(f"{cls.KIND} {data['name']!r}: {problem}")
        probe = f"CREATE FUNCTION x({data['identity']}) RETURNS int LANGUAGE sql AS ''"
        if routine_problem(probe, None, ""):
            raise ValueError(f"{cls.KIND} {data['name']!r}: invalid arguments")
        return cls(**data)


@register
@dataclass(frozen=True)
class Function(_Routine):
    KIND: ClassVar[str] = "function"


@register
@dataclass(frozen=True)
class Procedure(_Routine):
    KIND: ClassVar[str] = "procedure"


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "functions.sql").read_text())


def _read(conn: psycopg.Connection, names: list[tuple[str, str]], cls: type[_Routine], prokind: str) -> list[Any]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names], "prokind": prokind}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), params).fetchall()
    seen: dict[tuple[str, str], str] = {}
    for r in rows:
        other = seen.setdefault((r["schema"], r["name"]), r["identity"])
        if other != r["identity"]:  # the spec names a routine by schema.name: one of each
            raise ReconcileError(
                f"{cls.KIND} {r['schema']}.{r['name']} is overloaded in the database ({r['name']}({other}) and"
                f" {r['name']}({r['identity']})); reconcile manages one routine per name: drop or rename the others"
            )
    return [
        cls(r["schema"], r["name"], r["definition"].strip(), r["identity"], r["arguments"], r["result"]) for r in rows
    ]


@reader("function")
def read_functions(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    return _read(conn, names, Function, "f")


@reader("procedure")
def read_procedures(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    return _read(conn, names, Procedure, "p")
