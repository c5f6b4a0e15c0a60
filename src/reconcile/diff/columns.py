"""Columns of a table that exists on both sides: add, alter, drop."""

from __future__ import annotations

from reconcile.catalog.model import Column, Table

from .change import Action, Change, Kind
from .named import diff_named


def column_changes(live: Table, want: Table) -> list[Change]:
    s, t = want.schema, want.name

    def wanted(cur: Column | None, col: Column) -> Change | None:
        if cur is None:
            return Change(Action.ADD, Kind.COLUMN, s, t, col.name, after=col)
        return Change(Action.ALTER, Kind.COLUMN, s, t, col.name, before=cur, after=col) if cur != col else None

    def unwanted(col: Column) -> Change:
        return Change(Action.DROP, Kind.COLUMN, s, t, col.name, before=col)

    return diff_named(live.columns, want.columns, lambda c: c.name, wanted, unwanted)
