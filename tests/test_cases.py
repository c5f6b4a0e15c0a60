"""Scenario cases: every folder under tests/cases/ is one plan-and-apply scenario.

Adding a case is adding files (tests/cases/README.md lists them and the case.yaml settings).
reconcile is driven only through its command line and the database only through psycopg, so
the cases do not depend on how the package is laid out inside.

Regenerate the expected files after an intended change with RECONCILE_UPDATE_GOLDEN=1 and
review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from .helpers import cli, scalar

CASES = Path(__file__).parent / "cases"
UPDATE = bool(os.environ.get("RECONCILE_UPDATE_GOLDEN"))
NO_CHANGES = "\nNo changes. The database matches the spec.\n"

# what a stage folder may hold; anything else is a typo
FILES = {"case.yaml", "before.sql", "spec", "plan.txt", "plan.sql", "check.sql", "check.txt", "then", "reconcile.yaml"}
FILES |= {f"plan.pg{major}.{ext}" for major in (14, 15) for ext in ("txt", "sql")}  # older servers' renderings


def for_server(folder: Path, name: str, url: str) -> Path:
    """`plan.pg15.txt` instead of `plan.txt` on PostgreSQL 15, when the folder has one (views render
    differently before 16); `plan.txt` otherwise."""
    major = int(str(scalar(url, "SELECT current_setting('server_version_num')"))) // 10000
    stem, ext = name.rsplit(".", 1)
    variant = folder / f"{stem}.pg{major}.{ext}"
    return variant if variant.exists() else folder / name


SETTINGS = {"apply_args", "expect_apply_exit", "expect_plan_exit", "restore_archived", "hazards", "xfail", "pg"}

# values that differ on every run: an archive's run stamp (a UTC time, 14 digits) and the
# dollar-quote tag derived from it
RUN_VALUES = [
    (re.compile(r"(?<![0-9A-Za-z])\d{14}(?![0-9A-Za-z])"), "<run>"),
    (re.compile(r"\$reconcile_[0-9a-f]{10}"), "$reconcile_<run>"),
]


@dataclass(frozen=True)
class Stage:
    folder: Path
    apply_args: tuple[str, ...] = ()
    expect_apply_exit: int = 0
    restore_archived: bool = False
    hazards: tuple[str, ...] | None = None
    xfail: str | None = None
    expect_plan_exit: int = 0
    pg: str = ""  # "18": PostgreSQL 18 or newer; "<18": older than 18; "": any

    def runs_on(self, major: int) -> bool:
        if not self.pg:
            return True
        if self.pg.startswith("<"):
            return major < int(self.pg[1:])
        return major >= int(self.pg)

    @classmethod
    def load(cls, folder: Path) -> Stage:
        unknown = {p.name for p in folder.iterdir()} - FILES
        assert not unknown, f"{folder}: unknown file(s) {sorted(unknown)}; see tests/cases/README.md"
        assert (folder / "spec").is_dir(), f"{folder}: no spec/ directory"
        path = folder / "case.yaml"
        settings: dict[str, Any] = (yaml.safe_load(path.read_text()) or {}) if path.exists() else {}
        bad = set(settings) - SETTINGS
        assert not bad, f"{path}: unknown setting(s) {sorted(bad)}; see tests/cases/README.md"
        hazards = settings.get("hazards")
        return cls(
            folder,
            apply_args=tuple(str(a) for a in settings.get("apply_args", ())),
            expect_apply_exit=int(settings.get("expect_apply_exit", 0)),
            restore_archived=bool(settings.get("restore_archived", False)),
            hazards=tuple(hazards) if hazards is not None else None,
            xfail=settings.get("xfail"),
            expect_plan_exit=int(settings.get("expect_plan_exit", 0)),
            pg=str(settings.get("pg", "")),
        )

    def stages(self) -> Iterator[Stage]:
        """This stage, then its `then/` stage (run on the database this one leaves), and so on."""
        stage: Stage | None = self
        while stage is not None:
            yield stage
            follow = stage.folder / "then"
            stage = Stage.load(follow) if follow.is_dir() else None


def _cases() -> list[Any]:
    params = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        stage = Stage.load(folder)
        marks = [pytest.mark.xfail(reason=stage.xfail, strict=True)] if stage.xfail else []
        params.append(pytest.param(stage, id=folder.name, marks=marks))
    return params


def mask(text: str) -> str:
    for pattern, stand_in in RUN_VALUES:
        text = pattern.sub(stand_in, text)
    return text


def body(output: str) -> str:
    """The plan text without its first line (target URL and database name vary per test)."""
    return output.split("\n", 1)[1]


class Findings:
    """Every way a case differs from its folder, gathered so that one run shows them all."""

    def __init__(self, update: bool) -> None:
        self.update = update
        self.problems: list[str] = []

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)

    def expect(self, path: Path, text: str) -> None:
        """`text` must equal the file's; regenerating writes it instead."""
        if self.update:
            path.write_text(text)
        name = path.relative_to(CASES)
        if not path.exists():
            self.problems.append(f"{name} is missing; create it with RECONCILE_UPDATE_GOLDEN=1 and review it")
            return
        want = path.read_text()
        if text != want:
            diff = difflib.unified_diff(want.splitlines(), text.splitlines(), f"{name}", "reconcile", lineterm="")
            self.problems.append(f"{name} differs (RECONCILE_UPDATE_GOLDEN=1 if intended):\n" + "\n".join(diff))


