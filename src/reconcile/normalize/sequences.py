"""The SEQUENCES family: each spec sequence created in the dev database before the tables (defaults may
call nextval on it), its owner set after them; read back with the live query, so PostgreSQL fills in
the defaults (MINVALUE, MAXVALUE, START) as it does on the target."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from reconcile.catalog.sequences import owner_parts
from reconcile.errors import SpecError
from reconcile.spec.model import Spec

from .families import Phase, Statement, register


def options_sql(
    increment: int, minvalue: int | None, maxvalue: int | None, start: int | None, cache: int, cycle: bool
) -> sql.Composed:
    """The options clause of CREATE/ALTER SEQUENCE (never RESTART: a live sequence keeps its value)."""
    parts: list[sql.Composable] = [sql.SQL("INCREMENT BY {}").format(sql.Literal(increment))]
    parts.append(sql.SQL("NO MINVALUE") if minvalue is None else sql.SQL("MINVALUE {}").format(sql.Literal(minvalue)))
    parts.append(sql.SQL("NO MAXVALUE") if maxvalue is None else sql.SQL("MAXVALUE {}").format(sql.Literal(maxvalue)))
    if start is not None:
        parts.append(sql.SQL("START WITH {}").format(sql.Literal(start)))
    parts.append(sql.SQL("CACHE {}").format(sql.Literal(cache)))
    parts.append(sql.SQL("CYCLE" if cycle else "NO CYCLE"))
    return sql.SQL(" ").join(parts)


def create_sql(schema: str, name: str, data_type: str, options: sql.Composable) -> sql.Composed:
    """CREATE SEQUENCE [AS <type>] <options>: the type one of three keywords, bigint (the default) left out."""
    as_type = sql.SQL("") if data_type == "bigint" else sql.SQL(" AS {}").format(type_word(data_type))
    return sql.SQL("CREATE SEQUENCE {}{} {}").format(sql.Identifier(schema, name), as_type, options)


def type_word(data_type: str) -> sql.SQL:
    """The keyword of a sequence's data type (a KeyError for anything else: no other text reaches SQL)."""
    return sql.SQL({"smallint": "smallint", "integer": "integer", "bigint": "bigint"}[data_type])


def owner_sql(schema: str, name: str, owned_by: str) -> sql.Composed:
    target = sql.Identifier(schema, name)
    if not owned_by:
        return sql.SQL("ALTER SEQUENCE {} OWNED BY NONE").format(target)
    return sql.SQL("ALTER SEQUENCE {} OWNED BY {}").format(target, sql.Identifier(*owner_parts(schema, owned_by)))


@register(Phase.SEQUENCES, "sequences")
def sequence_statements(spec: Spec) -> list[Statement]:
    out: list[Statement] = []
    for q in (q for q in spec.of("sequence") if not q.absent):
        opts = options_sql(q.increment, q.min, q.max, q.start, q.cache, q.cycle)
        out.append(((q.KIND, q.schema, q.name, "sequence"), create_sql(q.schema, q.name, q.type, opts)))
    return out


def _refuse_serial_lookalike(spec: Spec, q: Any) -> None:
    """A sequence owned by the column whose default calls it is what serial makes, and reads back as one:
    refused at load, naming the sequence (declare the column `serial`/`bigserial` instead)."""
    schema, table, column = owner_parts(q.schema, q.owned_by)
    t = next((t for t in spec.tables if (t.schema, t.table) == (schema, table)), None)
    col = next((c for c in t.columns if c.name == column), None) if t is not None else None
    if col is not None and col.default is not None and "nextval" in col.default and q.name in col.default:
        raise SpecError(
            f"sequence {q.schema}.{q.name} is owned by {q.owned_by}, whose default calls it: that is a serial"
            f" column; declare {column} as serial or bigserial (or drop owned_by)",
            location=spec.where(q.KIND, q.schema, q.name, "owned_by"),
        )


@register(Phase.VIEWS, "sequence owners")
def owner_statements(spec: Spec) -> list[Statement]:
    for q in spec.of("sequence"):
        if q.owned_by and not q.absent:
            _refuse_serial_lookalike(spec, q)
    return [
        ((q.KIND, q.schema, q.name, "owned_by"), owner_sql(q.schema, q.name, q.owned_by))
        for q in spec.of("sequence")
        if q.owned_by and not q.absent
    ]
