"""Apply's options, and the lock timeout each step runs under: the plan's text shows them too
(kept apart from the executor, so printing a plan does not import it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reconcile.plan.model import Step


@dataclass(frozen=True)
class ApplyOptions:
    allow_drop: frozenset[str] = frozenset()
    lock_wait: float = 30.0  # seconds to wait for another reconcile's advisory lock
    lock_timeout_ms: int = 200  # steps that take ACCESS EXCLUSIVE on an existing table
    other_lock_timeout_ms: int = 3000  # every other step
    statement_timeout_ms: int = 0  # 0 = none (index builds on big tables take long)
    lock_retries: int = 12  # attempts after the first for a group or a CONCURRENTLY step that hit lock_timeout
    break_stale_lock: bool = False  # end an idle non-reconcile session holding the advisory lock
    retry_base_s: float = 0.2
    # progress on a terminal: (holder, seconds waited) while another run holds the advisory lock
    on_lock_wait: Callable[[str, float], None] | None = field(default=None, compare=False)


def step_lock_timeout_ms(step: Step, options: ApplyOptions) -> int:
    """--lock-timeout for steps that take ACCESS EXCLUSIVE or run alone (CONCURRENTLY); the longer one otherwise."""
    return options.lock_timeout_ms if step.lock or not step.transactional else options.other_lock_timeout_ms
