"""Indexes of one table: add, replace, rebuild (INVALID), rename, drop, and finishing an interrupted replace."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Index

from .change import Action, Change, Kind, temp_index_name
from .named import diff_named
from .renames import pair_renames


def index_changes(
    live: tuple[Index, ...], want: tuple[Index, ...], new_table: bool, declared: dict[str, str] | None = None
) -> list[Change]:
    """`declared`: old names the spec gives (`renamed_from`), by new name."""
    have = {i.name: i for i in live}
    wanted_by_name = {i.name: i for i in want}
    leftovers = {temp_index_name(n): n for n in wanted_by_name}
    out, settled = _leftovers(have, wanted_by_name, leftovers)

    def wanted(cur: Index | None, idx: Index) -> Change | None:
        def change(action: Action) -> Change:
            return Change(
                action, Kind.INDEX, idx.schema, idx.table, idx.name, before=cur, after=idx, new_table=new_table
            )

        if cur is None:
            return change(Action.ADD)
        if replace(cur, valid=True) != idx:
            return change(Action.REPLACE)
        return None if cur.valid else change(Action.REBUILD)

    def unwanted(idx: Index) -> Change:
        return Change(Action.DROP, Kind.INDEX, idx.schema, idx.table, idx.name, before=idx)

    # leftovers and settled names were handled above
    ours = [i for i in live if (i.name not in leftovers or i.name in wanted_by_name) and i.name not in settled]
    todo = [i for i in want if i.name not in settled]
    renamed = pair_renames(ours, todo, lambda i: i.name, _same_but_name, declared)
    out += [
        Change(
            Action.RENAME if _same_but_name(o, n) else Action.REPLACE,  # other definition: build, drop, rename
            Kind.INDEX,
            n.schema,
            n.table,
            n.name,
            before=o,
            after=n,
        )
        for o, n in renamed
    ]
    ours = [i for i in ours if all(i is not old for old, _ in renamed)]
    todo = [i for i in todo if all(i is not new for _, new in renamed)]
    return out + diff_named(ours, todo, lambda i: i.name, wanted, unwanted)


def _same_but_name(cur: Index, want: Index) -> bool:
    """A valid index whose definition is the wanted one's: renaming it is all there is to do."""
    return cur.valid and replace(cur, name=want.name) == want


def _leftovers(
    have: dict[str, Index], wanted: dict[str, Index], leftovers: dict[str, str]
) -> tuple[list[Change], set[str]]:
    """An interrupted replace left its build behind: finish the swap, or clear it away."""
    out: list[Change] = []
    settled: set[str] = set()
    for name, idx in have.items():
        if name not in leftovers or name in wanted:
            continue
        target = wanted[leftovers[name]]
        change = _finish(idx, target, have.get(target.name))
        out.append(change)
        if change.action != Action.DROP:
            settled.add(target.name)
    return out, settled


def _finish(built: Index, target: Index, cur: Index | None) -> Change:
    s, t = built.schema, built.table
    if built.valid and replace(built, name=target.name) == target:
        if cur is None:
            return Change(Action.RENAME, Kind.INDEX, s, t, target.name, before=built, after=target, leftover=True)
        if replace(cur, valid=True) != target or not cur.valid:
            return Change(Action.SWAP, Kind.INDEX, s, t, target.name, before=cur, after=built, leftover=True)
    return Change(Action.DROP, Kind.INDEX, s, t, built.name, before=built, leftover=True)
