"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

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
