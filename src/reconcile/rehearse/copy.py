"""The throwaway copy: the target's schema through import's round trip, and rows sampled from the target.

Everything read from the target runs in a READ ONLY transaction under a statement and lock timeout;
plain SELECTs take ACCESS SHARE and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from glob import escape

import networkx as nx
import psycopg
from psycopg import sql

from reconcile.apply.executor import ApplyOptions, apply_plan
from reconcile.catalog.introspect import introspect, table_names
from reconcile.catalog.model import Catalog, Constraint, ConstraintType, Table
from reconcile.connect.session import read_session, snapshot_transaction
from reconcile.errors import ReconcileError
from reconcile.inventory.run import Scope, import_database
from reconcile.plan.planner import make_plan
from reconcile.spec.load import load_spec_text
from reconcile.spec.model import Spec

SEP = "\x1f"  # joins the text of a multi-column key
SEED = 19  # TABLESAMPLE ... REPEATABLE seed: the same target gives the same sample


@dataclass(frozen=True)
class Amount:
    """How much of each table to copy: up to `rows` rows, or `percent` of its rows (BERNOULLI sample)."""

    rows: int = 1000
    percent: float | None = None


@dataclass(frozen=True)
class TableCopy:
    schema: str
    name: str
    rows: int  # rows in the copy
    target_rows: float  # pg_class.reltuples on the target (-1: never analyzed)

    @property
    def ratio(self) -> float | None:
        """Target size over copy size: the factor a linear step's time scales by."""
        if self.rows <= 0 or self.target_rows < 0:
            return None
        return max(self.target_rows, self.rows) / self.rows


@contextmanager
def target_session(url: str, timeout_ms: int) -> Iterator[psycopg.Connection]:
    """A connection to the target that cannot write and gives up instead of waiting long.

    Every transaction is READ ONLY and sets its own timeouts (SET LOCAL), and a lone statement gets a
    transaction of its own: a session setting would stay on the server connection a transaction pooler
    hands to the application next (default_transaction_read_only=on there fails its writes).
    """
    lock_wait = min(timeout_ms, 1000) / 1000
    with read_session(url, lock_wait) as conn:
        conn.read_only = True
        conn.begin_hooks = (*conn.begin_hooks, partial(_statement_timeout, ms=timeout_ms))
        yield conn


def _statement_timeout(conn: psycopg.Connection, ms: int) -> None:
    conn.cursor().execute("SELECT pg_catalog.set_config('statement_timeout', %s, true)", [f"{ms}ms"])


@contextmanager
def snapshot(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """One REPEATABLE READ READ ONLY transaction (BEGIN says so: the session's hooks may run first)."""
    with snapshot_transaction(conn):
        yield conn


def live_spec(target: psycopg.Connection, managed: set[tuple[str, str]]) -> Spec:
    """The spec import writes for the managed tables and the tables their foreign keys reach."""
    schemas = tuple(sorted({s for s, _ in managed})) or ("public",)
    with snapshot(target):
        present = set(table_names(target, schemas))
        wider = introspect(target, present & managed, snapshot=False) if managed else Catalog()
    reached = {(c.references.schema, c.references.table) for c in wider.constraints if c.references}
    wanted = (managed | reached) & present if managed else present
    globs = tuple(sorted({escape(t) for _, t in wanted}))
    imported = import_database(target, Scope(schemas, globs), "live")
    if not imported.files:
        raise ReconcileError("none of the plan's tables exist on the target: nothing to rehearse")
    return load_spec_text(imported.files, release="live")


def build_schema(copy: psycopg.Connection, copy_url: str, spec: Spec) -> Catalog:
    """Create the spec's tables on the empty copy; returns the copy's catalog."""
    planned = make_plan(copy, spec, copy_url)
    result = apply_plan(copy, planned.plan, ApplyOptions())
    if result.failure is not None:
        raise ReconcileError(f"could not build the copy's schema: {result.failure}")
    return introspect(copy, spec.table_names())


def parents_first(catalog: Catalog) -> list[Table]:
    g: nx.DiGraph = nx.DiGraph()
    for t in catalog.tables:
        g.add_node((t.schema, t.name))
    for c in catalog.constraints:
        parent = (c.references.schema, c.references.table) if c.references else None
        if parent and parent in g and parent != (c.schema, c.table):
            g.add_edge(parent, (c.schema, c.table))
    tables = (catalog.table(*key) for key in nx.lexicographical_topological_sort(g))
    return [t for t in tables if t is not None]


def target_rows(target: psycopg.Connection, table: Table) -> float:
    row = target.execute(
        "SELECT reltuples FROM pg_class WHERE oid = to_regclass(format('%%I.%%I', %s::text, %s::text))",
        [table.schema, table.name],
    ).fetchone()
    return float(row[0]) if row else -1.0


def qualified(table: Table) -> sql.Identifier:
    return sql.Identifier(table.schema, table.name)


def key_text(columns: tuple[str, ...]) -> sql.Composed:
    """The text of a (multi-)column key, as parent and child agree to compare it."""
    return sql.SQL("concat_ws({}, {})").format(
        sql.Literal(SEP), sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns)
    )


