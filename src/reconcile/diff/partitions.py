"""Partitioned tables and partitions that exist on both sides: attach, detach, or refuse.

A partition's columns, and the indexes and constraints it inherits, belong to its parent: they
are diffed there only (introspection leaves the inherited copies out), so a partition never
gets plan noise of its own. A changed partition key cannot be altered in place: refused.
"""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog, Constraint, Index, Table
from reconcile.errors import ReconcileError

from .change import Action, Change, Kind, bound_check_name
from .columns import column_changes
from .partition_attach import adopted


def table_changes(live: Table, want: Table, server_version: int) -> list[Change]:
    """Columns (not on a partition: its parent's), then detach and attach."""
    if live.partition_key != want.partition_key:
        raise ReconcileError(
            f"table {want.schema}.{want.name}: partitioning cannot change in place "
            f"({live.partition_key or 'not partitioned'} -> {want.partition_key or 'not partitioned'}); "
            "declare a new table and move the rows"
        )
    out = [] if want.parent is not None else column_changes(live, want, server_version)
    return out + partition_changes(live, want)


def partition_changes(live: Table, want: Table) -> list[Change]:
    """DETACH from the old parent (or bounds) and/or ATTACH to the wanted one."""
    old = (live.parent, live.partitioning.bounds if live.partitioning else None)
    new = (want.parent, want.partitioning.bounds if want.partitioning else None)
    if old == new:
        return []
    s, t = want.schema, want.name
    out = []
    if live.parent is not None:
        out.append(Change(Action.DROP, Kind.PARTITION, s, t, t, before=live, after=want))
    if want.parent is not None:
        out.append(Change(Action.ADD, Kind.PARTITION, s, t, t, before=live, after=want))
    return out


def on_live_partitions(changes: list[Change], live: Table | None) -> list[Change]:
    """An index or constraint built on an existing partitioned table is built on its live partitions
    (the desired one knows the dev database's)."""
    if live is None or live.partitioning is None or live.partition_key is None:
        return changes
    tree = live.partitioning.tree
    return [
        replace(ch, after=replace(ch.after, partitions=tree, partitioned=True))
        if isinstance(ch.after, Index | Constraint)
        else ch
        for ch in changes
    ]


def live_parts(
    current: Catalog, desired: Catalog, live: Table | None, want: Table
) -> tuple[tuple[Index, ...], tuple[Constraint, ...]]:
    """The live indexes and constraints of a table, as they will be once it is detached or attached:
    a detached partition owns what it inherited; ATTACH adopts the table's matches of its parent's."""
    key = (want.schema, want.name)
    indexes, constraints = current.indexes_of(*key), current.constraints_of(*key)
    if live is None or live.parent == want.parent:
        return indexes, constraints
    if want.parent is None:
        inherited = current.inherited_of(*key)
        indexes += tuple(o for o in inherited if isinstance(o, Index))
        constraints += tuple(o for o in inherited if isinstance(o, Constraint))
        return indexes, constraints
    theirs: tuple[Index | Constraint, ...] = (*desired.indexes_of(*want.parent), *desired.constraints_of(*want.parent))
    helper = bound_check_name(want.name)  # an interrupted run's: the ATTACH's steps drop it and add it again
    return (
        tuple(i for i in indexes if not any(adopted(i, p) for p in theirs)),
        tuple(c for c in constraints if c.name != helper and not any(adopted(c, p) for p in theirs)),
    )
