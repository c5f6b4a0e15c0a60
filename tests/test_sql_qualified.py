"""Every `src/**/*.sql` file names catalog objects schema-qualified, so user objects cannot shadow them.

THE RULE (for anyone adding a .sql file), checked on pglast's parse tree of each file:
  1. every function call is schema-qualified: `pg_catalog.format_type(...)`, `pg_catalog.count(*)`,
     `pg_catalog.unnest(...)`. A multi-argument `unnest(a, b)` in FROM is parser sugar, not a
     pg_catalog function: write `ROWS FROM (pg_catalog.unnest(a), pg_catalog.unnest(b))`;
  2. every table, view or sequence is schema-qualified (`pg_catalog.pg_class`, `pg_temp.stage`),
     except the name of a CTE of the same statement;
  3. every type name is qualified (`::pg_catalog.text`, `::pg_catalog.regclass`, `::pg_catalog.oid[]`;
     SQL keyword types such as integer, bigint, boolean, numeric, varchar, timestamp are already
     pg_catalog's in the grammar), and a literal cast to a reg* type names a qualified object
     (`'pg_catalog.pg_class'::pg_catalog.regclass`).
Why: with a search_path that puts a user schema first (`public, pg_catalog`), or a temporary table,
a table named `pg_class` or `text` (a table is also a type) or a function `format_type(oid, integer)`
in that schema would be found first. Keywords-as-syntax (COALESCE, NULLIF, GREATEST, EXTRACT, CAST
AS integer, CURRENT_USER) need nothing. Operators are not checked.

Placeholders: `{name}` is a fragment composed in Python with psycopg.sql (an Identifier or a list of
them): it is read as the qualified name `p.name`, or as one of FRAGMENTS' samples where the
grammar needs a query or an assignment; `%(name)s` / `%s` parameters are read as `$1`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pglast
import pytest
from pglast import ast
from pglast.visitors import Visitor

SRC = Path(__file__).resolve().parent.parent / "src"
SQL_FILES = sorted(SRC.rglob("*.sql"))

# placeholders the grammar needs as something other than a (qualified) name
FRAGMENTS = {
    "assignments": "p = 1",  # SET a = ...
    "bucket_key": "k",  # index elements
    "columns": "c int",  # column definitions
    "csv_buckets": "SELECT 1",  # a query
    "db_buckets": "SELECT 1",
    "db_columns": "d",  # an INSERT's column names
    "extensions": "SELECT 1",  # live_prerequisites.sql: the four queries beside it
    "types": "SELECT 1",
    "functions": "SELECT 1",
    "sequences": "SELECT 1",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PARAMETER = re.compile(r"%\([a-z_]+\)s|%s")


def readable(text: str) -> str:
    """The file's SQL with placeholders and parameters replaced by text of the same length (so every
    location in the parse tree is the file's own)."""

    def fragment(m: re.Match[str]) -> str:
        sample = FRAGMENTS.get(m.group(1), f"p.{m.group(1)}")  # `{x}` and `p.x` have the same length
        return sample.ljust(len(m.group(0)))

    text = PLACEHOLDER.sub(fragment, text)
    return PARAMETER.sub(lambda m: "$1".ljust(len(m.group(0))), text)


def _name(names: tuple[ast.String, ...] | None) -> str:
    return ".".join(n.sval for n in names or () if isinstance(n, ast.String))


class Unqualified(Visitor):  # type: ignore[misc]
    """Collects (location, what) of every name rule 1-3 refuses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.ctes: set[str] = set()

    def visit_CommonTableExpr(self, ancestors, node: ast.CommonTableExpr) -> None:  # type: ignore[no-untyped-def]
        self.ctes.add(node.ctename)

    def visit_FuncCall(self, ancestors, node: ast.FuncCall) -> None:  # type: ignore[no-untyped-def]
        if len(node.funcname) < 2:
            self.found.append((node.location, f"function {_name(node.funcname)}()"))

    def visit_RangeVar(self, ancestors, node: ast.RangeVar) -> None:  # type: ignore[no-untyped-def]
        if not node.schemaname:
            self.found.append((node.location, f"relation {node.relname}"))

    def visit_TypeName(self, ancestors, node: ast.TypeName) -> None:  # type: ignore[no-untyped-def]
        if len(node.names) < 2:
            self.found.append((node.location, f"type {_name(node.names)}"))

    def visit_TypeCast(self, ancestors, node: ast.TypeCast) -> None:  # type: ignore[no-untyped-def]
        target = _name(node.typeName.names).rsplit(".", 1)[-1]
        arg = node.arg
        if target.startswith("reg") and isinstance(arg, ast.A_Const) and isinstance(arg.val, ast.String):
            if "." not in arg.val.sval:
                self.found.append((node.location, f"{target} literal '{arg.val.sval}'"))


SELECT_ = "SELECT "


def parse(sql: str) -> tuple[tuple[ast.Node, ...], int]:
    """The statements of `sql` and how far their locations are shifted: a file holding an expression
    list (a fragment such as bucket_key.sql) is read as `SELECT <the list>`."""
    try:
        return tuple(pglast.parse_sql(sql)), 0
    except pglast.parser.ParseError:
        return tuple(pglast.parse_sql(SELECT_ + sql)), len(SELECT_)


def violations(text: str) -> list[str]:
    """`line N: <what>` for every name of `text` the rule refuses."""
    sql = readable(text)
    visitor = Unqualified()
    statements, shift = parse(sql)
    for stmt in statements:
        visitor(stmt)
    out = []
    for location, what in sorted(visitor.found):
        if what.startswith("relation ") and what.removeprefix("relation ") in visitor.ctes:
            continue
        out.append(f"line {sql.count(chr(10), 0, max(location - shift, 0)) + 1}: {what}")
    return out


def test_there_are_sql_files_to_check():
    assert len(SQL_FILES) > 30


@pytest.mark.parametrize("path", SQL_FILES, ids=[str(p.relative_to(SRC)) for p in SQL_FILES])
def test_catalog_names_are_qualified(path: Path):
    found = violations(path.read_text())
    assert not found, f"{path.relative_to(SRC)}: unqualified names (see this test's docstring):\n  " + "\n  ".join(
        found
    )


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT format_type(a.atttypid, NULL) FROM pg_attribute a", ["function format_type()", "relation"]),
        ("SELECT 'pg_class'::pg_catalog.regclass", ["regclass literal 'pg_class'"]),
        ("SELECT x::text FROM pg_catalog.pg_class x", ["type text"]),
        ("SELECT * FROM unnest(%(a)s::pg_catalog.text[], %(b)s::pg_catalog.text[]) AS t(a, b)", ["function unnest()"]),
        ("WITH w AS (SELECT 1) SELECT pg_catalog.count(*) FROM w", []),
        ("SELECT c::integer, CAST(c AS bigint), COALESCE(c, 0) FROM pg_catalog.pg_class c", []),
        ("INSERT INTO {table} SELECT {columns} FROM pg_temp.stage", []),
    ],
)
def test_the_rule_itself(sql: str, expected: list[str]):
    found = [v.split(": ", 1)[1] for v in violations(sql)]
    assert len(found) == len(expected) and all(f.startswith(e) for f, e in zip(found, expected, strict=True)), found
