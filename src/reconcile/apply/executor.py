"""Execute a Plan: advisory lock, stale check, groups, lock-timeout retries, verification."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import LiteralString, cast

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql

from reconcile.apply.blockers import wait_out
from reconcile.apply.lock import SCOPE, advisory_lock
from reconcile.apply.options import ApplyOptions, step_lock_timeout_ms
from reconcile.catalog.introspect import introspect
from reconcile.catalog.model import Catalog
from reconcile.connect.failures import doing, is_connection_failure, is_lost
from reconcile.connect.redact import redact_text
from reconcile.diff import diff
from reconcile.diff.change import Change
from reconcile.errors import ApplyFailed, NotConverged, ReconcileError, SafetyRefused, StalePlan
from reconcile.plan.hazards import BLOCKING, FIX, FIX_DATA
from reconcile.plan.model import Group, Plan, Step, StepKind


class Outcome(StrEnum):
    PENDING = "pending"
    APPLIED = "applied"
    ALREADY_APPLIED = "already-applied"
    NO_CHANGES = "no-changes"
    FAILED = "failed"


class Status(StrEnum):
    OK = "ok"
    CHANGED = "changed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class StepResult:
    step: Step
    status: Status = Status.SKIPPED
    started: str = ""
    ended: str = ""
    seconds: float = 0.0
    rows: int = -1
    done: int = -1  # rows of its table a batched copy has read so far (progress on a terminal)
    notices: list[str] = field(default_factory=list)
    attempts: int = 0
    error: str = ""


@dataclass
class ApplyResult:
    plan: Plan
    results: list[StepResult]
    before: Catalog
    after: Catalog | None = None
    outcome: Outcome = Outcome.PENDING
    error: str = ""
    seconds: float = 0.0
    failure: ReconcileError | None = None  # why the outcome is FAILED, with its exit code

    def recap(self) -> dict[str, int]:
        counts = {str(s): 0 for s in Status}
        for r in self.results:
            counts[r.status] += 1
        return counts

    def fail(self, failure: ReconcileError) -> ApplyResult:
        self.outcome, self.error, self.failure = Outcome.FAILED, str(failure), failure
        return self


Event = Callable[[str, StepResult], None]


def check_policy(plan: Plan, allow_drop: frozenset[str]) -> None:
    """Refuse (exit 3) steps that drop kinds not allowed, and steps with blocking hazards."""
    refused = [s for s in plan.steps if s.drop_kind and s.drop_kind not in allow_drop and "all" not in allow_drop]
    if refused:
        kinds = ",".join(sorted({s.drop_kind or "" for s in refused}))
        names = "; ".join(s.description for s in refused[:5]) + (" ..." if len(refused) > 5 else "")
        raise SafetyRefused(f"{len(refused)} step(s) drop objects and need --allow-drop {kinds}: {names}")
    blocking = [(s, h) for s in plan.steps for h in s.hazards if h.code in BLOCKING]
    if blocking:
        step, hazard = blocking[0]
        raise SafetyRefused(f"refusing '{step.description}': {hazard} ({FIX.get(hazard.code, FIX_DATA)})")


def live_catalog(conn: psycopg.Connection, plan: Plan) -> Catalog:
    from reconcile.spec.project import Rules

    return Rules.from_dict(plan.scope).filter(introspect(conn, plan.managed, objects=plan.managed_objects))


def apply_plan(
    conn: psycopg.Connection, plan: Plan, options: ApplyOptions, on_event: Event | None = None
) -> ApplyResult:
    """Apply exactly `plan`; refuses if the database moved since it was made.

    A failed step or a plan that did not converge is an outcome (FAILED, with `failure`), not an
    exception: the caller writes evidence of it either way.
    """
    check_policy(plan, options.allow_drop)
    started = time.monotonic()
    desired = Catalog.from_dict(plan.desired)
    with advisory_lock(
        conn, SCOPE, wait=options.lock_wait, on_wait=options.on_lock_wait, break_stale=options.break_stale_lock
    ):
        with doing("reading the catalog before applying (nothing was applied)"):
            before = live_catalog(conn, plan)
        result = ApplyResult(plan, [StepResult(s) for s in plan.steps], before)
        if before.fingerprint() != plan.live_fingerprint:
            pending = diff(before, desired)
            if not pending:
                result.outcome, result.after = Outcome.ALREADY_APPLIED, before
                return result
            planned_live = Catalog.from_dict(plan.live) if plan.live else None
            moved = diff(planned_live, before) if planned_live else pending
            raise StalePlan(
                "plan is stale: the database changed since the plan was made: "
                + _names(moved)
                + "; run `reconcile plan` again"
            )
        if plan.empty:
            result.outcome, result.after = Outcome.NO_CHANGES, before
            return result
        by_id = {r.step.id: r for r in result.results}
        _plan_search_path(conn, plan)
        try:
            for grp in plan.groups:
                _run_group(conn, grp, [by_id[s.id] for s in grp.steps], options, on_event)
        except ApplyFailed as exc:
            result.seconds = time.monotonic() - started
            result.after = _safe_introspect(conn, plan)
            return result.fail(exc)
        result.seconds = time.monotonic() - started
        try:
            with doing("reading the catalog after applying every step (so it was not verified)"):
                result.after = live_catalog(conn, plan)
        except ReconcileError as exc:
            return result.fail(exc)
        remaining = diff(result.after, desired)
        if remaining:
            return result.fail(NotConverged(f"did not converge: {_names(remaining)} still differ from the spec"))
        result.outcome = Outcome.APPLIED
        return result


def _names(changes: list[Change]) -> str:
    shown = [f"{c.marker} {c.kind} {c.address}" for c in changes[:8]]
    return ", ".join(shown) + (f" and {len(changes) - 8} more" if len(changes) > 8 else "")


def _safe_introspect(conn: psycopg.Connection, plan: Plan) -> Catalog | None:
    """The catalog after a failure, or None when it cannot be read (evidence then says so)."""
    if is_lost(conn):
        return None
    try:
        return live_catalog(conn, plan)
    except (psycopg.Error, ReconcileError):
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _plan_search_path(conn: psycopg.Connection, plan: Plan) -> None:
    """The search_path the catalog was read under (managed schemas, then public): the steps' type
    names and defaults are PostgreSQL's renderings under it (`status`, not `billing.status`)."""
    schemas = {s for s, _ in plan.managed} | {s for _, s, _ in plan.managed_objects} | {"public"}
    path = ", ".join(sql.Identifier(s).as_string() for s in sorted(schemas))
    conn.execute("SELECT pg_catalog.set_config('search_path', %s, false)", [path])


