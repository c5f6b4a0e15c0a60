"""Domains: CREATE DOMAIN (before the tables that use it), ALTER DOMAIN for a new default, NOT NULL or check
(a check is added NOT VALID, then validated: online), RENAME TO, DROP DOMAIN (--allow-drop domain). ALTER DOMAIN
cannot change the base type or collation: the domain is recreated as an enum is (--allow-drop domain), its columns
converted."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from psycopg import sql

from reconcile.catalog.domains import Domain
from reconcile.catalog.sqltext import expr
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.domains import check_sql, domain_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .steps import step, text
from .types import TYPES_FIRST, drop_type_step, recreate_sql, recreate_type_step, rename_type_step, type_keys, y_key


def _domain(obj: object) -> Domain:
    assert isinstance(obj, Domain)
    return obj


def _create_sql(d: Domain) -> str:
    return text(domain_sql(d.schema, d.name, d.base_type, d.not_null, d.default, d.checks, d.collation))


def _drop_sql(d: Domain) -> str:
    return text(sql.SQL("DROP DOMAIN {}").format(sql.Identifier(d.schema, d.name)))


def _create(ch: Change) -> list[Step]:
    d = _domain(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create domain {ch.address}",
            _create_sql(d),
            inverse=_drop_sql(d),
            provides=(y_key(d.schema, d.name),),
            requires=(f"s:{d.schema}", *type_keys(d.schema, [d.base_type])),  # a type of the plan it is over
            priority=TYPES_FIRST,
        )
    ]


def _alter_step(
    d: Domain,
    what: str,
    clause: sql.Composable,
    undo: sql.Composable | None,
    kind: StepKind = StepKind.ALTER,
    **kw: Any,
) -> Step:
    target = sql.SQL("ALTER DOMAIN {} ").format(sql.Identifier(d.schema, d.name))
    return step(
        kind,
        f"domain {d.schema}.{d.name}: {what}",
        text(target + clause),
        inverse=text(target + undo) if undo is not None else None,
        requires=(y_key(d.schema, d.name),),  # after its rename, when it has one
        priority=TYPES_FIRST,
        **kw,
    )


def _default_clause(default: str) -> sql.Composable:
    return sql.SQL("SET DEFAULT {}").format(expr(default)) if default else sql.SQL("DROP DEFAULT")


def _default_and_null(old: Domain, new: Domain) -> list[Step]:
    out = []
    if old.default != new.default:
        what = f"default {new.default}" if new.default else "no default"
        out.append(_alter_step(new, what, _default_clause(new.default), _default_clause(old.default)))
    if old.not_null != new.not_null:
        on, off = sql.SQL("SET NOT NULL"), sql.SQL("DROP NOT NULL")
        if new.not_null:
            out.append(_alter_step(new, "set not null (checks every column of the domain)", on, off))
        else:
            out.append(_alter_step(new, "drop not null", off, on))
    return out


def _checks(old: Domain, new: Domain) -> list[Step]:
    before, after = dict(old.checks), dict(new.checks)
    out = []
    for name, expression in old.checks:
        if after.get(name) != expression:
            clause = sql.SQL("DROP CONSTRAINT {}").format(sql.Identifier(name))
            hazard = Hazard(HazardCode.DROPS_OBJECT, f"check {name} of domain {old.schema}.{old.name}")
            undo = sql.SQL("ADD {}").format(check_sql(name, expression))
            out.append(_alter_step(new, f"drop check {name}", clause, undo, hazards=(hazard,)))
    for name, expression in new.checks:
        if before.get(name) != expression:
            add = sql.SQL("ADD {} NOT VALID").format(check_sql(name, expression))
            undo = sql.SQL("DROP CONSTRAINT {}").format(sql.Identifier(name))
            out.append(_alter_step(new, f"add check {name} (not valid)", add, undo))
        if before.get(name) != expression or name in old.not_valid:
            validate = sql.SQL("VALIDATE CONSTRAINT {}").format(sql.Identifier(name))
            scan = Hazard(HazardCode.VALIDATE_SCAN, f"every column of domain {new.schema}.{new.name} is read")
            what = f"validate check {name} (every column of the domain)"
            out.append(_alter_step(new, what, validate, None, StepKind.VALIDATE, alone=True, hazards=(scan,)))
    return out


def recreate_statements(old: Domain, new: Domain) -> list[str]:
    """Rename the old domain away, create the new one, convert every column to it (a value that does not fit
    the new base type or checks fails the step's one transaction: nothing changes), drop the old domain."""
    create = domain_sql(new.schema, new.name, new.base_type, new.not_null, new.default, new.checks, new.collation)
    return recreate_sql("DOMAIN", old, new.name, create)


def _recreate(address: str, old: Domain, new: Domain) -> list[Step]:
    why = (
        f"base type {old.base_type} -> {new.base_type}"
        if old.base_type != new.base_type
        else f"collation {old.collation or 'the default'} -> {new.collation or 'the default'}"
    )
    forth, back = recreate_statements(old, new), recreate_statements(new, old)
    return [recreate_type_step("domain", address, why, old, forth, back)]


def _alter(ch: Change) -> list[Step]:
    old, new = _domain(ch.before), _domain(ch.after)
    if (old.base_type, old.collation) != (new.base_type, new.collation):  # made with the spec's default and checks
        return _recreate(ch.address, replace(old, name=new.name), new)  # after its rename, when it has one
    return _default_and_null(old, new) + _checks(old, new)


def _drop(ch: Change) -> list[Step]:
    d = _domain(ch.before)
    uses = type_keys(d.schema, [d.base_type])
    return drop_type_step("domain", ch.address, d.schema, d.name, _drop_sql(d), _create_sql(d), uses)


def _rename(ch: Change) -> list[Step]:
    old, new = _domain(ch.before), _domain(ch.after)
    return rename_type_step("domain", old.schema, old.name, new.name, word="DOMAIN")


BUILDERS = {
    (Action.CREATE, Kind.DOMAIN): _create,
    (Action.RENAME, Kind.DOMAIN): _rename,
    (Action.ALTER, Kind.DOMAIN): _alter,
    (Action.DROP, Kind.DOMAIN): _drop,
}
