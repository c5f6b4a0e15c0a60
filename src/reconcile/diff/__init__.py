"""diff(current, desired) -> Changes. Pure: no I/O, no SQL text; one module per object family."""

from __future__ import annotations

from reconcile.catalog.model import Catalog

from .change import Action, Change, Kind
from .columns import column_changes
from .constraints import constraint_changes
from .indexes import index_changes


def diff(current: Catalog, desired: Catalog) -> list[Change]:
    changes: list[Change] = []
    for table in desired.tables:
        live = current.table(table.schema, table.name)
        new = live is None
        if live is None:
            changes.append(
                Change(Action.CREATE, Kind.TABLE, table.schema, table.name, table.name, after=table, new_table=True)
            )
        else:
            changes += column_changes(live, table)
        key = (table.schema, table.name)
        changes += index_changes(current.indexes_of(*key), desired.indexes_of(*key), new)
        changes += constraint_changes(current.constraints_of(*key), desired.constraints_of(*key), new)
    return changes
