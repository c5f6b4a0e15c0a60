"""Shared test helpers: run the CLI, write spec files, open connections."""

from __future__ import annotations

import textwrap
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result

from reconcile.cli import main

REPO = Path(__file__).resolve().parent.parent
DESIRED = REPO / "desired"
RELEASE_0002 = REPO / "releases" / "0002"


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def write_spec(directory: Path, **files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (directory / f"{name}.yaml").write_text(textwrap.dedent(body).lstrip())
    return directory


def scalar(url: str, query: str) -> object:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[call-overload]
        return row[0] if row else None
