"""Resuming an interrupted index build on a partitioned table.

The build (ddl/partitions.py) leaves, when interrupted, the parent's index INVALID with some
partitions' copies attached, some built but not attached yet, some INVALID (a killed concurrent
build) and some missing. Rebuilding it whole would drop the finished copies with it; instead only
the missing work is planned: the INVALID copies are dropped and built again, and every copy not
attached yet is attached (the parent's index turns valid with the last one).
"""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog, Index

from .change import Action, Change, Kind, child_index_name


def resumed_builds(changes: list[Change], current: Catalog) -> list[Change]:
    """Each rebuild of an INVALID partitioned index becomes a resume, when some copies are there and every
    copy under reconcile's names is either attached or of the wanted definition; the partitions' drops
    of those copies go."""
    out: list[Change] = []
    claimed: set[tuple[str, str, str]] = set()
    for ch in changes:
        idx = ch.after
        if ch.action == Action.REBUILD and isinstance(idx, Index) and idx.partitioned and idx.partitions:
            copies = _copies(idx, current)
            if copies:  # none at all: nothing to keep, rebuilt whole
                claimed |= {(s, t, n) for s, t, n, state in copies if state != "attached"}
                ch = replace(ch, action=Action.RESUME, after=replace(idx, copies=copies))
        out.append(ch)
    return [ch for ch in out if not _claimed(ch, claimed)]


def _claimed(ch: Change, claimed: set[tuple[str, str, str]]) -> bool:
    return ch.kind == Kind.INDEX and ch.action == Action.DROP and (ch.schema, ch.table, ch.name) in claimed


def _copies(idx: Index, current: Catalog) -> tuple[tuple[str, str, str, str], ...] | None:
    """The copies already on the partitions; None when one under reconcile's name is of another
    definition (not this build's: rebuilt whole, as before)."""
    names = {(idx.schema, idx.table): idx.name}
    out = []
    for schema, part, parent_schema, parent, sub in idx.partitions:
        up = (parent_schema, names.get((parent_schema, parent), ""))
        attached = next(
            (i for i in current.inherited_of(schema, part) if isinstance(i, Index) and i.attached_to == up), None
        )
        if attached is not None:
            names[(schema, part)] = attached.name
            out.append((schema, part, attached.name, "attached"))
            continue
        name = child_index_name(idx.name, part)
        names[(schema, part)] = name
        own = next((i for i in current.indexes_of(schema, part) if i.name == name), None)
        if own is None:
            continue
        if replace(own, schema=idx.schema, table=idx.table, name=idx.name, valid=True) != replace(idx, valid=True):
            return None
        out.append((schema, part, name, "built" if own.valid or sub else "invalid"))
    return tuple(out)
