"""Steps that call a routine the plan creates run after it: a column default, generated column, CHECK or
index expression such as `slug(name)` fails on a database where `slug` does not exist yet. And a routine
runs after the tables and views the plan creates that its SQL body reads, or whose row type it takes or
returns: PostgreSQL checks an SQL body at creation (`relation "posts" does not exist`).

The routines are found by name in the steps' SQL (PostgreSQL's own rendering: the name bare or quoted,
maybe schema-qualified, then `(`); the relations by pglast in the routine's definition. A name another
schema also uses only adds an edge. Routines are not ordered among themselves (a body may name a routine
it does not call at creation).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pglast import ast, parser

from reconcile.ddl.functions import called_key

from .model import Step, StepKind

_PREFIX = called_key("")
_CALLERS = (StepKind.CREATE, StepKind.ADD, StepKind.ALTER, StepKind.BUILD)
_BARE = re.compile(r"[a-z_][a-z0-9_$]*")


def _spellings(name: str) -> list[str]:
    quoted = '"' + name.replace('"', '""') + '"'
    return [re.escape(quoted)] + ([re.escape(name)] if _BARE.fullmatch(name) else [])


def after_called_routines(steps: list[Step]) -> list[Step]:
    """`steps`, each that calls a routine another step creates requiring that routine's creation, each routine
    requiring the creation of the relations it reads."""
    names = {k.removeprefix(_PREFIX) for s in steps for k in s.provides if k.startswith(_PREFIX)}
    if not names:
        return steps
    spellings = sorted((sp for n in names for sp in _spellings(n)), key=len, reverse=True)
    call = re.compile(rf'(?<![\w$"])({"|".join(spellings)})\s*\(')
    relations = [k for s in steps if s.kind == StepKind.CREATE for k in s.provides if k.startswith("t:")]
    return [_reading(s, relations) if _routine(s) else _requiring(s, call) for s in steps]


def _routine(s: Step) -> bool:
    return s.kind == StepKind.CREATE and any(k.startswith(_PREFIX) for k in s.provides)


def _reading(s: Step, relations: list[str]) -> Step:
    """A routine's creation after the relations (`t:` keys) it names: in its SQL body, its argument or result
    types (a bare name matches that name in any schema)."""
    try:
        stmt = parser.parse_sql(s.sql)[0].stmt
        names = _relation_names(stmt) if isinstance(stmt, ast.CreateFunctionStmt) else set()
    except parser.ParseError:
        return s
    wanted = [
        k
        for k in relations
        for schema, name in names
        if k == f"t:{schema}.{name}" or (not schema and k.endswith(f".{name}"))
    ]
    return replace(s, requires=tuple(dict.fromkeys((*s.requires, *wanted)))) if wanted else s


def _relation_names(stmt: ast.CreateFunctionStmt) -> set[tuple[str, str]]:
    """(schema or "", name) of the relations an SQL routine reads and of every type it takes or returns."""
    types = [p.argType for p in stmt.parameters or ()] + [stmt.returnType]
    out = {_split(tuple(n.sval for n in t.names)) for t in types if t is not None}
    body = _body(stmt)
    return out | {(v.schemaname or "", v.relname or "") for v in _range_vars(body)} if body is not None else out


def _body(stmt: ast.CreateFunctionStmt) -> Any:
    """The SQL-standard body, or a string body of LANGUAGE sql parsed (PostgreSQL checks both at creation)."""
    if stmt.sql_body is not None:
        return stmt.sql_body
    options = {o.defname: o.arg for o in stmt.options or ()}
    if getattr(options.get("language"), "sval", "") != "sql" or not options.get("as"):
        return None
    return parser.parse_sql(options["as"][0].sval)


def _split(names: tuple[str, ...]) -> tuple[str, str]:
    return (names[-2] if len(names) > 1 else "", names[-1])


def _range_vars(tree: Any) -> list[ast.RangeVar]:
    from pglast.visitors import Visitor

    found: list[ast.RangeVar] = []

    class _Collect(Visitor):
        def visit_RangeVar(self, ancestors: object, node: ast.RangeVar) -> None:  # noqa: N802 - pglast's naming
            found.append(node)

    _Collect()(tree)
    return found


def _requiring(s: Step, call: re.Pattern[str]) -> Step:
    if s.kind not in _CALLERS:
        return s
    found = [_name(m.group(1)) for text in s.commands for m in call.finditer(text)]
    if not found:
        return s
    return replace(s, requires=tuple(dict.fromkeys((*s.requires, *(called_key(n) for n in found)))))


def _name(spelled: str) -> str:
    return spelled[1:-1].replace('""', '"') if spelled.startswith('"') else spelled
