"""Constraints: unique keys built online then attached; CHECK/FOREIGN KEY added NOT VALID then validated."""

from __future__ import annotations

from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import UNIQUE_KINDS, Catalog, Constraint, ConstraintType, Index
from reconcile.catalog.sqltext import ident_list, qualified
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .indexes import drop_index_sql, key_index_sql, using_index_sql
from .keys import c_key, k_key, kv_key, nn_key, t_key, unique_key
from .partition_keys import partitioned_constraint
from .steps import AE, step, text


def constraint_body(con: Constraint) -> sql.Composable:
    if con.type == ConstraintType.PRIMARY:
        return sql.SQL("PRIMARY KEY ({})").format(ident_list(con.columns))
    if con.type == ConstraintType.UNIQUE:
        nnd = " NULLS NOT DISTINCT" if con.nulls_not_distinct else ""
        return sql.SQL("UNIQUE{} ({})").format(sql.SQL(nnd), ident_list(con.columns))
    if con.type == ConstraintType.CHECK:
        return sql.SQL(con.expression or "")
    assert con.references is not None
    ref = con.references
    body = sql.SQL("FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}").format(
        ident_list(con.columns),
        qualified(ref.schema, ref.table),
        ident_list(ref.columns),
        sql.SQL(con.on_delete.upper()),
        sql.SQL(con.on_update.upper()),
    )
    if con.deferrable:
        body += sql.SQL(" DEFERRABLE INITIALLY DEFERRED" if con.initially_deferred else " DEFERRABLE")
    return body


def _con_keys(con: Constraint) -> dict[str, tuple[str, ...]]:
    requires = tuple(c_key(con.schema, con.table, c) for c in con.columns)
    if con.type == ConstraintType.PRIMARY:  # after its columns are set NOT NULL online (else it would scan)
        requires += tuple(nn_key(con.schema, con.table, c) for c in con.columns)
    provides: tuple[str, ...] = (k_key(con.schema, con.table, con.name),)
    if con.type in UNIQUE_KINDS:
        provides += (unique_key(con.schema, con.table, con.columns),)
    if con.references is not None:
        ref = con.references
        requires += (t_key(ref.schema, ref.table), unique_key(ref.schema, ref.table, ref.columns))
    return {"requires": requires, "provides": provides}


def _add_constraint(ch: Change) -> list[Step]:
    con = ch.after
    assert isinstance(con, Constraint)
    name = qualified(ch.schema, ch.table)
    ident = sql.Identifier(con.name)
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(name, ident)
    drop = text(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, ident))
    keys = _con_keys(con)
    what = {"p": "primary key", "u": "unique constraint", "c": "check", "f": "foreign key"}[con.type]
    if ch.new_table:
        return [
            step(
                StepKind.ADD,
                f"add {what} {ch.address}",
                text(add + constraint_body(con)),
                inverse=drop,
                requires=keys["requires"],
                provides=keys["provides"],
            )
        ]
    if con.partitioned and con.type in (*UNIQUE_KINDS, ConstraintType.FOREIGN):
        return partitioned_constraint(con, what, keys)
    if con.type in UNIQUE_KINDS:  # build the unique index online, then attach it
        idx = Index(ch.schema, ch.table, con.name, tuple(), unique=True, nulls_not_distinct=con.nulls_not_distinct)
        build = key_index_sql(ident, name, con)
        attach = add + using_index_sql(ident, con)
        return [
            step(
                StepKind.BUILD,
                f"build unique index for {ch.address} concurrently",
                text(build),
                transactional=False,
                hazards=(Hazard(HazardCode.INDEX_BUILD),),
                requires=keys["requires"],
                inverse=text(drop_index_sql(idx.schema, con.name, True)),
            ),
            step(
                StepKind.ATTACH,
                f"attach {what} {ch.address}",
                text(attach),
                hazards=(AE,),
                inverse=drop,
                requires=keys["requires"],
                provides=keys["provides"],
            ),
        ]
    # CHECK / FOREIGN KEY: add NOT VALID under a brief lock, validate without blocking writes
    validate = sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(name, ident)
    return [
        step(
            StepKind.ADD,
            f"add {what} {ch.address} NOT VALID",
            text(add + constraint_body(con) + sql.SQL(" NOT VALID")),
            hazards=(AE,),
            inverse=drop,
            requires=keys["requires"],
            provides=keys["provides"],
        ),
        step(
            StepKind.VALIDATE,
            f"validate {what} {ch.address}",
            text(validate),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
            provides=(kv_key(ch.schema, ch.table, con.name),),
        ),
    ]


