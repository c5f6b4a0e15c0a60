"""Views change in place when PostgreSQL allows it (CREATE OR REPLACE VIEW keeps the existing columns,
in order, with their types, and may add columns at the end); otherwise, and for materialized views,
they are dropped and created again."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.views import View

from .change import Action, Change
from .objects import differ, object_change


@differ("view")
def view_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    assert isinstance(live, View) and isinstance(desired, View)
    keeps_columns = desired.columns[: len(live.columns)] == live.columns
    return [object_change(Action.ALTER if keeps_columns else Action.REPLACE, live, desired)]
