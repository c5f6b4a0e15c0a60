"""Composite types: CREATE TYPE ... AS (before the tables that use it), ALTER TYPE ADD / DROP ATTRIBUTE
(a drop under --allow-drop composite) and ALTER ATTRIBUTE ... TYPE, RENAME TO, DROP TYPE (--allow-drop
composite)."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from reconcile.catalog.composites import Composite
from reconcile.catalog.sqltext import sql_type
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.normalize.composites import composite_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .steps import step, text
from .types import TYPES_FIRST, drop_type_step, rename_type_step, type_keys, y_key


def _composite(obj: object) -> Composite:
    assert isinstance(obj, Composite)
    return obj


def _drop_sql(c: Composite) -> str:
    return text(sql.SQL("DROP TYPE {}").format(sql.Identifier(c.schema, c.name)))


def _create(ch: Change) -> list[Step]:
    c = _composite(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create composite type {ch.address}",
            text(composite_sql(c.schema, c.name, c.attributes)),
            inverse=_drop_sql(c),
            provides=(y_key(c.schema, c.name),),
            requires=(f"s:{c.schema}", *type_keys(c.schema, [t for _, t in c.attributes])),  # its attributes' types
            priority=TYPES_FIRST + 1,
        )
    ]


def _alter(ch: Change) -> list[Step]:
    old, new = _composite(ch.before), _composite(ch.after)
    target = sql.SQL("ALTER TYPE {} ").format(sql.Identifier(new.schema, new.name))
    before, after = dict(old.attributes), dict(new.attributes)
    out: list[Step] = []

    def uses(type_name: str) -> tuple[str, ...]:
        return type_keys(new.schema, [type_name])

    def add(what: str, clause: sql.Composable, undo: sql.Composable | None, **kw: Any) -> None:
        kw.setdefault("requires", (y_key(new.schema, new.name),))  # after its rename, when it has one
        inverse = text(target + undo) if undo is not None else None
        out.append(step(StepKind.ALTER, f"composite type {ch.address}: {what}", text(target + clause),
                        inverse=inverse, priority=TYPES_FIRST + 1, **kw))  # fmt: skip

    for name, type_name in old.attributes:
        attr = sql.Identifier(name)
        if name not in after:
            hazard = Hazard(HazardCode.DROPS_OBJECT, f"attribute {name} of composite type {ch.address}")
            undo = sql.SQL("ADD ATTRIBUTE {} {}").format(attr, sql_type(type_name))
            drop = sql.SQL("DROP ATTRIBUTE {}").format(attr)
            add(f"drop attribute {name}", drop, undo, hazards=(hazard,), releases=uses(type_name))
        elif after[name] != type_name:
            if old.columns:
                raise ReconcileError(
                    f"composite type {ch.address}: attribute {name} would change type from {type_name} to"
                    f" {after[name]}, which PostgreSQL refuses while {old.columns[0]} uses the type"
                )
            clause = sql.SQL("ALTER ATTRIBUTE {} TYPE {}").format(attr, sql_type(after[name]))
            undo = sql.SQL("ALTER ATTRIBUTE {} TYPE {}").format(attr, sql_type(type_name))
            needs = (y_key(new.schema, new.name), *uses(after[name]))
            add(f"attribute {name} type {type_name} -> {after[name]}", clause, undo, requires=needs,
                releases=uses(type_name))  # fmt: skip
    for name, type_name in new.attributes:
        if name not in before:
            attr = sql.Identifier(name)
            clause = sql.SQL("ADD ATTRIBUTE {} {}").format(attr, sql_type(type_name))
            undo = sql.SQL("DROP ATTRIBUTE {}").format(attr)
            add(f"add attribute {name}", clause, undo, requires=(y_key(new.schema, new.name), *uses(type_name)))
    return out


def _drop(ch: Change) -> list[Step]:
    c = _composite(ch.before)
    create = text(composite_sql(c.schema, c.name, c.attributes))
    uses = type_keys(c.schema, [t for _, t in c.attributes])
    return drop_type_step("composite type", ch.address, c.schema, c.name, _drop_sql(c), create, uses)


def _rename(ch: Change) -> list[Step]:
    old, new = _composite(ch.before), _composite(ch.after)
    return rename_type_step("composite type", old.schema, old.name, new.name)


BUILDERS = {
    (Action.CREATE, Kind.COMPOSITE): _create,
    (Action.RENAME, Kind.COMPOSITE): _rename,
    (Action.ALTER, Kind.COMPOSITE): _alter,
    (Action.DROP, Kind.COMPOSITE): _drop,
}
