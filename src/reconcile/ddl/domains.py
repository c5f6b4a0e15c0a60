"""Domains: CREATE DOMAIN (before the tables that use it), ALTER DOMAIN for a new default, NOT NULL or check
(a check is added NOT VALID, then validated: online), RENAME TO, DROP DOMAIN (--allow-drop domain). A different base
type or collation is refused at plan time: ALTER DOMAIN cannot change them."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from reconcile.catalog.domains import Domain
from reconcile.catalog.sqltext import expr
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.normalize.domains import check_sql, domain_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .steps import step, text
from .types import TYPES_FIRST, drop_type_step, rename_type_step, type_keys, y_key


class DomainTypeRefused(ReconcileError):
    """The spec changes a live domain's base type (exit 1, at plan time)."""


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


def _alter(ch: Change) -> list[Step]:
    old, new = _domain(ch.before), _domain(ch.after)
    if old.base_type != new.base_type:
        raise DomainTypeRefused(
            f"domain {new.schema}.{new.name}: its base type would change from {old.base_type} to {new.base_type},"
            " which ALTER DOMAIN cannot do: create a new domain and move the columns to it"
        )
    if old.collation != new.collation:
        raise DomainTypeRefused(
            f"domain {new.schema}.{new.name}: its collation would change from {old.collation or 'the default'} to"
            f" {new.collation or 'the default'}, which ALTER DOMAIN cannot do: create a new domain and move the"
            " columns to it"
        )
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
