"""Constraints of one table: add, replace (same name, other definition), validate, rename, drop."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Constraint

from .change import Action, Change, Kind
from .named import diff_named
from .renames import pair_renames


def constraint_changes(
    live: tuple[Constraint, ...], want: tuple[Constraint, ...], new_table: bool, declared: dict[str, str] | None = None
) -> list[Change]:
    """`declared`: old names the spec gives (`renamed_from`), by new name."""

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

    renamed = pair_renames(live, want, lambda c: c.name, _same_but_name, declared)
    out = [
        Change(
            Action.RENAME if _same_but_name(old, new) else Action.REPLACE,  # other definition: drop old, add new
            Kind.CONSTRAINT,
            new.schema,
            new.table,
            new.name,
            before=old,
            after=new,
        )
        for old, new in renamed
    ]
    live = tuple(c for c in live if all(c is not old for old, _ in renamed))
    want = tuple(c for c in want if all(c is not new for _, new in renamed))
    return out + diff_named(live, want, lambda c: c.name, wanted, unwanted)


def _same_but_name(cur: Constraint, want: Constraint) -> bool:
    """A validated constraint whose definition is the wanted one's: renaming it skips the VALIDATE scan."""
    return cur.valid and replace(cur, name=want.name) == want
