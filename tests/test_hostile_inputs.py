"""No traceback, ever, and nothing hangs (issue 15, item 6): hostile spec files are one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from . import test_parity
from .helpers import cli

GOOD = "table: t\ncolumns:\n  - {name: id, type: integer}\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _symlink_loop(d: Path) -> None:
    os.symlink(d / "loop.yaml", d / "loop.yaml")


def _dangling(d: Path) -> None:
    os.symlink(d / "nowhere", d / "gone.yaml")


def _directory(d: Path) -> None:
    (d / "x.yaml").mkdir()


def _dev_zero(d: Path) -> None:
    os.symlink("/dev/zero", d / "zero.yaml")


def _fifo(d: Path) -> None:
    os.mkfifo(d / "pipe.yaml")


def _recursive_alias(d: Path) -> None:
    (d / "r.yaml").write_text("table: r\ncolumns: &c\n  - *c\n")


def _alias_bomb(d: Path) -> None:
    (d / "bomb.yaml").write_text(BOMB)


def _big(d: Path) -> None:
    (d / "big.yaml").write_bytes(b"#" * (9 * 1024 * 1024))


CLASSES = {
    "symlink-loop": (_symlink_loop, "symlink loop"),
    "dangling-symlink": (_dangling, "cannot read"),
    "directory-named-yaml": (_directory, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "fifo": (_fifo, "not a regular file"),
    "recursive-alias": (_recursive_alias, "refers to itself"),
    "alias-bomb": (_alias_bomb, "alias bomb"),
    "too-big": (_big, "limit"),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_hostile_spec_file_is_a_one_line_error(tmp_path, db_url, name):
    make, says = CLASSES[name]
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "a_good.yaml").write_text(GOOD)
    make(spec)
    # a subprocess with a timeout: a regression that hangs (FIFO) fails the test instead of the suite
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile", "plan", "--spec", str(spec), "--database-url", db_url],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert says in proc.stderr and str(spec) in proc.stderr


def test_a_spec_with_a_harmless_alias_still_loads(tmp_path, db_url):
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "t.yaml").write_text("table: t\ncolumns:\n  - &id {name: id, type: integer}\n  - {name: b, type: text}\n")
    assert cli("plan", "--spec", spec, "--database-url", db_url).exit_code == 0


db_empty = test_parity.db_empty  # the fixture: a 0003 database with an empty usage_events


def test_a_csv_with_cr_only_line_ends_reads_like_lf(db_empty, tmp_path):
    rows = [test_parity.usage(3, input_tokens=40), test_parity.usage(4, input_tokens=2)]
    lf = test_parity.write_csv(tmp_path / "lf.csv", rows)
    cr = tmp_path / "cr.csv"
    cr.write_bytes(lf.read_bytes().replace(b"\n", b"\r"))
    results = []
    for export in (lf, cr):
        result, report = test_parity.parity(db_empty, tmp_path, "--csv", str(export), *test_parity.WINDOW)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert report is not None
        results.append(report["totals"]["csv"])
    assert results[0] == results[1] and results[0]["input_tokens"] == 42


@pytest.mark.parametrize("check", ["pg_catalog.pg_terminate_backend({pid}) IS NOT NULL", "id > 0 OR {pid} = 0"])
def test_plan_never_evaluates_a_check_calling_a_function_against_live_rows(db_url, tmp_path, check):
    """READ ONLY stops writes, not pg_terminate_backend or dblink_exec: a CHECK that calls anything but
    pure built-ins is left uncounted (VALIDATE finds out), a CHECK of columns and literals is counted."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (-1), (2)")
    bystander = psycopg.connect(db_url, autocommit=True)
    pid = bystander.info.backend_pid
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "t.yaml").write_text(
        "table: t\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n"
        f"checks: [{{name: c, expression: '{check.format(pid=pid)}'}}]\n"
    )
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 0, result.output
    with bystander:
        assert bystander.execute("SELECT 1").fetchone() == (1,)  # still connected
    assert ("CHECK_MAY_FAIL: 1 rows violate the check" in result.output) == ("OR" in check)


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("input_tokens", "1_000", "input_tokens '1_000' is not a number"),  # Python's Decimal reads it as 1000
        ("input_tokens", "\uff14\uff10", "input_tokens '\uff14\uff10' is not a number"),  # fullwidth 40
        ("model", "gp\x00t", "model holds a NUL byte"),  # was a database error naming no line
    ],
    ids=["underscore", "fullwidth-digits", "nul-byte"],
)
def test_a_csv_cell_the_export_never_writes_is_named_with_its_line(db_empty, tmp_path, column, value, says):
    export = test_parity.write_csv(tmp_path / "e.csv", [test_parity.usage(3), test_parity.usage(4)])
    lines = export.read_text().splitlines()
    cells = lines[2].split(",")
    cells[test_parity.HEADER_24.index(column)] = value
    export.write_text("\n".join([*lines[:2], ",".join(cells)]) + "\n")
    result, _ = test_parity.parity(db_empty, tmp_path, "--csv", str(export), *test_parity.WINDOW)
    assert result.exit_code == 1, result.output
    assert f"{export}:3: {says}" in result.output and "Traceback" not in result.output


