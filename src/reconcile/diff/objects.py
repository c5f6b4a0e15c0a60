"""Changes to the catalog's other objects (catalog/objects.py), kind by kind.

By default an object the spec has and the database lacks is created, one the database has in the
managed scope and the spec lacks is dropped, and one that differs is replaced. A family whose
objects can be altered in place (an enum gaining a value, a sequence's options) registers its own
`Differ` for the differing case.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import replace

from reconcile.catalog.model import Catalog
from reconcile.catalog.objects import CatalogObject

from .change import Action, Change, Kind

Differ = Callable[[CatalogObject, CatalogObject], list[Change]]  # (live, desired) -> changes; [] when equal
DIFFERS: dict[str, Differ] = {}
# the modules that register a Differ, imported when an object first differs (a plan of tables needs none)
MODULES: tuple[str, ...] = (
    "reconcile.diff.comments",
    "reconcile.diff.domains",
    "reconcile.diff.extensions",
    "reconcile.diff.functions",
    "reconcile.diff.sequences",
    "reconcile.diff.triggers",
    "reconcile.diff.types",
    "reconcile.diff.views",
)


def differ(kind: str) -> Callable[[Differ], Differ]:
    """Decorator: `changes(live, desired)` for two different objects of `kind` with one name."""

    def add(fn: Differ) -> Differ:
        DIFFERS[kind] = fn
        return fn

    return add


def differ_of(kind: str) -> Differ | None:
    for module in MODULES:
        importlib.import_module(module)
    return DIFFERS.get(kind)


def object_change(action: Action, before: CatalogObject | None, after: CatalogObject | None) -> Change:
    obj = after or before
    assert obj is not None
    table, name = getattr(obj, "parts", (obj.name, obj.name))  # a table's part: (table, its name)
    return Change(action, Kind(obj.KIND), obj.schema, table, name, before=before, after=after)


def _renamed(before: CatalogObject, obj: CatalogObject) -> list[Change]:
    """A RENAME, then what else differs; an object that must be dropped anyway is dropped under its old name."""
    live = replace(before, name=obj.name)
    fn = differ_of(obj.KIND)
    more = (fn(live, obj) if fn else [object_change(Action.REPLACE, live, obj)]) if live != obj else []
    if any(c.action == Action.REPLACE for c in more):
        return [object_change(Action.REPLACE, before, obj)]
    return [object_change(Action.RENAME, before, obj), *more]


def object_changes(
    current: Catalog, desired: Catalog, renamed: Mapping[tuple[str, str, str], str] | None = None
) -> list[Change]:
    """`renamed`: (kind, schema, new name) -> old name, from the spec's `renamed_from`."""
    out: list[Change] = []
    taken: set[tuple[str, ...]] = set()  # live objects a rename consumes
    for obj in desired.objects:
        live = current.get(obj.KIND, obj.schema, obj.name)
        old = (renamed or {}).get((obj.KIND, obj.schema, obj.name))
        if live is None and old and (before := current.get(obj.KIND, obj.schema, old)) is not None:
            taken.add(before.key)
            out += _renamed(before, obj)
            continue
        if live is None:
            out.append(object_change(Action.CREATE, None, obj))
        elif live != obj:
            fn = differ_of(obj.KIND)
            out += fn(live, obj) if fn else [object_change(Action.REPLACE, live, obj)]
    gone = [o for o in current.objects if desired.get(*o.key) is None and o.key not in taken]
    return out + [object_change(Action.DROP, o, None) for o in gone]
