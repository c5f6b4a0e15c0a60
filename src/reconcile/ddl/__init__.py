"""Change -> Steps: SQL composed with psycopg.sql, online where the table already exists.

One module per object family, each registering its builders; this package only wires them. A family's
module is imported at its first change (a plan of one table needs 4 of the 15).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.model import Step

from .steps import label

Builder = Callable[[Change], list[Step]]

# the module whose BUILDERS hold a kind's builders (tests/test_lazy_families.py checks it against them all)
MODULE_OF: dict[Kind, str] = {
    Kind.TABLE: "tables",
    Kind.COLUMN: "columns",
    Kind.INDEX: "indexes",
    Kind.CONSTRAINT: "constraints",
    Kind.VIEW: "views",
    Kind.MATERIALIZED_VIEW: "views",
    Kind.POLICY: "policies",
    Kind.ROW_SECURITY: "policies",
    Kind.FUNCTION: "functions",
    Kind.PROCEDURE: "functions",
    Kind.TRIGGER: "triggers",
    Kind.COMMENT: "comments",
    Kind.EXTENSION: "extensions",
    Kind.SEQUENCE: "sequences",
    Kind.NAMESPACE: "types",
    Kind.ENUM: "types",
    Kind.DOMAIN: "domains",
    Kind.COMPOSITE: "composites",
    Kind.PARTITION: "partitions",
}


@cache
def builder(action: Action, kind: Kind) -> Builder:
    """The builder of one (action, kind); KeyError when there is none."""
    module = MODULE_OF.get(kind)
    builders: dict[tuple[Action, Kind], Builder] = (
        {} if module is None else importlib.import_module(f"{__name__}.{module}").BUILDERS
    )
    if (action, kind) not in builders:
        raise KeyError((action, kind))
    return builders[(action, kind)]


def steps_for(change: Change) -> list[Step]:
    """The ordered steps of one change (the graph adds edges between changes)."""
    return label(change, builder(change.action, change.kind)(change))
