"""Constraints of one table: add, replace (same name, other definition), validate, drop."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Constraint

from .change import Action, Change, Kind
from .named import diff_named


def constraint_changes(live: tuple[Constraint, ...], want: tuple[Constraint, ...], new_table: bool) -> list[Change]:
    def wanted(cur: Constraint | None, con: Constraint) -> Change | None:
        if cur is None:
            return Change(Action.ADD, Kind.CONSTRAINT, con.schema, con.table, con.name, after=con, new_table=new_table)
        if replace(cur, valid=True) != con:
            action = Action.REPLACE
        elif not cur.valid:
            action = Action.VALIDATE
        else:
            return None
        return Change(action, Kind.CONSTRAINT, con.schema, con.table, con.name, before=cur, after=con)

    def unwanted(con: Constraint) -> Change:
        return Change(Action.DROP, Kind.CONSTRAINT, con.schema, con.table, con.name, before=con)

    return diff_named(live, want, lambda c: c.name, wanted, unwanted)
