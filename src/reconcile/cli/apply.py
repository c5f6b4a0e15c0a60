"""`reconcile apply`."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from reconcile.errors import ReconcileError
from reconcile.plan.model import Plan

if TYPE_CHECKING:
    from reconcile.apply.executor import ApplyOptions, StepResult
    from reconcile.apply.run import EvidenceTarget, Hooks, Run

    from .progress import TerminalProgress
from reconcile.regular_files import open_regular

from .fleet_commands import apply_fleet
from .fleet_options import fleet_options
from .options import (
    F,
    Seconds,
    allow_drop,
    database_url,
    dev_url,
    format_option,
    load,
    painter,
    restore_archived,
    spec_path,
    spec_rev,
    verbosity,
)


def _duration_ms(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min)?\s*", value)
    if not m:
        raise click.BadParameter(f"{value!r} is not a duration like 300ms, 3s or 2min")
    factor = {"ms": 1, "s": 1000, "min": 60000}[m.group(2) or "ms"]
    return int(float(m.group(1)) * factor)


def _lock_timeout_ms(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    ms = _duration_ms(ctx, param, value)
    if ms is not None and ms < 1:  # lock_timeout 0 is PostgreSQL's "wait forever"
        raise click.BadParameter(f"{value!r} is under 1ms, which would wait forever")
    return ms


@dataclass(frozen=True)
class RunSettings:
    """The options `apply` and `rollback` share, collected into one value."""

    restore_archived: bool
    database_url: str | None
    auto_approve: bool
    allow_drop: frozenset[str]
    lock_wait: float
    direct_url: str | None
    break_stale_lock: bool
    lock_timeout: int
    statement_timeout: int
    lock_retries: int
    evidence_dir: Path
    no_evidence: bool

    def apply_options(self) -> ApplyOptions:
        from reconcile.apply.executor import ApplyOptions

        return ApplyOptions(
            allow_drop=self.allow_drop,
            lock_wait=self.lock_wait,
            lock_timeout_ms=self.lock_timeout,
            statement_timeout_ms=self.statement_timeout,
            lock_retries=self.lock_retries,
            break_stale_lock=self.break_stale_lock,
        )

    def evidence(self, url: str) -> EvidenceTarget | None:
        from reconcile.apply.run import EvidenceTarget

        return None if self.no_evidence else EvidenceTarget(self.evidence_dir, url)


def run_options(f: F) -> F:
    """Options shared by `apply` and `rollback`, passed to the command as one `settings: RunSettings`."""
    names = [field.name for field in fields(RunSettings)]

    @functools.wraps(f)
    def command(**kwargs: Any) -> Any:
        settings = RunSettings(**{n: kwargs.pop(n) for n in names})
        return f(settings=settings, **kwargs)

    wrapped: Any = command
    for option in reversed(_RUN_OPTIONS):
        wrapped = option(wrapped)
    return cast(F, wrapped)


_RUN_OPTIONS = [
    restore_archived,
    database_url,
    click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation."),
    allow_drop,
    click.option(
        "--lock-wait",
        default=30.0,
        show_default=True,
        type=Seconds(),
        metavar="SECONDS",
        help="How long to wait for another reconcile run's advisory lock before exiting 3.",
    ),
    click.option(
        "--direct-url",
        metavar="URL",
        envvar="DIRECT_DATABASE_URL",
        help="A direct connection (no transaction pooler) for the lock and the DDL; $DIRECT_DATABASE_URL.",
    ),
    click.option(
        "--break-stale-lock",
        is_flag=True,
        help="If the advisory lock is held by an idle session that is not a reconcile run, end that session.",
    ),
    click.option(
        "--lock-timeout",
        callback=_lock_timeout_ms,
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
        type=click.IntRange(min=0),
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
@fleet_options(apply_fleet)
@click.argument("plan_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@spec_path
@dev_url
@spec_rev
@run_options
@format_option(
    "json: one JSON document of the run on stdout (schema: reconcile/schemas/apply.json), nothing else; "
    "with --targets, the fleet's recap as JSON."
)
def apply(plan_file: Path | None, spec: str, spec_rev: str | None, settings: RunSettings, fmt: str) -> None:
    """Bring the database to the spec (or apply exactly PLAN_FILE from `reconcile plan --out`).

    Without PLAN_FILE: plans, shows the plan, asks for confirmation, applies, verifies.
    With PLAN_FILE: refuses (exit 3) if the database changed since the plan was made,
    and reports "already applied" if it already matches the plan's target.

    Safe by default: drops need --allow-drop; indexes on existing tables are built
    CONCURRENTLY; exclusive locks use a short lock_timeout and are retried.
    """
    from reconcile.apply.run import Session, apply_saved, apply_spec
    from reconcile.connect.pooler import open_writer
    from reconcile.connect.target import resolve_url

    plan = Plan.from_json(read_plan_file(plan_file), source=str(plan_file)) if plan_file else None
    conn, url = open_writer(resolve_url(settings.database_url), settings.direct_url)
    options = settings.apply_options()
    progress = _progress(url, fmt)
    if progress is not None:
        options = replace(options, on_lock_wait=progress.lock_wait)
    hooks = _hooks(settings.auto_approve, options, progress) if fmt == "text" else _quiet_hooks(settings.auto_approve)
    with conn, _closing(progress):
        session = Session(conn, url, options, settings.evidence(url), hooks)
        if plan is not None:
            if fmt == "text":
                click.echo("")
            run = apply_saved(session, plan)
            release = plan.release
        else:
            loaded = load(spec, spec_rev)
            release = loaded.release
            run = apply_spec(session, loaded, restore_archived=settings.restore_archived)
    if fmt == "json":
        from reconcile.apply.result_json import run_json
        from reconcile.connect.redact import redact_url

        click.echo(run_json(run, redact_url(url), release), nl=False)
        run.raise_for_failure()
        return
    _report(run)


@click.command()
@click.option(
    "--run",
    "run_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The apply run folder (under EVIDENCE_DIR/runs/) to undo. Default: the newest one.",
)
@run_options
@dev_url
def rollback(run_dir: Path | None, settings: RunSettings) -> None:
    """Undo the last apply: bring the tables back to the pre-apply snapshot its evidence recorded.

    The same plan, confirmation, safety policy and evidence as `apply`; dropped columns are
    archived first (see `reconcile archive list`). Appends EVIDENCE_DIR/rollback_log.md.
    """
    from reconcile.apply.run import Session
    from reconcile.apply.run import rollback as rollback_run
    from reconcile.connect.pooler import open_writer
    from reconcile.connect.target import resolve_url
    from reconcile.recovery.rollback import latest_run

    folder = run_dir or latest_run(settings.evidence_dir)
    conn, url = open_writer(resolve_url(settings.database_url), settings.direct_url)
    options = settings.apply_options()
    click.echo(f"Rolling back {folder.name} to the pre-apply snapshot in {folder / 'pre_snapshot.json'}")
    with conn:
        session = Session(conn, url, options, settings.evidence(url), _hooks(settings.auto_approve, options))
        run = rollback_run(session, folder, restore_archived=settings.restore_archived)
    _report(run)


def read_plan_file(path: Path) -> str:
    try:
        with open_regular(path, ReconcileError, what="the plan") as fh:  # a FIFO or device is refused, not read forever
            return fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReconcileError(f"not a plan file: not UTF-8 at byte {exc.start}", location=str(path)) from None
    except OSError as exc:
        raise ReconcileError(f"cannot read the plan: {exc.strerror}", location=str(path)) from None


def _progress(url: str, fmt: str) -> TerminalProgress | None:
    """Progress lines on stderr when it is a terminal (text output, not -q)."""
    if fmt != "text" or not sys.stderr.isatty() or verbosity() < 0:
        return None
    from .progress import TerminalProgress

    return TerminalProgress(url)


@contextmanager
def _closing(progress: TerminalProgress | None) -> Iterator[None]:
    try:
        yield
    finally:
        if progress is not None:
            progress.close()


def _hooks(auto_approve: bool, options: ApplyOptions, progress: TerminalProgress | None = None) -> Hooks:
    from reconcile.apply.run import Hooks
    from reconcile.plan.render import plan_text

    def show(plan: Plan) -> None:
        if verbosity() < 0:
            return
        click.echo(plan_text(plan, paint=painter(sys.stdout.isatty()), options=options), nl=False)

    def approve(plan: Plan) -> None:
        if auto_approve:
            click.echo("")
            return
        if not sys.stdin.isatty():
            raise ReconcileError("refusing to apply without confirmation: stdin is not a terminal (use --auto-approve)")
        if not click.confirm("\nApply these changes?", default=False):
            raise ReconcileError("apply cancelled; nothing was changed")
        click.echo("")

    def on_event(kind: str, res: StepResult) -> None:
        if progress is not None:
            progress.event(kind, res)
        _event(kind, res)

    return Hooks(show=show, approve=approve, on_event=on_event)


def _quiet_hooks(auto_approve: bool) -> Hooks:
    """For --format json: nothing on stdout but the document; a confirmation is asked on stderr."""
    from reconcile.apply.run import Hooks

    def approve(plan: Plan) -> None:
        if auto_approve:
            return
        if not sys.stdin.isatty():
            raise ReconcileError("refusing to apply without confirmation: stdin is not a terminal (use --auto-approve)")
        if not click.confirm("Apply these changes?", default=False, err=True):
            raise ReconcileError("apply cancelled; nothing was changed")

    return Hooks(approve=approve)


def _event(kind: str, res: StepResult) -> None:
    level = verbosity()
    if kind == "done" and level >= 0:
        click.echo(f"  changed  {res.step.description} ({res.seconds:.2f}s)")
        if level > 0:
            click.echo(f"           {res.step.sql}")
            for notice in res.notices:
                click.echo(f"           {notice}")
    elif kind == "failed":
        click.echo(painter(sys.stderr.isatty())("-", f"  FAILED   {res.step.description}: {res.error}"), err=True)
    elif kind == "retry" and level >= 0:
        click.echo(f"  waiting  {res.step.description}: {res.error}", err=True)


def _report(run: Run) -> None:
    """Recap, evidence and rollback-log lines, then the failure (with its exit code) if any."""
    from reconcile.apply.executor import Outcome

    result = run.result
    if result is not None and result.outcome == Outcome.ALREADY_APPLIED:
        click.echo("Already applied: the database matches the plan's target. Nothing to do.")
    elif result is not None and result.outcome == Outcome.NO_CHANGES:
        click.echo("No changes. The database matches the spec.")
    elif result is not None:
        counts = result.recap()
        click.echo(
            f"\nRECAP  ok={counts['ok']}  changed={counts['changed']}  failed={counts['failed']}  "
            f"skipped={counts['skipped']}  elapsed={result.seconds:.2f}s  outcome={result.outcome}"
        )
        if result.outcome == Outcome.APPLIED:
            click.echo("Verified: the database now matches the spec.")
    if run.warning:
        click.echo(f"Warning: {run.warning}", err=True)
    if run.rollback_log is not None:
        click.echo(f"Rollback log: {run.rollback_log}")
    if run.evidence is not None:
        click.echo(f"Evidence: {run.evidence}")
    run.raise_for_failure()
