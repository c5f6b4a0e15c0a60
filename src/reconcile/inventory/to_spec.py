"""Catalog -> spec data: one `desired/*.yaml` mapping per table, and what the spec could not carry.

The mappings hold only what differs from the spec's defaults, in the order the files show it.
Constraint names are written only when they differ from the name PostgreSQL would choose for an
unnamed constraint (foreign keys, unique and check constraints), because reconcile leaves those
to PostgreSQL too: the spec stays readable and plans the same names back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reconcile.catalog.comments import comments_in
from reconcile.catalog.model import Catalog, Column, Constraint, Index, IndexKey, Table
from reconcile.catalog.sqltext import SERIAL_TYPES, type_text_ok
from reconcile.normalize.build import default_name

from .partition_text import partition_by_fields, partition_of_fields, unspellable_keys
from .unsupported import Effect, Skipped

# format_type() spellings with a shorter synonym PostgreSQL reads back as the same type
_SHORT_TYPES = (
    (re.compile(r"^timestamp(\(\d+\))? without time zone"), r"timestamp\1"),
    (re.compile(r"^timestamp(\(\d+\))? with time zone"), r"timestamptz\1"),
    (re.compile(r"^time(\(\d+\))? without time zone"), r"time\1"),
    (re.compile(r"^time(\(\d+\))? with time zone"), r"timetz\1"),
    (re.compile(r"^character varying"), "varchar"),
    (re.compile(r"^bit varying"), "varbit"),
)
_CHECK = re.compile(r"^CHECK \((?P<expr>.*)\)(?P<no_inherit> NO INHERIT)?$", re.DOTALL)
_INTEGER = re.compile(r"^-?(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class TableData:
    schema: str
    table: str
    data: dict[str, Any]


def short_type(type_name: str) -> str:
    for pattern, replacement in _SHORT_TYPES:
        type_name = pattern.sub(replacement, type_name)
    return type_name


def to_spec(catalog: Catalog, skipped: list[Skipped]) -> tuple[list[TableData], list[Skipped]]:
    """Spec data of every table not left out, sorted by (schema, table); and what got lost on the way."""
    lost: list[Skipped] = []
    left_out = {(s.schema, s.table) for s in skipped if s.effect is Effect.TABLE}
    converter = _Converter(catalog, skipped, lost)
    tables = [
        converter.table(t)
        for t in sorted(catalog.tables, key=lambda t: (t.schema, t.name))
        if (t.schema, t.name) not in left_out
    ]
    return [t for t in tables if t is not None], lost


class _Converter:
    def __init__(self, catalog: Catalog, skipped: list[Skipped], lost: list[Skipped]) -> None:
        self.catalog = catalog
        self.lost = lost
        self.plain = {(s.schema, s.name) for s in skipped if s.effect is Effect.DEFAULT}
        self.dropped = {(s.schema, s.table, s.name) for s in skipped if s.effect is Effect.CONSTRAINT}
        # a name used twice in a schema is always written: PostgreSQL would number one of them
        self.taken = Counter((c.schema, c.name) for c in catalog.constraints)
        self.comments = {(c.schema, c.relation, c.on, c.sub): c.text for c in comments_in(catalog.objects)}
        self.unspellable = unspellable_keys(catalog)

    def commented(self, out: dict[str, Any], table: Table, on: str, sub: str = "") -> dict[str, Any]:
        """`out` with its object's comment (a commented constraint always written with its name)."""
        text = self.comments.get((table.schema, table.name, on, sub))
        if text is None:
            return out
        return ({"name": sub} if on == "constraint" else {}) | out | {"comment": text}

    def table(self, table: Table) -> TableData | None:
        if not table.columns:
            self.lose(table, "table without columns", table.name, "left out")
            return None
        odd = next((c for c in table.columns if not type_text_ok(short_type(c.type))), None)
        if odd is not None:  # the spec's type syntax is deliberately narrow (it becomes SQL text)
            self.lose(
                table, "column type the spec cannot spell", f"{table.name}.{odd.name}", f"{odd.type}: table left out"
            )
            return None
        if (table.schema, table.name) in self.unspellable:
            self.lose(table, "partition key the spec cannot spell", table.name, "left out, with its partitions")
            return None
        constraints = sorted(
            (c for c in self.catalog.constraints_of(table.schema, table.name) if self.keep(c)), key=_name
        )
        pk = next((c for c in constraints if c.type == "p"), None)
        data: dict[str, Any] = {"table": table.name}
        if table.schema != "public":
            data["schema"] = table.schema
        data = self.commented(data, table, "table")
        data.update(partition_of_fields(table))
        if table.parent is None:  # a partition's columns and primary key are its parent's
            data["columns"] = [self.column(table, col, pk) for col in table.columns]
            if pk is not None:
                self.primary_key(table, pk, data)
        data.update(partition_by_fields(table))
        data.update(self.sections(table, constraints))
        data.update(row_security(table))
        return TableData(table.schema, table.name, data)

    def sections(self, table: Table, constraints: list[Constraint]) -> dict[str, list[dict[str, Any]]]:
        """unique, checks, indexes and foreign_keys, each sorted by name; empty ones left out."""
        by_type = {t: [c for c in constraints if c.type == t] for t in "ucf"}
        sections: dict[str, list[dict[str, Any] | None]] = {
            "unique": [self.commented(self.unique(table, c), table, "constraint", c.name) for c in by_type["u"]],
            "checks": [self.check(table, c) for c in by_type["c"]],
            "indexes": [self.commented(self.index(table, i), table, "index", i.name) for i in self.indexes(table)],
            "foreign_keys": [
                self.commented(self.foreign_key(table, c), table, "constraint", c.name) for c in by_type["f"]
            ],
            "triggers": [
                self.trigger(table, t)
                for t in self.catalog.of("trigger")
                if getattr(t, "table", "") == table.name and t.schema == table.schema
            ],
        }
        kept = {k: [v for v in items if v is not None] for k, items in sections.items()}
        return {k: items for k, items in kept.items() if items}

    def trigger(self, table: Table, trg: Any) -> dict[str, Any] | None:
        from .trigger_text import trigger_fields

        fields = trigger_fields(trg)
        if fields is None:
            self.lose(table, "trigger", trg.trigger, "with arguments or transition tables: left out")
        return fields

    def indexes(self, table: Table) -> list[Index]:
        return sorted(self.catalog.indexes_of(table.schema, table.name), key=_name)

    def keep(self, con: Constraint) -> bool:
        return (con.schema, con.table, con.name) not in self.dropped

    def lose(self, table: Table, kind: str, name: str, note: str) -> None:
        self.lost.append(Skipped(kind, table.schema, name, table.name, note))

    def column(self, table: Table, col: Column, pk: Constraint | None) -> dict[str, Any]:
        out: dict[str, Any] = {"name": col.name, "type": short_type(col.type)}
        single_pk = pk is not None and pk.columns == (col.name,)
        if single_pk:
            out["primary_key"] = True
        implied = single_pk or col.identity is not None or col.type in SERIAL_TYPES
        if col.type in SERIAL_TYPES and not col.not_null:
            self.lose(table, "serial column allowing NULL", f"{table.name}.{col.name}", "written as NOT NULL")
        if col.not_null and not implied and not (pk and col.name in pk.columns):
            out["nullable"] = False
        if col.identity:
            out["identity"] = col.identity
        if col.default is not None and (table.schema, f"{table.name}.{col.name}") not in self.plain:
            out["default"] = int(col.default) if _INTEGER.match(col.default) else col.default
        if col.generated is not None:
            out["generated"] = col.generated
        if col.virtual:
            out["virtual"] = True
        return self.commented(out, table, "column", col.name)

    def primary_key(self, table: Table, pk: Constraint, data: dict[str, Any]) -> None:
        if len(pk.columns) > 1:
            data["primary_key"] = list(pk.columns)
        expected = default_name(table.name, [], "pkey")
        if pk.name != expected:
            self.lose(table, "primary key name", pk.name, f"written as {expected}")
        self.deferrable(table, pk)

    def deferrable(self, table: Table, con: Constraint) -> None:
        if con.deferrable:
            self.lose(table, "deferrable key", con.name, "written as NOT DEFERRABLE")

    def named(self, con: Constraint, columns: list[str], label: str) -> dict[str, Any]:
        implicit = con.name == default_name(con.table, columns, label) and self.taken[(con.schema, con.name)] == 1
        return {} if implicit else {"name": con.name}

    def unique(self, table: Table, con: Constraint) -> dict[str, Any]:
        self.deferrable(table, con)
        out = {**self.named(con, list(con.columns), "key"), "columns": list(con.columns)}
        if con.nulls_not_distinct:
            out["nulls_not_distinct"] = True
        return out

    def check(self, table: Table, con: Constraint) -> dict[str, Any] | None:
        match = _CHECK.match(con.expression or "")
        if match is None:
            self.lose(table, "check constraint", con.name, f"left out: {con.expression}")
            return None
        self.validated(table, con)
        columns = sorted(set(con.columns))
        out = {**self.named(con, columns if len(columns) == 1 else [], "check"), "expression": match["expr"]}
        out |= {"no_inherit": True} if match["no_inherit"] else {}
        return self.commented(out, table, "constraint", con.name)

    def validated(self, table: Table, con: Constraint) -> None:
        if not con.valid:
            self.lose(table, "constraint NOT VALID", con.name, "written as valid: a plan validates it")

    def foreign_key(self, table: Table, con: Constraint) -> dict[str, Any]:
        self.validated(table, con)
        ref = con.references
        assert ref is not None
        out = {**self.named(con, list(con.columns), "fkey"), "columns": list(con.columns)}
        target: dict[str, Any] = {"schema": ref.schema} if ref.schema != table.schema else {}
        out["references"] = {**target, "table": ref.table, "columns": list(ref.columns)}
        flags = {
            "on_delete": con.on_delete if con.on_delete != "no action" else None,
            "on_update": con.on_update if con.on_update != "no action" else None,
            "deferrable": con.deferrable or None,
            "initially_deferred": con.initially_deferred or None,
        }
        return out | {k: v for k, v in flags.items() if v is not None}

    def index(self, table: Table, idx: Index) -> dict[str, Any]:
        if not idx.valid:
            self.lose(table, "invalid index", idx.name, "written as valid: a plan rebuilds it")
        return index_data(idx)


