"""Composite types: CREATE TYPE ... AS (before the tables that use it), ALTER TYPE ADD / DROP ATTRIBUTE
(a drop under --allow-drop composite) and ALTER ATTRIBUTE ... TYPE (a recreate converting the columns of the
type while any use it, --allow-drop composite), RENAME TO, DROP TYPE (--allow-drop composite)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from psycopg import sql

from reconcile.catalog.composites import Composite
from reconcile.catalog.sqltext import sql_type
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.composites import composite_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .steps import step, text
from .types import TYPES_FIRST, drop_type_step, recreate_sql, recreate_type_step, rename_type_step, type_keys, y_key


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


def _retype(ch: Change, old: Composite, new: Composite) -> list[Step]:
    """Every attribute retype in one step, the one that views and functions using the type are dropped
    before and created again after (plan/dependents.py), so it comes first among the type's steps."""
    after = dict(new.attributes)
    retyped = [(name, t, after[name]) for name, t in old.attributes if name in after and after[name] != t]
    if not retyped:
        return []
    what = ", ".join(f"attribute {n} type {was} -> {becomes}" for n, was, becomes in retyped)
    if old.columns:
        return [_recreate(ch, replace(old, name=new.name), what)]  # after its rename, when it has one
    target = sql.SQL("ALTER TYPE {} ").format(sql.Identifier(new.schema, new.name))

    def clauses(pairs: list[tuple[str, str]]) -> sql.Composable:
        each = [sql.SQL("ALTER ATTRIBUTE {} TYPE {}").format(sql.Identifier(n), sql_type(t)) for n, t in pairs]
        return sql.SQL(", ").join(each)

    do = text(target + clauses([(n, b) for n, _, b in retyped]))
    undo = text(target + clauses([(n, w) for n, w, _ in retyped]))
    needs = (y_key(new.schema, new.name), *type_keys(new.schema, [b for _, _, b in retyped]))
    frees = type_keys(new.schema, [w for _, w, _ in retyped])
    return [step(StepKind.ALTER, f"composite type {ch.address}: {what}", do, inverse=undo, requires=needs,
                 releases=frees, priority=TYPES_FIRST + 1)]  # fmt: skip


def _recreate(ch: Change, old: Composite, what: str) -> Step:
    """PostgreSQL refuses ALTER ATTRIBUTE ... TYPE while a column uses the type: rename it away, create it
    with the old attributes retyped (added and dropped ones follow in place), convert each column through
    its text form (a value that does not fit fails the one transaction), drop the old type."""
    after = dict(_composite(ch.after).attributes)
    attributes = tuple((n, after.get(n, t)) for n, t in old.attributes)
    create = composite_sql(old.schema, old.name, attributes)
    statements = recreate_sql("TYPE", old, old.name, create, "::pg_catalog.text")
    return recreate_type_step("composite type", ch.address, what, old, statements, [], priority=TYPES_FIRST + 1)


def _alter(ch: Change) -> list[Step]:
    old, new = _composite(ch.before), _composite(ch.after)
    target = sql.SQL("ALTER TYPE {} ").format(sql.Identifier(new.schema, new.name))
    before, after = dict(old.attributes), dict(new.attributes)
    out: list[Step] = _retype(ch, old, new)

    def uses(type_name: str) -> tuple[str, ...]:
        return type_keys(new.schema, [type_name])

    def add(what: str, clause: sql.Composable, undo: sql.Composable | None, **kw: Any) -> None:
        kw.setdefault("requires", (y_key(new.schema, new.name),))  # after its rename, when it has one
        inverse = text(target + undo) if undo is not None else None
        out.append(step(StepKind.ALTER, f"composite type {ch.address}: {what}", text(target + clause),
                        inverse=inverse, priority=TYPES_FIRST + 1, **kw))  # fmt: skip

    for name, type_name in old.attributes:
        if name not in after:
            attr = sql.Identifier(name)
            hazard = Hazard(HazardCode.DROPS_OBJECT, f"attribute {name} of composite type {ch.address}")
            undo = sql.SQL("ADD ATTRIBUTE {} {}").format(attr, sql_type(type_name))
            drop = sql.SQL("DROP ATTRIBUTE {}").format(attr)
            add(f"drop attribute {name}", drop, undo, hazards=(hazard,), releases=uses(type_name))
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