def _timeouts(conn: psycopg.Connection, step: Step, options: ApplyOptions, local: bool) -> None:
    lock_ms = step_lock_timeout_ms(step, options)
    conn.execute(
        "SELECT pg_catalog.set_config('lock_timeout', %s, %s), pg_catalog.set_config('statement_timeout', %s, %s)",
        [f"{lock_ms}ms", local, f"{options.statement_timeout_ms}ms", local],
    )


def _execute(conn: psycopg.Connection, step: Step, res: StepResult, on_event: Event | None = None) -> None:
    res.started = _now()
    t0 = time.monotonic()
    res.rows = 0
    with conn.cursor() as cur:
        if step.batches:
            _execute_batches(cur, step, res, on_event)
        for statement in () if step.batches else step.commands:
            # the extended protocol (forced by binary=True) carries exactly one statement: a `;`
            # followed by a second one is a syntax error, never run
            cur.execute(cast(LiteralString, statement), binary=True)  # composed with psycopg.sql, re-derived
            res.rows = cur.rowcount
    res.seconds = time.monotonic() - t0
    res.ended = _now()


def _execute_batches(cur: psycopg.Cursor, step: Step, res: StepResult, on_event: Event | None) -> None:
    """A copy a key range at a time, in the step's transaction: rows read after each batch as progress."""
    first, rest = step.batches
    res.done = 0
    # a statement with parameters goes by the extended protocol too: one statement, never two
    row = cur.execute(cast(LiteralString, first), binary=True).fetchone()
    while row is not None:
        read, copied, *last = row
        res.done += read
        res.rows += copied
        if on_event:
            on_event("progress", res)
        row = cur.execute(cast(LiteralString, rest), last).fetchone()


def _run_group(
    conn: psycopg.Connection, grp: Group, results: list[StepResult], options: ApplyOptions, on_event: Event | None
) -> None:
    notices: list[str] = []

    def collect(diag: psycopg.errors.Diagnostic) -> None:
        notices.append(f"{diag.severity}: {diag.message_primary}")

    conn.add_notice_handler(collect)
    try:
        if grp.transactional:
            _run_transaction(conn, results, options, on_event, notices)
        else:
            _run_alone(conn, results[0], options, on_event, notices)
    finally:
        conn.remove_notice_handler(collect)


