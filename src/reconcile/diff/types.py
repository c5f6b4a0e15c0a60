"""An enum whose live values appear in the spec's list in the same order gains the others in place
(ALTER TYPE ... ADD VALUE); any removal or reordering recreates the type."""

from __future__ import annotations

from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.types import Enum

from .change import Action, Change
from .objects import differ, object_change


def is_subsequence(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    it = iter(new)
    return all(v in it for v in old)


@differ("enum")
def enum_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    assert isinstance(live, Enum) and isinstance(desired, Enum)
    return [
        object_change(Action.ALTER if is_subsequence(live.values, desired.values) else Action.REPLACE, live, desired)
    ]
