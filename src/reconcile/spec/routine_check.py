"""A spec routine's CREATE statement, parsed with pglast: exactly one CREATE FUNCTION/PROCEDURE.

The body of a string-bodied routine is a literal and cannot escape it; an SQL-standard body is SQL
text, so the whole composed statement must parse as one CreateFunctionStmt with that body.
PL/pgSQL bodies are parsed too, so a syntax error is a file:line error rather than an apply failure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pglast import ast, parse_plpgsql, parser


def check_routine(r: Any) -> None:
    from reconcile.normalize.functions import routine_sql

    problem = routine_problem(routine_sql(r).as_string(), r.sql_standard(), r.language)
    if problem:
        raise ValueError(problem)


@lru_cache(maxsize=1024)
def routine_problem(text: str, sql_standard: bool | None, language: str) -> str | None:
    """Why `text` is not exactly one CREATE FUNCTION/PROCEDURE (with an SQL-standard body or not, when said)."""
    try:
        stmts = parser.parse_sql(text)
    except parser.ParseError as exc:
        return f"not a valid function: {exc.args[0] if exc.args else exc}"
    if len(stmts) != 1 or not isinstance(stmts[0].stmt, ast.CreateFunctionStmt):
        return "not exactly one CREATE FUNCTION statement"
    if sql_standard is not None and sql_standard != (stmts[0].stmt.sql_body is not None):
        return "the body is not one SQL-standard BEGIN ATOMIC ... END or RETURN"
    if language == "plpgsql":
        try:
            parse_plpgsql(text)
        except Exception as exc:  # noqa: BLE001 - pglast raises its own kinds; any is a bad body
            return f"not a valid PL/pgSQL body: {exc.args[0] if exc.args else exc}"
    return None
