"""`reconcile verify`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .fleet_commands import verify_fleet
from .fleet_options import fleet_options
from .options import database_url, dev_url, lock_wait, spec_path

if TYPE_CHECKING:
    from reconcile.verify.live import Verification


@click.command()
@fleet_options(verify_fleet)
@spec_path
@dev_url
@database_url
@lock_wait
@click.option(
    "--evidence-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Append the result to DIR/alignment_log.md.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def verify(spec: str, database_url: str | None, lock_wait: float, evidence_dir: Path | None, fmt: str) -> None:
    """Check the live database against the spec, plus the runbook's constraint checks.

    Every index and constraint the spec declares must exist, be valid (indisvalid /
    convalidated) and have the declared definition. Read-only.
    Exit 0 when converged, 2 when anything differs (listed).
    """
    from reconcile.connect.failures import doing
    from reconcile.connect.redact import redact_url
    from reconcile.connect.session import read_session
    from reconcile.connect.target import resolve_url
    from reconcile.plan.planner import desired_catalog, read_live
    from reconcile.verify.live import verify as run_verify

    from .options import load

    loaded = load(spec)
    url = resolve_url(database_url, fallback=False, command="verify")
    with read_session(url, lock_wait) as conn:
        with doing("reading the catalog"):
            live, snapshot = read_live(conn, loaded)
        with doing("normalizing the spec in the dev database"):
            desired = desired_catalog(conn, loaded, snapshot)
        with doing("running the constraint checks"):
            result = run_verify(conn, live, desired)
    failed = [c for c in result.checks if not c.ok]
    if result.converged:
        outcome = f"converged; {len(result.checks)} constraint check(s) ok"
    else:
        outcome = f"differs: {len(result.changes)} difference(s), {len(failed)} failed check(s)"
    log = None
    if evidence_dir is not None:
        from reconcile.evidence.run_folder import log_unchanged

        fp = live.fingerprint()
        log = log_unchanged(
            evidence_dir, command="verify", release=loaded.release, url=url, outcome=outcome, fingerprint=fp
        )
    if fmt == "json":
        from reconcile.verify.result_json import verification_json

        click.echo(verification_json(result, redact_url(url), loaded.release, log), nl=False)
    else:
        _text(result, redact_url(url), loaded.release, log)
    if not result.converged:
        sys.exit(2)


def _text(result: Verification, target: str, release: str, log: Path | None) -> None:
    from reconcile.plan.render import change_detail

    click.echo(f"Target: {target}; release {release}")
    if result.changes:
        click.echo(f"\n{len(result.changes)} difference(s) from the spec:")
        for ch in result.changes:
            detail = change_detail(ch)
            click.echo(f"  {ch.marker} {ch.kind} {ch.address}" + (f"  {detail}" if detail else ""))
    click.echo("\nConstraint checks:")
    for check in result.checks:
        click.echo(f"  {'ok  ' if check.ok else 'FAIL'}  {check.kind} {check.address}: {check.detail}")
    failed = [c for c in result.checks if not c.ok]
    if result.converged:
        click.echo("\nConverged: the database matches the spec.")
    else:
        click.echo(f"\nDiffers: {len(result.changes)} difference(s), {len(failed)} failed constraint check(s).")
    if log is not None:
        click.echo(f"Logged to {log}")
