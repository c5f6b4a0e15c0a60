"""Error tree: every error carries an exit code and a one-line message naming its location."""

from __future__ import annotations


class ReconcileError(Exception):
    """Base error. `str(err)` is the one-line message the CLI prints."""

    exit_code = 1

    def __init__(self, message: str, *, location: str | None = None) -> None:
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


class SpecError(ReconcileError):
    """The desired-state spec is malformed or refers to things that do not exist."""


class ConnectionFailed(ReconcileError):
    """The database cannot be reached or the URL is unusable."""


class PlanFormatError(ReconcileError):
    """A plan file cannot be read (wrong format version, corrupt JSON)."""


class GraphCycleError(ReconcileError):
    """The step dependency graph has a cycle; the message carries the graph in DOT."""


class ApplyFailed(ReconcileError):
    """A step failed during apply; what ran before it in its group was rolled back."""


class NotConverged(ReconcileError):
    """After apply the live catalog still differs from the desired one."""


class InputError(ReconcileError):
    """Bad data input (CSV row, snapshot file) with file:line location."""


class SafetyRefused(ReconcileError):
    """Refused by the safety policy: hazard not allowed, stale plan, lock not acquired."""

    exit_code = 3


class StalePlan(SafetyRefused):
    """The database changed since the plan was made."""


class LockNotAcquired(SafetyRefused):
    """Another reconcile holds the advisory lock."""
