"""Running the README's commands leaves `git status` clean: what they write is ignored, never tracked."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .helpers import REPO

# what `reconcile apply` / `verify` / `drift` / `rollback` / `plan --out` write with their defaults
WRITTEN = ["audit/alignment_log.md", "audit/rollback_log.md", "audit/runs/20260101T000000Z/EVIDENCE.md",
           "plans/p.json", ".reconcile/pgdata/PG_VERSION", "src/reconcile.egg-info/PKG-INFO"]  # fmt: skip


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False)


@pytest.fixture(autouse=True)
def _a_checkout() -> None:
    if shutil.which("git") is None or _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")


@pytest.mark.parametrize("path", WRITTEN)
def test_what_the_commands_write_is_ignored_and_untracked(path):
    assert _git("check-ignore", "-q", "--no-index", path).returncode == 0, f"{path} is not ignored"
    assert _git("ls-files", "--error-unmatch", path).returncode != 0, f"{path} is tracked"
