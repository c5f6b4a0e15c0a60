"""`reconcile verify`: the live database against the spec, plus the runbook's constraint checks.

Beyond the diff, every index and constraint the spec declares must exist, be valid
(`pg_index.indisvalid` / `pg_constraint.convalidated`, read straight from the catalog) and
have the declared definition.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import psycopg

from reconcile.catalog.model import Catalog, Constraint, Index
from reconcile.catalog.text import object_text
from reconcile.diff import diff
from reconcile.diff.change import Change

_INDEX_VALID = """
SELECT i.indisvalid FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s
"""
_CONSTRAINT_VALID = """
SELECT k.convalidated FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s AND k.conname = %s
"""


@dataclass(frozen=True)
class Check:
    kind: str  # index | constraint
    address: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Verification:
    changes: tuple[Change, ...]
    checks: tuple[Check, ...]
    live: Catalog

    @property
    def converged(self) -> bool:
        return not self.changes and all(c.ok for c in self.checks)


def _valid(conn: psycopg.Connection, query: str, *params: str) -> bool | None:
    row = conn.execute(query, params).fetchone()
    return None if row is None else bool(row[0])


def constraint_checks(conn: psycopg.Connection, live: Catalog, desired: Catalog) -> list[Check]:
    checks: list[Check] = []
    have_idx = {(i.schema, i.table, i.name): i for i in live.indexes}
    have_con = {(c.schema, c.table, c.name): c for c in live.constraints}
    for want in desired.indexes:
        cur_i = have_idx.get((want.schema, want.table, want.name))
        valid = _valid(conn, _INDEX_VALID, want.schema, want.name) if cur_i else None
        checks.append(_check("index", want, cur_i, valid))
    for con in desired.constraints:
        cur_c = have_con.get((con.schema, con.table, con.name))
        valid = _valid(conn, _CONSTRAINT_VALID, con.schema, con.table, con.name) if cur_c else None
        checks.append(_check("constraint", con, cur_c, valid))
    return checks


def _check(kind: str, want: Index | Constraint, cur: Index | Constraint | None, valid: bool | None) -> Check:
    address = f"{want.schema}.{want.table}.{want.name}"
    if cur is None:
        return Check(kind, address, False, f"missing (declared: {object_text(want)})")
    problems = []
    if not valid:
        problems.append("not valid (" + ("indisvalid" if kind == "index" else "convalidated") + " = false)")
    if replace(cur, valid=True) != replace(want, valid=True):
        live_text = object_text(replace(cur, valid=True))
        problems.append(f"definition differs: live {live_text}, declared {object_text(want)}")
    if problems:
        return Check(kind, address, False, "; ".join(problems))
    return Check(kind, address, True, f"exists, valid, definition matches: {object_text(want)}")


def verify(conn: psycopg.Connection, live: Catalog, desired: Catalog) -> Verification:
    return Verification(tuple(diff(live, desired)), tuple(constraint_checks(conn, live, desired)), live)
