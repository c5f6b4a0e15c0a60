"""The FUNCTIONS family: each spec function and procedure created in the dev database.

String bodies are passed as literals with check_function_bodies off, so they may read tables built
later. An SQL-standard body (BEGIN ATOMIC / RETURN) is parsed at creation and needs what it reads:
those are created after the tables.
"""

from __future__ import annotations

from typing import Any

from psycopg import sql

from reconcile.catalog.sqltext import expr, sql_type
from reconcile.spec.model import Spec

from .families import Phase, Statement, register

_VOLATILITY = {"volatile": "VOLATILE", "stable": "STABLE", "immutable": "IMMUTABLE"}
_PARALLEL = {"restricted": "PARALLEL RESTRICTED", "safe": "PARALLEL SAFE"}
_MODE = {"in": "", "out": "OUT ", "inout": "INOUT ", "variadic": "VARIADIC "}


def _argument(a: Any) -> sql.Composed:
    parts: list[sql.Composable] = [sql.SQL(_MODE[a.mode])]
    if a.name:
        parts += [sql.Identifier(a.name), sql.SQL(" ")]
    parts.append(sql_type(a.type))
    if a.default is not None:
        parts += [sql.SQL(" DEFAULT "), expr(a.default)]
    return sql.Composed(parts)


def routine_sql(r: Any) -> sql.Composed:
    """CREATE FUNCTION/PROCEDURE for a spec routine: names as identifiers, the body as a literal (or,
    SQL-standard, as the SQL that `check_routine` parsed)."""
    word = sql.SQL("FUNCTION" if r.KIND == "function" else "PROCEDURE")
    parts: list[sql.Composable] = [
        sql.SQL("CREATE {} {}({})").format(
            word, sql.Identifier(r.schema, r.name), sql.SQL(", ").join(_argument(a) for a in r.arguments)
        )
    ]
    if r.KIND == "function":
        parts.append(sql.SQL("RETURNS {}").format(sql_type(r.returns)))
    parts.append(sql.SQL("LANGUAGE {}").format(sql.Identifier(r.language)))
    if r.KIND == "function":
        parts.append(sql.SQL(_VOLATILITY[r.volatility]))
        parts += [sql.SQL(_PARALLEL[r.parallel])] if r.parallel != "unsafe" else []
        parts += [sql.SQL("STRICT")] if r.strict else []
    parts += [sql.SQL("SECURITY DEFINER")] if r.security_definer else []
    if r.search_path is not None:
        path = sql.SQL(", ").join(sql.Identifier(s) for s in r.search_path) if r.search_path else sql.SQL("''")
        parts.append(sql.SQL("SET search_path TO {}").format(path))
    if r.sql_standard():
        parts.append(sql.SQL(r.body.strip().removesuffix(";")))
    else:
        parts.append(sql.SQL("AS {}").format(sql.Literal(r.body)))
    return sql.SQL("\n").join(parts)


def _routines(spec: Spec) -> list[Any]:
    return sorted((r for kind in ("function", "procedure") for r in spec.of(kind)), key=lambda r: r.location_key())


@register(Phase.FUNCTIONS, "functions")
def function_statements(spec: Spec) -> list[Statement]:
    routines = [r for r in _routines(spec) if not r.sql_standard()]
    if not routines:
        return []
    out: list[Statement] = [((), sql.SQL("SET LOCAL check_function_bodies = off"))]
    out += [((*r.location_key(), "body"), routine_sql(r)) for r in routines]
    return out + [((), sql.SQL("SET LOCAL check_function_bodies = on"))]


@register(Phase.VIEWS, "sql_standard_functions")
def sql_standard_statements(spec: Spec) -> list[Statement]:
    return [((*r.location_key(), "body"), routine_sql(r)) for r in _routines(spec) if r.sql_standard()]
