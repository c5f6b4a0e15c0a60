"""diff(current, desired) -> Changes. Pure: no I/O, no SQL text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reconcile.catalog.model import Catalog, Column, Constraint, Index, Table

Action = Literal["create", "add", "drop", "alter", "replace", "rebuild", "validate", "rename", "swap"]
MARKERS = {
    "create": "+",
    "add": "+",
    "drop": "-",
    "alter": "~",
    "replace": "-/+",
    "rebuild": "-/+",
    "validate": "~",
    "rename": "~",
    "swap": "-/+",
}
TEMP_SUFFIX = "_reconcile_new"

Obj = Table | Column | Index | Constraint


@dataclass(frozen=True)
class Change:
    action: Action
    kind: Literal["table", "column", "index", "constraint"]
    schema: str
    table: str
    name: str
    before: Obj | None = None
    after: Obj | None = None
    new_table: bool = False  # the table is created in this plan: no online tricks needed
    leftover: bool = False  # reconcile's own temporary object from an interrupted run

    @property
    def marker(self) -> str:
        return MARKERS[self.action]

    @property
    def address(self) -> str:
        base = f"{self.schema}.{self.table}"
        return base if self.kind == "table" else f"{base}.{self.name}"


def temp_index_name(name: str) -> str:
    """Name a replacement index is built under before the swap (fits 63 bytes)."""
    return name.encode()[: 63 - len(TEMP_SUFFIX)].decode("utf-8", errors="ignore") + TEMP_SUFFIX


def diff(current: Catalog, desired: Catalog) -> list[Change]:
    changes: list[Change] = []
    for table in desired.tables:
        live = current.table(table.schema, table.name)
        if live is None:
            changes.append(Change("create", "table", table.schema, table.name, table.name, after=table, new_table=True))
        else:
            changes += _columns(live, table)
        new = live is None
        changes += _indexes(
            current.indexes_of(table.schema, table.name), desired.indexes_of(table.schema, table.name), new
        )
        changes += _constraints(
            current.constraints_of(table.schema, table.name),
            desired.constraints_of(table.schema, table.name),
            new,
        )
    return changes


def _columns(live: Table, want: Table) -> list[Change]:
    out = []
    for col in want.columns:
        have = live.column(col.name)
        if have is None:
            out.append(Change("add", "column", want.schema, want.name, col.name, after=col))
        elif have != col:
            out.append(Change("alter", "column", want.schema, want.name, col.name, before=have, after=col))
    for col in live.columns:
        if want.column(col.name) is None:
            out.append(Change("drop", "column", want.schema, want.name, col.name, before=col))
    return out


def _indexes(live: tuple[Index, ...], want: tuple[Index, ...], new_table: bool) -> list[Change]:
    out: list[Change] = []
    have = {i.name: i for i in live}
    wanted = {i.name: i for i in want}
    leftovers = {temp_index_name(n): n for n in wanted}
    settled: set[str] = set()
    for name, idx in have.items():
        if name not in leftovers or name in wanted:
            continue
        # an interrupted replace left its build behind: finish the swap, or clear it away
        target = wanted[leftovers[name]]
        built = idx.valid and replace(idx, name=target.name) == target
        cur = have.get(target.name)
        if built and cur is None:
            out.append(
                Change("rename", "index", idx.schema, idx.table, target.name, before=idx, after=target, leftover=True)
            )
            settled.add(target.name)
        elif built and cur is not None and replace(cur, valid=True) != target or built and cur and not cur.valid:
            out.append(
                Change("swap", "index", idx.schema, idx.table, target.name, before=cur, after=idx, leftover=True)
            )
            settled.add(target.name)
        else:
            out.append(Change("drop", "index", idx.schema, idx.table, name, before=idx, leftover=True))
    for name, idx in wanted.items():
        cur = have.get(name)
        if name in settled:
            continue
        if cur is None:
            out.append(Change("add", "index", idx.schema, idx.table, name, after=idx, new_table=new_table))
        elif not cur.valid and replace(cur, valid=True) == idx:
            out.append(Change("rebuild", "index", idx.schema, idx.table, name, before=cur, after=idx))
        elif replace(cur, valid=True) != idx:
            out.append(Change("replace", "index", idx.schema, idx.table, name, before=cur, after=idx))
    for name, idx in have.items():
        if name not in wanted and name not in leftovers:
            out.append(Change("drop", "index", idx.schema, idx.table, name, before=idx))
    return out


def _constraints(live: tuple[Constraint, ...], want: tuple[Constraint, ...], new_table: bool) -> list[Change]:
    out: list[Change] = []
    have = {c.name: c for c in live}
    for con in want:
        cur = have.get(con.name)
        if cur is None:
            out.append(Change("add", "constraint", con.schema, con.table, con.name, after=con, new_table=new_table))
        elif replace(cur, valid=True) != con:
            out.append(Change("replace", "constraint", con.schema, con.table, con.name, before=cur, after=con))
        elif not cur.valid:
            out.append(Change("validate", "constraint", con.schema, con.table, con.name, before=cur, after=con))
    wanted = {c.name for c in want}
    for con in live:
        if con.name not in wanted:
            out.append(Change("drop", "constraint", con.schema, con.table, con.name, before=con))
    return out
