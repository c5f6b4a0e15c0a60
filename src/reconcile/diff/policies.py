"""Row-level security of one table: the ENABLE/FORCE flags, and its policies by name.

A spec table that says nothing about row-level security leaves it alone. A policy whose command
or PERMISSIVE/RESTRICTIVE differs is replaced (PostgreSQL cannot ALTER those); roles, USING and
WITH CHECK change in place.
"""

from __future__ import annotations

from reconcile.catalog.model import Policy, RowSecurity, Table

from .change import Action, Change, Kind
from .named import diff_named

FLAGS = "row_level_security"  # the name of a flags change: addressed schema.table.row_level_security


def row_security_changes(live: Table | None, desired: Table) -> list[Change]:
    want = desired.row_security
    if want is None:
        return []
    have = (live.row_security if live else None) or RowSecurity()
    schema, table = desired.schema, desired.name
    out: list[Change] = []
    if (have.enabled, have.forced) != (want.enabled, want.forced) and (want.enabled or want.forced or live):
        out.append(Change(Action.ALTER, Kind.ROW_SECURITY, schema, table, FLAGS, before=have, after=want))

    def wanted(cur: Policy | None, p: Policy) -> Change | None:
        if cur is None:
            return Change(Action.CREATE, Kind.POLICY, schema, table, p.name, after=p, new_table=live is None)
        if cur == p:
            return None
        same_kind = (cur.command, cur.permissive) == (p.command, p.permissive)
        same_kind &= not (cur.using is not None and p.using is None)  # ALTER POLICY cannot remove a clause
        same_kind &= not (cur.with_check is not None and p.with_check is None)
        return Change(Action.ALTER if same_kind else Action.REPLACE, Kind.POLICY, schema, table, p.name, cur, p)

    def unwanted(p: Policy) -> Change:
        return Change(Action.DROP, Kind.POLICY, schema, table, p.name, before=p)

    return out + diff_named(have.policies, want.policies, lambda p: p.name, wanted, unwanted)
