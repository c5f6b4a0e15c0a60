"""Columns of a table that exists on both sides: add, alter, drop."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Column, Table

from .change import Action, Change, Kind
from .named import diff_named

SET_EXPRESSION = 170000  # ALTER COLUMN ... SET EXPRESSION AS (PostgreSQL 17)


def column_changes(live: Table, want: Table, server_version: int = SET_EXPRESSION) -> list[Change]:
    s, t = want.schema, want.name

    def wanted(cur: Column | None, col: Column) -> Change | None:
        if cur is None:
            return Change(Action.ADD, Kind.COLUMN, s, t, col.name, after=col)
        return Change(Action.ALTER, Kind.COLUMN, s, t, col.name, before=cur, after=col) if cur != col else None

    def unwanted(col: Column) -> Change:
        return Change(Action.DROP, Kind.COLUMN, s, t, col.name, before=col)

    out: list[Change] = []
    for ch in diff_named(live.columns, want.columns, lambda c: c.name, wanted, unwanted):
        old, new = ch.before, ch.after
        if isinstance(old, Column) and isinstance(new, Column) and not generation_in_place(old, new, server_version):
            # the values change: archived and dropped, then added computed
            out += [
                Change(Action.DROP, Kind.COLUMN, s, t, ch.name, before=old),
                replace(ch, action=Action.ADD, before=None),
            ]
        else:
            out.append(ch)
    return out


def generation_in_place(old: Column, new: Column, server_version: int) -> bool:
    """Whether a change of generation is one ALTER COLUMN: SET EXPRESSION (17+, same kind), or
    DROP EXPRESSION of a stored column (its values stay, as a plain column's)."""
    if old.generated == new.generated and old.virtual == new.virtual:
        return True
    if old.generated is None:
        return False  # a plain column becoming generated: its values are replaced
    if new.generated is None:
        return not old.virtual  # a virtual column has no values to keep
    return old.virtual == new.virtual and server_version >= SET_EXPRESSION
