"""Every SQL expression from a file is parsed as exactly one expression before it is used.

PostgreSQL's own grammar (pglast, libpg_query) decides: an expression that closes its own
parentheses, carries a second statement, a comment or a clause of the enclosing query is refused.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from typing import Any

from pglast import ast, parser

from reconcile.catalog.model import Catalog
from reconcile.catalog.sqltext import type_text_ok
from reconcile.errors import InputError

_SELECT_DEFAULTS = {"@", "targetList", "limitOption", "op", "all", "groupDistinct"}
_CHECK_PREFIX = "CHECK "
_CHECK_SUFFIX = " NO INHERIT"


@lru_cache(maxsize=8192)  # a pure function of the text; specs repeat their defaults across tables
def expression_problem(text: str) -> str | None:
    """Why `text` is not exactly one SQL expression, or None when it is."""
    if not text.strip():
        return "an empty expression"
    try:
        tokens = parser.scan(text)
        depth = 0
        for tok in tokens:
            if tok.name in ("SQL_COMMENT", "C_COMMENT"):
                return "a comment inside an expression"
            if tok.name == "ASCII_59":
                return "a ';' inside an expression"
            depth += {"ASCII_40": 1, "ASCII_41": -1}.get(tok.name, 0)
            if depth < 0:
                return "an expression closes a parenthesis it did not open"
        if depth:
            return "an expression leaves a parenthesis open"
        stmts = parser.parse_sql(f"SELECT ({text}\n)")
    except parser.ParseError as exc:
        return f"not a valid SQL expression: {exc.args[0] if exc.args else exc}"
    return _one_target(stmts)


def _one_target(stmts: Any) -> str | None:
    if len(stmts) != 1 or not isinstance(stmts[0].stmt, ast.SelectStmt):
        return "not exactly one SQL expression"
    select = stmts[0].stmt
    extra = set(select(skip_none=True)) - _SELECT_DEFAULTS
    targets = select.targetList or ()
    if extra or len(targets) != 1 or targets[0].name is not None:
        return "not exactly one SQL expression"
    return None


def literal_kind(text: str | None) -> str | None:
    """Whether `text` is a plain literal (optionally cast): "null", "constant", or None when it is not."""
    if text is None:
        return "null"
    if expression_problem(text):
        return None
    select = parser.parse_sql(f"SELECT ({text}\n)")[0].stmt
    assert isinstance(select, ast.SelectStmt) and select.targetList  # expression_problem checked it
    value = select.targetList[0].val
    if isinstance(value, ast.TypeCast):
        value = value.arg
    if isinstance(value, ast.A_Const):
        return "null" if value.isnull else "constant"
    return None


# what an expression may contain to be evaluated against live rows by a precheck (under
# search_path = pg_catalog, in a READ ONLY transaction): columns, literals, and a few pure built-ins
_INERT_NODES = (
    ast.ColumnRef, ast.A_Const, ast.CoalesceExpr, ast.NullTest, ast.BooleanTest, ast.BoolExpr,
    ast.CaseExpr, ast.CaseWhen, ast.A_Expr, ast.FuncCall, ast.TypeCast, ast.TypeName, ast.String,
    ast.Integer, ast.Float, ast.Boolean, ast.A_Star,
)  # fmt: skip
_INERT_FUNCTIONS = frozenset(
    {"lower", "upper", "btrim", "ltrim", "rtrim", "length", "char_length", "substr", "substring", "left",
     "right", "abs", "date_trunc", "nullif", "greatest", "least", "coalesce"}
)  # fmt: skip
_INERT_OPERATORS = frozenset({"=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "||"})


def is_inert(text: str) -> bool:
    """True when `text` is one expression of columns, literals and a few pure built-in functions."""
    if expression_problem(text):
        return False
    select = parser.parse_sql(f"SELECT ({text}\n)")[0].stmt
    assert isinstance(select, ast.SelectStmt) and select.targetList
    return _inert(select.targetList[0].val)


def column_refs(text: str) -> set[str]:
    """The (last parts of the) column names `text` refers to."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, tuple | list):
            for n in node:
                walk(n)
        elif isinstance(node, ast.ColumnRef):
            last = (node.fields or ())[-1:]
            names.update(str(f.sval) for f in last if isinstance(f, ast.String))
        elif isinstance(node, ast.Node):
            for name in getattr(node, "__slots__", ()):
                walk(getattr(node, name))

    walk(parser.parse_sql(f"SELECT ({text}\n)")[0].stmt)
    return names


@lru_cache(maxsize=8192)  # pure; asked per default/check/index expression on every plan
def function_names(text: str) -> frozenset[str]:
    """The (unqualified) names of the functions `text` calls; empty if it does not parse."""
    return frozenset(name for name, _ in _calls(text))


@lru_cache(maxsize=8192)
def sequence_names(text: str) -> frozenset[str]:
    """The (unqualified) sequence names `text` passes to nextval/currval/setval as a literal."""
    out: set[str] = set()
    for name, first in _calls(text):
        if name in _SEQUENCE_FUNCTIONS and isinstance(first, ast.TypeCast):
            first = first.arg
        if name in _SEQUENCE_FUNCTIONS and isinstance(first, ast.A_Const) and isinstance(first.val, ast.String):
            out.add(str(first.val.sval).rsplit(".", 1)[-1].strip('"'))
    return frozenset(out)


_SEQUENCE_FUNCTIONS = {"nextval", "currval", "setval", "lastval"}


