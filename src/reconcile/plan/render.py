"""Views of a plan: Terraform-like text, an SQL script, JSON; one-line change details."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reconcile.catalog.text import object_text

from .unchanged import no_changes_text

if TYPE_CHECKING:
    from reconcile.apply.options import ApplyOptions
    from reconcile.diff.change import Change
    from reconcile.plan.model import Group, Plan

# how a front end highlights a line: (marker "+", "-", "~" or "-/+", text) -> text
Paint = Callable[[str, str], str]


def _plain(marker: str, text: str) -> str:
    return text


def change_detail(ch: Change) -> str:
    own = _kind_detail(ch)
    if own is not None:
        return own
    if ch.action in ("create",):
        return f"{len(getattr(ch.after, 'columns', ()))} columns"
    if ch.action in ("add",):
        return object_text(ch.after)
    if ch.action == "drop" and ch.kind == "table":
        return "not in the spec: moved whole into reconcile_archive (`reconcile archive restore` brings it back)"
    if ch.action == "drop":
        return object_text(ch.before)
    return _repair_detail(ch) or _alter_detail(ch)


def _kind_detail(ch: Change) -> str | None:
    """Kinds whose plan line says more than their object's text."""
    if ch.kind == "comment":
        return _comment_detail(ch)
    if ch.kind == "extension":
        return _extension_detail(ch)
    if ch.kind == "sequence":
        return _sequence_detail(ch)
    if ch.kind == "domain":
        return _domain_detail(ch)
    if ch.kind == "composite":
        return _composite_detail(ch)
    if ch.kind in ("enum", "namespace"):
        return _type_detail(ch)
    if ch.kind == "policy" and ch.action == "create":
        return object_text(ch.after)
    if ch.kind in ("function", "procedure") and ch.action in ("create", "drop", "alter", "replace"):
        return _routine_detail(ch)
    if ch.kind == "trigger" and ch.action in ("create", "drop", "alter"):
        return _trigger_detail(ch)
    if ch.kind == "partition" or (ch.kind == "table" and ch.action == "create"):
        return _partition_detail(ch)
    return None


def _partition_detail(ch: Change) -> str | None:
    """A partition's parent and bounds; a partitioned table's key (None: a plain table)."""
    table = ch.after if ch.action != "drop" else ch.before
    part = getattr(table, "partitioning", None)
    if part is None:
        return None
    parent = f"{part.parent[0]}.{part.parent[1]}" if part.parent else ""
    if ch.kind == "partition":
        if ch.action == "drop":
            return f"detached from {parent} (the table and its rows are kept)"
        return f"attached to {parent} {part.bounds}"
    key = f", PARTITION BY {part.key}" if part.key else ""
    if part.parent:
        return f"partition of {parent} {part.bounds}{key}"
    return f"{len(getattr(table, 'columns', ()))} columns{key}"


def _repair_detail(ch: Change) -> str | None:
    """Renames and what finishes an interrupted replace."""
    if ch.action == "rename" and ch.leftover:
        return f"finish interrupted replace: rename {getattr(ch.before, 'name', '')}"
    if ch.action == "rename":
        return f"rename from {getattr(ch.before, 'name', '')} (metadata only)"
    if ch.action == "swap":
        return "finish interrupted replace: drop the old index, rename the new one"
    if ch.leftover:
        return "leftover of an interrupted replace"
    if ch.action == "rebuild":
        return "INVALID index: drop and build again"
    if ch.action == "resume":
        done = sum(1 for c in getattr(ch.after, "copies", ()) if c[3] == "attached")
        return f"finish an interrupted build: {done} partitions' copies attached, the rest built and attached"
    return None


def _alter_detail(ch: Change) -> str:
    if ch.kind in ("view", "materialized_view"):
        return _view_detail(ch)
    renamed = getattr(ch.before, "name", ch.name)
    head = f"from {renamed}: " if ch.kind in ("index", "constraint") and renamed != ch.name else ""
    return f"{head}{object_text(ch.before)}  =>  {object_text(ch.after)}"


