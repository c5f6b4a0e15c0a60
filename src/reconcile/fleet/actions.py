"""What each command does to one target, in-process through the library: plan, apply, drift, verify.

Each returns an Action (Target -> TargetResult) that opens its own connection and closes it before
returning: the read ones a read session (pooler-safe, lock waits bounded by --lock-wait) as one target's
command does, apply a writer refused as `apply` refuses it. Evidence goes under EVIDENCE_DIR/<target name>/.
"""

from __future__ import annotations

from pathlib import Path

from reconcile.apply.executor import ApplyOptions, Outcome
from reconcile.connect.session import DEFAULT_LOCK_WAIT, read_session
from reconcile.spec.model import Spec

from .runner import Action, State, TargetResult, scrub
from .targets import Target


def plan_action(
    spec: Spec, *, restore_archived: bool, detailed_exitcode: bool, lock_wait: float = DEFAULT_LOCK_WAIT
) -> Action:
    def run(target: Target) -> TargetResult:
        from reconcile.plan.planner import make_plan

        with read_session(target.conninfo, lock_wait) as conn:
            plan = make_plan(conn, spec, target.conninfo, restore_archived=restore_archived).plan
        counts = plan.counts()
        if plan.empty:
            return TargetResult(target, State.OK, 0, "no changes", details={"changes": counts})
        line = f"{counts['add']} to add, {counts['change']} to change, {counts['destroy']} to destroy"
        return TargetResult(target, State.CHANGED, 2 if detailed_exitcode else 0, line, details={"changes": counts})

    return run


def apply_action(spec: Spec, options: ApplyOptions, evidence_dir: Path | None, *, restore_archived: bool) -> Action:
    def run(target: Target) -> TargetResult:
        from reconcile.apply.run import EvidenceTarget, Session, apply_spec
        from reconcile.connect.pooler import TARGETS_FIX, open_writer

        evidence = EvidenceTarget(evidence_dir / target.name, target.conninfo) if evidence_dir else None
        conn, _ = open_writer(target.conninfo, None, TARGETS_FIX)  # refused like `apply`: read-only, pooled
        with conn:
            outcome = apply_spec(
                Session(conn, target.conninfo, options, evidence), spec, restore_archived=restore_archived
            )
        result = outcome.result
        folder = str(outcome.evidence) if outcome.evidence else None
        details: dict[str, object] = {"outcome": str(outcome.outcome)}
        if outcome.warning:
            details["warning"] = scrub(outcome.warning, target)
        if result is None or result.outcome in (Outcome.NO_CHANGES, Outcome.ALREADY_APPLIED):
            return TargetResult(target, State.OK, 0, str(outcome.outcome), evidence=folder, details=details)
        details["steps"] = result.recap()
        if result.failure is not None:
            failure = result.failure
            state = State.REFUSED if failure.exit_code == 3 else State.FAILED
            return TargetResult(
                target, state, failure.exit_code, scrub(str(failure), target), evidence=folder, details=details
            )
        steps = result.recap()
        line = f"applied: {steps['changed']} changed, {steps['ok']} ok ({result.seconds:.2f}s)"
        return TargetResult(target, State.CHANGED, 0, line, evidence=folder, details=details)

    return run


def drift_action(spec: Spec, evidence_dir: Path | None, lock_wait: float = DEFAULT_LOCK_WAIT) -> Action:
    def run(target: Target) -> TargetResult:
        from reconcile.verify.drift import check_drift, record_drift

        with read_session(target.conninfo, lock_wait) as conn:
            report = check_drift(conn, spec, target.conninfo)
        folder = None
        if evidence_dir is not None:
            directory = evidence_dir / target.name
            record_drift(directory, report)
            folder = str(directory)
        state = State.CHANGED if report.status == "drift" else State.OK
        return TargetResult(
            target,
            state,
            report.exit_code,
            report.summary(),
            evidence=folder,
            details={"status": report.status, "counts": report.counts()},
        )

    return run


def verify_action(spec: Spec, evidence_dir: Path | None, lock_wait: float = DEFAULT_LOCK_WAIT) -> Action:
    def run(target: Target) -> TargetResult:
        from reconcile.plan.planner import desired_catalog, read_live
        from reconcile.verify.live import verify

        with read_session(target.conninfo, lock_wait) as conn:
            live, snapshot = read_live(conn, spec)
            result = verify(conn, live, desired_catalog(conn, spec, snapshot))
        failed = sum(1 for c in result.checks if not c.ok)
        if result.converged:
            line, state, code = f"converged; {len(result.checks)} constraint check(s) ok", State.OK, 0
        else:
            line = f"differs: {len(result.changes)} difference(s), {failed} failed check(s)"
            state, code = State.CHANGED, 2
        folder = None
        if evidence_dir is not None:
            from reconcile.evidence.alignment import append_alignment

            fp = live.fingerprint()
            append_alignment(
                evidence_dir / target.name,
                command="verify",
                target=target.shown,
                release=spec.release,
                before=fp,
                after=fp,
                outcome=line,
            )
            folder = str(evidence_dir / target.name)
        return TargetResult(
            target,
            state,
            code,
            line,
            evidence=folder,
            details={"differences": len(result.changes), "failed_checks": failed},
        )

    return run