def run_sql(url: str, path: Path) -> None:
    text = path.read_text() if path.exists() else ""
    if text.strip():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(text)  # type: ignore[call-overload]


def query_text(url: str, path: Path) -> str:
    """The rows check.sql's statements return, one line each, values joined by ' | ' (NULL for null).

    The statements run in one transaction that is rolled back: a check never changes the database.
    """
    lines = []
    with psycopg.connect(url) as conn:
        cur = conn.execute(path.read_text())  # type: ignore[call-overload]
        while True:
            if cur.description is not None:
                lines += [" | ".join("NULL" if v is None else str(v) for v in row) for row in cur.fetchall()]
            if not cur.nextset():
                break
        conn.rollback()
    return "".join(line + "\n" for line in lines)


def hazard_codes(plan_json: str) -> list[str]:
    plan = json.loads(plan_json)
    return sorted({h["code"] for g in plan["groups"] for s in g["steps"] for h in s["hazards"]})


def run_stage(stage: Stage, url: str, found: Findings) -> None:
    folder = stage.folder
    run_sql(url, folder / "before.sql")
    args = ["--spec", str(folder / "spec"), "--database-url", url]
    args += ["--restore-archived"] if stage.restore_archived else []

    if stage.expect_plan_exit:  # refused at plan time: plan.txt holds what plan says, nothing is applied
        result = cli("plan", *args, "--format", "text")
        found.check(result.exit_code == stage.expect_plan_exit, f"plan exited {result.exit_code}:\n{result.output}")
        found.expect(for_server(folder, "plan.txt", url), mask(result.output).replace(str(folder), "<case>"))
        return

    def plan(fmt: str) -> str:
        result = cli("plan", *args, "--format", fmt)
        assert result.exit_code == 0, result.output
        return mask(result.output)

    found.expect(for_server(folder, "plan.txt", url), body(plan("text")))
    planned_sql = plan("sql")
    found.expect(for_server(folder, "plan.sql", url), planned_sql)
    if stage.hazards is not None:
        hazards = hazard_codes(plan("json"))
        found.check(hazards == sorted(set(stage.hazards)), f"{folder.name}: the plan's hazards are {hazards}")

    result = cli("apply", *args, "--auto-approve", *stage.apply_args)
    exit_ok = result.exit_code == stage.expect_apply_exit
    found.check(exit_ok, f"apply exited {result.exit_code}, not {stage.expect_apply_exit}:\n{result.output}")
    if exit_ok and stage.expect_apply_exit == 0:
        found.check(body(plan("text")) == NO_CHANGES, "a second plan is not empty: apply did not converge")
    elif exit_ok:  # refused: the database is as it was (same live fingerprint, same plan)
        found.check(plan("sql") == planned_sql, "a refused apply changed the database")
    if (folder / "check.sql").exists():
        found.expect(folder / "check.txt", mask(query_text(url, folder / "check.sql")))


@pytest.mark.parametrize("case", _cases())
def test_case(case: Stage, make_db: Callable[[], str]) -> None:
    url = make_db()
    major = int(str(scalar(url, "SELECT current_setting('server_version_num')"))) // 10000
    if not case.runs_on(major):
        pytest.skip(f"case.yaml: pg: {case.pg}; the server is PostgreSQL {major}")
    # a known bug's expected files say what is right: regenerating must not overwrite them
    found = Findings(update=UPDATE and not case.xfail)
    for stage in case.stages():
        run_stage(stage, url, found)
    assert not found.problems, "\n\n".join(found.problems)