def _trigger_detail(ch: Change) -> str:
    """What the trigger does: its definition without the CREATE TRIGGER name and table."""
    obj = ch.after if ch.action != "drop" else ch.before
    text = str(getattr(obj, "definition", "")).split(" ", 3)[-1]
    on = f" ON {getattr(obj, 'schema', '')}.{getattr(obj, 'table', '')}"
    return ("replaced in place: " if ch.action == "alter" else "") + text.replace(on, "", 1)


def _sequence_detail(ch: Change) -> str:
    def shown(q: object) -> str:
        g = getattr
        as_type = f"as {g(q, 'data_type', 'bigint')} " if g(q, "data_type", "bigint") != "bigint" else ""
        text = f"{as_type}increment {g(q, 'increment', 1)} min {g(q, 'minvalue', 1)} max {g(q, 'maxvalue', 0)}"
        text += f" start {g(q, 'start', 1)} cache {g(q, 'cache', 1)}" + (" cycle" if g(q, "cycle", False) else "")
        owner = g(q, "owned_by", "")
        return text + (f" owned by {owner}" if owner else "")

    if ch.action == "alter":
        return f"{shown(ch.before)}  =>  {shown(ch.after)} (current value kept)"
    return shown(ch.after if ch.action == "create" else ch.before)


def _extension_detail(ch: Change) -> str:
    def shown(e: object) -> str:
        version = getattr(e, "version", "")
        return f"schema {getattr(e, 'schema', '')}" + (f", version {version}" if version else ", default version")

    if ch.action == "alter":
        return f"{shown(ch.before)}  =>  {shown(ch.after)}"
    return shown(ch.after if ch.action == "create" else ch.before)


def _comment_detail(ch: Change) -> str:
    """Metadata only; the text shown escaped (one line) and cut, it is the spec author's free text."""
    before, after = getattr(ch.before, "text", None), getattr(ch.after, "text", None)
    if after is None:
        return f"metadata only: remove comment {_short(before)}"
    if before is None:
        return f"metadata only: set comment {_short(after)}"
    return f"metadata only: comment {_short(before)}  =>  {_short(after)}"


def _short(text: str | None, width: int = 60) -> str:
    import json

    shown = json.dumps(text or "", ensure_ascii=False)
    return shown if len(shown) <= width else shown[: width - 4] + '..."'


def _domain_detail(ch: Change) -> str:
    from reconcile.catalog.domains import domain_text

    if ch.action == "rename":
        return f"rename from {getattr(ch.before, 'name', '')} (metadata only)"
    if ch.action == "alter":
        return f"{domain_text(ch.before)}  =>  {domain_text(ch.after)}"
    return domain_text(ch.after if ch.action == "create" else ch.before)


def _composite_detail(ch: Change) -> str:
    def attrs(obj: object) -> str:
        return "(" + ", ".join(f"{n} {t}" for n, t in getattr(obj, "attributes", ())) + ")"

    if ch.action == "rename":
        return f"rename from {getattr(ch.before, 'name', '')} (metadata only)"
    if ch.action == "alter":
        return f"{attrs(ch.before)}  =>  {attrs(ch.after)}"
    return attrs(ch.after if ch.action == "create" else ch.before)


def _type_detail(ch: Change) -> str:
    before, after = getattr(ch.before, "values", ()), getattr(ch.after, "values", ())
    if ch.action == "rename":
        return f"rename from {getattr(ch.before, 'name', '')} (metadata only)"
    if ch.kind == "namespace" or ch.action == "drop":
        return ""
    if ch.action == "create":
        return f"values {', '.join(after)}"
    word = "values added in place" if ch.action == "alter" else "recreated"
    return f"{word}: {', '.join(before)}  =>  {', '.join(after)}"


def _view_detail(ch: Change) -> str:
    before, after = getattr(ch.before, "columns", ()), getattr(ch.after, "columns", ())
    if ch.action == "alter":
        return "query changed, replaced in place" + (
            f" (columns {len(before)} -> {len(after)})" if before != after else ""
        )
    what = "columns changed" if before != after else "query changed"
    return f"{what}: dropped and created again"


