"""Compose DDL pieces from spec values with psycopg.sql, and run exactly one statement.

Identifiers always go through sql.Identifier. Types and expressions are SQL by nature: types are
checked against a strict character set and by PostgreSQL's type parser before use; expressions run
only through the extended protocol (one statement, no `;` smuggling) wrapped in parentheses.
"""

from __future__ import annotations

import re
from functools import lru_cache

import psycopg
from psycopg import sql

SERIAL_TYPES = {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"}
# a type name starts with a letter or a quoted identifier ("Role": how format_type writes a mixed-case
# type on the search path); a quoted identifier may hold any character but a lone quote
_QUOTED = r'"(?:[^"\x00]|"")++"'  # possessive: an inner "" never ends it (no backtracking)
_TYPE_TEXT = re.compile(rf"^(?:{_QUOTED}|[A-Za-z_])(?:{_QUOTED}|[A-Za-z0-9_ .(),\[\]])*$")


@lru_cache(maxsize=4096)  # pure, asked per column on every load and plan
def type_text_ok(type_name: str) -> bool:
    """No comments, quotes-in-quotes tricks or statement separators can hide in a type name."""
    return bool(_TYPE_TEXT.match(type_name)) and "--" not in type_name and type_name.count('"') % 2 == 0


def sql_type(type_name: str) -> sql.SQL:
    if not type_text_ok(type_name):
        raise ValueError(f"invalid type name {type_name!r}")
    return sql.SQL(type_name)  # noqa: S608 - validated above, and by regtype in normalize


def expr(text: str) -> sql.Composed:
    """An SQL expression, parenthesised; the newline ends any trailing `--` comment."""
    return sql.SQL("({}\n)").format(sql.SQL(text))


def execute_one(conn: psycopg.Connection, statement: sql.Composable) -> int:
    """Run one statement through the extended protocol (which refuses multi-statement text)."""
    with conn.cursor() as cur:
        cur.execute(statement, binary=True)  # type: ignore[call-overload]
        return cur.rowcount


def qualified(schema: str, name: str) -> sql.Identifier:
    return sql.Identifier(schema, name)


def ident_list(names: tuple[str, ...] | list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)
