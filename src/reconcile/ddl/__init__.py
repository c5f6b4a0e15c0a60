"""Change -> Steps: SQL composed with psycopg.sql, online where the table already exists.

One module per object family, each registering its builders; this package only wires them.
"""

from __future__ import annotations

from collections.abc import Callable

from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.model import Step

from . import (
    columns,
    comments,
    composites,
    constraints,
    domains,
    extensions,
    functions,
    indexes,
    partitions,
    policies,
    sequences,
    tables,
    triggers,
    types,
    views,
)
from .steps import label

Builder = Callable[[Change], list[Step]]
BUILDERS: dict[tuple[Action, Kind], Builder] = {
    **tables.BUILDERS,
    **columns.BUILDERS,
    **indexes.BUILDERS,
    **constraints.BUILDERS,
    **views.BUILDERS,
    **policies.BUILDERS,
    **functions.BUILDERS,
    **triggers.BUILDERS,
    **comments.BUILDERS,
    **extensions.BUILDERS,
    **sequences.BUILDERS,
    **types.BUILDERS,
    **domains.BUILDERS,
    **composites.BUILDERS,
    **partitions.BUILDERS,
}


def steps_for(change: Change) -> list[Step]:
    """The ordered steps of one change (the graph adds edges between changes)."""
    return label(change, BUILDERS[(change.action, change.kind)](change))
