"""Run one action over many targets: a thread pool of `parallel` workers, a canary wave, a failure budget.

Each worker opens and closes its own connection inside the action, so no more than `parallel`
connections are open at a time; the advisory lock stays per database (the action takes it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from reconcile.connect.redact import redact_text
from reconcile.errors import ReconcileError
from reconcile.evidence.run_folder import secrets_of

from .targets import Target


class State(StrEnum):
    OK = "ok"  # nothing to change, in sync, converged, applied without changes
    CHANGED = "changed"  # apply changed the database; plan has changes; drift found
    REFUSED = "refused"  # safety policy (exit 3)
    FAILED = "failed"  # error (exit 1)
    SKIPPED = "skipped"  # not run: the canary failed or the failure budget ran out


# Exit code of a fleet run: the worst of its targets, in this order (worst last). An error (1)
# outranks a refusal (3): both mean "look at this", but only an error may have left a target
# half-way. Both are always counted in the total line and listed per target.
SEVERITY = (0, 2, 3, 1)


@dataclass
class TargetResult:
    target: Target
    state: State
    exit_code: int
    summary: str  # one line, password scrubbed
    seconds: float = 0.0
    evidence: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.target.name,
            "target": self.target.shown,
            "state": str(self.state),
            "exit_code": self.exit_code,
            "summary": self.summary,
            "seconds": round(self.seconds, 3),
            "evidence": self.evidence,
            **self.details,
        }


@dataclass(frozen=True)
class FleetOptions:
    parallel: int = 1
    canary: int = 0
    max_failures: int | None = None  # stop starting targets once this many failed (None = never)


@dataclass
class FleetResult:
    command: str
    results: list[TargetResult]
    seconds: float = 0.0
    stopped: str = ""  # why targets were skipped, if they were

    @property
    def exit_code(self) -> int:
        return worst(r.exit_code for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in State}
        for r in self.results:
            counts[r.state] += 1
        return counts


def worst(codes: Any) -> int:
    return max((c for c in codes), key=SEVERITY.index, default=0)


Action = Callable[[Target], TargetResult]


def run_fleet(command: str, targets: tuple[Target, ...], action: Action, options: FleetOptions) -> FleetResult:
    """Canary targets first, alone; then the rest `parallel` at a time, until the failure budget runs out."""
    started = time.monotonic()
    done: dict[str, TargetResult] = {}
    canary, rest = targets[: options.canary], targets[options.canary :]
    stopped = _wave(canary, action, options, done, budget=1 if canary else None)
    if stopped:
        stopped = f"canary failed ({stopped}); the other targets were not started"
    else:
        stopped = _wave(rest, action, options, done, budget=options.max_failures, already=_failures(done))
        if stopped:
            limit = options.max_failures
            stopped = f"--max-failures {limit} reached ({stopped}); the remaining targets were not started"
    results = [done.get(t.name) or _skipped(t) for t in targets]
    return FleetResult(command, results, time.monotonic() - started, stopped)


def _wave(
    targets: tuple[Target, ...],
    action: Action,
    options: FleetOptions,
    done: dict[str, TargetResult],
    *,
    budget: int | None,
    already: int = 0,
) -> str:
    """Run `targets` on the pool; return the names of the failures that spent the budget ('' if none did)."""
    failed: list[str] = []
    pending = list(targets)
    running: set[Future[TargetResult]] = set()
    with ThreadPoolExecutor(max_workers=max(1, options.parallel), thread_name_prefix="fleet") as pool:
        while pending or running:
            out_of_budget = budget is not None and already + len(failed) >= budget
            while pending and len(running) < options.parallel and not out_of_budget:
                running.add(pool.submit(_guarded, action, pending.pop(0)))
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                result = future.result()
                done[result.target.name] = result
                if result.state in (State.FAILED, State.REFUSED):
                    failed.append(result.target.name)
    if budget is not None and already + len(failed) >= budget and failed:
        return ", ".join(failed)
    return ""


def _failures(done: dict[str, TargetResult]) -> int:
    return sum(1 for r in done.values() if r.state in (State.FAILED, State.REFUSED))


def _guarded(action: Action, target: Target) -> TargetResult:
    """The action, with any error turned into this target's failed result (never the others')."""
    started = time.monotonic()
    try:
        result = action(target)
    except ReconcileError as exc:
        state = State.REFUSED if exc.exit_code == 3 else State.FAILED
        result = TargetResult(target, state, exc.exit_code, scrub(str(exc), target))
    except Exception as exc:  # noqa: BLE001 - one target's bug must not stop the others
        result = TargetResult(target, State.FAILED, 1, scrub(f"{type(exc).__name__}: {exc}", target))
    result.seconds = time.monotonic() - started
    return result


def scrub(text: str, target: Target) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return redact_text(first, secrets_of(target.conninfo))


def _skipped(target: Target) -> TargetResult:
    return TargetResult(target, State.SKIPPED, 0, "not run")
