"""Views and materialized views: create, drop, replace in place, drop and create again, rename.

A view's steps require the tables and columns it reads (so it follows their creation) and provide its
own name as a table key (so views on views are ordered, and a drop frees the name for a re-create).
"""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.views import MaterializedView, View
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.views import view_sql
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key, s_key, t_key
from .steps import AE, step, text

_WORD = {"view": sql.SQL("VIEW"), "materialized_view": sql.SQL("MATERIALIZED VIEW")}


def _view(obj: object) -> View | MaterializedView:
    assert isinstance(obj, View | MaterializedView)
    return obj


def create_sql(obj: CatalogObject, *, or_replace: bool = False) -> str:
    v = _view(obj)
    return text(view_sql(v.KIND, v.schema, v.name, v.definition, v.options, data=True, or_replace=or_replace))


def drop_sql(obj: CatalogObject) -> str:
    v = _view(obj)
    return text(sql.SQL("DROP {} {}").format(_WORD[v.KIND], sql.Identifier(v.schema, v.name)))


def _reads(v: View | MaterializedView) -> tuple[str, ...]:
    keys: list[str] = []
    for schema, rel, column in v.reads:
        keys.append(t_key(schema, rel))
        if column:
            keys.append(c_key(schema, rel, column))
    return tuple(dict.fromkeys(keys))


def _create(ch: Change) -> list[Step]:
    v = _view(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create {ch.kind.replace('_', ' ')} {ch.address}",
            create_sql(v),
            inverse=drop_sql(v),
            provides=(t_key(v.schema, v.name),),
            requires=(s_key(v.schema), *_reads(v)),
        )
    ]


def _drop(ch: Change, *, dropping: bool = True) -> list[Step]:
    v = _view(ch.before)
    hazards = (Hazard(HazardCode.DROPS_OBJECT, f"{ch.kind.replace('_', ' ')} {ch.address}"), AE) if dropping else (AE,)
    return [
        step(
            StepKind.DROP,
            f"drop {ch.kind.replace('_', ' ')} {ch.address}",
            drop_sql(v),
            hazards=hazards,
            inverse=create_sql(v),
            removes=(t_key(v.schema, v.name),),
        )
    ]


def _replace(ch: Change) -> list[Step]:
    """Columns removed, renamed or retyped (or a materialized view's query): drop, then create again."""
    return _drop(ch, dropping=False) + _create(ch)


def _alter(ch: Change) -> list[Step]:
    """CREATE OR REPLACE VIEW: same leading columns; its WITH (...) replaces the view's options as a whole."""
    old, new = _view(ch.before), _view(ch.after)
    return [
        step(
            StepKind.ALTER,
            f"replace view {ch.address}",
            create_sql(new, or_replace=True),
            hazards=(AE,),
            inverse=create_sql(old, or_replace=True),
            requires=(*_reads(new), t_key(new.schema, new.name)),  # after its rename, when it has one
        )
    ]


def _rename(ch: Change) -> list[Step]:
    old, new = _view(ch.before), _view(ch.after)
    stmt = sql.SQL("ALTER {} {} RENAME TO {}").format(
        _WORD[new.KIND], sql.Identifier(old.schema, old.name), sql.Identifier(new.name)
    )
    undo = sql.SQL("ALTER {} {} RENAME TO {}").format(
        _WORD[new.KIND], sql.Identifier(new.schema, new.name), sql.Identifier(old.name)
    )
    return [
        step(
            StepKind.RENAME,
            f"rename {ch.kind.replace('_', ' ')} {old.schema}.{old.name} to {new.name}",
            text(stmt),
            hazards=(AE,),
            inverse=text(undo),
            removes=(t_key(old.schema, old.name),),
            provides=(t_key(new.schema, new.name),),
        )
    ]


BUILDERS = {
    **{(Action.CREATE, k): _create for k in (Kind.VIEW, Kind.MATERIALIZED_VIEW)},
    **{(Action.DROP, k): _drop for k in (Kind.VIEW, Kind.MATERIALIZED_VIEW)},
    **{(Action.REPLACE, k): _replace for k in (Kind.VIEW, Kind.MATERIALIZED_VIEW)},
    **{(Action.RENAME, k): _rename for k in (Kind.VIEW, Kind.MATERIALIZED_VIEW)},
    (Action.ALTER, Kind.VIEW): _alter,
}


def create_with_indexes_sql(obj: CatalogObject) -> tuple[str, ...]:
    """A view created again around a change it depends on; a materialized view with its indexes
    (built in that step's transaction: the view is new, nothing waits on it)."""
    from .indexes import index_sql

    v = _view(obj)
    indexes = v.indexes if isinstance(v, MaterializedView) else ()
    return (create_sql(v), *(text(index_sql(i, i.name, concurrently=False)) for i in indexes))


for _kind in ("view", "materialized_view"):
    recreatable(_kind, drop_sql, create_with_indexes_sql)