def index_data(idx: Index) -> dict[str, Any]:
    """An index as the spec writes it (a table's or a materialized view's)."""
    out: dict[str, Any] = {"name": idx.name}
    if idx.unique:
        out["unique"] = True
    if idx.method != "btree":
        out["method"] = idx.method
    out["columns"] = [_key(k) for k in idx.keys]
    if idx.include:
        out["include"] = list(idx.include)
    if idx.where:
        out["where"] = idx.where
    if idx.nulls_not_distinct:
        out["nulls_not_distinct"] = True
    return out


def _name(obj: Index | Constraint) -> str:
    return obj.name


def _key(key: IndexKey) -> str | dict[str, Any]:
    out: dict[str, Any] = {"column": key.column} if key.column is not None else {"expression": key.expression}
    if key.descending:
        out["order"] = "desc"
    if key.nulls_first != key.descending:  # ascending keys sort NULLs last by default, descending ones first
        out["nulls"] = "first" if key.nulls_first else "last"
    if key.opclass:
        out["opclass"] = key.opclass
    return out["column"] if list(out) == ["column"] else out


def row_security(table: Table) -> dict[str, Any]:
    """`row_level_security:` and `policies:` of a table that has either; nothing for one without."""
    rs = table.row_security
    if rs is None:
        return {}
    policies = []
    for p in rs.policies:
        out: dict[str, Any] = {"name": p.name}
        if p.command != "all":
            out["command"] = p.command
        if not p.permissive:
            out["restrictive"] = True
        if p.roles != ("public",):
            out["roles"] = list(p.roles)
        if p.using is not None:
            out["using"] = p.using
        if p.with_check is not None:
            out["with_check"] = p.with_check
        policies.append(out)
    flags: dict[str, Any] = {"enabled": rs.enabled} | ({"forced": True} if rs.forced else {})
    return {"row_level_security": flags, "policies": policies}