def _run_transaction(
    conn: psycopg.Connection,
    results: list[StepResult],
    options: ApplyOptions,
    on_event: Event | None,
    notices: list[str],
) -> None:
    """All steps in one transaction; on lock_timeout roll back, back off with jitter and retry."""
    attempt = 0
    while True:
        attempt += 1
        current: StepResult | None = None
        set_ms = -1  # the lock_timeout SET LOCAL in this transaction: set again only when a step needs another
        try:
            with conn.transaction():
                for res in results:
                    current = res
                    res.attempts = attempt
                    notices.clear()
                    if on_event:
                        on_event("start", res)
                    if step_lock_timeout_ms(res.step, options) != set_ms:
                        _timeouts(conn, res.step, options, local=True)
                        set_ms = step_lock_timeout_ms(res.step, options)
                    _execute(conn, res.step, res, on_event)
                    res.notices = list(notices)
            for res in results:
                res.status = Status.CHANGED
                if on_event:
                    on_event("done", res)
            return
        except pg_errors.LockNotAvailable as exc:
            for res in results:
                res.status = Status.SKIPPED
            if attempt > options.lock_retries:
                assert current is not None
                current.status, current.error = Status.FAILED, _message(exc)
                raise ApplyFailed(
                    f"'{current.step.description}' could not get its lock after {attempt} attempts "
                    f"(lock_timeout {options.lock_timeout_ms}ms); nothing in this group was applied"
                ) from None
            assert current is not None
            if on_event:
                current.error = f"lock not available, retry {attempt}"
                on_event("retry", current)
            waited = step_lock_timeout_ms(current.step, options)
            wait_out(conn, current.step.table, waited, _backoff(attempt, options.retry_base_s))
        except psycopg.Error as exc:
            assert current is not None
            current.status, current.error = Status.FAILED, _message(exc)
            if on_event:
                on_event("failed", current)
            lost = _lost(exc, ", so ")
            raise ApplyFailed(
                f"'{current.step.description}' failed: {current.error}; {lost}its transaction was rolled back"
            ) from None


def _run_alone(
    conn: psycopg.Connection, res: StepResult, options: ApplyOptions, on_event: Event | None, notices: list[str]
) -> None:
    """Non-transactional (CONCURRENTLY) step, under --lock-timeout with --lock-retries and backoff.

    A build cancelled by the lock timeout (or failed) leaves an INVALID index: it is dropped before
    the retry, and before giving up, so nothing INVALID stays.
    """
    attempt = 0
    while True:
        attempt += 1
        res.attempts = attempt
        try:
            _alone_once(conn, res, options, on_event, notices)
            return
        except pg_errors.LockNotAvailable as exc:
            _drop_leftover(conn, res.step)
            if attempt > options.lock_retries:
                _failed(res, exc, on_event)
                raise ApplyFailed(
                    f"'{res.step.description}' could not get its lock after {attempt} attempts "
                    f"(lock_timeout {options.lock_timeout_ms}ms); nothing of it was left behind"
                ) from None
            if on_event:
                res.error = f"lock not available, retry {attempt}"
                on_event("retry", res)
            wait_out(
                conn, res.step.table, step_lock_timeout_ms(res.step, options), _backoff(attempt, options.retry_base_s)
            )
        except psycopg.Error as exc:
            _failed(res, exc, on_event)
            _drop_leftover(conn, res.step)
            raise ApplyFailed(f"'{res.step.description}' failed: {res.error}{_lost(exc, '', '; ')}") from None


def _alone_once(
    conn: psycopg.Connection, res: StepResult, options: ApplyOptions, on_event: Event | None, notices: list[str]
) -> None:
    if on_event:
        on_event("start", res)
    notices.clear()
    try:
        _timeouts(conn, res.step, options, local=False)
        _execute(conn, res.step, res, on_event)
    finally:
        _reset_timeouts(conn)
    res.notices, res.status, res.error = list(notices), Status.CHANGED, ""
    if on_event:
        on_event("done", res)


def _failed(res: StepResult, exc: psycopg.Error, on_event: Event | None) -> None:
    res.status, res.error = Status.FAILED, _message(exc)
    if on_event:
        on_event("failed", res)


def _drop_leftover(conn: psycopg.Connection, step: Step) -> None:
    """Drop what a failed concurrent build left (an INVALID index); it waits for its locks as long as needed."""
    cleanup = step.inverse if step.kind == StepKind.BUILD else None
    if cleanup and not is_lost(conn):
        try:
            conn.execute(cast(LiteralString, cleanup), binary=True)
        except psycopg.Error:
            pass  # the next plan sees the INVALID index and rebuilds it


def _reset_timeouts(conn: psycopg.Connection) -> None:
    if not is_lost(conn):
        try:
            conn.execute("RESET lock_timeout")
            conn.execute("RESET statement_timeout")
        except psycopg.Error:
            pass


def _lost(exc: psycopg.Error, after: str, before: str = "") -> str:
    """Say it when a step failed because the session went, not because of its SQL."""
    return f"{before}the database connection was lost{after}" if is_connection_failure(exc) else ""


def _backoff(attempt: int, base: float) -> float:
    return min(base * (1.6 ** (attempt - 1)), 5.0) * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not crypto


def _message(exc: psycopg.Error) -> str:
    diag = exc.diag
    text = diag.message_primary or str(exc).splitlines()[0]
    if diag.sqlstate:
        text = f"{text} (SQLSTATE {diag.sqlstate})"
    return redact_text(text)
