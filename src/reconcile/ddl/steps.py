"""Shared by every builder: statement text, and the ids and labels a change gives its steps."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from psycopg import sql

from reconcile.diff.change import TABLE_PARTS, Change
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import t_key

AE = Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK)


def text(stmt: sql.Composable) -> str:
    return stmt.as_string()


def label(change: Change, steps: list[Step]) -> list[Step]:
    """Give a change's steps their stable ids, change label, object kind, table and table dependency."""
    table_key = (t_key(change.schema, change.table),) if change.kind in TABLE_PARTS else ()
    return [
        replace(
            step,
            id=f"{change.action}:{change.kind}:{change.address}#{n}",
            change=f"{change.marker} {change.kind} {change.address}",
            object_kind=str(change.kind),
            table=step.table or f"{change.schema}.{change.table}",  # set: the step locks another (DEFAULT) table
            requires=(*step.requires, *table_key),
        )
        for n, step in enumerate(steps)
    ]


def step(kind: StepKind, description: str, statement: str, **fields: Any) -> Step:
    """A step before `label` gives it its id and change."""
    return Step("", "", description, statement, kind=kind, **fields)
