"""`reconcile` command line. Commands load lazily so `--help` stays fast."""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from ..errors import ReconcileError

# A plan of a thousand tables allocates millions of long-lived objects (spec models, catalogs, memo
# entries): at the default threshold (700) the cyclic collector re-walks them all ever more often,
# a third of a warm plan's time. Objects are still freed by reference counting; cycles less often.
GC_THRESHOLD = 100_000
gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])

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
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
            command: click.Command = getattr(module, attr)
        except (ImportError, AttributeError, SyntaxError) as exc:  # a broken install: one line, no traceback
            raise click.ClickException(f"command {cmd_name!r} cannot be loaded ({type(exc).__name__}: {exc})") from None
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
        as_json = wants_json([*ctx._protected_args, *ctx.args])
        try:
            return super().invoke(ctx)
        except ReconcileError as exc:
            fail(str(exc), exc.exit_code, as_json)
        except click.exceptions.Exit:
            raise
        except click.ClickException as exc:
            if not as_json:
                raise
            fail(exc.format_message(), 1, as_json)  # exit 2 means drift: a usage error is 1, as in main()
        except Exception as exc:
            import psycopg  # a database failure no `doing(...)` named still gets one line, never a traceback

            if not isinstance(exc, psycopg.Error):
                raise
            from reconcile.connect.failures import describe

            fail(str(describe(exc, "talking to the database")), 1, as_json)
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            sys.exit(130)


def wants_json(args: list[str]) -> bool:
    """`--format json` among a command's arguments: its errors are then JSON on stdout too."""
    return any(
        a == "--format=json" or (a == "--format" and i + 1 < len(args) and args[i + 1] == "json")
        for i, a in enumerate(args)
    )


def fail(message: str, exit_code: int, as_json: bool) -> None:
    """The one-line error on stderr; in JSON mode also an error object on stdout. The exit code is kept."""
    if as_json:
        import json

        click.echo(json.dumps({"outcome": "error", "error": message, "exit_code": exit_code}))
    click.echo(f"Error: {message}", err=True)
    sys.exit(exit_code)


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

    The database is --database-url, else $DATABASE_URL, else libpq's PG* settings
    (PGHOST, PGSERVICE, ...), else an embedded PostgreSQL kept in .reconcile/pgdata
    (see `reconcile db`).

    \b
    Exit codes: 0 ok/no changes, 1 error, 2 changes or drift present,
    3 refused by safety policy (hazard not allowed, stale plan, lock busy).
    """
