"""Per-step measurements of a rehearsal, and the estimate scaled to the target's size."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from reconcile.apply.executor import StepResult
from reconcile.plan.model import Step

from .copy import TableCopy
from .locks import blocks_writers, lock_of, scales_linearly
from .workload import Timeline


@dataclass
class StepTiming:
    id: str
    description: str
    kind: str
    table: str
    lock: str
    hazards: list[str]
    status: str = "skipped"
    seconds: float = 0.0  # the statement's own duration on the copy
    held: float = 0.0  # first start to commit: how long its lock was held (retries included)
    stall: float = 0.0  # the writer's worst statement while the step ran
    attempts: int = 0
    rows: int | None = None  # rows the step scanned, rewrote or copied, where known
    scaling: str = "constant"
    ratio: float | None = None
    estimate: float | None = None  # seconds on the target
    error: str = ""
    example: str = ""

    blocks: bool = False  # its lock makes inserts wait

    @property
    def predicted_lock_ms(self) -> float:
        """What writers should expect on the target: the stall seen on the copy, or, for a step that blocks
        writers while it works through the rows (a rewrite), its own statement time scaled to the target."""
        linear = self.blocks and self.scaling.startswith("linear") and self.ratio is not None
        scaled = self.seconds * (self.ratio or 1.0) if linear else 0.0
        return 1000 * max(self.stall, scaled)


@dataclass
class Clock:
    """Collects the executor's step events as monotonic times."""

    started: dict[str, float] = field(default_factory=dict)
    ended: dict[str, float] = field(default_factory=dict)

    def __call__(self, kind: str, res: StepResult) -> None:
        now = time.monotonic()
        if kind == "start":
            self.started.setdefault(res.step.id, now)
        elif kind in ("done", "failed"):
            self.ended[res.step.id] = now


def measure(
    results: list[StepResult], clock: Clock, timeline: Timeline | None, tables: dict[str, TableCopy]
) -> list[StepTiming]:
    return [_timing(r, clock, timeline, tables.get(r.step.table)) for r in results]


def _timing(res: StepResult, clock: Clock, timeline: Timeline | None, table: TableCopy | None) -> StepTiming:
    step: Step = res.step
    t = StepTiming(
        id=step.id,
        description=step.description,
        kind=str(step.kind),
        table=step.table,
        lock=lock_of(step),
        hazards=[str(h) for h in step.hazards],
        status=str(res.status),
        seconds=res.seconds,
        attempts=res.attempts,
        error=res.error,
        blocks=blocks_writers(step),
    )
    start, end = clock.started.get(step.id), clock.ended.get(step.id)
    if start is not None and end is not None:
        t.held = end - start
        t.stall = timeline.worst_stall(start, end) if timeline else 0.0
    linear = scales_linearly(step)
    t.scaling = "linear in rows" if linear else "constant (metadata only)"
    if res.rows >= 0:
        t.rows = res.rows
    elif linear and table is not None:
        t.rows = table.rows
    t.ratio = table.ratio if table is not None and linear else 1.0
    if t.ratio is not None and t.status != "skipped":
        # the statement's own time scales; waiting for its lock (retries behind the reader) does not
        t.estimate = max(t.held - t.seconds, 0.0) + t.seconds * t.ratio
    return t
