"""`reconcile validate` (no database) and the pre-commit hook that offers it, run through the real `pre-commit`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.spec.validate import expression_problem

from .helpers import DESIRED, REPO, write_spec

GOOD = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: price, type: "numeric(10,2)", default: "0"}
    checks:
      - {name: items_price_ok, expression: "price >= 0 AND note <> 'a;b'"}
"""
BAD_EXPRESSION = GOOD.replace('"price >= 0 AND', '"(price >= 0 AND')


def _validate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # no database anywhere: an unreachable DATABASE_URL and no embedded server would be used
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "reconcile", "validate", *args], capture_output=True, text=True, env=env, check=False
    )


def test_the_repository_specs_are_valid():
    result = _validate(str(DESIRED), str(REPO / "releases" / "0002"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok  ") == 2


def test_errors_name_the_file_and_line(tmp_path):
    spec = write_spec(tmp_path / "desired", items=BAD_EXPRESSION)
    result = _validate(str(spec / "items.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {spec / 'items.yaml'}:6: checks.0.expression: an expression leaves a parenthesis open: "
        "\"(price >= 0 AND note <> 'a;b'\""
    )
    assert "Traceback" not in result.stderr
    typo = write_spec(tmp_path / "typo", items=GOOD.replace("checks:", "chekcs:"))
    result = _validate(str(typo))
    assert result.returncode == 1 and f"{typo / 'items.yaml'}:5: chekcs: unknown key" in result.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("price > 0", None),
        ("lower(name) = 'it''s (x'", None),
        ('"odd)name" > 0', None),
        ("(price > 0", "unbalanced '('"),
        ("price > 0)", "unbalanced ')'"),
        ("name = 'x", "unclosed '"),
        ("true); DROP TABLE items; --", "unbalanced ')'"),
        ("true; DROP TABLE items", "';' outside quotes (one expression only)"),
    ],
)
def test_expression_problems(text, problem):
    assert expression_problem(text) == problem


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_try_repo_runs_the_hook(tmp_path):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git not installed")
    project = tmp_path / "project"
    write_spec(project / "a" / "desired", items=GOOD)
    write_spec(project / "b" / "desired", items=GOOD + "    bogus: 1\n")
    write_spec(project / "elsewhere", items=GOOD + "    bogus: 1\n")  # not under desired/: not the hook's files
    _git(project, "init", "-q")
    _git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    # one run (installing the hook's environment is the slow part): a valid and an invalid spec set
    result = subprocess.run(
        [pre_commit, "try-repo", str(REPO), "reconcile-validate", "--all-files"],
        cwd=project, capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    out = result.stdout + result.stderr
    if result.returncode != 0 and "CalledProcessError" in out:  # installing the hook's environment failed
        pytest.skip(f"pre-commit could not install the hook (offline?): {out[-300:]}")
    assert result.returncode == 1, out
    assert "reconcile validate" in out and "Failed" in out
    assert "ok  a/desired: 1 table(s)" in out
    assert "Error: b/desired/items.yaml:7: bogus: unknown key 'bogus'" in out
    assert "elsewhere" not in out and "Traceback" not in out
