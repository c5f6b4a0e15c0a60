"""Row-level security flags and policies: ENABLE/FORCE, CREATE, ALTER, DROP + CREATE, DROP POLICY.

Policies are created before RLS is enabled and RLS is disabled before policies are dropped, so a
non-owner is never locked out by a half-built set. Each policy step requires the columns it reads
(created first) and releases them (dropped before a column it reads).
"""

from __future__ import annotations

from typing import Any

from pglast import ast, parser
from psycopg import sql

from reconcile.catalog.model import Catalog, Policy, RowSecurity
from reconcile.catalog.sqltext import expr
from reconcile.diff.change import Action, Change, Kind
from reconcile.normalize.policies import flags_sql, policy_sql
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key
from .steps import AE, step, text


def p_key(schema: str, table: str, name: str) -> str:
    return f"p:{schema}.{table}.{name}"


def _off_key(schema: str, table: str) -> str:
    return f"rls-off:{schema}.{table}"


def columns_read(p: Policy) -> tuple[str, ...]:
    """Column names the policy's expressions name (a superset is harmless: it only orders)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, tuple | list):
            for n in node:
                walk(n)
        elif isinstance(node, ast.ColumnRef):
            last = node.fields[-1] if node.fields else None
            if isinstance(last, ast.String):
                found.add(str(last.sval))
        elif isinstance(node, ast.Node):
            for name in getattr(node, "__slots__", ()):
                walk(getattr(node, name))

    for text_ in (p.using, p.with_check):
        if text_ is not None:
            walk(parser.parse_sql(f"SELECT {text_}"))
    return tuple(sorted(found))


def _policy(obj: object) -> Policy:
    assert isinstance(obj, Policy)
    return obj


def create_sql(schema: str, table: str, p: Policy) -> str:
    return text(policy_sql(schema, table, p))


def drop_sql(schema: str, table: str, name: str) -> str:
    return text(sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(name), sql.Identifier(schema, table)))


def _hazards(ch: Change) -> tuple[Hazard, ...]:
    return () if ch.new_table else (AE,)


def _uses(ch: Change, p: Policy) -> tuple[str, ...]:
    return tuple(c_key(ch.schema, ch.table, c) for c in columns_read(p))


def _create(ch: Change) -> list[Step]:
    p = _policy(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create policy {p.name} on {ch.schema}.{ch.table}",
            create_sql(ch.schema, ch.table, p),
            hazards=_hazards(ch),
            inverse=drop_sql(ch.schema, ch.table, p.name),
            provides=(p_key(ch.schema, ch.table, p.name),),
            requires=_uses(ch, p),
        )
    ]


def _drop(ch: Change) -> list[Step]:
    p = _policy(ch.before)
    return [
        step(
            StepKind.DROP,
            f"drop policy {p.name} on {ch.schema}.{ch.table}",
            drop_sql(ch.schema, ch.table, p.name),
            hazards=(Hazard(HazardCode.DROPS_OBJECT, f"policy {p.name} on {ch.schema}.{ch.table}"), AE),
            inverse=create_sql(ch.schema, ch.table, p),
            requires=(_off_key(ch.schema, ch.table),),
            releases=_uses(ch, p),
        )
    ]


def _alter(ch: Change) -> list[Step]:
    """ALTER POLICY: roles, USING and WITH CHECK (each given replaces the old; none can be removed)."""
    old, new = _policy(ch.before), _policy(ch.after)
    target = sql.SQL("ALTER POLICY {} ON {}").format(sql.Identifier(new.name), sql.Identifier(ch.schema, ch.table))

    def alter(p: Policy) -> str:
        parts: list[sql.Composable] = [target]
        roles = sql.SQL(", ").join(sql.SQL("PUBLIC") if r == "public" else sql.Identifier(r) for r in p.roles)
        parts.append(sql.SQL("TO {}").format(roles))
        if p.using is not None:
            parts.append(sql.SQL("USING {}").format(expr(p.using)))
        if p.with_check is not None:
            parts.append(sql.SQL("WITH CHECK {}").format(expr(p.with_check)))
        return text(sql.SQL(" ").join(parts))

    return [
        step(
            StepKind.ALTER,
            f"alter policy {new.name} on {ch.schema}.{ch.table}",
            alter(new),
            hazards=(AE,),
            inverse=alter(old),
            requires=_uses(ch, new),
            releases=_uses(ch, old),
        )
    ]


def _replace(ch: Change) -> list[Step]:
    """Another command or PERMISSIVE/RESTRICTIVE: drop and create in one step (one transaction)."""
    old, new = _policy(ch.before), _policy(ch.after)
    drop, create = drop_sql(ch.schema, ch.table, old.name), create_sql(ch.schema, ch.table, new)
    return [
        step(
            StepKind.ALTER,
            f"drop and create policy {new.name} on {ch.schema}.{ch.table}",
            f"{drop};\n{create}",
            statements=(drop, create),
            hazards=(AE,),
            inverse=f"{drop_sql(ch.schema, ch.table, new.name)};\n{create_sql(ch.schema, ch.table, old)}",
            requires=_uses(ch, new),
            releases=_uses(ch, old),
        )
    ]


def _flags(ch: Change) -> list[Step]:
    old, new = ch.before, ch.after
    assert isinstance(old, RowSecurity) and isinstance(new, RowSecurity)
    words = [("enable" if new.enabled else "disable"), ("force" if new.forced else "no force")]
    off = not new.enabled and old.enabled
    return [
        step(
            StepKind.ALTER,
            f"{' and '.join(words)} row level security on {ch.schema}.{ch.table}",
            text(flags_sql(ch.schema, ch.table, enabled=new.enabled, forced=new.forced)),
            hazards=_hazards(ch),
            inverse=text(flags_sql(ch.schema, ch.table, enabled=old.enabled, forced=old.forced)),
            # enabled after the policies exist; disabled before any is dropped
            requires=() if off else tuple(p_key(ch.schema, ch.table, p.name) for p in new.policies),
            provides=(_off_key(ch.schema, ch.table),),
        )
    ]


BUILDERS = {
    (Action.CREATE, Kind.POLICY): _create,
    (Action.DROP, Kind.POLICY): _drop,
    (Action.ALTER, Kind.POLICY): _alter,
    (Action.REPLACE, Kind.POLICY): _replace,
    (Action.ALTER, Kind.ROW_SECURITY): _flags,
}


def _on_table(catalog: Catalog, schema: str, name: str, on_table: str) -> tuple[str, str, Policy] | None:
    """A dependent policy `name` on `on_table` ("schema.table") as `catalog` has it."""
    s, t = on_table.split(".", 1)
    table = catalog.table(s, t)
    found = table.row_security.policy(name) if table and table.row_security else None
    return (s, t, found) if found else None


def _drop_if_exists(found: tuple[str, str, Policy]) -> str:
    """Around a column change; IF EXISTS: the plan may drop the same policy on its own first."""
    s, t, p = found
    return text(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(p.name), sql.Identifier(s, t)))


recreatable(
    "policy",
    _drop_if_exists,
    lambda found: create_sql(*found),
    find=_on_table,
    managed_by=lambda on_table: ("row_security", *on_table.split(".", 1)),
)
