"""`reconcile apply`."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reconcile.errors import ReconcileError
from reconcile.plan.model import Plan

if TYPE_CHECKING:
    import psycopg

    from reconcile.apply.executor import ApplyOptions, ApplyResult, StepResult
from .options import F, database_url, load, restore_archived, spec_path, spec_rev

DROP_KINDS = {"column", "index", "constraint", "table", "all"}


def _duration_ms(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min)?\s*", value)
    if not m:
        raise click.BadParameter(f"{value!r} is not a duration like 300ms, 3s or 2min")
    factor = {"ms": 1, "s": 1000, "min": 60000}[m.group(2) or "ms"]
    return int(float(m.group(1)) * factor)


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in (value or "").split(",") if k.strip())
    unknown = kinds - DROP_KINDS
    if unknown:
        raise click.BadParameter(f"unknown kind(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(DROP_KINDS))}")
    return kinds


def run_options(f: F) -> F:
    """Options shared by `apply` and `rollback`."""
    for option in reversed(_RUN_OPTIONS):
        f = option(f)
    return f


_RUN_OPTIONS = [
    restore_archived,
    database_url,
    click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation."),
    click.option(
        "--allow-drop",
        "allow_drop",
        callback=_kinds,
        metavar="KINDS",
        help="Allow steps that drop these kinds: column,index,constraint,table (or all). Default: none.",
    ),
    click.option(
        "--lock-wait",
        default=30.0,
        show_default=True,
        type=float,
        metavar="SECONDS",
        help="How long to wait for another reconcile run's advisory lock before exiting 3.",
    ),
    click.option(
        "--lock-timeout",
        callback=_duration_ms,
        default="200ms",
        show_default=True,
        help="lock_timeout of steps that take ACCESS EXCLUSIVE on an existing table; writers never "
        "queue behind reconcile for longer.",
    ),
    click.option(
        "--statement-timeout",
        callback=_duration_ms,
        default="0",
        show_default=True,
        help="statement_timeout per step (0 = none).",
    ),
    click.option(
        "--lock-retries",
        default=12,
        show_default=True,
        type=int,
        help="Retries, with jittered growing backoff, of a transactional group that hit lock_timeout.",
    ),
    click.option(
        "--evidence-dir",
        default="audit",
        show_default=True,
        envvar="RECONCILE_EVIDENCE_DIR",
        type=click.Path(file_okay=False, path_type=Path),
        help="Write the run's evidence (push log, snapshots, diff, \\d, plan, EVIDENCE.md) under DIR/runs/ "
        "and append DIR/alignment_log.md.",
    ),
    click.option("--no-evidence", is_flag=True, help="Do not write evidence or the alignment log."),
]


@click.command()
@click.argument("plan_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@spec_path
@spec_rev
@run_options
def apply(
    plan_file: Path | None,
    spec: str,
    spec_rev: str | None,
    restore_archived: bool,
    database_url: str | None,
    auto_approve: bool,
    allow_drop: frozenset[str],
    lock_wait: float,
    lock_timeout: int,
    statement_timeout: int,
    lock_retries: int,
    evidence_dir: Path,
    no_evidence: bool,
) -> None:
    """Bring the database to the spec (or apply exactly PLAN_FILE from `reconcile plan --out`).

    Without PLAN_FILE: plans, shows the plan, asks for confirmation, applies, verifies.
    With PLAN_FILE: refuses (exit 3) if the database changed since the plan was made,
    and reports "already applied" if it already matches the plan's target.

    Safe by default: drops need --allow-drop; indexes on existing tables are built
    CONCURRENTLY; exclusive locks use a short lock_timeout and are retried.
    """
    from reconcile.connect.target import connect, resolve_url
    from reconcile.plan.model import Plan

    options = _options(allow_drop, lock_wait, lock_timeout, statement_timeout, lock_retries)
    plan = Plan.from_json(plan_file.read_text(), source=str(plan_file)) if plan_file else None
    url = resolve_url(database_url)
    evidence = None if no_evidence else (evidence_dir, url)
    with connect(url) as conn:
        if plan is not None:
            _run(conn, plan, options, evidence)
        else:
            from reconcile.plan.planner import make_plan

            loaded = load(spec, spec_rev)
            _plan_and_apply(
                conn,
                lambda: make_plan(conn, loaded, url, restore_archived=restore_archived).plan,
                options,
                auto_approve,
                evidence,
            )


@click.command()
@click.option(
    "--run",
    "run_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The apply run folder (under EVIDENCE_DIR/runs/) to undo. Default: the newest one.",
)
@run_options
def rollback(
    run_dir: Path | None,
    restore_archived: bool,
    database_url: str | None,
    auto_approve: bool,
    allow_drop: frozenset[str],
    lock_wait: float,
    lock_timeout: int,
    statement_timeout: int,
    lock_retries: int,
    evidence_dir: Path,
    no_evidence: bool,
) -> None:
    """Undo the last apply: bring the tables back to the pre-apply snapshot its evidence recorded.

    The same plan, confirmation, safety policy and evidence as `apply`; dropped columns are
    archived first (see `reconcile archive list`). Appends EVIDENCE_DIR/rollback_log.md.
    """
    from reconcile.connect.target import connect, resolve_url
    from reconcile.plan.planner import plan_to
    from reconcile.recovery.rollback import latest_run, rollback_target

    run = run_dir or latest_run(evidence_dir)
    target, undone = rollback_target(run)
    managed = tuple(sorted((t.schema, t.name) for t in target.tables))
    url = resolve_url(database_url)
    evidence = None if no_evidence else (evidence_dir, url)
    click.echo(f"Rolling back {undone} to the pre-apply snapshot in {run / 'pre_snapshot.json'}")

    def make() -> Plan:
        from reconcile.catalog.introspect import introspect

        live = introspect(conn, managed)
        return plan_to(
            conn,
            live,
            target,
            url,
            release=f"rollback-of-{undone}",
            spec_sha256="",
            managed=managed,
            restore_archived=restore_archived,
        ).plan

    options = _options(allow_drop, lock_wait, lock_timeout, statement_timeout, lock_retries)
    with connect(url) as conn:
        _plan_and_apply(conn, make, options, auto_approve, evidence)


def _options(
    allow_drop: frozenset[str], lock_wait: float, lock_timeout: int, statement_timeout: int, lock_retries: int
) -> ApplyOptions:
    from reconcile.apply.executor import ApplyOptions

    return ApplyOptions(
        allow_drop=allow_drop,
        lock_wait=lock_wait,
        lock_timeout_ms=lock_timeout,
        statement_timeout_ms=statement_timeout,
        lock_retries=lock_retries,
    )


def _plan_and_apply(
    conn: psycopg.Connection,
    make: Callable[[], Plan],
    options: ApplyOptions,
    auto_approve: bool,
    evidence: tuple[Path, str] | None,
) -> ApplyResult | None:
    """Plan under the advisory lock (so nobody moves the database under the plan), show, confirm, apply."""
    from reconcile.apply.lock import SCOPE, advisory_lock
    from reconcile.plan.render import plan_text

    with advisory_lock(conn, SCOPE, wait=options.lock_wait):
        plan = make()
        click.echo(plan_text(plan, color=sys.stdout.isatty()), nl=False)
        if plan.empty:
            _evidence(conn, plan, evidence)
            return None
        _confirm(auto_approve)
        return _run(conn, plan, options, evidence)


def _confirm(auto_approve: bool) -> None:
    if auto_approve:
        return
    if not sys.stdin.isatty():
        raise ReconcileError("refusing to apply without confirmation: stdin is not a terminal (use --auto-approve)")
    if not click.confirm("\nApply these changes?", default=False):
        raise ReconcileError("apply cancelled; nothing was changed")


def _run(conn: psycopg.Connection, plan: Plan, options: ApplyOptions, evidence: tuple[Path, str] | None) -> ApplyResult:
    from reconcile.apply.executor import apply_plan

    def event(kind: str, res: StepResult) -> None:
        if kind == "done":
            click.echo(f"  changed  {res.step.description} ({res.seconds:.2f}s)")
        elif kind == "failed":
            click.echo(click.style(f"  FAILED   {res.step.description}: {res.error}", fg="red"), err=True)
        elif kind == "retry":
            click.echo(f"  waiting  {res.step.description}: {res.error}", err=True)

    click.echo("")
    try:
        result = apply_plan(conn, plan, options, on_event=event)
    except ReconcileError as exc:
        partial = getattr(exc, "result", None)
        if partial is not None:
            _recap(partial)
            _evidence(conn, partial, evidence)
        raise
    _recap(result)
    _evidence(conn, result, evidence)
    return result


def _evidence(conn: psycopg.Connection, result: ApplyResult | Plan, evidence: tuple[Path, str] | None) -> None:
    """The run folder and alignment log row (see reconcile.evidence.run_folder); never hides the apply's outcome."""
    if evidence is None:
        return
    from reconcile.evidence.run_folder import log_apply_without_changes, write_apply_evidence
    from reconcile.plan.model import Plan

    evidence_dir, url = evidence
    try:
        if isinstance(result, Plan):  # nothing to apply: the alignment log row only
            fp = result.live_fingerprint
            log_apply_without_changes(evidence_dir, result, url=url, outcome="no-changes", fingerprint=fp)
            return
        if result.outcome not in ("applied", "failed"):
            fp = result.before.fingerprint()
            log_apply_without_changes(evidence_dir, result.plan, url=url, outcome=result.outcome, fingerprint=fp)
            return
        folder = write_apply_evidence(evidence_dir, conn, result, url=url)
        _rollback_log(conn, result, evidence_dir, url)
    except Exception as exc:  # the apply's own outcome must not be hidden by an evidence problem
        from reconcile.connect.redact import redact_text

        reason = redact_text(f"{type(exc).__name__}: {exc}")
        click.echo(f"Warning: could not write evidence under {evidence_dir}: {reason}", err=True)
        return
    click.echo(f"Evidence: {folder}")


