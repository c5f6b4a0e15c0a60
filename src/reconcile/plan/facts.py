"""Everything the planner needs from the database besides the catalogs, gathered in one place first.

After `gather_facts` the planner is pure: `build_plan(live, desired, facts)` reads no database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from reconcile.catalog.introspect import server_facts
from reconcile.catalog.model import Column, Constraint, ConstraintType, Index
from reconcile.catalog.sqltext import qualified, sql_type
from reconcile.connect.failures import is_lost
from reconcile.diff.change import Action, Change, Kind
from reconcile.recovery.archive import Archive, Leftover, leftover_captures, list_archives
from reconcile.spec.expressions import column_refs, is_inert, literal_kind

from .checks import needs_null_count, needs_row_count, unique_definition, validated_constraint
from .dependents import Dependent, read_dependents

TableKey = tuple[str, str]
PRECHECK_TIMEOUT_MS = 300_000  # a precheck that scans longer than this fails the plan (exit 1), never hangs it


@dataclass(frozen=True)
class Facts:
    database: str = ""
    server_version: int = 0
    system_identifier: str = ""  # "" when the planning role cannot read pg_control_system()
    database_oid: int = 0
    run: str = "00000000000000"  # stamps archive names
    values: Mapping[TableKey, Mapping[str, int]] = field(default_factory=dict)  # non-null values of dropped columns
    rows: Mapping[TableKey, int] = field(default_factory=dict)  # tables gaining a NOT NULL column without default
    nulls: Mapping[tuple[str, str, str], int] = field(default_factory=dict)  # NULLs in columns becoming NOT NULL
    collisions: Mapping[str, tuple[int, str | None]] = field(default_factory=dict)  # change address -> count, e.g.
    violations: Mapping[str, tuple[int, str | None]] = field(default_factory=dict)  # CHECK/FK address -> count, e.g.
    volatile_defaults: frozenset[str] = frozenset()  # added columns whose default calls a volatile function
    missing_schemas: frozenset[str] = frozenset()  # schemas of tables to create that do not exist
    archives: tuple[Archive, ...] = ()
    leftovers: tuple[Leftover, ...] = ()
    # change address -> objects outside its table that depend on it (plan/dependents.py)
    dependents: Mapping[str, tuple[Dependent, ...]] = field(default_factory=dict)


def gather_facts(
    conn: psycopg.Connection,
    changes: list[Change],
    managed: tuple[TableKey, ...],
    *,
    restore_archived: bool = False,
) -> Facts:
    """Read in one READ ONLY transaction under a statement timeout, then rolled back: nothing the
    prechecks run can change the target, and none of them evaluates a spec expression."""
    facts = Facts()
    with conn.transaction() as tx:
        conn.execute("SET TRANSACTION READ ONLY")
        conn.execute("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)")  # built-ins only, by name
        conn.execute("SELECT pg_catalog.set_config('statement_timeout', %s, true)", [f"{PRECHECK_TIMEOUT_MS}ms"])
        facts = _read_facts(conn, changes, managed, restore_archived=restore_archived)
        raise psycopg.Rollback(tx)
    return facts


def _read_facts(
    conn: psycopg.Connection, changes: list[Change], managed: tuple[TableKey, ...], *, restore_archived: bool
) -> Facts:
    from .identity import server_identity

    server = server_facts(conn)
    system, oid = server_identity(conn)
    return Facts(
        database=str(server["database"]),
        server_version=int(server["version_num"]),
        system_identifier=system,
        database_oid=oid,
        run=datetime.now(UTC).strftime("%Y%m%d%H%M%S"),
        values=_dropped_values(conn, changes),
        rows={
            k: _count(conn, *k, sql.SQL("true")) for k in {(c.schema, c.table) for c in changes if needs_row_count(c)}
        },
        nulls={
            (c.schema, c.table, c.name): _count(
                conn, c.schema, c.table, sql.SQL("{} IS NULL").format(sql.Identifier(c.name))
            )
            for c in changes
            if needs_null_count(c)
        },
        collisions=_collisions(conn, changes),
        violations={**constraint_violations(conn, changes), **removed_enum_values(conn, changes)},
        missing_schemas=missing_schemas(conn, changes),
        volatile_defaults=volatile_defaults(conn, changes),
        archives=tuple(list_archives(conn)) if restore_archived else (),
        leftovers=leftover_captures(conn, managed),
        dependents=read_dependents(conn, changes),
    )


def _dropped_values(conn: psycopg.Connection, changes: list[Change]) -> dict[TableKey, dict[str, int]]:
    """Non-null values per dropped column: one scan per table however many columns go."""
    by_table: dict[TableKey, list[str]] = {}
    for c in changes:
        if c.kind == Kind.COLUMN and c.action == Action.DROP:
            by_table.setdefault((c.schema, c.table), []).append(c.name)
    out = {}
    for (schema, table), columns in by_table.items():
        counts = sql.SQL(", ").join(sql.SQL("count({})").format(sql.Identifier(c)) for c in columns)
        row = conn.execute(sql.SQL("SELECT {} FROM {}").format(counts, qualified(schema, table))).fetchone()
        out[(schema, table)] = dict(zip(columns, (int(v) for v in row or ()), strict=True))
    return out


def _count(conn: psycopg.Connection, schema: str, table: str, cond: sql.Composable) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {} WHERE {}").format(qualified(schema, table), cond)).fetchone()
    return int(row[0]) if row else 0


def _collisions(conn: psycopg.Connection, changes: list[Change]) -> dict[str, tuple[int, str | None]]:
    out = {}
    for ch in changes:
        idx = unique_definition(ch)
        if idx is None:
            continue
        out[ch.address] = unique_violations(conn, idx, _pending_columns(changes, ch))
    return out


def unique_violations(conn: psycopg.Connection, idx: Index, pending: tuple[Column, ...] = ()) -> tuple[int, str | None]:
    """Keys that would collide under `idx` (NULLs never collide unless NULLS NOT DISTINCT).

    `pending` are columns the plan adds before the index is built: they read as their default.
    No spec expression with side effects is evaluated against live rows: only columns, literals and
    a few pure pg_catalog built-ins (`is_inert`, under search_path = pg_catalog, READ ONLY), and a
    pending column only when its default is a plain literal (or none) of a built-in type; anything
    else gives (-1, why it was not checked).
    """
    texts = [k.expression for k in idx.keys if k.expression] + ([idx.where] if idx.where else [])
    if not all(is_inert(t) for t in texts):
        return -1, "checking would evaluate an expression of the spec against the table's rows"
    used = {k.column for k in idx.keys if k.column}.union(*(column_refs(t) for t in texts))
    read = tuple(c for c in pending if c.name in used)
    for c in read:
        if not _plain_default(c):
            return -1, f"column {c.name} is added with a default that is not a plain literal"
    keys = [
        sql.Identifier(k.column) if k.column else sql.SQL("({}\n)").format(sql.SQL(k.expression or ""))
        for k in idx.keys
    ]
    return _grouped(conn, idx, keys, read)


def _source(idx: Index, pending: tuple[Column, ...]) -> sql.Composable:
    table = qualified(idx.schema, idx.table)
    if not pending:
        return table
    extra = sql.SQL(", ").join(
        sql.SQL("CAST({} AS {}) AS {}").format(sql.SQL(c.default or "NULL"), sql_type(c.type), sql.Identifier(c.name))
        for c in pending
    )  # plain literals of built-in types only (unique_violations), one per column, not per row
    return sql.SQL("(SELECT *, {} FROM {}) AS {}").format(extra, table, sql.Identifier(idx.table))


def missing_schemas(conn: psycopg.Connection, changes: list[Change]) -> frozenset[str]:
    """Schemas the plan creates tables in that neither exist nor are created by the plan (a spec `namespace`)."""
    created = {c.name for c in changes if c.kind == Kind.NAMESPACE and c.action == Action.CREATE}  # by this plan
    wanted = sorted({c.schema for c in changes if c.kind == Kind.TABLE and c.action == Action.CREATE} - created)
    if not wanted:
        return frozenset()
    rows = conn.execute("SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s)", [wanted]).fetchall()
    return frozenset(wanted) - {r[0] for r in rows}


_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_$]*)\s*\(")


def volatile_defaults(conn: psycopg.Connection, changes: list[Change]) -> frozenset[str]:
    """Added columns (on existing tables) whose default calls a VOLATILE function: PostgreSQL rewrites the table.

    The default is PostgreSQL's own rendering, so a name followed by "(" is a call or a type modifier;
    a type name is never a volatile function's name.
    """
    calls = {
        c.address: set(_CALL.findall(c.after.default))
        for c in changes
        if c.kind == Kind.COLUMN
        and c.action == Action.ADD
        and not c.new_table
        and isinstance(c.after, Column)
        and c.after.default
    }
    names = sorted(set().union(*calls.values())) if calls else []
    if not names:
        return frozenset()
    rows = conn.execute("SELECT proname FROM pg_catalog.pg_proc WHERE provolatile = 'v' AND proname = ANY(%s)", [names])
    volatile = {r[0] for r in rows}
    return frozenset(a for a, used in calls.items() if used & volatile)


VIOLATION_TIMEOUT_MS = 30000  # a count that takes longer is left out (the plan shows no refusal for it)


def removed_enum_values(conn: psycopg.Connection, changes: list[Change]) -> dict[str, tuple[int, str | None]]:
    """Rows holding a value an enum recreate removes: change address -> (count, an example), over every
    column (and array column) of the type; the converting ALTER COLUMN would fail on them."""
    out: dict[str, tuple[int, str | None]] = {}
    for ch in changes:
        if ch.kind != Kind.ENUM or ch.action != Action.REPLACE:
            continue
        before, after = ch.before, ch.after
        removed = sorted(set(getattr(before, "values", ())) - set(getattr(after, "values", ())))
        total, sample = 0, None
        for schema, table, column, _, array in getattr(before, "columns", ()) if removed else ():
            col = sql.Identifier(column)
            held = sql.SQL("{}::pg_catalog.text[] && {}" if array else "{}::pg_catalog.text = ANY({})")
            cond = held.format(col, sql.Literal(removed))
            count = _count(conn, schema, table, cond)
            if count and sample is None:
                sample = f"{schema}.{table}.{column}"
            total += count
        if total:
            out[ch.address] = (total, sample)
    return out


def constraint_violations(conn: psycopg.Connection, changes: list[Change]) -> dict[str, tuple[int, str | None]]:
    """Rows a new or validated CHECK / FOREIGN KEY would reject: change address -> (count, an example).

    The spec's CHECK expression runs against live rows only when `_evaluable` (columns, literals, pure
    built-ins), in a READ ONLY transaction that is rolled back, under a statement_timeout; a count that
    is not evaluable, fails or times out is left out.
    """
    wanted = [(ch, con) for ch in changes if (con := validated_constraint(ch)) is not None]
    out: dict[str, tuple[int, str | None]] = {}
    if not wanted:
        return out
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(VIOLATION_TIMEOUT_MS)))
        for ch, con in wanted:
            pending = _pending_columns(changes, ch)
            if not _evaluable(con, pending):
                continue  # left out, like a count that times out: VALIDATE finds out, after the plan
            query = _violation_query(conn, con, pending)
            try:
                with conn.transaction():
                    row = conn.execute(query).fetchone()
            except psycopg.Error:
                if is_lost(conn):  # not a count that failed: nothing more can be read
                    raise
                continue
            if row and row[0]:
                out[ch.address] = (int(row[0]), row[1])
    return out


def _evaluable(con: Constraint, pending: tuple[Column, ...]) -> bool:
    """Whether counting `con`'s violations evaluates nothing of the spec but columns, literals and pure
    built-ins (`is_inert`): a CHECK may call any function (pg_terminate_backend, dblink_exec), and an
    added column reads as its default; READ ONLY stops writes, not those."""
    if con.type == ConstraintType.CHECK and not is_inert(_check_text(con)):
        return False
    return all(_plain_default(c) for c in pending)  # each is read in the row the count scans


def _plain_default(c: Column) -> bool:
    """A plain literal (or none) of a built-in type: a cast to a domain would evaluate the domain's checks."""
    return literal_kind(c.default) is not None and "." not in c.type and '"' not in c.type


