"""Attaching an existing table as a partition, without blocking its writes for long.

ATTACH PARTITION holds an ACCESS EXCLUSIVE lock on the table while it builds the copies of the
parent's indexes the table lacks, and while it scans the rows for the bound and for the foreign
keys it adds. So the table gets them first, online: each index built concurrently, each key's
unique index built concurrently and made the key, each CHECK and foreign key added NOT VALID and
validated (ddl/constraints.py), each column the parent has NOT NULL set so (ddl/columns.py).
ATTACH then adopts them. PostgreSQL merges a CHECK by name only: one the table has under another
name is renamed. The bound's CHECK is ddl/partition_bounds.py's.
"""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog, Constraint, ConstraintType, Index, Table

from .change import Action, Change, Kind, child_index_name, default_check_name

_BY_NAME = (ConstraintType.CHECK, ConstraintType.FOREIGN)  # their copies keep the parent's name


def attaching(live: Table | None, want: Table) -> bool:
    return live is not None and want.parent is not None and live.parent != want.parent


def attach_copies(
    desired: Catalog, want: Table, have: tuple[Index | Constraint, ...]
) -> tuple[tuple[Index, ...], tuple[Constraint, ...]]:
    """The parent's indexes and constraints as the table must have them before ATTACH, but for those
    it has already (under any name; a CHECK under the parent's name: see `adopted`)."""
    assert want.parent is not None
    s, t = want.schema, want.name
    indexes = tuple(
        replace(i, schema=s, table=t, name=child_index_name(i.name, t), partitions=(), partitioned=False)
        for i in desired.indexes_of(*want.parent)
    )
    constraints = tuple(
        replace(
            c,
            schema=s,
            table=t,
            name=c.name if c.type in _BY_NAME else child_index_name(c.name, t),
            partitions=(),
            partitioned=False,
        )
        for c in desired.constraints_of(*want.parent)
    )
    return (
        tuple(i for i in indexes if not any(adopted(o, i) for o in have)),
        tuple(c for c in constraints if not any(adopted(o, c) for o in have)),
    )


def adopted(mine: Index | Constraint, parent: Index | Constraint) -> bool:
    """ATTACH PARTITION takes `mine` as its copy of the parent's object: the same definition (a CHECK:
    and the same name, else it is renamed first)."""
    if type(mine) is not type(parent):
        return False
    if isinstance(parent, Constraint) and parent.type == ConstraintType.CHECK and mine.name != parent.name:
        return False
    return replace(parent, schema=mine.schema, table=mine.table, name=mine.name) == mine


def not_null_columns(desired: Catalog, live: Table, want: Table) -> list[Change]:
    """The table's columns its parent has NOT NULL (ATTACH requires them so): set online, before."""
    assert want.parent is not None
    parent = desired.table(*want.parent)
    out = []
    for col in parent.columns if parent is not None else ():
        cur = live.column(col.name)
        if col.not_null and cur is not None and not cur.not_null:
            after = replace(cur, not_null=True)
            out.append(Change(Action.ALTER, Kind.COLUMN, want.schema, want.name, col.name, before=cur, after=after))
    return out


def prepared(
    changes: list[Change],
    current: Catalog,
    desired: Catalog,
    table: Table,
    copies: tuple[Index | Constraint | Change, ...],
) -> list[Change]:
    """`table`'s ATTACH knows what it waits for (`copies`, and columns set NOT NULL), its parent's key
    (the bound's CHECK) and its parent's DEFAULT partition."""
    out = []
    for ch in changes:
        want = ch.after
        if ch.kind == Kind.PARTITION and ch.action == Action.ADD and want is table and table.partitioning:
            assert table.parent is not None and table.partitioning is not None
            parent = desired.table(*table.parent)
            part = replace(
                table.partitioning,
                adopts=tuple((_kind(o), o.name) for o in copies),
                parent_key=parent.partition_key if parent is not None else None,
                default=default_partition(current, desired, table),
            )
            ch = replace(ch, after=replace(table, partitioning=part))
        out.append(ch)
    return out


def default_partition(current: Catalog, desired: Catalog, table: Table) -> tuple[str, str] | None:
    """The DEFAULT partition of `table`'s parent that ATTACH would scan for rows of its bound: one the parent has
    now and keeps, not partitioned itself (a CHECK there would not reach its partitions); None for a DEFAULT
    partition being attached (its own bound is the rest)."""
    part = table.partitioning
    if part is None or part.bounds in (None, "DEFAULT"):
        return None
    for t in current.tables:
        p = t.partitioning
        if p is None or p.parent != table.parent or p.bounds != "DEFAULT" or p.key is not None:
            continue
        kept = desired.table(t.schema, t.name)
        if kept is not None and kept.partitioning is not None and kept.partitioning.parent == table.parent:
            return (t.schema, t.name) if kept.partitioning.bounds == "DEFAULT" else None
    return None


def created_partition(current: Catalog, desired: Catalog, table: Table) -> Table:
    """A partition CREATE TABLE ... PARTITION OF makes: knowing its parent's key and DEFAULT partition, which the
    CREATE would scan for rows of its bound (ddl/partitions.py gives that partition a CHECK first)."""
    default = default_partition(current, desired, table)
    if default is None or table.partitioning is None or table.parent is None:
        return table
    parent = desired.table(*table.parent)
    key = parent.partition_key if parent is not None else None
    return replace(table, partitioning=replace(table.partitioning, parent_key=key, default=default))


def pending_default_checks(current: Catalog, desired: Catalog) -> dict[tuple[str, str], set[str]]:
    """DEFAULT partition -> the CHECKs an ATTACH or a partition's CREATE of this plan adds there and drops (one an
    interrupted run left is theirs, not a constraint the spec lacks)."""
    out: dict[tuple[str, str], set[str]] = {}
    for want in desired.tables:
        live = current.table(want.schema, want.name)
        default = default_partition(current, desired, want) if live is None or attaching(live, want) else None
        if default is not None:
            out.setdefault(default, set()).add(default_check_name(want.name))
    return out


def _kind(obj: Index | Constraint | Change) -> str:
    return "index" if isinstance(obj, Index) else "constraint" if isinstance(obj, Constraint) else "column"


def leftover_key_builds(changes: list[Change], copies: tuple[Constraint, ...]) -> list[Change]:
    """An INVALID unique index under a key copy's name: an interrupted run's build, dropped as a leftover
    (no --allow-drop) before the key is built again."""
    names = {c.name for c in copies if c.type in (ConstraintType.PRIMARY, ConstraintType.UNIQUE)}
    return [
        replace(ch, leftover=True)
        if ch.kind == Kind.INDEX
        and ch.action == Action.DROP
        and ch.name in names
        and isinstance(ch.before, Index)
        and not ch.before.valid
        else ch
        for ch in changes
    ]
