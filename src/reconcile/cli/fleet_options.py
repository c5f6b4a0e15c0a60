"""`--targets` and friends, declared once for plan, apply, drift and verify; printing a fleet run.

`@fleet_options(run=HANDLER)` goes right under `@click.command()`: without --targets the command runs
as before; with it, HANDLER (cli/fleet_commands.py) gets the fleet options and the command's own.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reconcile.errors import ReconcileError

from .options import F

if TYPE_CHECKING:
    from reconcile.fleet.runner import Action


@dataclass(frozen=True)
class FleetArgs:
    targets: Path
    limit: tuple[str, ...]
    parallel: int
    canary: int
    max_failures: int | None


_NAMES = ("targets", "limit", "parallel", "canary", "max_failures")


def _limits(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


def fleet_options(run: Callable[..., None]) -> Any:
    """Add the fleet options; with --targets call `run(fleet, **the command's options)` instead of the command.

    The fleet's recap follows the command's own `--format` (text or json).
    """

    def decorate(f: F) -> F:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in _NAMES}
            if values["targets"] is None:
                if values["limit"] or values["canary"] or values["max_failures"]:
                    raise click.UsageError("--limit, --canary and --max-failures need --targets")
                return f(*args, **kwargs)
            return run(FleetArgs(**values), **kwargs)

        options = [
            click.option(
                "--targets",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Run against every database of this targets file (see README, Many databases).",
            ),
            click.option(
                "--limit",
                multiple=True,
                callback=_limits,
                metavar="GROUP_OR_NAME",
                help="With --targets: only these groups or targets (repeat, or separate with commas).",
            ),
            click.option(
                "--parallel",
                default=1,
                show_default=True,
                type=click.IntRange(min=1),
                metavar="N",
                help="With --targets: this many targets at a time (and never more connections).",
            ),
            click.option(
                "--canary",
                default=0,
                type=click.IntRange(min=0),
                metavar="N",
                help="With --targets: run the first N targets alone first; stop if any of them fails.",
            ),
            click.option(
                "--max-failures",
                type=click.IntRange(min=1),
                metavar="N",
                help="With --targets: start no more targets once N have failed or been refused.",
            ),
        ]
        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


def run_fleet_command(command: str, fleet: FleetArgs, fmt: str, action: Action, database_url: str | None) -> None:
    """Load the targets, run `action` on each selected one, print the recap, exit with the worst code."""
    from reconcile.fleet.report import fleet_json, fleet_text
    from reconcile.fleet.runner import FleetOptions, run_fleet
    from reconcile.fleet.targets import load_targets

    if database_url:
        raise ReconcileError("--database-url and --targets exclude each other")
    if fmt not in ("text", "json"):
        raise ReconcileError(f"--format {fmt} is not available with --targets (use text or json)")
    selected = load_targets(fleet.targets).select(fleet.limit)
    if not selected:
        raise ReconcileError(f"no targets selected from {fleet.targets}")
    result = run_fleet(command, selected, action, FleetOptions(fleet.parallel, fleet.canary, fleet.max_failures))
    click.echo(fleet_json(result) if fmt == "json" else fleet_text(result), nl=False)
    sys.exit(result.exit_code)
