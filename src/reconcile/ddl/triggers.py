"""Triggers: create, drop, replace in place (CREATE OR REPLACE TRIGGER).

The statements are PostgreSQL's own pg_get_triggerdef rendering of the spec trigger built in the
dev database (checked to be one plain CREATE TRIGGER when read back from a file). A trigger runs
after the function it calls is created and is dropped before that function is.
"""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.model import Catalog
from reconcile.catalog.objects import CatalogObject
from reconcile.catalog.triggers import Trigger
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .functions import f_key
from .steps import AE, step, text


def _trigger(obj: object) -> Trigger:
    assert isinstance(obj, Trigger)
    return obj


def _function_key(t: Trigger) -> str:
    schema, _, name = t.function.partition(".")
    return f_key(schema, name)


def create_sql(obj: CatalogObject, *, or_replace: bool = False) -> str:
    t = _trigger(obj)
    return t.definition.replace("CREATE TRIGGER ", "CREATE OR REPLACE TRIGGER ", 1) if or_replace else t.definition


def drop_sql(obj: CatalogObject) -> str:
    t = _trigger(obj)
    return text(sql.SQL("DROP TRIGGER {} ON {}").format(sql.Identifier(t.trigger), sql.Identifier(t.schema, t.table)))


def _what(ch: Change) -> str:
    return f"trigger {ch.name} on {ch.schema}.{ch.table}"


def _create(ch: Change) -> list[Step]:
    t = _trigger(ch.after)
    return [
        step(StepKind.CREATE, f"create {_what(ch)}", create_sql(t), hazards=(AE,), inverse=drop_sql(t),
             requires=(_function_key(t),))
    ]  # fmt: skip


def _drop(ch: Change) -> list[Step]:
    t = _trigger(ch.before)
    hazards = (Hazard(HazardCode.DROPS_OBJECT, _what(ch)), AE)
    return [
        step(StepKind.DROP, f"drop {_what(ch)}", drop_sql(t), hazards=hazards, inverse=create_sql(t),
             releases=(_function_key(t),))
    ]  # fmt: skip


def _alter(ch: Change) -> list[Step]:
    old, new = _trigger(ch.before), _trigger(ch.after)
    return [
        step(StepKind.ALTER, f"replace {_what(ch)}", create_sql(new, or_replace=True), hazards=(AE,),
             inverse=create_sql(old, or_replace=True), requires=(_function_key(new),),
             releases=(_function_key(old),))
    ]  # fmt: skip


BUILDERS = {
    (Action.CREATE, Kind.TRIGGER): _create,
    (Action.DROP, Kind.TRIGGER): _drop,
    (Action.ALTER, Kind.TRIGGER): _alter,
}


def _trigger_on(catalog: Catalog, schema: str, name: str, on_table: str) -> Trigger | None:
    """A trigger `name` on `on_table` ("schema.table") as `catalog` has it."""
    s, t = on_table.split(".", 1)
    found = catalog.get("trigger", s, f"{t}.{name}")
    return found if isinstance(found, Trigger) else None


def _drop_if_exists(t: Trigger) -> str:
    """IF EXISTS: the plan may drop the same trigger on its own first."""
    return text(
        sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(sql.Identifier(t.trigger), sql.Identifier(t.schema, t.table))
    )


# a trigger whose WHEN compares with a constant of a recreated type: dropped before, created again after
recreatable(
    "trigger",
    _drop_if_exists,
    create_sql,
    find=_trigger_on,
    managed_by=lambda on_table: ("trigger", on_table.split(".", 1)[0], on_table.split(".", 1)[1] + ".*"),
    around_types_only=True,
)