Keys = dict[tuple[str, str, tuple[str, ...]], list[str]]  # (schema, table, columns) -> sampled key texts


def sample(target: psycopg.Connection, copy: psycopg.Connection, catalog: Catalog, amount: Amount) -> list[TableCopy]:
    """Up to `amount.rows` rows per table (or `amount.percent` of them), parents first; a child row only
    when its parents are in the sample."""
    keys: Keys = {}
    copies: list[TableCopy] = []
    fks = [c for c in catalog.constraints if c.type == ConstraintType.FOREIGN and c.references]
    with snapshot(target):
        for table in parents_first(catalog):
            own = [c for c in fks if (c.schema, c.table) == (table.schema, table.name)]
            wanted = _referenced(fks, table)
            columns = [c.name for c in table.columns]
            fetched = target.execute(_select(table, columns, wanted, own, keys, amount)).fetchall()
            for i, k in enumerate(wanted):
                keys[(table.schema, table.name, k)] = [r[len(columns) + i] for r in fetched]
            _write(copy, table, columns, [r[: len(columns)] for r in fetched])
            size = _size(target_rows(target, table), len(fetched), amount, bool(own))
            copies.append(TableCopy(table.schema, table.name, len(fetched), size))
    reset_sequences(copy, catalog)
    return copies


def _size(reltuples: float, fetched: int, amount: Amount, filtered: bool) -> float:
    """The target's row count: reltuples, or (never analyzed) what the unfiltered sample implies."""
    if reltuples >= 0 or filtered:
        return reltuples
    if amount.percent is not None:
        return fetched * 100 / amount.percent if fetched else -1.0
    return float(fetched) if fetched < amount.rows else reltuples  # the sample is the whole table


def _referenced(fks: list[Constraint], table: Table) -> list[tuple[str, ...]]:
    """The column lists of `table` that foreign keys point at."""
    here = (table.schema, table.name)
    return sorted(
        {c.references.columns for c in fks if c.references and (c.references.schema, c.references.table) == here}
    )


def _select(
    table: Table, columns: list[str], wanted: list[tuple[str, ...]], own: list[Constraint], keys: Keys, amount: Amount
) -> sql.Composed:
    """The table's rows whose foreign keys point into the sample, plus the key texts children will need.

    With a percentage, each row is kept with that probability (TABLESAMPLE BERNOULLI, seeded), before the
    foreign-key filter: a plain SELECT all the same, so ACCESS SHARE and nothing more."""
    source: sql.Composable
    limit: sql.Composable
    if amount.percent is None:
        source, limit = qualified(table), sql.SQL(" LIMIT {}").format(sql.Literal(amount.rows))
    else:
        source = sql.SQL("{} TABLESAMPLE BERNOULLI ({}) REPEATABLE ({})").format(
            qualified(table), sql.Literal(amount.percent), sql.Literal(SEED)
        )
        limit = sql.SQL("")
    return sql.SQL("SELECT {cols}{extra} FROM {t} WHERE {cond}{limit}").format(
        cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
        extra=sql.SQL("").join(sql.SQL(", {}").format(key_text(k)) for k in wanted),
        t=source,
        cond=sql.SQL(" AND ").join([sql.SQL("true"), *(_inside(c, keys) for c in own)]),
        limit=limit,
    )


def _inside(fk: Constraint, keys: Keys) -> sql.Composable:
    assert fk.references is not None
    ref = fk.references
    if (ref.schema, ref.table) == (fk.schema, fk.table):
        return sql.SQL("true")  # self references: not followed
    parent = keys.get((ref.schema, ref.table, ref.columns), [])
    any_null = sql.SQL(" OR ").join(sql.SQL("{} IS NULL").format(sql.Identifier(c)) for c in fk.columns)
    return sql.SQL("({} OR {} = ANY({}::text[]))").format(any_null, key_text(fk.columns), sql.Literal(parent))


def _write(copy: psycopg.Connection, table: Table, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    if not rows:
        return
    stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(qualified(table), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with copy.cursor() as cur, cur.copy(stmt) as cp:
        for row in rows:
            cp.write_row(row)


def reset_sequences(copy: psycopg.Connection, catalog: Catalog) -> None:
    """Serial and identity sequences continue after the copied keys, so the writer's inserts do not collide."""
    for table in catalog.tables:
        for col in table.columns:
            if col.identity or col.type.endswith("serial") or (col.default or "").startswith("nextval("):
                copy.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({q}, {c}), coalesce(max({col}), 0) + 1, false) FROM {t}"
                    ).format(
                        q=sql.Literal(qualified(table).as_string(copy)),
                        c=sql.Literal(col.name),
                        col=sql.Identifier(col.name),
                        t=qualified(table),
                    )
                )
    copy.execute("ANALYZE")
