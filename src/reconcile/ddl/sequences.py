"""Standalone sequences: CREATE SEQUENCE (then OWNED BY once the column exists), ALTER SEQUENCE for new
options (no RESTART: the current value stays), DROP SEQUENCE (--allow-drop sequence)."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.sequences import Sequence
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.sequences import options_sql, owner_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key, t_key
from .steps import step, text


def _seq(obj: object) -> Sequence:
    assert isinstance(obj, Sequence)
    return obj


def _options(q: Sequence) -> sql.Composed:
    return options_sql(q.increment, q.minvalue, q.maxvalue, q.start, q.cache, q.cycle)


def _drop_sql(q: Sequence) -> str:
    return text(sql.SQL("DROP SEQUENCE {}").format(sql.Identifier(q.schema, q.name)))


def _owner(q: Sequence, before: str) -> Step:
    table, _, column = q.owned_by.partition(".")
    needs = (t_key(q.schema, table), c_key(q.schema, table, column)) if q.owned_by else ()
    return step(
        StepKind.ALTER,
        f"sequence {q.schema}.{q.name} owned by {q.owned_by or 'nothing'}",
        text(owner_sql(q.schema, q.name, q.owned_by)),
        inverse=text(owner_sql(q.schema, q.name, before)),
        requires=(t_key(q.schema, q.name), *needs),
    )


def _create(ch: Change) -> list[Step]:
    q = _seq(ch.after)
    stmt = sql.SQL("CREATE SEQUENCE {} {}").format(sql.Identifier(q.schema, q.name), _options(q))
    made = step(
        StepKind.CREATE,
        f"create sequence {q.schema}.{q.name}",
        text(stmt),
        inverse=_drop_sql(q),
        provides=(t_key(q.schema, q.name),),
        priority=-50,  # before the tables whose defaults call it
    )
    return [made, _owner(q, "")] if q.owned_by else [made]


def _alter(ch: Change) -> list[Step]:
    old, new = _seq(ch.before), _seq(ch.after)
    out: list[Step] = []
    if _options(old) != _options(new):
        target = sql.Identifier(new.schema, new.name)
        out.append(
            step(
                StepKind.ALTER,
                f"alter sequence {new.schema}.{new.name} options (current value kept)",
                text(sql.SQL("ALTER SEQUENCE {} {}").format(target, _options(new))),
                inverse=text(sql.SQL("ALTER SEQUENCE {} {}").format(target, _options(old))),
                requires=(t_key(new.schema, new.name),),
            )
        )
    if old.owned_by != new.owned_by:
        out.append(_owner(new, old.owned_by))
    return out


def _drop(ch: Change) -> list[Step]:
    q = _seq(ch.before)
    hazard = Hazard(HazardCode.DROPS_OBJECT, f"sequence {q.schema}.{q.name} and its current value")
    stmt = sql.SQL("CREATE SEQUENCE {} {}").format(sql.Identifier(q.schema, q.name), _options(q))
    return [
        step(
            StepKind.DROP,
            f"drop sequence {q.schema}.{q.name}",
            _drop_sql(q),
            hazards=(hazard,),
            inverse=text(stmt),
            removes=(t_key(q.schema, q.name),),
            priority=50,
        )
    ]


BUILDERS = {
    (Action.CREATE, Kind.SEQUENCE): _create,
    (Action.ALTER, Kind.SEQUENCE): _alter,
    (Action.DROP, Kind.SEQUENCE): _drop,
}
