"""Pictures generated from the evidence's text: the plan's step graph and the run's timeline, as Mermaid.

Text stays the source of truth (push log, plan.json); these only draw it for Markdown viewers.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from reconcile.plan.order import build_graph, to_mermaid

if TYPE_CHECKING:
    from reconcile.apply.executor import StepResult
    from reconcile.plan.model import Plan


def step_graph(plan: Plan) -> str:
    """The plan's dependency graph (the same DAG that ordered the steps)."""
    return to_mermaid(build_graph(list(plan.steps)))


def timeline(results: list[StepResult]) -> str:
    """A Mermaid Gantt of the steps that ran: one bar per step, in ms from the first start.

    Steps that took ACCESS EXCLUSIVE are `crit` bars: their length is how long writers could queue.
    """
    ran = [(r, _instant(r.started)) for r in results if r.started]
    if not ran:
        return ""
    origin = min(at for _, at in ran)
    lines = ["gantt", "  dateFormat x", "  axisFormat %M:%S.%L", "  section apply"]
    for n, (r, at) in enumerate(ran, 1):
        start = round((at - origin).total_seconds() * 1000)
        length = max(1, round(r.seconds * 1000))
        tags = ["crit"] if r.step.lock else []
        tags.append(f"t{n}")
        label = f"{n}. {r.step.description}" + (" (exclusive lock)" if r.step.lock else "")
        lines.append(f"  {_label(label)} :{', '.join(tags)}, {start}, {length}ms")
    return "\n".join(lines)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _label(text: str) -> str:
    """Gantt task names end at ':' and '#' starts an entity: keep them out."""
    return text.replace(":", " ").replace("#", " ").replace(";", ",")
