"""An example of the rows that make a failed step fail, found on the copy (never on the target).

First the server's own detail (a unique violation names the key), by running the step's group again
in a transaction that is rolled back; for a failed VALIDATE, which names no row, a query for one.
"""

from __future__ import annotations

from typing import LiteralString, cast

import psycopg
from psycopg import sql

from reconcile.catalog.model import Catalog, Constraint, ConstraintType
from reconcile.connect.redact import redact_text
from reconcile.plan.model import Plan, Step, StepKind

LIMIT_MS = 10000


def example_row(copy: psycopg.Connection, plan: Plan, step: Step) -> str:
    detail = _server_detail(copy, plan, step)
    if detail or step.kind != StepKind.VALIDATE:
        return detail
    constraint = _constraint_of(Catalog.from_dict(plan.desired), step)
    if constraint is None:
        return ""
    query = _violating(copy, constraint)
    if query is None:
        return ""
    try:
        with copy.transaction(force_rollback=True):
            copy.execute("SET TRANSACTION READ ONLY")
            copy.execute("SELECT set_config('statement_timeout', %s, true)", [f"{LIMIT_MS}ms"])
            row = copy.execute(query).fetchone()
    except psycopg.Error:
        return ""
    return redact_text(f"Failing row contains {row[0]}") if row else ""


def _server_detail(copy: psycopg.Connection, plan: Plan, step: Step) -> str:
    group = next(g for g in plan.groups if any(s.id == step.id for s in g.steps))
    ids = [s.id for s in group.steps]
    try:
        if group.transactional:
            with copy.transaction(force_rollback=True):
                for s in group.steps[: ids.index(step.id) + 1]:
                    copy.execute(cast(LiteralString, s.sql))  # plan SQL, composed with psycopg.sql
        else:
            copy.execute(cast(LiteralString, step.sql))
            if step.inverse:
                copy.execute(cast(LiteralString, step.inverse))
    except psycopg.Error as exc:
        return redact_text(exc.diag.message_detail or "")
    return ""


def _constraint_of(desired: Catalog, step: Step) -> Constraint | None:
    return next((c for c in desired.constraints if step.description.endswith(f"{c.schema}.{c.table}.{c.name}")), None)


def _violating(copy: psycopg.Connection, c: Constraint) -> sql.Composed | None:
    table = sql.Identifier(c.schema, c.table)
    if c.type == ConstraintType.FOREIGN and c.references is not None:
        ref = c.references
        matches = sql.SQL(" AND ").join(
            sql.SQL("p.{} = t.{}").format(sql.Identifier(p), sql.Identifier(k))
            for p, k in zip(ref.columns, c.columns, strict=True)
        )
        present = sql.SQL(" AND ").join(sql.SQL("t.{} IS NOT NULL").format(sql.Identifier(k)) for k in c.columns)
        return sql.SQL("SELECT t::text FROM {} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {}) LIMIT 1").format(
            table, present, sql.Identifier(ref.schema, ref.table), matches
        )
    if c.type == ConstraintType.CHECK:
        # the expression as the copy's server renders its NOT VALID constraint: what VALIDATE evaluates
        row = copy.execute(
            "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE contype = 'c' AND conname = %s"
            " AND conrelid = to_regclass(format('%%I.%%I', %s::text, %s::text))",
            [c.name, c.schema, c.table],
        ).fetchone()
        if row and row[0]:
            return sql.SQL("SELECT t::text FROM {} t WHERE NOT ({}) LIMIT 1").format(table, sql.SQL(row[0]))
    return None
