"""Views change in place when PostgreSQL allows it (CREATE OR REPLACE VIEW keeps the existing columns,
in order, with their types, and may add columns at the end); otherwise, and for materialized views,
they are dropped and created again (with their indexes). A materialized view's indexes change like a table's."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog
from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.views import MaterializedView, View

from .change import Action, Change, Kind
from .indexes import index_changes
from .objects import differ, object_change


@differ("view")
def view_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    assert isinstance(live, View) and isinstance(desired, View)
    keeps_columns = desired.columns[: len(live.columns)] == live.columns
    return [object_change(Action.ALTER if keeps_columns else Action.REPLACE, live, desired)]


@differ("materialized_view")
def materialized_view_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    """A new query or columns: drop and create again; indexes alone: `with_materialized_view_indexes`."""
    assert isinstance(live, MaterializedView) and isinstance(desired, MaterializedView)
    if replace(live, indexes=()) == replace(desired, indexes=()):
        return []
    return [object_change(Action.REPLACE, live, desired)]


def with_materialized_view_indexes(changes: list[Change], current: Catalog, desired: Catalog) -> list[Change]:
    """`changes` and the index changes of each desired materialized view, as a table's: all of them built
    (in its transaction) when the view is created or created again, and then listed right after it, so
    that their steps follow its CREATE at once; else added, replaced and dropped online, at the end."""
    made = {(ch.schema, ch.name) for ch in changes if ch.kind == Kind.MATERIALIZED_VIEW and ch.action in _MADE}
    renamed = {
        (ch.schema, ch.name): ch.before
        for ch in changes
        if ch.kind == Kind.MATERIALIZED_VIEW and ch.action == Action.RENAME and isinstance(ch.before, MaterializedView)
    }
    built: dict[tuple[str, str], list[Change]] = {}
    online: list[Change] = []
    for mv in desired.of("materialized_view"):
        assert isinstance(mv, MaterializedView)
        key = (mv.schema, mv.name)
        live = renamed.get(key) or current.get("materialized_view", *key)
        if key in made or not isinstance(live, MaterializedView):
            built[key] = index_changes((), mv.indexes, True)
        else:
            online += index_changes(tuple(replace(i, table=mv.name) for i in live.indexes), mv.indexes, False)
    return _after_their_views(changes, built) + online


def _after_their_views(changes: list[Change], built: dict[tuple[str, str], list[Change]]) -> list[Change]:
    """Each created materialized view's index changes right after it (steps are generated, and the
    graph's ties broken, in this order: its index builds join its CREATE's transaction)."""
    out: list[Change] = []
    for ch in changes:
        out.append(ch)
        if ch.kind == Kind.MATERIALIZED_VIEW and ch.action in _MADE:
            out += built.pop((ch.schema, ch.name), [])
    return out + [ch for rest in built.values() for ch in rest]


_MADE = (Action.CREATE, Action.REPLACE)
