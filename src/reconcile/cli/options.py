"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from reconcile.spec.model import Spec

F = TypeVar("F", bound=Callable[..., Any])


def database_url(f: F) -> F:
    return click.option(
        "--database-url",
        metavar="URL",
        help="Target database. Default: $DATABASE_URL, else the embedded server.",
    )(f)


def spec_path(f: F) -> F:
    return click.option(
        "--spec",
        "spec",
        default="desired",
        show_default=True,
        type=click.Path(path_type=str),
        help="Spec set: a directory of *.yaml table files (or one file).",
    )(f)


def spec_rev(f: F) -> F:
    return click.option(
        "--spec-rev",
        metavar="GIT_REV",
        help="Read the spec set as of this git revision (e.g. HEAD~1) without touching the working tree.",
    )(f)


def restore_archived(f: F) -> F:
    return click.option(
        "--restore-archived",
        is_flag=True,
        help="When a column comes back, fill it from the newest archive of its dropped values (by primary key).",
    )(f)


def load(spec: str, rev: str | None) -> Spec:
    from reconcile.spec.load import load_spec, load_spec_rev

    return load_spec_rev(spec, rev) if rev else load_spec(spec)


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
