"""Functions change in place (CREATE OR REPLACE) when the arguments and the result stay and no
default goes away; otherwise they are dropped and created again. A renamed routine whose definition
is the same under its new name needs its RENAME only."""

from __future__ import annotations

from reconcile.catalog.functions import Function, Procedure
from reconcile.catalog.objects import CatalogObject

from .change import Action, Change
from .objects import differ, object_change


def _routine_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    assert isinstance(live, Function | Procedure) and isinstance(desired, Function | Procedure)
    if live.unnamed() == desired.unnamed():
        return []  # only the name in the definition differs: the RENAME does it all
    same = (live.identity, live.result) == (desired.identity, desired.result)
    keeps_defaults = live.arguments == desired.arguments or " DEFAULT " not in live.arguments
    return [object_change(Action.ALTER if same and keeps_defaults else Action.REPLACE, live, desired)]


differ("function")(_routine_changes)
differ("procedure")(_routine_changes)
