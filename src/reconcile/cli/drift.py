"""`reconcile drift`: is the live database still what the spec says? For cron."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .fleet_commands import drift_fleet
from .fleet_options import fleet_options
from .options import database_url, dev_url, format_option, lock_wait, spec_path


class _DriftCommand(click.Command):
    """Exit 2 means drift, so a usage error (click's default exit 2) must exit 1 here."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            setattr(exc, "exit_code", 1)  # noqa: B010 - instance override of a ClassVar
            raise


@click.command(cls=_DriftCommand)
@fleet_options(drift_fleet)
@spec_path
@dev_url
@database_url
@lock_wait
@format_option("How to print the report on stdout.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report as JSON to this file.",
)
@click.option(
    "--evidence-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write DIR/drift/latest.json (plus a timestamped copy when the report changed) "
    "and append a row to DIR/alignment_log.md.",
)
def drift(
    spec: str, database_url: str | None, lock_wait: float, fmt: str, output: Path | None, evidence_dir: Path | None
) -> None:
    """Compare the live database with the spec, read-only, and report drift.

    Reports spec differences (missing, changed), objects on managed tables the spec does not
    manage (unmanaged), and INVALID indexes (invalid), each with the SQL that would fix it.
    While an apply holds the lock it reports "apply in progress" and exits 0.

    \b
    Exit codes: 0 in sync (or apply in progress), 2 drift, 1 error (unreachable, bad spec).
    """
    from reconcile.connect.redact import redact_url
    from reconcile.connect.session import read_session
    from reconcile.connect.target import resolve_url
    from reconcile.errors import ReconcileError
    from reconcile.evidence.alignment import append_alignment
    from reconcile.verify.drift import check_drift, record_drift, report_text, write_report

    from . import fail
    from .options import load

    url: str | None = None
    release = "-"
    try:
        loaded = load(spec)
        release = loaded.release
        url = resolve_url(database_url, fallback=False, command="drift")
        with read_session(url, lock_wait) as conn:
            report = check_drift(conn, loaded, url)
    except ReconcileError as exc:
        if evidence_dir:
            target = redact_url(url) if url else "-"
            outcome = f"error: {exc}"
            append_alignment(
                evidence_dir, command="drift", target=target, release=release, before="", after="", outcome=outcome
            )
        fail(str(exc), 1, fmt == "json")  # exit 1 whatever the error: 2 means drift and only drift
    click.echo(report.to_json() if fmt == "json" else report_text(report), nl=False)
    if output:
        write_report(output, report)
    if evidence_dir:
        record_drift(evidence_dir, report)
    sys.exit(report.exit_code)
