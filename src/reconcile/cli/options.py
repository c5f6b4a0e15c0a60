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
        help="Target database. Default: $DATABASE_URL, else libpq's PG* environment (PGHOST, PGSERVICE, ...), "
        "else the embedded server (plan and apply only).",
    )(f)


def lock_wait(f: F) -> F:
    return click.option(
        "--lock-wait",
        default=10.0,
        show_default=True,
        type=float,
        metavar="SECONDS",
        callback=_lock_wait,
        help="Give up (exit 1, naming the blocking pid) when a table lock is not granted within SECONDS.",
    )(f)


def _lock_wait(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value * 1000 < 1:  # PostgreSQL's lock_timeout 0 waits forever
        raise click.BadParameter(f"{value:g} is under 1ms, which would wait forever")
    return value


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


def painter(stream_isatty: bool) -> Callable[[str, str], str]:
    """Colour plan lines by their marker on a terminal; plain text elsewhere."""

    def paint(marker: str, text: str) -> str:
        return click.style(text, fg=COLORS.get(marker)) if stream_isatty else text

    return paint
