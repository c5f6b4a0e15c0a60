"""Hypothesis strategies: random schemas built only from kinds a spec supports, with odd names.

`schemas()` draws a list of `Table`s; `create_sql()` turns them into DDL composed with psycopg.sql.
Names come from one pool of distinct names, so tables, indexes and constraints never clash; the
names PostgreSQL picks for unnamed constraints may still collide (it then numbers them), which is
part of what the round trip must survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st
from psycopg import sql

# type -> (defaults, is it a key type an FK can reference, expression index template)
TYPES: dict[str, tuple[list[str], bool, str | None]] = {
    "integer": (["0", "42", "-1"], True, "({} + 1)"),
    "bigint": (["0"], True, "abs({})"),
    "smallint": (["1"], False, None),
    "text": (["'a'", "''", "'x''y'"], True, "lower({})"),
    "varchar(20)": (["'v'"], False, "upper({})"),
    "numeric(10,2)": (["0", "'1.50'"], False, None),
    "numeric": (["0"], False, None),
    "boolean": (["true", "false"], False, None),
    "timestamp": (["now()", "'2025-01-01 00:00:00'"], False, None),
    "timestamptz": (["now()"], False, None),  # date_trunc() of timestamptz is not immutable
    "date": (["CURRENT_DATE"], False, None),
    "jsonb": (["'{}'"], False, "({} -> 'k')"),
    "uuid": (["gen_random_uuid()"], False, None),
    "text[]": (["'{}'"], False, None),
    "double precision": (["0.5"], False, None),
}
SERIALS = {"serial": "integer", "bigserial": "bigint"}
ACTIONS = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]
NAME_CHARS = "abcXYZ_ -\"'$.é日😀0\n"


@dataclass
class Col:
    name: str
    type: str
    not_null: bool = False
    default: str | None = None
    identity: str | None = None  # "ALWAYS" | "BY DEFAULT"

    @property
    def base_type(self) -> str:
        return SERIALS.get(self.type, self.type)


@dataclass
class Table:
    name: str
    columns: list[Col]
    pk: list[str] = field(default_factory=list)
    uniques: list[tuple[list[str], bool, str | None]] = field(default_factory=list)
    checks: list[tuple[str, list[str], str | None]] = field(default_factory=list)  # template, columns, name
    indexes: list[sql.Composable] = field(default_factory=list)  # built later, they need the table's name
    fks: list[tuple[list[str], Table, str, bool, str | None]] = field(default_factory=list)


def _name_ok(name: str) -> bool:
    return "\x00" not in name and 0 < len(name.encode()) <= 40


names = st.text(st.sampled_from(NAME_CHARS), min_size=1, max_size=14).filter(_name_ok)


@st.composite
def schemas(draw: st.DrawFn) -> list[tuple[Table, list[sql.Composable]]]:
    pool = iter(draw(st.lists(names, min_size=60, max_size=60, unique_by=str.lower)))
    tables: list[Table] = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(_table(pool, tables))
        tables.append(table)
    return [(t, draw(_indexes(t, pool))) for t in tables]


@st.composite
def _table(draw: st.DrawFn, pool, earlier: list[Table]) -> Table:  # type: ignore[no-untyped-def]
    columns = [draw(_column(next(pool))) for _ in range(draw(st.integers(1, 5)))]
    table = Table(next(pool), columns)
    keyable = [c.name for c in columns if TYPES.get(c.base_type, ([], False, None))[1]]
    if keyable and draw(st.booleans()):
        table.pk = draw(st.lists(st.sampled_from(keyable), min_size=1, max_size=2, unique=True))
    for _ in range(draw(st.integers(0, 2))):
        cols = draw(st.lists(st.sampled_from([c.name for c in columns]), min_size=1, max_size=2, unique=True))
        table.uniques.append((cols, draw(st.booleans()), draw(st.none() | st.just(next(pool)))))
    for _ in range(draw(st.integers(0, 2))):
        cols = draw(st.lists(st.sampled_from([c.name for c in columns]), min_size=1, max_size=2, unique=True))
        template = " OR ".join(["{} IS NOT NULL"] * len(cols))
        table.checks.append((template, cols, draw(st.none() | st.just(next(pool)))))
    targets = [t for t in [*earlier, table] if t.pk]
    for _ in range(draw(st.integers(0, 2)) if targets else 0):
        target = draw(st.sampled_from(targets))
        ref_types = {c.name: c.base_type for c in target.columns}
        fk_cols = [Col(next(pool), ref_types[k]) for k in target.pk]
        table.columns += fk_cols
        action = draw(st.sampled_from(ACTIONS[:4]))
        table.fks.append(
            ([c.name for c in fk_cols], target, action, draw(st.booleans()), draw(st.none() | st.just(next(pool))))
        )
    return table


@st.composite
def _column(draw: st.DrawFn, name: str) -> Col:
    kind = draw(st.sampled_from([*TYPES, *SERIALS, "identity"]))
    if kind in SERIALS:
        return Col(name, kind)
    if kind == "identity":
        return Col(
            name, draw(st.sampled_from(["integer", "bigint"])), identity=draw(st.sampled_from(["ALWAYS", "BY DEFAULT"]))
        )
    default = draw(st.none() | st.sampled_from(TYPES[kind][0]))
    return Col(name, kind, not_null=draw(st.booleans()), default=default)


@st.composite
def _indexes(draw: st.DrawFn, table: Table, pool) -> list[sql.Composable]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(draw(st.integers(0, 3))):
        keys = draw(st.lists(_key(table), min_size=1, max_size=3))
        unique = draw(st.booleans())
        stmt = sql.SQL("CREATE {}INDEX {} ON {} ({})").format(
            sql.SQL("UNIQUE " if unique else ""),
            sql.Identifier(next(pool)),
            sql.Identifier(table.name),
            sql.SQL(", ").join(keys),
        )
        if draw(st.booleans()):
            stmt += sql.SQL(" INCLUDE ({})").format(sql.Identifier(draw(st.sampled_from(table.columns)).name))
        if unique and draw(st.booleans()):
            stmt += sql.SQL(" NULLS NOT DISTINCT")
        if draw(st.booleans()):
            stmt += sql.SQL(" WHERE {} IS NOT NULL").format(sql.Identifier(draw(st.sampled_from(table.columns)).name))
        out.append(stmt)
    return out


@st.composite
def _key(draw: st.DrawFn, table: Table) -> sql.Composable:
    col = draw(st.sampled_from(table.columns))
    template = TYPES.get(col.base_type, ([], False, None))[2]
    key: sql.Composable = sql.Identifier(col.name)
    if template and draw(st.booleans()):
        key = sql.SQL("(" + template + ")").format(sql.Identifier(col.name))
    order = draw(st.sampled_from(["", " DESC", " NULLS FIRST", " DESC NULLS LAST"]))
    return key + sql.SQL(order)


def create_sql(schema: list[tuple[Table, list[sql.Composable]]]) -> list[sql.Composable]:
    """CREATE TABLE statements, then constraints, then indexes."""
    out: list[sql.Composable] = []
    for table, _ in schema:
        cols = sql.SQL(", ").join(_column_sql(c) for c in table.columns)
        out.append(sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(table.name), cols))
    for table, _ in schema:
        out += _constraints_sql(table)
    for _, indexes in schema:
        out += indexes
    return out


def _column_sql(col: Col) -> sql.Composable:
    parts = [sql.Identifier(col.name), sql.SQL(col.type)]
    if col.identity:
        parts.append(sql.SQL(f"GENERATED {col.identity} AS IDENTITY"))
    if col.default is not None:
        parts.append(sql.SQL("DEFAULT " + col.default))
    if col.not_null:
        parts.append(sql.SQL("NOT NULL"))
    return sql.SQL(" ").join(parts)


def _named(name: str | None) -> sql.Composable:
    return sql.SQL("CONSTRAINT {} ").format(sql.Identifier(name)) if name else sql.SQL("")


def _idents(names: list[str]) -> sql.Composable:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


def _constraints_sql(table: Table) -> list[sql.Composable]:
    alter = sql.SQL("ALTER TABLE {} ADD ").format(sql.Identifier(table.name))
    out: list[sql.Composable] = []
    if table.pk:
        out.append(alter + sql.SQL("PRIMARY KEY ({})").format(_idents(table.pk)))
    for cols, nnd, name in table.uniques:
        body = sql.SQL("UNIQUE{} ({})").format(sql.SQL(" NULLS NOT DISTINCT" if nnd else ""), _idents(cols))
        out.append(alter + _named(name) + body)
    for template, cols, name in table.checks:
        expr = sql.SQL(template).format(*(sql.Identifier(c) for c in cols))
        out.append(alter + _named(name) + sql.SQL("CHECK ({})").format(expr))
    for cols, target, action, deferrable, name in table.fks:
        body = sql.SQL("FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {}{}").format(
            _idents(cols),
            sql.Identifier(target.name),
            _idents(target.pk),
            sql.SQL(action),
            sql.SQL(" DEFERRABLE INITIALLY DEFERRED" if deferrable else ""),
        )
        out.append(alter + _named(name) + body)
    return out
