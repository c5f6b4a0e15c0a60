"""Comments: set, changed or removed in place (metadata only). A comment whose object leaves with it
needs no step; one whose object the plan drops and creates again is set again afterwards."""

from __future__ import annotations

from reconcile.catalog.comments import Comment
from reconcile.catalog.model import Catalog
from reconcile.catalog.objects import CatalogObject

from .change import Action, Change, Kind
from .objects import differ, object_change

_RECREATED = (Action.REPLACE, Action.REBUILD, Action.SWAP)


@differ("comment")
def comment_changes(live: CatalogObject, desired: CatalogObject) -> list[Change]:
    return [object_change(Action.ALTER, live, desired)]


def _exists(c: Comment, desired: Catalog) -> bool:
    """The commented object is in the desired catalog (else its own drop takes the comment)."""
    if c.on in ("view", "materialized_view", "function", "procedure"):
        return desired.get(c.on, c.schema, c.relation) is not None
    if desired.table(c.schema, c.relation) is None:
        return False
    if c.on == "column":
        table = desired.table(c.schema, c.relation)
        return table is not None and table.column(c.sub) is not None
    if c.on == "index":
        return any(i.name == c.sub for i in desired.indexes_of(c.schema, c.relation))
    if c.on == "constraint":
        return any(k.name == c.sub for k in desired.constraints_of(c.schema, c.relation))
    return True


def _recreated(ch: Change) -> tuple[str, str, str] | None:
    """(on, relation, sub) of a comment a change drops and creates again with its object."""
    if ch.action not in _RECREATED:
        return None
    if ch.kind in (Kind.VIEW, Kind.MATERIALIZED_VIEW, Kind.FUNCTION, Kind.PROCEDURE):
        return (str(ch.kind), ch.name, "")
    if ch.kind in (Kind.INDEX, Kind.CONSTRAINT):
        return (str(ch.kind), ch.table, ch.name)
    return None


def fix_comments(changes: list[Change], desired: Catalog) -> list[Change]:
    """No removal for a comment whose object goes; the desired comment again on a re-created object."""
    out = [
        ch
        for ch in changes
        if not (ch.kind == Kind.COMMENT and ch.action == Action.DROP and isinstance(ch.before, Comment)
                and not _exists(ch.before, desired))
    ]  # fmt: skip
    set_already = {ch.name for ch in out if ch.kind == Kind.COMMENT}
    again = {(ch.schema, *r) for ch in out if (r := _recreated(ch)) is not None}
    for c in desired.of("comment"):
        assert isinstance(c, Comment)
        if (c.schema, c.on, c.relation, c.sub) in again and c.name not in set_already:
            out.append(object_change(Action.CREATE, None, c))
    return out
