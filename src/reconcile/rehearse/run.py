"""A rehearsal end to end: copy the target, apply the plan under load, measure, roll back, check budgets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import psycopg

from reconcile.apply.executor import ApplyOptions, ApplyResult, apply_plan
from reconcile.catalog.introspect import introspect
from reconcile.catalog.model import Catalog
from reconcile.connect.redact import redact_text, redact_url
from reconcile.connect.target import connect
from reconcile.errors import ReconcileError
from reconcile.inventory.from_sql import scratch_database
from reconcile.plan.hazards import BLOCKING
from reconcile.plan.model import Plan, Step
from reconcile.plan.order import build_graph, to_mermaid
from reconcile.plan.planner import make_plan, plan_to
from reconcile.spec.model import Spec

from . import copy as copying
from .copy import TableCopy
from .examples import example_row
from .steps import Clock, StepTiming, measure
from .synthetic import synthesize
from .values import Digests, compare, digests
from .workload import Timeline, Workload

ALL_DROPS = frozenset({"all"})


@dataclass(frozen=True)
class Settings:
    target_url: str
    dev_url: str | None = None
    rows: int = 1000
    sample_percent: float | None = None  # instead of `rows`: that share of each table's rows
    synthetic: bool = False
    read_timeout_ms: int = 30000
    reader_seconds: float = 0.3
    allow_drop: frozenset[str] = frozenset()
    max_lock_ms: int | None = None
    max_total_s: float | None = None


@dataclass(frozen=True)
class Change:
    """What to rehearse: a spec to plan on the copy, or a saved plan's desired catalog."""

    spec: Spec | None = None
    plan: Plan | None = None
    previous: Spec | None = None  # what to roll back to; default: the target's schema as imported

    def managed(self) -> set[tuple[str, str]]:
        if self.spec is not None:
            return set(self.spec.table_names())
        return set(self.plan.managed) if self.plan is not None else set()


@dataclass
class Rehearsal:
    target: str  # password redacted
    data: str  # "sampled" or "synthetic"
    sample_percent: float | None = None  # sampled with --sample: the share of each table's rows
    tables: list[TableCopy] = field(default_factory=list)
    steps: list[StepTiming] = field(default_factory=list)
    rollback: list[StepTiming] = field(default_factory=list)
    mermaid: str = ""
    forward: str = "not run"
    back: str = "not run"
    converged: bool = False
    failure: str = ""
    failed_step: str = ""
    example: str = ""
    over_budget: list[str] = field(default_factory=list)
    rows_checked: int = 0  # copied rows whose values the rollback restored
    inserted: int = 0
    reads: int = 0
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        if self.failure or not self.converged:
            return 1
        return 3 if self.over_budget else 0

    @property
    def worst_stall_ms(self) -> float:
        return max((s.predicted_lock_ms for s in self.steps), default=0.0)

    @property
    def estimated_total(self) -> float:
        return sum(s.estimate or 0.0 for s in self.steps)


def rehearse(change: Change, settings: Settings) -> Rehearsal:
    """Never writes to the target: it is read once for schema and rows (or statistics), read-only."""
    started = time.monotonic()
    report = Rehearsal(
        redact_url(settings.target_url),
        "synthetic" if settings.synthetic else "sampled",
        None if settings.synthetic else settings.sample_percent,
    )
    try:
        with scratch_database(settings.dev_url) as copy_url, connect(copy_url) as copy:
            previous, catalog = _copy_target(change, settings, copy, copy_url, report)
            before = digests(copy, catalog)
            _forward(change, settings, copy, copy_url, report)
            if not report.failure:
                _back(change.previous or previous, copy, copy_url, report)
            if report.converged:
                _check_values(before, digests(copy, catalog), report)
    except psycopg.Error as exc:
        raise ReconcileError(f"rehearsal stopped: {_pg_message(exc)}") from None
    report.seconds = time.monotonic() - started
    _budgets(settings, report)
    return report


def _copy_target(
    change: Change, settings: Settings, copy: psycopg.Connection, copy_url: str, report: Rehearsal
) -> tuple[Spec, Catalog]:
    with copying.target_session(settings.target_url, settings.read_timeout_ms) as target:
        live = copying.live_spec(target, change.managed())
        catalog = copying.build_schema(copy, copy_url, live)
        if settings.synthetic:
            report.tables = synthesize(target, copy, catalog, settings.rows)
        else:
            amount = copying.Amount(settings.rows, settings.sample_percent)
            report.tables = copying.sample(target, copy, catalog, amount)
    return live, catalog


