"""Frozen catalog objects, the common language of spec, introspection and diff.

Every object is keyed by (kind, schema, table, name). Text fields such as types, defaults and
expressions hold PostgreSQL's own rendering (format_type, pg_get_expr), so equal means equal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cached_property
from typing import Any

from .canonical import encode
from .objects import CatalogObject, object_dict, object_from

Key = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # format_type(); serial columns read as "serial"/"bigserial"/"smallserial"
    not_null: bool = False
    default: str | None = None
    identity: str | None = None  # "always" | "by default"
    generated: str | None = None  # GENERATED ALWAYS AS (expr), as pg_get_expr renders it: never a default
    virtual: bool = False  # VIRTUAL (PostgreSQL 18) rather than STORED


_GENERATED = ("generated", "virtual")


@dataclass(frozen=True)
class Policy:
    """A row-level security policy (pg_policy): expressions as pg_get_expr renders them."""

    name: str
    command: str = "all"  # all | select | insert | update | delete
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)  # sorted role names; "public" for PUBLIC
    using: str | None = None
    with_check: str | None = None


@dataclass(frozen=True)
class RowSecurity:
    """relrowsecurity, relforcerowsecurity and the table's policies, sorted by name."""

    enabled: bool = False
    forced: bool = False
    policies: tuple[Policy, ...] = ()

    def policy(self, name: str) -> Policy | None:
        return next((p for p in self.policies if p.name == name), None)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RowSecurity:
        pols = tuple(Policy(**{**p, "roles": tuple(p["roles"])}) for p in d.get("policies", ()))
        return cls(bool(d["enabled"]), bool(d["forced"]), pols)


