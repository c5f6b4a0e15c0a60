"""Views of a plan: Terraform-like text, an SQL script, JSON; one-line change details."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from reconcile.catalog.model import Column, Constraint, ConstraintType, Index

if TYPE_CHECKING:
    from reconcile.diff.change import Change
    from reconcile.plan.model import Plan

COLORS = {"+": "green", "-": "red", "~": "yellow", "-/+": "magenta"}


def column_text(col: Column) -> str:
    parts = [col.type]
    if col.not_null:
        parts.append("NOT NULL")
    if col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    if col.identity:
        parts.append(f"GENERATED {col.identity.upper()} AS IDENTITY")
    return " ".join(parts)


def index_text(idx: Index) -> str:
    keys = []
    for k in idx.keys:
        key = k.column or f"({k.expression})"
        if k.opclass:
            key += f" {k.opclass}"
        if k.descending:
            key += " DESC"
        if k.nulls_first != k.descending:
            key += " NULLS FIRST" if k.nulls_first else " NULLS LAST"
        keys.append(key)
    out = f"{'UNIQUE ' if idx.unique else ''}{idx.method} ({', '.join(keys)})"
    if idx.include:
        out += f" INCLUDE ({', '.join(idx.include)})"
    if idx.nulls_not_distinct:
        out += " NULLS NOT DISTINCT"
    if idx.where:
        out += f" WHERE {idx.where}"
    return out + ("" if idx.valid else " INVALID")


def constraint_text(con: Constraint) -> str:
    if con.type == ConstraintType.PRIMARY:
        return f"PRIMARY KEY ({', '.join(con.columns)})"
    if con.type == ConstraintType.UNIQUE:
        return f"UNIQUE ({', '.join(con.columns)})"
    if con.type == ConstraintType.CHECK:
        return con.expression or ""
    ref = con.references
    assert ref is not None
    text = f"FOREIGN KEY ({', '.join(con.columns)}) REFERENCES {ref.schema}.{ref.table} ({', '.join(ref.columns)})"
    if con.on_delete != "no action":
        text += f" ON DELETE {con.on_delete.upper()}"
    if con.on_update != "no action":
        text += f" ON UPDATE {con.on_update.upper()}"
    return text + ("" if con.valid else " NOT VALID")


def object_text(obj: object) -> str:
    if isinstance(obj, Column):
        return column_text(obj)
    if isinstance(obj, Index):
        return index_text(obj)
    if isinstance(obj, Constraint):
        return constraint_text(obj)
    return ""


def change_detail(ch: Change) -> str:
    if ch.action in ("create",):
        return f"{len(getattr(ch.after, 'columns', ()))} columns"
    if ch.action in ("add",):
        return object_text(ch.after)
    if ch.action == "drop":
        return object_text(ch.before)
    if ch.action == "rename":
        return f"finish interrupted replace: rename {getattr(ch.before, 'name', '')}"
    if ch.action == "swap":
        return "finish interrupted replace: drop the old index, rename the new one"
    if ch.leftover:
        return "leftover of an interrupted replace"
    if ch.action == "rebuild":
        return "INVALID index: drop and build again"
    return f"{object_text(ch.before)}  =>  {object_text(ch.after)}"


def plan_text(plan: Plan, *, color: bool = False) -> str:
    def paint(marker: str, text: str) -> str:
        return click.style(text, fg=COLORS.get(marker)) if color else text

    lines = [
        f"Target: {plan.target.url} (database {plan.target.database}, "
        f"PostgreSQL {plan.target.server_version // 10000}); release {plan.release}"
    ]
    if plan.empty:
        lines += ["", "No changes. The database matches the spec."]
        return "\n".join(lines) + "\n"
    lines += ["", "reconcile will perform the following actions:", ""]
    width = max(len(c.marker) for c in plan.changes)
    for c in plan.changes:
        head = f"  {c.marker:>{width}} {c.kind} {c.address}"
        lines.append(paint(c.marker, head) + (f"  {c.detail}" if c.detail else ""))
    lines += ["", "Steps, in order:"]
    n = 0
    for gi, grp in enumerate(plan.groups, 1):
        kind = "one transaction" if grp.transactional else "outside a transaction"
        if any(h.code.value == "ACCESS_EXCLUSIVE_LOCK" for s in grp.steps for h in s.hazards):
            kind += "; brief ACCESS EXCLUSIVE lock, short lock_timeout, retried"
        lines.append(f"  group {gi} ({kind}):")
        for step in grp.steps:
            n += 1
            lines.append(f"    {n:>2}. {step.sql}")
            for h in step.hazards:
                if h.code.value != "ACCESS_EXCLUSIVE_LOCK" or h.detail:
                    lines.append("        " + paint("-" if h.code.value in _LOUD else "~", f"! {h}"))
    counts = plan.counts()
    lines += [
        "",
        f"Plan: {counts['add']} to add, {counts['change']} to change, {counts['destroy']} to destroy.",
    ]
    return "\n".join(lines) + "\n"


_LOUD = {"DELETES_DATA", "DROPS_OBJECT", "UNIQUE_MAY_FAIL", "NOT_NULL_MAY_FAIL", "REWRITES_TABLE"}


def plan_sql(plan: Plan) -> str:
    """An SQL script of the plan: transactional groups wrapped in BEGIN/COMMIT."""
    out = [f"-- reconcile plan for release {plan.release}; live fingerprint {plan.live_fingerprint}", ""]
    for grp in plan.groups:
        if grp.transactional:
            out.append("BEGIN;")
        for step in grp.steps:
            out.append(f"-- {step.description}")
            out.append(step.sql + ";")
        if grp.transactional:
            out.append("COMMIT;")
        out.append("")
    return "\n".join(out)