def _routine_detail(ch: Change) -> str:
    after = ch.after or ch.before
    result = getattr(after, "result", "")
    head = f"({getattr(after, 'identity', '')})" + (f" -> {result}" if result else "")
    if ch.action == "alter":
        return f"{head}: body or attributes changed, replaced in place"
    return f"{head}: arguments or result changed, dropped and created again" if ch.action == "replace" else head


def _ms(ms: int) -> str:
    return f"{ms // 1000}s" if ms and ms % 1000 == 0 else f"{ms}ms"


def group_heading(grp: Group, options: ApplyOptions) -> str:
    """How the group runs and the timeouts its steps will use (apply's --lock-timeout, --lock-retries ...)."""
    from reconcile.apply.options import step_lock_timeout_ms

    retried = any(s.lock for s in grp.steps) or not grp.transactional
    kind = "one transaction" if grp.transactional else "outside a transaction"
    if any(s.lock for s in grp.steps):
        kind += "; brief ACCESS EXCLUSIVE lock"
    lock_ms = min(step_lock_timeout_ms(s, options) for s in grp.steps)
    kind += f"; lock_timeout {_ms(lock_ms)}"
    if retried:
        kind += f", up to {options.lock_retries} retries"
    if options.statement_timeout_ms:
        kind += f"; statement_timeout {_ms(options.statement_timeout_ms)}"
    return kind


def plan_text(plan: Plan, *, paint: Paint = _plain, options: ApplyOptions | None = None) -> str:
    """The plan for a reader; `options` are apply's (their defaults when None), for the timeouts shown."""
    from reconcile.apply.options import ApplyOptions

    options = options or ApplyOptions()
    if plan.empty:
        return no_changes_text(plan.target.url, plan.target.database, plan.target.server_version, plan.release)
    lines = [
        f"Target: {plan.target.url} (database {plan.target.database}, "
        f"PostgreSQL {plan.target.server_version // 10000}); release {plan.release}"
    ]
    lines += ["", "reconcile will perform the following actions:", ""]
    width = max(len(c.marker) for c in plan.changes)
    for c in plan.changes:
        head = f"  {c.marker:>{width}} {c.kind} {c.address}"
        lines.append(paint(c.marker, head) + (f"  {c.detail}" if c.detail else ""))
    lines += ["", "Steps, in order:"]
    n = 0
    for gi, grp in enumerate(plan.groups, 1):
        lines.append(f"  group {gi} ({group_heading(grp, options)}):")
        for step in grp.steps:
            n += 1
            lines.append(f"    {n:>2}. {step.sql}")
            for h in step.hazards:
                if h.code.value != "ACCESS_EXCLUSIVE_LOCK" or h.detail:
                    lines.append("        " + paint("-" if h.code.value in _LOUD else "~", f"! {h}"))
    lines += _refusals_text(plan, paint, options.allow_drop)
    counts = plan.counts()
    lines += [
        "",
        f"Plan: {counts['add']} to add, {counts['change']} to change, {counts['destroy']} to destroy.",
    ]
    return "\n".join(lines) + "\n"


_LOUD = {
    "DELETES_DATA",
    "DROPS_OBJECT",
    "UNIQUE_MAY_FAIL",
    "NOT_NULL_MAY_FAIL",
    "CHECK_MAY_FAIL",
    "FOREIGN_KEY_MAY_FAIL",
    "REWRITES_TABLE",
    "OUTSIDE_SPEC",
}


def _refusals_text(plan: Plan, paint: Paint, allow_drop: frozenset[str]) -> list[str]:
    refusals = plan.refusals(allow_drop)
    if not refusals:
        return []
    lines = ["", paint("-", "Cannot apply as it is (apply refuses these steps, exit 3):")]
    for r in refusals:
        lines.append(f"  - {r.description}: {r.reason}")
        lines.append(f"      needs: {r.fix}")
    return lines


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
