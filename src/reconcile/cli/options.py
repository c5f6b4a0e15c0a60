"""Options shared by several commands."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from reconcile.spec.model import Spec

F = TypeVar("F", bound=Callable[..., Any])


# option sets declared once, applied as decorators by the commands that take them
database_url = click.option(
    "--database-url",
    metavar="URL",
    help="Target database. Default: $DATABASE_URL, else libpq's PG* environment (PGHOST, PGSERVICE, ...), "
    "else the embedded server (plan and apply only).",
)


_DEV_URL = "reconcile.dev_url"


def _dev_url(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta[_DEV_URL] = value  # this command's only: `load` puts it on the spec


def given_dev_url() -> str | None:
    """The running command's --dev-url, or None."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_DEV_URL) if ctx else None


dev_url = click.option(
    "--dev-url",
    metavar="URL",
    expose_value=False,
    callback=_dev_url,  # normalize/dev.py reads $RECONCILE_DEV_URL itself, for library callers too
    help="Server the spec is normalized on (in a database `reconcile_dev` it creates there; never the target). "
    "Default: $RECONCILE_DEV_URL, else the embedded server. Use a server of the target's major version.",
)


def _project(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from reconcile.spec.project_file import project_file

    ctx.with_resource(project_file(value))  # read by load_spec for this command only


project = click.option(
    "--project",
    metavar="FILE",
    expose_value=False,
    callback=_project,
    type=click.Path(exists=True, dir_okay=False),
    help="Project file with include/ignore rules. Default: reconcile.yaml beside the spec directory.",
)
_spec_option = click.option(
    "--spec",
    "spec",
    default="desired",
    show_default=True,
    type=click.Path(path_type=str),
    help="Spec set: a directory of *.yaml table files (or one file).",
)


class Seconds(click.ParamType):
    """A finite, non-negative number of seconds: nan, inf and negatives are usage errors, not waits."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds < 0:
            self.fail(f"{value!r} is not a finite, non-negative number of seconds", param, ctx)
        return seconds


def lock_wait(f: F) -> F:
    return click.option(
        "--lock-wait",
        default=10.0,
        show_default=True,
        type=Seconds(),
        metavar="SECONDS",
        callback=_lock_wait,
        help="Give up (exit 1, naming the blocking pid) when a table lock is not granted within SECONDS.",
    )(f)


def _lock_wait(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value * 1000 < 1:  # PostgreSQL's lock_timeout 0 waits forever
        raise click.BadParameter(f"{value:g} is under 1ms, which would wait forever")
    return value


def spec_path(f: F) -> F:
    """--spec, and --project with it: the rules decide what the spec manages."""
    return _spec_option(project(f))


spec_rev = click.option(
    "--spec-rev",
    metavar="GIT_REV",
    help="Read the spec set as of this git revision (e.g. HEAD~1) without touching the working tree.",
)
restore_archived = click.option(
    "--restore-archived",
    is_flag=True,
    help="When a column comes back, fill it from the newest archive of its dropped values (by primary key).",
)


def load(spec: str, rev: str | None = None) -> Spec:
    """The spec at `spec` (as of git revision `rev`), carrying the command's --dev-url."""
    from dataclasses import replace

    from reconcile.spec.load import load_spec, load_spec_rev

    return replace(load_spec_rev(spec, rev) if rev else load_spec(spec), dev_url=given_dev_url())


COLORS = {"+": "green", "-": "red", "~": "yellow", "-/+": "magenta"}


def verbosity() -> int:
    """-1 with the root -q/--quiet, 1 with -v/--verbose, 0 otherwise."""
    ctx = click.get_current_context(silent=True)
    params = ctx.find_root().params if ctx else {}
    return -1 if params.get("quiet") else (1 if params.get("verbose") else 0)


def color_enabled(stream_isatty: bool) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (no-color.org), TERM=dumb or `--no-color`."""
    import os

    ctx = click.get_current_context(silent=True)
    no_color_flag = bool(ctx and ctx.find_root().params.get("no_color"))
    return stream_isatty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb" and not no_color_flag


def painter(stream_isatty: bool) -> Callable[[str, str], str]:
    """Colour plan lines by their marker on a terminal; plain text elsewhere."""
    enabled = color_enabled(stream_isatty)

    def paint(marker: str, text: str) -> str:
        return click.style(text, fg=COLORS.get(marker)) if enabled else text

    return paint


def out_file(help: str, *, required: bool = True) -> Callable[[F], F]:
    """`--out FILE`, written by the command."""
    return click.option("--out", required=required, type=click.Path(dir_okay=False, path_type=Path), help=help)


def format_option(help: str) -> Callable[[F], F]:
    """`--format text|json` (passed as `fmt`)."""
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help=help
    )


DROP_KINDS = {
    "column", "index", "constraint", "table", "policy", "view", "materialized_view", "function", "procedure",
    "trigger", "extension", "sequence", "enum", "domain", "composite", "partition", "all",
}  # fmt: skip


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in (value or "").split(",") if k.strip())
    unknown = kinds - DROP_KINDS
    if unknown:
        raise click.BadParameter(f"unknown kind(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(DROP_KINDS))}")
    return kinds


allow_drop = click.option(
    "--allow-drop",
    "allow_drop",
    callback=_kinds,
    metavar="KINDS",
    help=(
        "Allow steps that drop these kinds: column,index,constraint,table,policy,view,materialized_view,"
        "function,procedure,trigger,extension,sequence,enum,domain,composite,partition (detach) (or all)."
        " Default: none."
    ),
)
