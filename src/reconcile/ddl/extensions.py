"""Extensions: CREATE EXTENSION IF NOT EXISTS (before everything else: tables may use its types),
ALTER EXTENSION SET SCHEMA / UPDATE TO, DROP EXTENSION (after everything else; --allow-drop extension).
No CASCADE anywhere: a drop that other objects need fails rather than taking them along."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.extensions import Extension
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.extensions import create_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import s_key
from .steps import step, text

FIRST, LAST = -100, 100  # step priorities: before and after the other ready steps


def _ext(obj: object) -> Extension:
    assert isinstance(obj, Extension)
    return obj


def _drop_sql(e: Extension) -> str:
    return text(sql.SQL("DROP EXTENSION {}").format(sql.Identifier(e.name)))


def _create(ch: Change) -> list[Step]:
    e = _ext(ch.after)
    stmt = text(create_sql(e.name, e.schema, e.version))
    return [
        step(
            StepKind.CREATE,
            f"create extension {e.name}",
            stmt,
            inverse=_drop_sql(e),
            requires=(s_key(e.schema),) if e.schema else (),
            priority=FIRST,
        )
    ]


def _drop(ch: Change) -> list[Step]:
    e = _ext(ch.before)
    hazard = Hazard(HazardCode.DROPS_OBJECT, f"extension {e.name} and the objects it installed")
    inverse = text(create_sql(e.name, e.schema, e.version))
    return [
        step(StepKind.DROP, f"drop extension {e.name}", _drop_sql(e), hazards=(hazard,), inverse=inverse, priority=LAST)
    ]


def _alter(ch: Change) -> list[Step]:
    old, new = _ext(ch.before), _ext(ch.after)
    name = sql.Identifier(new.name)
    out: list[Step] = []
    if old.schema != new.schema:
        stmt = sql.SQL("ALTER EXTENSION {} SET SCHEMA {}").format(name, sql.Identifier(new.schema))
        undo = sql.SQL("ALTER EXTENSION {} SET SCHEMA {}").format(name, sql.Identifier(old.schema))
        out.append(
            step(
                StepKind.ALTER,
                f"move extension {new.name} to {new.schema}",
                text(stmt),
                inverse=text(undo),
                requires=(s_key(new.schema),),
            )
        )
    if new.version and new.version != old.version:
        stmt = sql.SQL("ALTER EXTENSION {} UPDATE TO {}").format(name, sql.Literal(new.version))
        undo = sql.SQL("ALTER EXTENSION {} UPDATE TO {}").format(name, sql.Literal(old.version))
        out.append(
            step(StepKind.ALTER, f"update extension {new.name} to {new.version}", text(stmt), inverse=text(undo))
        )
    return out


BUILDERS = {
    (Action.CREATE, Kind.EXTENSION): _create,
    (Action.DROP, Kind.EXTENSION): _drop,
    (Action.ALTER, Kind.EXTENSION): _alter,
}
