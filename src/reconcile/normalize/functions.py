"""The FUNCTIONS family: each spec function and procedure created in the dev database.

String bodies are passed as literals with check_function_bodies off, so they may read tables built
later. An SQL-standard body (BEGIN ATOMIC / RETURN) is parsed at creation and needs what it reads:
those that read a relation are created after the tables (the others before: a CHECK may call them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pglast import parser
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


def _early(r: Any, standard: set[str], relations: set[str]) -> bool:
    """A string body; or an SQL-standard one that reads no relation, takes or returns no row type and calls
    no other SQL-standard routine of the spec (`RETURN lower(t)`): created before the tables, whose CHECKs
    and defaults may call it."""
    if not r.sql_standard():
        return True
    types = [a.type for a in r.arguments] + ([r.returns] if r.KIND == "function" else [])
    if any(t.removesuffix("[]").rsplit(".", 1)[-1].strip('"') in relations for t in types):
        return False
    stmt: Any = parser.parse_sql(routine_sql(r).as_string())[0].stmt  # checked: one CREATE FUNCTION
    nodes = list(_nodes(_plain(stmt.sql_body)))
    calls = {n["funcname"][-1]["sval"] for n in nodes if n["@"] == "FuncCall"}
    return not any(n["@"] == "RangeVar" for n in nodes) and not calls & (standard - {r.name})


def _plain(body: Any) -> Any:
    """pglast's tree as dicts and tuples: RETURN is one node, BEGIN ATOMIC a (nested) tuple of statements."""
    if isinstance(body, tuple | list):
        return tuple(_plain(b) for b in body)
    return None if body is None else body(skip_none=True)


def _nodes(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        if "@" in tree:
            yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, tuple | list):
        for value in tree:
            yield from _nodes(value)


def _split(spec: Spec) -> tuple[list[Any], list[Any]]:
    """(created with the functions: string bodies first, then the early SQL-standard ones; after the tables)."""
    routines = _routines(spec)
    standard = {r.name for r in routines if r.sql_standard()}
    relations = {t.table for t in spec.tables} | {v.name for k in ("view", "materialized_view") for v in spec.of(k)}
    early = [r for r in routines if _early(r, standard, relations)]
    late = [r for r in routines if r not in early]
    return sorted(early, key=lambda r: r.sql_standard()), late


@register(Phase.FUNCTIONS, "functions")
def function_statements(spec: Spec) -> list[Statement]:
    routines = _split(spec)[0]
    if not routines:
        return []
    out: list[Statement] = [((), sql.SQL("SET LOCAL check_function_bodies = off"))]
    out += [((*r.location_key(), "body"), routine_sql(r)) for r in routines]
    return out + [((), sql.SQL("SET LOCAL check_function_bodies = on"))]


@register(Phase.VIEWS, "sql_standard_functions")
def sql_standard_statements(spec: Spec) -> list[Statement]:
    return [((*r.location_key(), "body"), routine_sql(r)) for r in _split(spec)[1]]