def _project_fifo(p: Path) -> None:
    os.mkfifo(p)


PROJECT_FILES = {
    "fifo": (_project_fifo, "not a regular file"),  # hung reading forever
    "symlink-loop": (lambda p: os.symlink(p, p), "symlink loop"),  # was skipped: no rules, everything managed
    "directory": (lambda p: p.mkdir(), "not a regular file"),  # skipped too
    "deep-nesting": (lambda p: p.write_text("include: " + "[" * 3000 + "]" * 3000 + "\n"), "nesting depth"),
    "nul-byte": (lambda p: p.write_bytes(b"include: []\x00\n"), "character 0 is not allowed"),  # a traceback
    "alias-bomb": (lambda p: p.write_text(BOMB), "alias bomb"),
    "duplicate-key": (lambda p: p.write_text("include: []\ninclude: [{table: t}]\n"), "duplicate key 'include'"),
}


@pytest.mark.parametrize("name", sorted(PROJECT_FILES))
def test_a_hostile_project_file_is_a_one_line_error(tmp_path, db_url, name):
    """The project file draws what reconcile manages: read as strictly as a spec file, never skipped."""
    make, says = PROJECT_FILES[name]
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "a_good.yaml").write_text(GOOD)
    project = tmp_path / "reconcile.yaml"
    make(project)
    for extra in ([], ["--project", str(project)]) if name == "fifo" else ([],):
        proc = subprocess.run(
            [sys.executable, "-m", "reconcile", "plan", "--spec", str(spec), "--database-url", db_url, *extra],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert says in proc.stderr and str(project) in proc.stderr


def test_a_targets_file_that_is_a_fifo_is_refused_unopened(tmp_path):
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "a_good.yaml").write_text(GOOD)
    targets = tmp_path / "targets.yaml"
    os.mkfifo(targets)
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile", "drift", "--spec", str(spec), "--targets", str(targets)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1 and "not a regular file" in proc.stderr and str(targets) in proc.stderr


NAMED_FILE_COMMANDS = {
    "diff-snapshot": lambda f, url: ["diff", str(f), str(f)],
    "apply-plan": lambda f, url: ["apply", str(f), "--database-url", url],
    "rehearse-plan": lambda f, url: ["rehearse", str(f), "--database-url", url, "--dev-url", url],
    "import-from-sql": lambda f, url: ["import", "--from-sql", str(f), "--out", str(f.parent / "o"), "--dev-url", url],
    "parity-csv": lambda f, url: ["parity", "--csv", str(f), *test_parity.WINDOW, "--database-url", url],
}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", sorted(NAMED_FILE_COMMANDS))
def test_a_named_file_that_is_no_regular_file_is_refused_unread(tmp_path, db_url, command, kind):
    """Snapshots, plans, migration files and exports: a FIFO blocked the open or read forever, /dev/zero
    never ended; each is one line naming the file."""
    named = tmp_path / "input"
    named.mkdir()
    file = named / "x.sql"
    os.mkfifo(file) if kind == "fifo" else os.symlink("/dev/zero", file)
    proc = subprocess.run(
        [sys.executable, "-m", "reconcile", *NAMED_FILE_COMMANDS[command](file, db_url)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert f"{file}: not a regular file" in proc.stderr


@pytest.mark.parametrize(
    ("spec_text", "says"),
    [
        ("table: t\nschema: pg_temp\n", "the pg_ prefix is reserved"),  # planned as "No changes"
        ("table: t\nschema: pg_toast\n", "the pg_ prefix is reserved"),
    ],
    ids=["pg_temp", "pg_toast"],
)
def test_a_table_in_a_schema_postgresql_reserves_is_a_spec_error(tmp_path, spec_text, says):
    spec = tmp_path / "desired"
    spec.mkdir()
    body = spec_text if "columns" in spec_text else spec_text + "columns:\n  - {name: id, type: integer}\n"
    (spec / "t.yaml").write_text(body)
    result = cli("validate", spec)
    assert result.exit_code == 1, result.output
    assert says in result.stderr and f"{spec / 't.yaml'}:" in result.stderr