@dataclass(frozen=True)
class Partitioning:
    """A partitioned table's key and/or a partition's parent and bounds, as PostgreSQL renders them."""

    key: str | None = None  # pg_get_partkeydef: "RANGE (created_at)"
    parent: tuple[str, str] | None = None  # (schema, table) of the partitioned table this is a partition of
    bounds: str | None = None  # pg_get_expr(relpartbound): "FOR VALUES FROM (...) TO (...)" | "DEFAULT"
    # a partitioned table's partitions at every level, parents first (Index.partitions); not canonical
    tree: tuple[tuple[str, str, str, str, bool], ...] = field(default=(), compare=False)
    # attaching an existing table (set by the diff): its copies of the parent's indexes and constraints,
    # as ("index" | "constraint", name), made before the ATTACH; and the parent's key (the bound's CHECK)
    adopts: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    parent_key: str | None = field(default=None, compare=False)
    # and the parent's DEFAULT partition (a leaf, live and kept): a CHECK there proves it holds none of the rows
    default: tuple[str, str] | None = field(default=None, compare=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Partitioning:
        parent = d.get("parent")
        tree = tuple((r[0], r[1], r[2], r[3], bool(r[4])) for r in d.get("tree") or ())
        return cls(d.get("key"), (parent[0], parent[1]) if parent else None, d.get("bounds"), tree)


def _table_dict(table: Table) -> dict[str, Any]:
    """A table's canonical form; a column's generation fields only when it is generated, so the
    fingerprints of catalogs without generated columns stay what they were."""
    data = encode(table)
    for col in data["columns"]:
        if col["generated"] is None and not col["virtual"]:
            for name in _GENERATED:
                del col[name]
    if data["row_security"] is None:  # tables without row-level security keep their fingerprints
        del data["row_security"]
    if data["partitioning"] is None:  # as do tables that are not partitioned
        del data["partitioning"]
    else:
        for name in (
            "tree",
            "adopts",
            "parent_key",
            "default",
        ):  # the live partitions (tables of their own); how to attach
            del data["partitioning"][name]
    return data


@dataclass(frozen=True)
class IndexKey:
    column: str | None = None  # a plain column ...
    expression: str | None = None  # ... or an expression, as pg_get_indexdef renders it
    descending: bool = False
    nulls_first: bool = False
    opclass: str | None = None  # only when not the type's default


@dataclass(frozen=True)
class Index:
    schema: str
    table: str
    name: str
    keys: tuple[IndexKey, ...]
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    valid: bool = True
    # columns the index reads (keys, expressions, predicate): ordering only, not identity
    uses: frozenset[str] = field(default=frozenset(), compare=False)
    # on a partitioned table: its partitions, parents first, as (schema, name, parent schema, parent
    # name, itself partitioned); how to build it, not what it is
    partitions: tuple[tuple[str, str, str, str, bool], ...] = field(default=(), compare=False)
    partitioned: bool = field(default=False, compare=False)
    inherited: bool = field(default=False, compare=False)  # a partition's copy of its parent's index
    attached_to: tuple[str, str] | None = field(default=None, compare=False)  # (schema, name) of that parent index
    # resuming an interrupted build on a partitioned table: the partitions' copies already there, as
    # (schema, partition, copy name, "attached" | "built" | "invalid"); how to build it, not what it is
    copies: tuple[tuple[str, str, str, str], ...] = field(default=(), compare=False)

    @property
    def key(self) -> Key:
        return ("index", self.schema, self.table, self.name)


@dataclass(frozen=True)
class ForeignKeyRef:
    schema: str
    table: str
    columns: tuple[str, ...]


class ConstraintType(StrEnum):
    """pg_constraint.contype of the kinds the spec declares."""

    PRIMARY = "p"
    UNIQUE = "u"
    CHECK = "c"
    FOREIGN = "f"


UNIQUE_KINDS = (ConstraintType.PRIMARY, ConstraintType.UNIQUE)


@dataclass(frozen=True)
class Constraint:
    """PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY."""

    schema: str
    table: str
    name: str
    type: ConstraintType
    columns: tuple[str, ...] = ()
    expression: str | None = None  # CHECK: pg_get_constraintdef
    references: ForeignKeyRef | None = None
    on_delete: str = "no action"
    on_update: str = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    nulls_not_distinct: bool = False
    valid: bool = True
    inherited: bool = field(default=False, compare=False)  # a partition's, from its parent (not canonical)
    # added to an existing partitioned table: its partitions, as Index.partitions (how, not what)
    partitions: tuple[tuple[str, str, str, str, bool], ...] = field(default=(), compare=False)
    partitioned: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", ConstraintType(self.type))  # catalog rows and JSON hold the letter

    @property
    def key(self) -> Key:
        return ("constraint", self.schema, self.table, self.name)


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]
    # live: None when RLS is off and there are no policies; desired: None when the spec leaves RLS alone
    row_security: RowSecurity | None = None
    partitioning: Partitioning | None = None  # None: neither partitioned nor a partition

    @property
    def key(self) -> Key:
        return ("table", self.schema, self.name)

    @property
    def parent(self) -> tuple[str, str] | None:
        """(schema, table) of the partitioned table this one is a partition of."""
        return self.partitioning.parent if self.partitioning else None

    @property
    def partition_key(self) -> str | None:
        return self.partitioning.key if self.partitioning else None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Catalog:
    """The managed part of a database: tables, their indexes and constraints."""

    tables: tuple[Table, ...] = ()
    indexes: tuple[Index, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    server_version: int = 0
    objects: tuple[CatalogObject, ...] = ()  # views, enums, functions ...: catalog/objects.py
    # the indexes and constraints partitions inherit from their parents: the parent's, never diffed on
    # a partition (read for a detach, after which they are the table's own); not canonical
    inherited: tuple[Index | Constraint, ...] = field(default=(), compare=False)

    def of(self, kind: str) -> tuple[CatalogObject, ...]:
        return tuple(o for o in self.objects if o.KIND == kind)

    def get(self, kind: str, schema: str, name: str) -> CatalogObject | None:
        return self._objects.get((kind, schema, name))

    @cached_property
    def _objects(self) -> dict[tuple[str, ...], CatalogObject]:
        return {o.key: o for o in self.objects}

    def table(self, schema: str, name: str) -> Table | None:
        return self._tables.get((schema, name))

    def partitions_of(self, schema: str, table: str) -> tuple[Table, ...]:
        """The partitions of a partitioned table, by name."""
        return tuple(sorted((t for t in self.tables if t.parent == (schema, table)), key=lambda t: t.name))

    def inherited_of(self, schema: str, table: str) -> tuple[Index | Constraint, ...]:
        return tuple(o for o in self.inherited if (o.schema, o.table) == (schema, table))

    def indexes_of(self, schema: str, table: str) -> tuple[Index, ...]:
        return self._indexes.get((schema, table), ())

    def constraints_of(self, schema: str, table: str) -> tuple[Constraint, ...]:
        return self._constraints.get((schema, table), ())

    # lookups by table, built once: diff asks per table, and specs may hold a thousand tables
    @cached_property
    def _tables(self) -> dict[tuple[str, str], Table]:
        return {(t.schema, t.name): t for t in self.tables}

    @cached_property
    def _indexes(self) -> dict[tuple[str, str], tuple[Index, ...]]:
        return _by_table(self.indexes)

    @cached_property
    def _constraints(self) -> dict[tuple[str, str], tuple[Constraint, ...]]:
        return _by_table(self.constraints)

    def restricted_to(self, names: set[tuple[str, str]]) -> Catalog:
        """Only the given (schema, table) pairs and their objects."""
        return Catalog(
            tables=tuple(t for t in self.tables if (t.schema, t.name) in names),
            indexes=tuple(i for i in self.indexes if (i.schema, i.table) in names),
            constraints=tuple(c for c in self.constraints if (c.schema, c.table) in names),
            server_version=self.server_version,
            objects=self.objects,
            inherited=tuple(o for o in self.inherited if (o.schema, o.table) in names),
        )

    def to_dict(self) -> dict[str, Any]:
        """Canonical, sorted form: the basis of snapshots and fingerprints (built once; do not mutate)."""
        return self._canonical

    @cached_property
    def _canonical(self) -> dict[str, Any]:
        data = {
            "tables": [_table_dict(t) for t in sorted(self.tables, key=lambda t: t.key)],
            "indexes": [_index_dict(i) for i in sorted(self.indexes, key=lambda i: i.key)],
            "constraints": [_constraint_dict(c) for c in sorted(self.constraints, key=lambda c: c.key)],
        }
        if self.objects:  # absent when empty: catalogs of tables only keep their fingerprints
            data["objects"] = [object_dict(o) for o in sorted(self.objects, key=lambda o: o.key)]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], server_version: int = 0) -> Catalog:
        return cls(
            tables=tuple(
                Table(
                    t["schema"],
                    t["name"],
                    tuple(Column(**c) for c in t["columns"]),
                    RowSecurity.from_dict(t["row_security"]) if t.get("row_security") else None,
                    Partitioning.from_dict(t["partitioning"]) if t.get("partitioning") else None,
                )
                for t in data.get("tables", [])
            ),
            indexes=tuple(_index_from(d) for d in data.get("indexes", [])),
            constraints=tuple(_constraint_from(d) for d in data.get("constraints", [])),
            server_version=server_version,
            objects=tuple(object_from(d) for d in data.get("objects", [])),
        )

    def fingerprint(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def _by_table(objects: tuple[Any, ...]) -> dict[tuple[str, str], tuple[Any, ...]]:
    grouped: dict[tuple[str, str], list[Any]] = {}
    for obj in objects:
        grouped.setdefault((obj.schema, obj.table), []).append(obj)
    return {k: tuple(v) for k, v in grouped.items()}


def _index_dict(index: Index) -> dict[str, Any]:
    data = {f.name: getattr(index, f.name) for f in fields(index) if f.compare}
    data["keys"] = [encode(k) for k in index.keys]
    data["include"] = list(index.include)
    return data


def _index_from(d: dict[str, Any]) -> Index:
    d = dict(d)
    d["keys"] = tuple(IndexKey(**k) for k in d["keys"])
    d["include"] = tuple(d.get("include", ()))
    return Index(**d)


def _constraint_dict(con: Constraint) -> dict[str, Any]:
    data = encode(con)
    for name in ("inherited", "partitions", "partitioned"):  # how it is read and built, not what it is
        del data[name]
    return data


def _constraint_from(d: dict[str, Any]) -> Constraint:
    d = dict(d)
    d["columns"] = tuple(d.get("columns", ()))
    ref = d.get("references")
    if ref:
        d["references"] = ForeignKeyRef(ref["schema"], ref["table"], tuple(ref["columns"]))
    return Constraint(**d)
