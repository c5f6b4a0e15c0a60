"""Golden cases: the plan's text and SQL for the runbook's states, byte for byte.

They run on a frozen copy of the first, three-table spec (tests/specs/legacy_0003) and the 0002
database it was written for (tests/sql/0002.sql), so their expected output does not move when
desired/ does. Regenerate after an intended change with RECONCILE_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run_sql_file
from .helpers import cli

GOLDEN = Path(__file__).parent / "golden"
LEGACY_0003 = Path(__file__).parent / "specs" / "legacy_0003"


@pytest.fixture
def db_legacy_0002(db_url: str) -> str:
    """The three-table 0002 database the legacy spec was written for, with rows."""
    run_sql_file(db_url, "0002.sql", "seed_rows.sql")
    return db_url


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RECONCILE_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; rerun with RECONCILE_UPDATE_GOLDEN=1 if intended"


def body(output: str) -> str:
    """The plan without its first line (target URL and database name vary per test)."""
    return output.split("\n", 1)[1]


@pytest.mark.parametrize("fmt", ["text", "sql"])
def test_0002_to_0003(db_legacy_0002, fmt):
    result = cli("plan", "--spec", LEGACY_0003, "--database-url", db_legacy_0002, "--format", fmt)
    assert result.exit_code == 0
    check(f"0002_to_0003.{fmt}", body(result.output) if fmt == "text" else result.output)


@pytest.mark.parametrize("fmt", ["text", "sql"])
def test_empty_to_0003(db_url, fmt):
    result = cli("plan", "--spec", LEGACY_0003, "--database-url", db_url, "--format", fmt)
    assert result.exit_code == 0
    check(f"empty_to_0003.{fmt}", body(result.output) if fmt == "text" else result.output)
