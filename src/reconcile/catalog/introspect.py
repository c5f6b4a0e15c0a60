"""introspect(conn) -> Catalog: one snapshot, one set-based query per object kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reconcile.catalog.model import (
    Catalog,
    Column,
    Constraint,
    ConstraintType,
    ForeignKeyRef,
    Index,
    IndexKey,
    Partitioning,
    RowSecurity,
    Table,
)
from reconcile.catalog.objects import read_objects
from reconcile.connect.session import snapshot_transaction

ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
KINDS = ("relations", "columns", "indexes", "constraints")


@cache
def query(name: str) -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", f"{name}.sql").read_text())


def server_facts(conn: psycopg.Connection) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query("server")).fetchone()
    assert row is not None
    return row


def introspect(
    conn: psycopg.Connection,
    tables: Iterable[tuple[str, str]],
    *,
    objects: Iterable[tuple[str, str, str]] = (),
    snapshot: bool = True,
    trace: list[str] | None = None,
    path: Iterable[str] | None = None,
) -> Catalog:
    """Read the given (schema, table) pairs and their indexes and constraints, and the managed
    objects of other kinds given as (kind, schema, name) (catalog/objects.py).

    `snapshot` opens a REPEATABLE READ READ ONLY transaction so all queries see one state;
    pass False when already inside a transaction (normalization reads the dev database's).
    The number of queries is fixed: one per kind, whatever the number of tables. Names in `path` (default:
    the schemas read) are rendered unqualified.
    """
    wanted = sorted(set(tables))
    others = sorted(set(objects))
    if snapshot:
        with snapshot_transaction(conn):
            set_search_path(conn, set(path) if path is not None else {s for s, _ in wanted} | {s for _, s, _ in others})
            return _read(conn, wanted, trace, others)
    return _read(conn, wanted, trace, others)


def table_names(conn: psycopg.Connection, schemas: Iterable[str]) -> list[tuple[str, str]]:
    """(schema, table) of every table in `schemas` that no extension owns, sorted."""
    rows = conn.execute(query("tables"), {"schemas": sorted(set(schemas))}).fetchall()
    return [(schema, name) for schema, name in rows]


def set_search_path(conn: psycopg.Connection, schemas: set[str]) -> None:
    """Render names in the managed schemas unqualified, on both sides of a diff alike."""
    path = sql.SQL(", ").join(sql.Identifier(s) for s in sorted(schemas | {"public"}))
    conn.execute(sql.SQL("SET LOCAL search_path = {}").format(path))


def _read(
    conn: psycopg.Connection,
    wanted: list[tuple[str, str]],
    trace: list[str] | None,
    others: list[tuple[str, str, str]],
) -> Catalog:
    def run(kind: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if trace is not None:
            trace.append(kind)
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(query(kind), params).fetchall()

    version = int(conn.info.server_version)
    rels = run(
        "relations",
        {"schemas": [s for s, _ in wanted], "names": [n for _, n in wanted]},
    )
    where = {r["oid"]: (r["schema"], r["name"]) for r in rels}
    rls = {r["oid"]: RowSecurity.from_dict(r["row_security"]) for r in rels if r["row_security"] is not None}
    parts = {r["oid"]: Partitioning.from_dict(r["partitioning"]) for r in rels if r["partitioning"] is not None}
    oids = {"oids": list(where)}
    columns: dict[int, list[Column]] = {oid: [] for oid in where}
    for r in run("columns", oids):
        columns[r["oid"]].append(
            Column(r["name"], r["type"], r["not_null"], r["default"], r["identity"], r["generated"], r["virtual"])
        )
    tables = tuple(Table(*where[oid], tuple(cols), rls.get(oid), parts.get(oid)) for oid, cols in columns.items())
    indexes = [on_partitions(index_from_row(where[r["oid"]], r), parts.get(r["oid"])) for r in run("indexes", oids)]
    constraints = [_constraint(where[r["oid"]], r) for r in run("constraints", oids)]
    return _catalog(tables, indexes, constraints, version, read_objects(conn, others, trace))


def _catalog(
    tables: tuple[Table, ...], indexes: list[Index], constraints: list[Constraint], version: int, objects: Any
) -> Catalog:
    """A partition's inherited indexes and constraints aside: they are its parent's."""
    return Catalog(
        tables,
        tuple(i for i in indexes if not i.inherited),
        tuple(c for c in constraints if not c.inherited),
        version,
        objects,
        inherited=(*(i for i in indexes if i.inherited), *(c for c in constraints if c.inherited)),
    )


def on_partitions(index: Index, partitioning: Partitioning | None) -> Index:
    """An index of a partitioned table knows it, and the table's partitions (how it is built)."""
    if partitioning is None or partitioning.key is None:
        return index
    return replace(index, partitioned=True, partitions=partitioning.tree)


def index_from_row(owner: tuple[str, str], r: dict[str, Any]) -> Index:
    keys = [k for k in r["keys"] if not k["include"]]
    return Index(
        schema=owner[0],
        table=owner[1],
        name=r["name"],
        keys=tuple(
            IndexKey(
                column=k["column"] if k["expression"] is None else None,
                expression=k["expression"],
                descending=k["descending"],
                nulls_first=k["nulls_first"],
                opclass=k["opclass"],
            )
            for k in keys
        ),
        unique=r["unique"],
        method=r["method"],
        where=r["where"],
        include=tuple(k["column"] for k in r["keys"] if k["include"]),
        nulls_not_distinct=r["nulls_not_distinct"],
        valid=r["valid"],
        inherited=r["inherited"],
        attached_to=(r["attached_to"][0], r["attached_to"][1]) if r["attached_to"] else None,
        uses=frozenset(r["uses"]) | {k["column"] for k in r["keys"] if k["column"]},
    )


def _constraint(owner: tuple[str, str], r: dict[str, Any]) -> Constraint:
    is_fk = r["type"] == ConstraintType.FOREIGN
    return Constraint(
        schema=owner[0],
        table=owner[1],
        name=r["name"],
        type=r["type"],
        columns=tuple(r["columns"]),
        expression=r["expression"],
        references=ForeignKeyRef(r["ref_schema"], r["ref_table"], tuple(r["ref_columns"])) if is_fk else None,
        on_delete=ACTIONS[r["on_delete"]] if is_fk else "no action",
        on_update=ACTIONS[r["on_update"]] if is_fk else "no action",
        deferrable=r["deferrable"],
        initially_deferred=r["initially_deferred"],
        nulls_not_distinct=r["nulls_not_distinct"],
        valid=r["valid"],
        inherited=r["inherited"],
    )
