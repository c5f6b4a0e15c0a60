"""Standalone sequences: CREATE SEQUENCE ... AS type (then OWNED BY once the column exists),
ALTER SEQUENCE [AS type] for new options (no RESTART: the current value stays), DROP SEQUENCE
(--allow-drop sequence)."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.sequences import Sequence, owner_parts
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.sequences import create_sql, options_sql, owner_sql, type_word
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key, s_key, t_key
from .steps import step, text


def _seq(obj: object) -> Sequence:
    assert isinstance(obj, Sequence)
    return obj


def _options(q: Sequence) -> sql.Composed:
    return options_sql(q.increment, q.minvalue, q.maxvalue, q.start, q.cache, q.cycle)


def _drop_sql(q: Sequence) -> str:
    return text(sql.SQL("DROP SEQUENCE {}").format(sql.Identifier(q.schema, q.name)))


def _create_sql(q: Sequence) -> str:
    return text(create_sql(q.schema, q.name, q.data_type, _options(q)))


def _owner(q: Sequence, before: str) -> Step:
    schema, table, column = owner_parts(q.schema, q.owned_by) if q.owned_by else ("", "", "")
    needs = (t_key(schema, table), c_key(schema, table, column)) if q.owned_by else ()
    return step(
        StepKind.ALTER,
        f"sequence {q.schema}.{q.name} owned by {q.owned_by or 'nothing'}",
        text(owner_sql(q.schema, q.name, q.owned_by)),
        inverse=text(owner_sql(q.schema, q.name, before)),
        requires=(t_key(q.schema, q.name), *needs),
    )


def _create(ch: Change) -> list[Step]:
    q = _seq(ch.after)
    made = step(
        StepKind.CREATE,
        f"create sequence {q.schema}.{q.name}",
        _create_sql(q),
        inverse=_drop_sql(q),
        provides=(t_key(q.schema, q.name),),
        requires=(s_key(q.schema),),
        priority=-50,  # before the tables whose defaults call it
    )
    return [made, _owner(q, "")] if q.owned_by else [made]


def _alter(ch: Change) -> list[Step]:
    old, new = _seq(ch.before), _seq(ch.after)
    out: list[Step] = []
    if _options(old) != _options(new) or old.data_type != new.data_type:
        retyped = f" as {new.data_type}" if old.data_type != new.data_type else ""
        out.append(
            step(
                StepKind.ALTER,
                f"alter sequence {new.schema}.{new.name}{retyped} options (current value kept)",
                _alter_sql(new, retyped=bool(retyped)),
                inverse=_alter_sql(old, retyped=bool(retyped)),
                requires=(t_key(new.schema, new.name),),
            )
        )
    if old.owned_by != new.owned_by:
        out.append(_owner(new, old.owned_by))
    return out


def _alter_sql(q: Sequence, *, retyped: bool) -> str:
    """ALTER SEQUENCE [AS type] options: a new type with its bounds in one statement (PostgreSQL checks the
    current value against them: a value past a narrower type's maximum fails the step, nothing changed)."""
    target = sql.Identifier(q.schema, q.name)
    as_type = sql.SQL(" AS {}").format(type_word(q.data_type)) if retyped else sql.SQL("")
    return text(sql.SQL("ALTER SEQUENCE {}{} {}").format(target, as_type, _options(q)))


def _drop(ch: Change) -> list[Step]:
    q = _seq(ch.before)
    hazard = Hazard(HazardCode.DROPS_OBJECT, f"sequence {q.schema}.{q.name} and its current value")
    stmt = _create_sql(q)
    return [
        step(
            StepKind.DROP,
            f"drop sequence {q.schema}.{q.name}",
            _drop_sql(q),
            hazards=(hazard,),
            inverse=stmt,
            removes=(t_key(q.schema, q.name),),
            priority=50,
        )
    ]


BUILDERS = {
    (Action.CREATE, Kind.SEQUENCE): _create,
    (Action.ALTER, Kind.SEQUENCE): _alter,
    (Action.DROP, Kind.SEQUENCE): _drop,
}
