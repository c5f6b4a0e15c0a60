"""A saved plan is verified, not trusted: re-run the pure planner on what the plan recorded.

Anything in PLAN.json that the planner would not have produced from the plan's own recorded
catalogs and facts (a statement, a hazard, the order, the grouping) refuses the apply, naming
the step; so does a recorded catalog whose fingerprint or expressions do not hold up.
"""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog
from reconcile.diff import diff
from reconcile.diff.renames import Renames
from reconcile.errors import PlanFormatError, ReconcileError, SafetyRefused

from .build import PlanInputs, build_plan
from .facts_record import facts_from_dict, with_uses
from .model import Plan, Step


def verified(plan: Plan, source: str = "plan") -> Plan:
    """The plan the planner derives from `plan`'s records; refuses (exit 3) if it is not `plan`."""
    try:
        recorded = dict(plan.facts)
        uses = recorded.pop("uses")
        facts = facts_from_dict(recorded)
        live = with_uses(Catalog.from_dict(plan.live, server_version=facts.server_version), uses["live"])
        desired = with_uses(Catalog.from_dict(plan.desired, server_version=facts.server_version), uses["desired"])
        renames = Renames.from_rows(plan.renames)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlanFormatError(f"malformed recorded catalog or facts: {exc}", location=source) from None
    from reconcile.spec.expressions import check_catalog

    check_catalog(live, f"{source} (live)")
    check_catalog(desired, f"{source} (desired)")
    if live.fingerprint() != plan.live_fingerprint or desired.fingerprint() != plan.desired_fingerprint:
        raise SafetyRefused(f"{source}: the recorded catalogs do not match the plan's fingerprints")
    inputs = PlanInputs(
        plan.target.url,
        plan.release,
        plan.spec_sha256,
        plan.managed,
        plan.created_at,
        managed_objects=plan.managed_objects,
        renames=plan.renames,
    )
    try:
        fresh = build_plan(live, desired, diff(live, desired, renames), facts, inputs).plan
    except ReconcileError as exc:
        raise SafetyRefused(f"{source}: cannot re-derive the plan: {exc}") from None
    fresh = replace(fresh, tool_version=plan.tool_version)
    if fresh != plan:
        raise SafetyRefused(f"{source}: {_difference(plan, fresh)}; refusing a plan the planner did not make")
    return fresh


def _difference(saved: Plan, fresh: Plan) -> str:
    for n, (a, b) in enumerate(zip(saved.steps, fresh.steps, strict=False), start=1):
        if a != b:
            return f"step {n} '{a.description}' ({a.id}) differs in {_fields(a, b)}"
    if len(saved.steps) != len(fresh.steps):
        return f"{len(saved.steps)} steps where the planner derives {len(fresh.steps)}"
    if [len(g.steps) for g in saved.groups] != [len(g.steps) for g in fresh.groups]:
        return "steps are grouped into transactions differently"
    differing = [f for f in ("target", "release", "spec_sha256", "managed", "managed_objects", "renames", "changes",
                             "created_at")
                 if getattr(saved, f) != getattr(fresh, f)]  # fmt: skip
    return f"differs in {', '.join(differing) or 'its header'}"


def _fields(a: Step, b: Step) -> str:
    names = [f for f in Step.__dataclass_fields__ if getattr(a, f) != getattr(b, f)]
    return ", ".join(names)
