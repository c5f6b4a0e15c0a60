"""Columns: add, drop, alter type/default/NULL; SET NOT NULL through a validated CHECK."""

from __future__ import annotations

import re

from psycopg import sql

from reconcile.catalog.model import Column
from reconcile.catalog.sqltext import SERIAL_TYPES, qualified, sql_type
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key, nn_key
from .steps import AE, step, text
from .tables import column_sql


def needs_value(col: Column) -> bool:
    """NOT NULL with nothing to fill existing rows: adding it fails on a table with rows."""
    return (
        col.not_null
        and col.default is None
        and col.generated is None
        and not col.identity
        and col.type not in SERIAL_TYPES
    )


def _add_column(ch: Change) -> list[Step]:
    col = ch.after
    assert isinstance(col, Column)
    name = qualified(ch.schema, ch.table)
    hazards = [AE]
    if col.type in SERIAL_TYPES or col.identity:
        hazards.append(Hazard(HazardCode.REWRITES_TABLE, "fills every existing row from a sequence"))
    if col.generated is not None and not col.virtual:
        hazards.append(Hazard(HazardCode.REWRITES_TABLE, "computes the stored expression for every existing row"))
    if needs_value(col):
        hazards.append(Hazard(HazardCode.NOT_NULL_MAY_FAIL, "NOT NULL without a default fails if the table has rows"))
    stmt = sql.SQL("ALTER TABLE {} ADD COLUMN {}").format(name, column_sql(col))
    return [
        step(
            StepKind.ADD,
            f"add column {ch.address} {col.type}",
            text(stmt),
            hazards=tuple(hazards),
            inverse=text(sql.SQL("ALTER TABLE {} DROP COLUMN {}").format(name, sql.Identifier(col.name))),
            provides=(c_key(ch.schema, ch.table, col.name),),
        )
    ]


def _drop_column(ch: Change) -> list[Step]:
    col = ch.before
    assert isinstance(col, Column)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} DROP COLUMN {}").format(name, sql.Identifier(col.name))
    return [
        step(
            StepKind.DROP,
            f"drop column {ch.address}",
            text(stmt),
            hazards=(Hazard(HazardCode.DELETES_DATA, f"column {col.name} and its values"), AE),
            inverse=text(sql.SQL("ALTER TABLE {} ADD COLUMN {}").format(name, column_sql(col))),
            removes=(c_key(ch.schema, ch.table, col.name),),
        )
    ]


def _rename_column(ch: Change) -> list[Step]:
    """`renamed_from:` on a column: metadata only, values kept, nothing archived."""
    old = ch.before
    assert isinstance(old, Column)
    name = qualified(ch.schema, ch.table)
    rename = "ALTER TABLE {} RENAME COLUMN {} TO {}"
    return [
        step(
            StepKind.RENAME,
            f"rename column {ch.schema}.{ch.table}.{old.name} to {ch.name}",
            text(sql.SQL(rename).format(name, sql.Identifier(old.name), sql.Identifier(ch.name))),
            hazards=(AE,),
            inverse=text(sql.SQL(rename).format(name, sql.Identifier(ch.name), sql.Identifier(old.name))),
            removes=(c_key(ch.schema, ch.table, old.name),),
            provides=(c_key(ch.schema, ch.table, ch.name),),
        )
    ]


_VARCHAR = re.compile(r"character varying(?:\((\d+)\))?$")
_NUMERIC = re.compile(r"numeric(?:\((\d+),(\d+)\))?$")


def rewrites(old: str, new: str) -> bool:
    """Whether ALTER COLUMN TYPE rewrites the table (PostgreSQL skips it for binary-compatible widening)."""
    v_old, v_new = _VARCHAR.match(old), _VARCHAR.match(new)
    if v_old and (new == "text" or v_new):
        if v_new is None or v_new.group(1) is None:
            return False
        return v_old.group(1) is None or int(v_new.group(1)) < int(v_old.group(1))
    n_old, n_new = _NUMERIC.match(old), _NUMERIC.match(new)
    if n_old and n_new:
        if n_new.group(1) is None:
            return False
        if n_old.group(1) is None:
            return True
        return not (n_new.group(2) == n_old.group(2) and int(n_new.group(1)) >= int(n_old.group(1)))
    return True