def _drop_constraint(ch: Change) -> list[Step]:
    con = ch.before
    assert isinstance(con, Constraint)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, sql.Identifier(con.name))
    keys = _con_keys(con)
    return [
        step(
            StepKind.DROP,
            f"drop constraint {ch.address}",
            text(stmt),
            hazards=(Hazard(HazardCode.DROPS_OBJECT, f"constraint {con.name}"), AE),
            inverse=text(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(name, sql.Identifier(con.name))
                + constraint_body(con)
            ),
            removes=keys["provides"],
            releases=keys["requires"],
        )
    ]


def _replace_constraint(ch: Change) -> list[Step]:
    assert isinstance(ch.before, Constraint)
    drop = _drop_constraint(Change(Action.DROP, Kind.CONSTRAINT, ch.schema, ch.table, ch.name, before=ch.before))[0]
    drop = replace(drop, hazards=(AE,))  # the name stays: a change, not a drop
    return [drop, *_add_constraint(Change(Action.ADD, Kind.CONSTRAINT, ch.schema, ch.table, ch.name, after=ch.after))]


def _validate_constraint(ch: Change) -> list[Step]:
    stmt = sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(
        qualified(ch.schema, ch.table), sql.Identifier(ch.name)
    )
    return [
        step(
            StepKind.VALIDATE,
            f"validate {ch.address}",
            text(stmt),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
            provides=(kv_key(ch.schema, ch.table, ch.name),),
        )
    ]


def _rename_constraint(ch: Change) -> list[Step]:
    """Same definition, other name: metadata only (no VALIDATE scan, no index build)."""
    old, new = ch.before, ch.after
    assert isinstance(old, Constraint) and isinstance(new, Constraint)
    table = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} RENAME CONSTRAINT {} TO {}").format(
        table, sql.Identifier(old.name), sql.Identifier(new.name)
    )
    undo = sql.SQL("ALTER TABLE {} RENAME CONSTRAINT {} TO {}").format(
        table, sql.Identifier(new.name), sql.Identifier(old.name)
    )
    return [
        step(
            StepKind.RENAME,
            f"rename constraint {ch.schema}.{ch.table}.{old.name} to {new.name}",
            text(stmt),
            hazards=(AE,),
            inverse=text(undo),
            removes=(k_key(ch.schema, ch.table, old.name),),
            provides=(k_key(ch.schema, ch.table, new.name),),
        )
    ]


BUILDERS = {
    (Action.ADD, Kind.CONSTRAINT): _add_constraint,
    (Action.RENAME, Kind.CONSTRAINT): _rename_constraint,
    (Action.DROP, Kind.CONSTRAINT): _drop_constraint,
    (Action.REPLACE, Kind.CONSTRAINT): _replace_constraint,
    (Action.VALIDATE, Kind.CONSTRAINT): _validate_constraint,
}


def _check_on(catalog: Catalog, schema: str, name: str, on_table: str) -> Constraint | None:
    """A CHECK `name` on `on_table` ("schema.table") as `catalog` has it."""
    s, t = on_table.split(".", 1)
    return next((c for c in catalog.constraints_of(s, t) if c.name == name and c.type == ConstraintType.CHECK), None)


def _drop_check(con: Constraint) -> str:
    """IF EXISTS: the plan may drop the same check on its own first."""
    table, ident = qualified(con.schema, con.table), sql.Identifier(con.name)
    return text(sql.SQL("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}").format(table, ident))


def _add_check(con: Constraint) -> str:
    """In the recreate's transaction, under its ACCESS EXCLUSIVE lock: validated there (the rows were just
    converted), or NOT VALID as the spec has it."""
    table, ident = qualified(con.schema, con.table), sql.Identifier(con.name)
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(table, ident, constraint_body(con))
    return text(add if con.valid else add + sql.SQL(" NOT VALID"))


# a CHECK comparing with a constant of a recreated type: dropped before the recreate, added again after it
recreatable(
    "check",
    _drop_check,
    _add_check,
    find=_check_on,
    managed_by=lambda on_table: ("table", *on_table.split(".", 1)),
    around_types_only=True,
)
