"""Changes to the catalog's other objects (catalog/objects.py), kind by kind.

By default an object the spec has and the database lacks is created, one the database has in the
managed scope and the spec lacks is dropped, and one that differs is replaced. A family whose
objects can be altered in place (an enum gaining a value, a sequence's options) registers its own
`Differ` for the differing case.
"""

from __future__ import annotations

from collections.abc import Callable

from reconcile.catalog.model import Catalog
from reconcile.catalog.objects import CatalogObject

from .change import Action, Change, Kind

Differ = Callable[[CatalogObject, CatalogObject], list[Change]]  # (live, desired) -> changes; [] when equal
DIFFERS: dict[str, Differ] = {}


def differ(kind: str) -> Callable[[Differ], Differ]:
    """Decorator: `changes(live, desired)` for two different objects of `kind` with one name."""

    def add(fn: Differ) -> Differ:
        DIFFERS[kind] = fn
        return fn

    return add


def object_change(action: Action, before: CatalogObject | None, after: CatalogObject | None) -> Change:
    obj = after or before
    assert obj is not None
    return Change(action, Kind(obj.KIND), obj.schema, obj.name, obj.name, before=before, after=after)


def object_changes(current: Catalog, desired: Catalog) -> list[Change]:
    out: list[Change] = []
    for obj in desired.objects:
        live = current.get(obj.KIND, obj.schema, obj.name)
        if live is None:
            out.append(object_change(Action.CREATE, None, obj))
        elif live != obj:
            fn = DIFFERS.get(obj.KIND)
            out += fn(live, obj) if fn else [object_change(Action.REPLACE, live, obj)]
    out += [object_change(Action.DROP, o, None) for o in current.objects if desired.get(*o.key) is None]
    return out