def _calls(text: str) -> list[tuple[str, Any]]:
    """(function name, first argument node) of every call in `text`."""
    calls: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, tuple | list):
            for n in node:
                walk(n)
        elif isinstance(node, ast.Node):
            if isinstance(node, ast.FuncCall):
                last = [f for f in (node.funcname or ())[-1:] if isinstance(f, ast.String)]
                if last:
                    calls.append((str(last[0].sval), (node.args or (None,))[0]))
            for name in getattr(node, "__slots__", ()):
                walk(getattr(node, name))

    if not expression_problem(text):
        walk(parser.parse_sql(f"SELECT ({text}\n)")[0].stmt)
    return calls


def _inert(node: Any) -> bool:
    if isinstance(node, tuple | list):
        return all(_inert(n) for n in node)
    if not isinstance(node, ast.Node):
        return True  # enums, ints, strings of a node's own fields
    if not isinstance(node, _INERT_NODES):
        return False
    if isinstance(node, ast.FuncCall):
        name = tuple(node.funcname or ())
        if len(name) != 1 or name[0].sval not in _INERT_FUNCTIONS or node.agg_star or node.over:
            return False
    if isinstance(node, ast.TypeCast) and not isinstance(node.arg, ast.A_Const):
        return False  # a cast of a column may run a user-defined cast function
    if isinstance(node, ast.A_Expr) and any(
        not isinstance(n, ast.String) or n.sval not in _INERT_OPERATORS for n in node.name or ()
    ):
        return False
    slots: Any = getattr(node, "__slots__", ())
    return all(_inert(getattr(node, name)) for name in slots)


def check_expression(text: str | None) -> str | None:
    """Pydantic validator: a ValueError (reported with file:line) unless one expression."""
    if text is None:
        return None
    problem = expression_problem(text)
    if problem:
        raise ValueError(f"{problem}: {text!r}")
    return text


def check_catalog(catalog: Catalog, source: str) -> None:
    """A catalog read back from a file (plan, snapshot, cache): every field has its declared type,
    and every expression and type name parses."""
    for obj in (*catalog.tables, *(c for t in catalog.tables for c in t.columns), *catalog.indexes,
                *(k for i in catalog.indexes for k in i.keys), *catalog.constraints):  # fmt: skip
        wrong = _mistyped(obj)
        if wrong:
            raise InputError(f"{type(obj).__name__} field {wrong!r} has the wrong type", location=source)
    for address, text in _expressions(catalog):
        problem = expression_problem(text)
        if problem:
            raise InputError(f"{address}: {problem}", location=source)
    for t in catalog.tables:
        for c in t.columns:
            if not type_text_ok(c.type):
                raise InputError(f"{t.schema}.{t.name}.{c.name}: invalid type name {c.type!r}", location=source)


_SIMPLE: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "bool": (bool,),
    "int": (int,),
    "tuple[str, ...]": (tuple,),
}


_CHECKED: dict[type, tuple[tuple[str, tuple[type, ...]], ...]] = {}


def _mistyped(obj: Any) -> str | None:
    checked = _CHECKED.get(type(obj))
    if checked is None:  # looked up once per class, not per object
        checked = _CHECKED[type(obj)] = tuple(
            (f.name, _SIMPLE[str(f.type)]) for f in fields(obj) if str(f.type) in _SIMPLE
        )
    for name, allowed in checked:
        value = getattr(obj, name)
        if not isinstance(value, allowed) or (allowed == (int,) and isinstance(value, bool)):
            return name
        if isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
            return name
    return None


def _expressions(catalog: Catalog) -> list[tuple[str, str]]:
    out: list[tuple[str, str | None]] = [
        (f"{t.schema}.{t.name}.{c.name} default", c.default)
        for t in catalog.tables
        for c in t.columns
        if c.default is not None
    ]
    out += [
        (f"{t.schema}.{t.name}.{c.name} generated", c.generated)
        for t in catalog.tables
        for c in t.columns
        if c.generated is not None
    ]
    for i in catalog.indexes:
        out += [(f"index {i.schema}.{i.name} key", k.expression) for k in i.keys if k.expression is not None]
        if i.where is not None:
            out.append((f"index {i.schema}.{i.name} predicate", i.where))
    for con in catalog.constraints:
        text = con.expression
        if text is not None:
            text = text.removeprefix(_CHECK_PREFIX).removesuffix(_CHECK_SUFFIX)
        out.append((f"constraint {con.schema}.{con.table}.{con.name}", text))
    return [(a, x) for a, x in out if x is not None]


_WRITES = (ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt, ast.MergeStmt)


@lru_cache(maxsize=1024)
def query_problem(text: str) -> str | None:
    """Why `text` is not exactly one plain SELECT (a view's query), or None when it is."""
    if not text.strip():
        return "an empty query"
    try:
        stmts = parser.parse_sql(text)
    except parser.ParseError as exc:
        return f"not a valid SQL query: {exc.args[0] if exc.args else exc}"
    if len(stmts) != 1 or not isinstance(stmts[0].stmt, ast.SelectStmt):
        return "not exactly one SELECT statement"
    select = stmts[0].stmt
    if select.intoClause is not None or select.lockingClause:
        return "a view's query cannot hold INTO or FOR UPDATE/SHARE"
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, _WRITES):
            found.append(type(node).__name__)
        elif isinstance(node, ast.Node):
            for name in getattr(node, "__slots__", ()):
                walk(getattr(node, name))
        elif isinstance(node, tuple | list):
            for item in node:
                walk(item)

    walk(select)
    return "a view's query cannot modify data" if found else None


def check_query(text: str) -> str:
    """Pydantic validator: a ValueError (reported with file:line) unless one plain SELECT; a trailing ';' is dropped."""
    text = text.strip().removesuffix(";").rstrip()
    problem = query_problem(text)
    if problem:
        raise ValueError(f"{problem}: {text[:80]!r}")
    return text
