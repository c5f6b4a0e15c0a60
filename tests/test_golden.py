"""Golden cases: the plan's text and SQL for the runbook's states, byte for byte.

Regenerate after an intended change with RECONCILE_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import DESIRED, cli

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RECONCILE_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; rerun with RECONCILE_UPDATE_GOLDEN=1 if intended"


def body(output: str) -> str:
    """The plan without its first line (target URL and database name vary per test)."""
    return output.split("\n", 1)[1]


@pytest.mark.parametrize("fmt", ["text", "sql"])
def test_0002_to_0003(db_0002, fmt):
    result = cli("plan", "--spec", DESIRED, "--database-url", db_0002, "--format", fmt)
    assert result.exit_code == 0
    check(f"0002_to_0003.{fmt}", body(result.output) if fmt == "text" else result.output)


@pytest.mark.parametrize("fmt", ["text", "sql"])
def test_empty_to_0003(db_url, fmt):
    result = cli("plan", "--spec", DESIRED, "--database-url", db_url, "--format", fmt)
    assert result.exit_code == 0
    check(f"empty_to_0003.{fmt}", body(result.output) if fmt == "text" else result.output)
