"""A trigger that differs is replaced in place (CREATE OR REPLACE TRIGGER, PostgreSQL 14+)."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject

from .change import Action, Change
from .objects import differ, object_change


@differ("trigger")
def _trigger_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    return [object_change(Action.ALTER, live, desired)]