def _check_text(con: Constraint) -> str:
    return (con.expression or "true").removesuffix(" NOT VALID").removeprefix("CHECK ")


def _pending_columns(changes: list[Change], ch: Change) -> tuple[Column, ...]:
    return tuple(
        c.after
        for c in changes
        if c.kind == Kind.COLUMN
        and c.action == Action.ADD
        and (c.schema, c.table) == (ch.schema, ch.table)
        and isinstance(c.after, Column)
    )


def _violation_query(conn: psycopg.Connection, con: Constraint, pending: tuple[Column, ...]) -> sql.Composed:
    source = _source(Index(con.schema, con.table, con.table, ()), pending)
    if con.type == ConstraintType.CHECK:
        return sql.SQL("SELECT count(*), left(min(t::pg_catalog.text), 80) FROM {} AS t WHERE NOT ({})").format(
            source, sql.SQL(_check_text(con))
        )
    ref = con.references
    assert ref is not None
    mine = [sql.SQL("t.{}").format(sql.Identifier(c)) for c in con.columns]
    present = sql.SQL(" AND ").join(sql.SQL("{} IS NOT NULL").format(m) for m in mine)
    key = sql.SQL("ROW({})::pg_catalog.text").format(sql.SQL(", ").join(mine))
    name = qualified(ref.schema, ref.table).as_string(conn)
    exists = conn.execute("SELECT pg_catalog.to_regclass(%s) IS NOT NULL", [name]).fetchone()
    if not (exists and exists[0]):  # the referenced table is created by this plan: empty
        return sql.SQL("SELECT count(*), min({}) FROM {} AS t WHERE {}").format(key, source, present)
    match = sql.SQL(" AND ").join(
        sql.SQL("r.{} = {}").format(sql.Identifier(rc), m) for rc, m in zip(ref.columns, mine, strict=True)
    )
    orphan = sql.SQL("{} AND NOT EXISTS (SELECT 1 FROM {} AS r WHERE {})").format(
        present, qualified(ref.schema, ref.table), match
    )
    return sql.SQL("SELECT count(*), min({}) FROM {} AS t WHERE {}").format(key, source, orphan)


def _grouped(
    conn: psycopg.Connection, idx: Index, keys: Sequence[sql.Composable], pending: tuple[Column, ...]
) -> tuple[int, str | None]:
    conds: list[sql.Composable] = [sql.SQL("({}\n)").format(sql.SQL(idx.where))] if idx.where else []
    if not idx.nulls_not_distinct:
        conds += [sql.SQL("{} IS NOT NULL").format(k) for k in keys]
    where = sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conds) if conds else sql.SQL("")
    query = sql.SQL(
        "SELECT count(*), min(k) FROM (SELECT ROW({keys})::pg_catalog.text AS k FROM {table}{where} "
        "GROUP BY {keys} HAVING count(*) > 1) dup"
    ).format(keys=sql.SQL(", ").join(keys), table=_source(idx, pending), where=where)
    try:
        with conn.transaction():
            row = conn.execute(query).fetchone()
    except (pg_errors.UndefinedFunction, pg_errors.UndefinedObject):  # not a pg_catalog built-in
        return -1, "the unique definition uses a function or operator outside pg_catalog"
    assert row is not None
    return int(row[0]), row[1]
