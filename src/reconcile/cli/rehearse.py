"""`reconcile rehearse`: apply a plan to a throwaway copy of the target under load, time it, roll it back."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from reconcile.errors import ReconcileError

from .apply import _duration_ms, read_plan_file
from .options import _kinds, database_url, load, spec_path


def _percent(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """`1%`, `0.5%` or a bare `0.5` (a percentage too): more than 0, at most 100."""
    if value is None:
        return None
    text = value.strip().removesuffix("%").strip()
    try:
        percent = float(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a percentage (e.g. 1% or 0.5)") from None
    if not 0 < percent <= 100:
        raise click.BadParameter(f"{value!r} is not between 0% (excluded) and 100%")
    return percent


@click.command()
@click.argument("plan_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@spec_path
@database_url
@click.option("--dev-url", metavar="URL", help="Server for the throwaway copy (default: the embedded server).")
@click.option("--rows", default=1000, show_default=True, type=click.IntRange(min=1), help="Rows per table in the copy.")
@click.option(
    "--sample",
    "sample_percent",
    callback=_percent,
    metavar="PERCENT",
    help="Copy this share of each table's rows (e.g. 1% or 0.5, a percentage) instead of --rows.",
)
@click.option(
    "--synthetic",
    is_flag=True,
    help="Make rows up from the target's statistics (reltuples, pg_stats) instead of reading them.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, path_type=str),
    help="Spec to roll the copy back to. Default: the target's schema as it is now.",
)
@click.option(
    "--allow-drop", "allow_drop", callback=_kinds, metavar="KINDS", help="Drops the plan may make (as for apply)."
)
@click.option("--max-lock-ms", type=click.IntRange(min=0), help="Exit 3 if a step would stall writers longer.")
@click.option(
    "--max-total", callback=_duration_ms, help="Exit 3 if the plan would take longer on the target (e.g. 5min)."
)
@click.option(
    "--read-timeout",
    callback=_duration_ms,
    default="30s",
    show_default=True,
    help="statement_timeout of reads from the target.",
)
@click.option(
    "--reader-ms",
    default=300,
    show_default=True,
    type=click.IntRange(min=0),
    help="How long each report query of the simulated reader holds its lock.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Markdown report file. Default: EVIDENCE_DIR/rehearsals/rehearsal-<UTC time>.md.",
)
@click.option(
    "--evidence-dir",
    default="audit",
    show_default=True,
    envvar="RECONCILE_EVIDENCE_DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the default report goes.",
)
def rehearse(
    plan_file: Path | None,
    spec: str,
    database_url: str | None,
    dev_url: str | None,
    rows: int,
    sample_percent: float | None,
    synthetic: bool,
    previous: str | None,
    allow_drop: frozenset[str],
    max_lock_ms: int | None,
    max_total: int | None,
    read_timeout: int,
    reader_ms: int,
    fmt: str,
    report: Path | None,
    evidence_dir: Path,
) -> None:
    """Rehearse a change on a throwaway copy of the target; the target is only read.

    Copies the managed tables' schema and --rows rows per table (or --sample PERCENT of each
    table's rows, or rows made up from statistics with --synthetic) to a scratch database,
    applies the plan there while a writer inserts and a reader scans, reports each step's lock,
    duration and writer stall with an estimate for the target's size, then rolls the copy back to
    the previous spec.

    Exit 0 when it converged both ways, 1 when a step failed, 3 when over a budget.
    """
    from reconcile.connect.target import resolve_url
    from reconcile.plan.model import Plan
    from reconcile.rehearse.report import as_json, markdown, text
    from reconcile.rehearse.run import Change, Settings
    from reconcile.rehearse.run import rehearse as run

    ctx = click.get_current_context()
    if sample_percent is not None and ctx.get_parameter_source("rows") is not click.core.ParameterSource.DEFAULT:
        raise ReconcileError("--sample and --rows are mutually exclusive: give one")
    if sample_percent is not None and synthetic:
        raise ReconcileError("--sample reads rows and --synthetic reads none: give one")
    plan = Plan.from_json(read_plan_file(plan_file), source=str(plan_file)) if plan_file else None
    change = Change(
        spec=None if plan else load(spec, None),
        plan=plan,
        previous=load(previous, None) if previous else None,
    )
    settings = Settings(
        target_url=resolve_url(database_url),
        dev_url=dev_url,
        rows=rows,
        sample_percent=sample_percent,
        synthetic=synthetic,
        read_timeout_ms=read_timeout,
        reader_seconds=reader_ms / 1000,
        allow_drop=allow_drop,
        max_lock_ms=max_lock_ms,
        max_total_s=None if max_total is None else max_total / 1000,
    )
    result = run(change, settings)
    click.echo(as_json(result) if fmt == "json" else text(result), nl=False)
    path = report or evidence_dir / "rehearsals" / f"rehearsal-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown(result), encoding="utf-8")
    except OSError as exc:
        raise ReconcileError(f"cannot write the report: {exc.strerror or exc}", location=str(path)) from None
    click.echo(f"Report: {path}", err=True)
    sys.exit(result.exit_code)
