"""Extensions: a new version is ALTER EXTENSION UPDATE TO; another schema (the reader finds an
extension by name, so the live one sits under its own schema) is a move, not a drop and a create."""

from __future__ import annotations

from reconcile.catalog.extensions import Extension
from reconcile.catalog.objects import CatalogObject

from .change import Action, Change, Kind
from .objects import differ, object_change


@differ("extension")
def extension_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    assert isinstance(live, Extension) and isinstance(desired, Extension)
    return [object_change(Action.ALTER, live, desired)] if desired.version else []


def moved_extensions(changes: list[Change]) -> list[Change]:
    """A create and a drop of one extension name: one ALTER (SET SCHEMA, then UPDATE TO if asked)."""
    created = {ch.name: ch for ch in changes if ch.kind == Kind.EXTENSION and ch.action == Action.CREATE}
    dropped = {ch.name: ch for ch in changes if ch.kind == Kind.EXTENSION and ch.action == Action.DROP}
    moved = created.keys() & dropped.keys()
    if not moved:
        return changes
    out = [ch for ch in changes if not (ch.kind == Kind.EXTENSION and ch.name in moved)]
    for name in sorted(moved):
        before, after = dropped[name].before, created[name].after
        assert isinstance(before, Extension) and isinstance(after, Extension)
        out.append(object_change(Action.ALTER, before, after))
    return out
