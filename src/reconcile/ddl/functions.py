"""Functions and procedures: create, drop, replace in place, drop and create again, rename.

The statements are PostgreSQL's own pg_get_functiondef rendering of the spec routine built in the
dev database (checked to be one CREATE FUNCTION when read back from a file).
"""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.functions import Function, Procedure
from reconcile.catalog.objects import CatalogObject
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import s_key
from .steps import AE, step, text

_WORD = {"function": sql.SQL("FUNCTION"), "procedure": sql.SQL("PROCEDURE")}


def _routine(obj: object) -> Function | Procedure:
    assert isinstance(obj, Function | Procedure)
    return obj


def f_key(schema: str, name: str) -> str:
    return f"f:{schema}.{name}"


def called_key(name: str) -> str:
    """A routine of this name, whatever its schema: what a step that calls `name(...)` requires (plan/calls.py)."""
    return f"fn:{name}"


def create_sql(obj: CatalogObject, *, or_replace: bool = True) -> str:
    """pg_get_functiondef says CREATE OR REPLACE; a plain create says CREATE, so a clash fails loudly."""
    r = _routine(obj)
    return r.definition if or_replace else r.definition.replace("CREATE OR REPLACE ", "CREATE ", 1)


def _signature(r: Function | Procedure, name: str) -> sql.Composed:
    return sql.SQL("{}({})").format(sql.Identifier(r.schema, name), sql.SQL(r.identity))  # identity: checked


def drop_sql(obj: CatalogObject) -> str:
    r = _routine(obj)
    return text(sql.SQL("DROP {} {}").format(_WORD[r.KIND], _signature(r, r.name)))


def _what(ch: Change) -> str:
    return f"{ch.kind} {ch.address}"


def _create(ch: Change) -> list[Step]:
    r = _routine(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create {_what(ch)}",
            create_sql(r, or_replace=False),
            inverse=drop_sql(r),
            provides=(f_key(r.schema, r.name), called_key(r.name)),
            requires=(s_key(r.schema),),
        )
    ]


def _drop(ch: Change, *, dropping: bool = True) -> list[Step]:
    r = _routine(ch.before)
    hazards = (Hazard(HazardCode.DROPS_OBJECT, _what(ch)), AE) if dropping else (AE,)
    return [
        step(
            StepKind.DROP,
            f"drop {_what(ch)}",
            drop_sql(r),
            hazards=hazards,
            inverse=create_sql(r),
            removes=(f_key(r.schema, r.name),),
        )
    ]


def _replace(ch: Change) -> list[Step]:
    """The arguments or the result change: drop, then create again."""
    return _drop(ch, dropping=False) + _create(ch)


def _alter(ch: Change) -> list[Step]:
    old, new = _routine(ch.before), _routine(ch.after)
    return [
        step(
            StepKind.ALTER,
            f"replace {_what(ch)}",
            create_sql(new),
            hazards=(AE,),
            inverse=create_sql(old.named_as(new)),  # after a rename, the old body under the new name
            requires=(f_key(new.schema, new.name),),  # after its rename, when it has one
        )
    ]


def _rename(ch: Change) -> list[Step]:
    old, new = _routine(ch.before), _routine(ch.after)
    stmt = sql.SQL("ALTER {} {} RENAME TO {}").format(
        _WORD[new.KIND], _signature(old, old.name), sql.Identifier(new.name)
    )
    undo = sql.SQL("ALTER {} {} RENAME TO {}").format(
        _WORD[new.KIND], _signature(old, new.name), sql.Identifier(old.name)
    )
    return [
        step(
            StepKind.RENAME,
            f"rename {ch.kind} {old.schema}.{old.name} to {new.name}",
            text(stmt),
            hazards=(AE,),
            inverse=text(undo),
            removes=(f_key(old.schema, old.name),),
            provides=(f_key(new.schema, new.name), called_key(new.name)),
        )
    ]


_KINDS = (Kind.FUNCTION, Kind.PROCEDURE)
BUILDERS = {
    **{(Action.CREATE, k): _create for k in _KINDS},
    **{(Action.DROP, k): _drop for k in _KINDS},
    **{(Action.REPLACE, k): _replace for k in _KINDS},
    **{(Action.RENAME, k): _rename for k in _KINDS},
    **{(Action.ALTER, k): _alter for k in _KINDS},
}


for _kind in _KINDS:  # around a type recreate: a routine taking or returning the type is dropped, then made again
    recreatable(str(_kind), drop_sql, create_sql, around_types_only=True)