def _forward(change: Change, settings: Settings, copy: psycopg.Connection, copy_url: str, report: Rehearsal) -> None:
    plan = _plan_on_copy(change, copy, copy_url)
    report.mermaid = to_mermaid(build_graph(list(plan.steps)))
    if plan.empty:
        report.forward = "no changes"
        return
    busiest = _busiest(plan, report.tables)
    clock = Clock()
    options = ApplyOptions(allow_drop=settings.allow_drop)
    timeline = Timeline()
    if busiest is not None:
        with Workload(copy_url, (busiest.schema, busiest.name), busiest.rows, settings.reader_seconds) as load:
            result = apply_plan(copy, _runnable(plan), options, on_event=clock)
        timeline = load.timeline
    else:
        result = apply_plan(copy, _runnable(plan), options, on_event=clock)
    report.inserted, report.reads = timeline.inserted, timeline.reads
    report.steps = measure(result.results, clock, timeline, {f"{t.schema}.{t.name}": t for t in report.tables})
    report.forward = str(result.outcome)
    if result.failure is not None:
        _record_failure(copy, plan, result, report)


def _back(previous: Spec, copy: psycopg.Connection, copy_url: str, report: Rehearsal) -> None:
    """Apply the previous spec (drops allowed: this is the copy), restoring archived values; then plan again."""
    plan = make_plan(copy, previous, copy_url, restore_archived=True).plan
    clock = Clock()
    result = apply_plan(copy, _runnable(plan), ApplyOptions(allow_drop=ALL_DROPS), on_event=clock)
    tables = {f"{t.schema}.{t.name}": t for t in report.tables}
    report.rollback = measure(result.results, clock, None, tables)
    report.back = str(result.outcome)
    if result.failure is not None:
        report.failure = f"rollback: {result.failure}"
        report.failed_step = next((r.step.description for r in result.results if r.error), "")
        return
    again = make_plan(copy, previous, copy_url, restore_archived=True).plan
    report.converged = again.empty
    if not again.empty:
        report.failure = f"rollback did not converge: a second plan still has {len(again.steps)} step(s)"


def _check_values(before: Digests, after: Digests, report: Rehearsal) -> None:
    """The copied rows must hold their values again after the rollback (archived values restored)."""
    result = compare(before, after)
    report.rows_checked = result.checked
    if result.differ:
        report.failure = (
            f"the rollback did not restore values: {result.differ} of {result.checked} copied rows differ, "
            f"e.g. {result.example}"
        )


def _plan_on_copy(change: Change, copy: psycopg.Connection, copy_url: str) -> Plan:
    if change.spec is not None:
        return make_plan(copy, change.spec, copy_url).plan
    assert change.plan is not None
    managed = tuple(sorted(change.plan.managed))
    live = introspect(copy, managed)
    desired = Catalog.from_dict(change.plan.desired)
    return plan_to(copy, live, desired, copy_url, release=change.plan.release, spec_sha256="", managed=managed).plan


def _runnable(plan: Plan) -> Plan:
    """The plan without hazards that make apply refuse outright: the rehearsal runs them to show the failure."""

    def strip(step: Step) -> Step:
        return replace(step, hazards=tuple(h for h in step.hazards if h.code not in BLOCKING))

    return replace(plan, groups=tuple(replace(g, steps=tuple(map(strip, g.steps))) for g in plan.groups))


def _busiest(plan: Plan, tables: list[TableCopy]) -> TableCopy | None:
    """The table the writer and reader work on: the one most steps touch, holding rows."""
    counts = {
        f"{t.schema}.{t.name}": (sum(s.table == f"{t.schema}.{t.name}" for s in plan.steps), t.rows) for t in tables
    }
    candidates = [t for t in tables if t.rows > 0 and counts[f"{t.schema}.{t.name}"][0] > 0]
    return max(candidates, key=lambda t: counts[f"{t.schema}.{t.name}"], default=None)


def _record_failure(copy: psycopg.Connection, plan: Plan, result: ApplyResult, report: Rehearsal) -> None:
    failed = next((r for r in result.results if r.status == "failed"), None)
    report.failure = str(result.failure)
    if failed is None:
        return
    report.failed_step = failed.step.description
    report.example = example_row(copy, plan, failed.step)
    for s in report.steps:
        if s.id == failed.step.id:
            s.example = report.example


def _budgets(settings: Settings, report: Rehearsal) -> None:
    if settings.max_lock_ms is not None:
        for s in report.steps:
            if s.predicted_lock_ms > settings.max_lock_ms:
                report.over_budget.append(
                    f"'{s.description}' would stall writers ~{s.predicted_lock_ms:.0f}ms "
                    f"(budget {settings.max_lock_ms}ms)"
                )
    if settings.max_total_s is not None and report.estimated_total > settings.max_total_s:
        report.over_budget.append(
            f"the plan would take ~{report.estimated_total:.1f}s on the target (budget {settings.max_total_s:g}s)"
        )


def _pg_message(exc: psycopg.Error) -> str:
    return redact_text(exc.diag.message_primary or str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
