"""What `plan`, `apply`, `drift` and `verify` do with --targets: check the options, build the action, run it.

Each receives the command's own options by name (extra ones are ignored) and exits with the fleet's
worst exit code (see reconcile.fleet.runner.SEVERITY).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import click

from .fleet_options import FleetArgs, run_fleet_command
from .options import load


def plan_fleet(
    fleet: FleetArgs,
    *,
    spec: str,
    spec_rev: str | None,
    restore_archived: bool,
    database_url: str | None,
    out: Path | None,
    fmt: str,
    detailed_exitcode: bool,
    lock_wait: float,
    **_: Any,
) -> None:
    from reconcile.fleet.actions import plan_action

    if out:
        raise click.UsageError("--out saves one database's plan; it cannot be used with --targets")
    action = plan_action(
        load(spec, spec_rev),
        restore_archived=restore_archived,
        detailed_exitcode=detailed_exitcode,
        lock_wait=lock_wait,
    )
    run_fleet_command("plan", fleet, fmt, action, database_url)


def apply_fleet(
    fleet: FleetArgs,
    *,
    plan_file: Path | None,
    spec: str,
    spec_rev: str | None,
    fmt: str = "text",
    **options: Any,
) -> None:
    """`apply --targets`: the same run options as one apply (collected by RunSettings), once per target."""
    from reconcile.fleet.actions import apply_action

    from .apply import RunSettings

    settings = RunSettings(**{f.name: options[f.name] for f in fields(RunSettings)})
    if plan_file or not settings.auto_approve:
        raise click.UsageError("apply --targets plans each database itself and needs --auto-approve (no PLAN_FILE)")
    evidence = None if settings.no_evidence else settings.evidence_dir
    action = apply_action(
        load(spec, spec_rev), settings.apply_options(), evidence, restore_archived=settings.restore_archived
    )
    run_fleet_command("apply", fleet, fmt, action, settings.database_url)


def drift_fleet(
    fleet: FleetArgs,
    *,
    spec: str,
    database_url: str | None,
    fmt: str,
    output: Path | None,
    evidence_dir: Path | None,
    lock_wait: float,
    **_: Any,
) -> None:
    from reconcile.fleet.actions import drift_action

    if output:
        raise click.UsageError("--output writes one database's report; with --targets use --format json")
    run_fleet_command("drift", fleet, fmt, drift_action(load(spec, None), evidence_dir, lock_wait), database_url)


def verify_fleet(
    fleet: FleetArgs,
    *,
    spec: str,
    database_url: str | None,
    evidence_dir: Path | None,
    lock_wait: float,
    fmt: str = "text",
    **_: Any,
) -> None:
    from reconcile.fleet.actions import verify_action

    action = verify_action(load(spec, None), evidence_dir, lock_wait)
    run_fleet_command("verify", fleet, fmt, action, database_url)
