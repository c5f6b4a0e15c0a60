"""`reconcile` command line. Commands load lazily so `--help` stays fast."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from ..errors import ReconcileError

# command name -> "module:attribute" under reconcile.cli
COMMANDS: dict[str, str] = {
    "plan": "plan:plan",
    "apply": "apply:apply",
    "rollback": "apply:rollback",
    "graph": "plan:graph",
    "db": "db:db",
    "archive": "archive:archive",
    "describe": "describe:describe",
    "drift": "drift:drift",
    "parity": "parity:parity",
    "verify": "verify:verify",
    "snapshot": "snapshot:snapshot",
    "diff": "snapshot:diff_cmd",
    "export": "export:export",
    "import": "import_:import_cmd",
    "rehearse": "rehearse:rehearse",
    "validate": "validate:validate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attr)
        return command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # exit 2 means "changes/drift present": a mistyped option must not look like drift
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(1)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        if isinstance(rv, int):  # ctx.exit(code) comes back as a return value without standalone mode
            sys.exit(rv)
        return rv

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReconcileError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            import psycopg  # a database failure no `doing(...)` named still gets one line, never a traceback

            if not isinstance(exc, psycopg.Error):
                raise
            from reconcile.connect.failures import describe

            click.echo(f"Error: {describe(exc, 'talking to the database')}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            sys.exit(130)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reconcile")
@click.option("--no-color", is_flag=True, help="No colour in output (also: NO_COLOR set, TERM=dumb, not a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="apply/rollback: no plan and no step lines; errors and the recap.")
@click.option("-v", "--verbose", is_flag=True, help="apply/rollback: each step's SQL and server notices too.")
def main(no_color: bool, quiet: bool, verbose: bool) -> None:
    """Keep PostgreSQL tables in the state a desired-state spec declares.

    \b
    Typical flow:
      reconcile plan                      # what would change (exit 2 with --detailed-exitcode)
      reconcile apply                     # plan, confirm, apply, verify
      reconcile plan --out plans/p.json   # save a plan for review
      reconcile apply plans/p.json        # apply exactly that plan (refused if stale)

    The database is --database-url, else $DATABASE_URL, else an embedded PostgreSQL
    kept in .reconcile/pgdata (see `reconcile db`).

    \b
    Exit codes: 0 ok/no changes, 1 error, 2 changes or drift present,
    3 refused by safety policy (hazard not allowed, stale plan, lock busy).
    """
