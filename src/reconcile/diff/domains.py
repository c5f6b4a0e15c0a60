"""A domain or a composite type changes in place (ALTER DOMAIN, ALTER TYPE); a domain's different base type is
refused when the plan is built."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject

from .change import Action, Change
from .objects import differ, object_change


@differ("domain")
def domain_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    return [object_change(Action.ALTER, live, desired)]


@differ("composite")
def composite_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    """Attributes are added, dropped and retyped in place (ALTER TYPE)."""
    return [object_change(Action.ALTER, live, desired)]
