"""One library call per command: plan under the lock, approve, apply, write evidence; and rollback.

The CLI (or the Ansible module) passes callbacks for what a person sees; the result says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from reconcile.catalog.introspect import introspect
from reconcile.connect.redact import redact_text, redact_url
from reconcile.plan.model import Plan
from reconcile.spec.model import Spec

from .executor import ApplyOptions, ApplyResult, Event, Outcome, apply_plan, check_policy
from .lock import SCOPE, advisory_lock


@dataclass(frozen=True)
class EvidenceTarget:
    directory: Path
    url: str  # as configured: the evidence writer removes the password


@dataclass
class Run:
    """What one apply or rollback did; `plan` is set once planned, `result` once applied."""

    plan: Plan | None = None
    result: ApplyResult | None = None
    evidence: Path | None = None
    rollback_log: Path | None = None
    warning: str = ""

    @property
    def outcome(self) -> Outcome:
        return self.result.outcome if self.result else Outcome.NO_CHANGES

    def raise_for_failure(self) -> None:
        if self.result is not None and self.result.failure is not None:
            raise self.result.failure


@dataclass(frozen=True)
class Hooks:
    show: Callable[[Plan], None] = lambda plan: None
    approve: Callable[[Plan], None] = lambda plan: None  # raises to stop before anything runs
    on_event: Event | None = None


@dataclass(frozen=True)
class Session:
    """One connection to the target and how to apply on it: what every apply-like call shares."""

    conn: psycopg.Connection
    url: str  # as configured: evidence and plans remove the password
    options: ApplyOptions
    evidence: EvidenceTarget | None = None
    hooks: Hooks = Hooks()


def apply_saved(session: Session, plan: Plan) -> Run:
    """Apply exactly a reviewed plan file: re-derived from its own records and refused (exit 3) if
    anything in it is not what the planner makes, if it is for another database, or if the
    database moved since."""
    from reconcile.plan.identity import check_same_database
    from reconcile.plan.trust import verified

    plan = verified(plan)
    check_same_database(session.conn, plan)
    _recheck_dependents(session.conn, plan)
    return _apply_exact(session, plan)


def _recheck_dependents(conn: psycopg.Connection, plan: Plan) -> None:
    from reconcile.catalog.model import Catalog
    from reconcile.diff import diff
    from reconcile.plan.dependents import recheck

    changes = diff(Catalog.from_dict(plan.live), Catalog.from_dict(plan.desired))
    recheck(conn, changes, plan.managed, plan.managed_objects)


def _apply_exact(session: Session, plan: Plan) -> Run:
    if session.evidence is not None:
        # loaded now (jinja2 and the renderers, ~0.06 s), not once the last step is done: an apply
        # that waits for its locks loads them while it waits, and its report follows the steps at once
        import reconcile.evidence.run_folder  # noqa: F401
    result = apply_plan(session.conn, plan, session.options, on_event=session.hooks.on_event)
    return _with_evidence(session.conn, Run(plan=plan, result=result), session.evidence)


def plan_and_apply(session: Session, make: Callable[[], Plan]) -> Run:
    """Plan under the advisory lock (so nobody moves the database under the plan), show, approve, apply."""
    with advisory_lock(
        session.conn,
        SCOPE,
        wait=session.options.lock_wait,
        on_wait=session.options.on_lock_wait,
        break_stale=session.options.break_stale_lock,
    ):
        plan = make()
        session.hooks.show(plan)
        if plan.empty:
            return _with_evidence(session.conn, Run(plan=plan), session.evidence)
        check_policy(plan, session.options.allow_drop)  # refuse before asking: a "y" must never lead to a refusal
        session.hooks.approve(plan)
        return _apply_exact(session, plan)


def apply_spec(session: Session, spec: Spec, *, restore_archived: bool = False) -> Run:
    from reconcile.plan.planner import make_plan

    return plan_and_apply(
        session, lambda: make_plan(session.conn, spec, session.url, restore_archived=restore_archived).plan
    )


def rollback(session: Session, run_dir: Path, *, restore_archived: bool = False) -> Run:
    """Bring the tables back to the pre-apply snapshot the run folder recorded."""
    from reconcile.plan.planner import plan_to
    from reconcile.recovery.rollback import rollback_target

    target, undone = rollback_target(run_dir)
    managed = tuple(sorted((t.schema, t.name) for t in target.tables))

    def make() -> Plan:
        live = introspect(session.conn, managed)
        release = f"rollback-of-{undone}"
        return plan_to(
            session.conn,
            live,
            target,
            session.url,
            release=release,
            spec_sha256="",
            managed=managed,
            restore_archived=restore_archived,
        ).plan

    return plan_and_apply(session, make)


def _with_evidence(conn: psycopg.Connection, run: Run, evidence: EvidenceTarget | None) -> Run:
    """The run folder and alignment log row; an evidence problem never hides the apply's outcome."""
    if evidence is None:
        return run
    from reconcile.evidence.run_folder import log_unchanged, write_apply_evidence

    try:
        result, plan = run.result, run.plan
        assert plan is not None
        if result is None:  # nothing to apply: the alignment log row only
            fp = plan.live_fingerprint
            log_unchanged(
                evidence.directory,
                command="apply",
                release=plan.release,
                url=evidence.url,
                outcome="no-changes",
                fingerprint=fp,
            )
        elif result.outcome not in (Outcome.APPLIED, Outcome.FAILED):
            fp = result.before.fingerprint()
            log_unchanged(
                evidence.directory,
                command="apply",
                release=plan.release,
                url=evidence.url,
                outcome=result.outcome,
                fingerprint=fp,
            )
        else:
            run.evidence = write_apply_evidence(evidence.directory, conn, result, url=evidence.url)
            run.rollback_log = _rollback_log(conn, result, evidence)
    except Exception as exc:  # noqa: BLE001 - reported as a warning, the outcome stands
        reason = redact_text(f"{type(exc).__name__}: {exc}")
        run.warning = f"could not write evidence under {evidence.directory}: {reason}"
    return run


def _rollback_log(conn: psycopg.Connection, result: ApplyResult, evidence: EvidenceTarget) -> Path | None:
    from reconcile.recovery.rollback import append_rollback, archived_counts, is_rollback

    if not is_rollback(result.plan):
        return None
    release = result.plan.release
    undone = release.removeprefix("rollback-of-") if release.startswith("rollback-of-") else "(live state)"
    return append_rollback(
        evidence.directory,
        target=redact_url(evidence.url),
        from_release=undone,
        to=release,
        before=result.before.fingerprint(),
        after=result.after.fingerprint() if result.after is not None else "",
        archived=archived_counts(conn, result.plan),
        outcome=result.outcome + (f": {result.error}" if result.error else ""),
    )
