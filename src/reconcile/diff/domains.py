"""A domain changes in place (ALTER DOMAIN); a different base type is refused when the plan is built."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject

from .change import Action, Change
from .objects import differ, object_change


@differ("domain")
def domain_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    return [object_change(Action.ALTER, live, desired)]