def _alter_column(ch: Change) -> list[Step]:
    old, new = ch.before, ch.after
    assert isinstance(old, Column) and isinstance(new, Column)
    name = qualified(ch.schema, ch.table)
    col = sql.Identifier(new.name)
    key = c_key(ch.schema, ch.table, new.name)
    if old.identity != new.identity or (old.type in SERIAL_TYPES) != (new.type in SERIAL_TYPES):
        raise ReconcileError(
            f"changing serial/identity of column {ch.address} is not supported; migrate it by hand or add a new column"
        )
    steps: list[Step] = []
    alter = sql.SQL("ALTER TABLE {} ALTER COLUMN {} ").format(name, col)
    if old.type != new.type:
        stmt = alter + sql.SQL("TYPE {} USING {}::{}").format(sql_type(new.type), col, sql_type(new.type))
        steps.append(
            step(
                StepKind.ALTER,
                f"change type of {ch.address}: {old.type} -> {new.type}",
                text(stmt),
                hazards=(Hazard(HazardCode.REWRITES_TABLE, f"{old.type} -> {new.type}"), AE)
                if rewrites(old.type, new.type)
                else (AE,),
                inverse=text(alter + sql.SQL("TYPE {}").format(sql_type(old.type))),
                requires=(key,),
            )
        )
    if old.default != new.default:
        stmt = alter + (
            sql.SQL("SET DEFAULT {}").format(sql.SQL(new.default))
            if new.default is not None
            else sql.SQL("DROP DEFAULT")
        )
        undo = alter + (
            sql.SQL("SET DEFAULT {}").format(sql.SQL(old.default))
            if old.default is not None
            else sql.SQL("DROP DEFAULT")
        )
        steps.append(
            step(
                StepKind.ALTER,
                f"set default of {ch.address}",
                text(stmt),
                hazards=(AE,),
                inverse=text(undo),
                requires=(key,),
            )
        )
    if (old.generated, old.virtual) != (new.generated, new.virtual):
        steps.append(_set_expression(ch, alter, new, old))
    if old.not_null != new.not_null:
        steps += (
            _set_not_null(ch, name, col)
            if new.not_null
            else [
                step(
                    StepKind.ALTER,
                    f"drop NOT NULL on {ch.address}",
                    text(alter + sql.SQL("DROP NOT NULL")),
                    hazards=(AE,),
                    inverse=text(alter + sql.SQL("SET NOT NULL")),
                    requires=(key,),
                )
            ]
        )
    return steps


def _set_expression(ch: Change, alter: sql.Composed, new: Column, old: Column) -> Step:
    """In place (diff decided it can be): SET EXPRESSION AS (17+), or DROP EXPRESSION of a stored
    column, whose values stay as a plain column's."""
    key = c_key(ch.schema, ch.table, new.name)
    if new.generated is None:
        return step(
            StepKind.ALTER,
            f"drop generation expression of {ch.address} (values kept)",
            text(alter + sql.SQL("DROP EXPRESSION")),
            hazards=(AE,),
            requires=(key,),
        )
    stmt = alter + sql.SQL("SET EXPRESSION AS ({})").format(sql.SQL(new.generated))
    hazards = (AE,) if new.virtual else (Hazard(HazardCode.REWRITES_TABLE, "recomputes every stored value"), AE)
    undo = alter + sql.SQL("SET EXPRESSION AS ({})").format(sql.SQL(old.generated)) if old.generated else None
    return step(
        StepKind.ALTER,
        f"set generation expression of {ch.address}",
        text(stmt),
        hazards=hazards,
        inverse=text(undo) if undo is not None else None,
        requires=(key,),
    )


def _set_not_null(ch: Change, name: sql.Identifier, col: sql.Identifier) -> list[Step]:
    """CHECK NOT VALID, VALIDATE (no exclusive lock), then SET NOT NULL uses the proven check."""
    check = sql.Identifier(f"{ch.name[:40]}_reconcile_not_null")
    key = c_key(ch.schema, ch.table, ch.name)
    return [
        step(
            StepKind.ADD,
            f"add NOT VALID null check on {ch.address}",
            text(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID").format(name, check, col)),
            hazards=(AE,),
            requires=(key,),
        ),
        step(
            StepKind.VALIDATE,
            f"validate null check on {ch.address}",
            text(sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(name, check)),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
        ),
        step(
            StepKind.ALTER,
            f"set NOT NULL on {ch.address}",
            text(sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL, DROP CONSTRAINT {}").format(name, col, check)),
            hazards=(AE,),
            inverse=text(sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(name, col)),
            provides=(nn_key(ch.schema, ch.table, ch.name),),  # an ATTACH PARTITION waits for it
        ),
    ]


BUILDERS = {
    (Action.ADD, Kind.COLUMN): _add_column,
    (Action.DROP, Kind.COLUMN): _drop_column,
    (Action.ALTER, Kind.COLUMN): _alter_column,
    (Action.RENAME, Kind.COLUMN): _rename_column,
}
