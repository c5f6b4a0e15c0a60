"""Composite types: CREATE TYPE ... AS (before the tables that use it), ALTER TYPE ADD / DROP ATTRIBUTE
(a drop under --allow-drop composite) and ALTER ATTRIBUTE ... TYPE, DROP TYPE (--allow-drop composite)."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.composites import Composite
from reconcile.catalog.sqltext import sql_type
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.normalize.composites import composite_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .steps import step, text
from .types import TYPES_FIRST, drop_type_step, y_key


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
            requires=(f"s:{c.schema}",),
            priority=TYPES_FIRST + 1,  # after the enums and domains its attributes may use
        )
    ]


def _retype(ch: Change, old: Composite, new: Composite) -> list[Step]:
    """Every attribute retype in one ALTER TYPE: the step that views and functions using the type are
    dropped before and created again after (plan/dependents.py), so it comes first among the type's steps."""
    after = dict(new.attributes)
    retyped = [(name, t, after[name]) for name, t in old.attributes if name in after and after[name] != t]
    if not retyped:
        return []
    if old.columns:
        name, was, becomes = retyped[0]
        raise ReconcileError(
            f"composite type {ch.address}: attribute {name} would change type from {was} to"
            f" {becomes}, which PostgreSQL refuses while {old.columns[0]} uses the type"
        )
    target = sql.SQL("ALTER TYPE {} ").format(sql.Identifier(new.schema, new.name))

    def clauses(pairs: list[tuple[str, str]]) -> sql.Composable:
        each = [sql.SQL("ALTER ATTRIBUTE {} TYPE {}").format(sql.Identifier(n), sql_type(t)) for n, t in pairs]
        return sql.SQL(", ").join(each)

    what = ", ".join(f"attribute {n} type {was} -> {becomes}" for n, was, becomes in retyped)
    do = text(target + clauses([(n, b) for n, _, b in retyped]))
    undo = text(target + clauses([(n, w) for n, w, _ in retyped]))
    return [step(StepKind.ALTER, f"composite type {ch.address}: {what}", do, inverse=undo, priority=TYPES_FIRST + 1)]


def _alter(ch: Change) -> list[Step]:
    old, new = _composite(ch.before), _composite(ch.after)
    target = sql.SQL("ALTER TYPE {} ").format(sql.Identifier(new.schema, new.name))
    before, after = dict(old.attributes), dict(new.attributes)
    out: list[Step] = _retype(ch, old, new)

    def add(what: str, clause: sql.Composable, undo: sql.Composable | None, **kw: object) -> None:
        inverse = text(target + undo) if undo is not None else None
        out.append(step(StepKind.ALTER, f"composite type {ch.address}: {what}", text(target + clause),
                        inverse=inverse, priority=TYPES_FIRST + 1, **kw))  # fmt: skip

    for name, type_name in old.attributes:
        if name not in after:
            attr = sql.Identifier(name)
            hazard = Hazard(HazardCode.DROPS_OBJECT, f"attribute {name} of composite type {ch.address}")
            undo = sql.SQL("ADD ATTRIBUTE {} {}").format(attr, sql_type(type_name))
            add(f"drop attribute {name}", sql.SQL("DROP ATTRIBUTE {}").format(attr), undo, hazards=(hazard,))
    for name, type_name in new.attributes:
        if name not in before:
            attr = sql.Identifier(name)
            clause = sql.SQL("ADD ATTRIBUTE {} {}").format(attr, sql_type(type_name))
            add(f"add attribute {name}", clause, sql.SQL("DROP ATTRIBUTE {}").format(attr))
    return out


def _drop(ch: Change) -> list[Step]:
    c = _composite(ch.before)
    create = text(composite_sql(c.schema, c.name, c.attributes))
    return drop_type_step("composite type", ch.address, c.schema, c.name, _drop_sql(c), create)


BUILDERS = {
    (Action.CREATE, Kind.COMPOSITE): _create,
    (Action.ALTER, Kind.COMPOSITE): _alter,
    (Action.DROP, Kind.COMPOSITE): _drop,
}