def _rollback_log(conn: psycopg.Connection, result: ApplyResult, evidence_dir: Path, url: str) -> None:
    from reconcile.connect.redact import redact_url
    from reconcile.recovery.rollback import append_rollback, archived_counts, is_rollback

    if not is_rollback(result.plan):
        return
    after = result.after.fingerprint() if result.after is not None else ""
    undone = (
        result.plan.release.removeprefix("rollback-of-")
        if result.plan.release.startswith("rollback-of-")
        else "(live state)"
    )
    outcome = result.outcome + (f": {result.error}" if result.error else "")
    path = append_rollback(
        evidence_dir,
        target=redact_url(url),
        from_release=undone,
        to=result.plan.release,
        before=result.before.fingerprint(),
        after=after,
        archived=archived_counts(conn, result.plan),
        outcome=outcome,
    )
    click.echo(f"Rollback log: {path}")


def _recap(result: ApplyResult) -> None:
    if result.outcome == "already-applied":
        click.echo("Already applied: the database matches the plan's target. Nothing to do.")
        return
    if result.outcome == "no-changes":
        click.echo("No changes. The database matches the spec.")
        return
    counts = result.recap()
    line = (
        f"RECAP  ok={counts['ok']}  changed={counts['changed']}  failed={counts['failed']}  "
        f"skipped={counts['skipped']}  elapsed={result.seconds:.2f}s  outcome={result.outcome}"
    )
    click.echo("\n" + line)
    if result.outcome == "applied":
        click.echo("Verified: the database now matches the spec.")
