"""Sequences change in place (ALTER SEQUENCE, never RESTART): a live sequence keeps its current value."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject

from .change import Action, Change
from .objects import differ, object_change


@differ("sequence")
def sequence_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    return [object_change(Action.ALTER, live, desired)]
