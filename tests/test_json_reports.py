"""`--format json` of parity and import, and errors in JSON mode: real subprocesses against a real server,
each document validated against the JSON Schema shipped in the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from reconcile.schemas import schema

from .test_parity import WINDOW, insert_event, usage, write_csv


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PG")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "reconcile", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def validated(name: str, done: subprocess.CompletedProcess[str], code: int) -> dict:
    assert done.returncode == code, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, schema(name))
    return data


def test_parity_json_report_and_backfill(db_0003, tmp_path):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute("DELETE FROM usage_events")
        key_id = conn.execute("SELECT min(id) FROM provider_keys").fetchone()[0]  # type: ignore[index]
    insert_event(db_0003, 2, key_id=key_id, tokens_in=7)  # mismatched with the CSV's 100
    insert_event(db_0003, 5, key_id=key_id)  # only in the database
    csv_file = write_csv(tmp_path / "u.csv", [usage(1), usage(2), usage(3)])
    base = ("parity", "--database-url", db_0003, "--csv", str(csv_file), *WINDOW, "--output", str(tmp_path / "r.json"))

    report = validated("parity", run(*base, "--format", "json", cwd=tmp_path), 2)
    assert report["summary"]["inParity"] is False
    assert (report["summary"]["mismatched"], report["summary"]["missingInDb"], report["summary"]["missingInCsv"]) == (
        1,
        2,
        1,
    )
    assert len(report["missingInDb"]) == 2 and len(report["mismatched"]) == 1

    backfill = ("--backfill", "--key-id", str(key_id), "--format", "json")
    shown = validated("parity", run(*base, *backfill, cwd=tmp_path), 2)
    assert shown["backfill"]["applied"] is False
    applied = validated("parity", run(*base, *backfill, "--apply", cwd=tmp_path), 2)  # day 5 stays: CSV lacks it
    assert (applied["backfill"]["applied"], applied["backfill"]["inserted"], applied["backfill"]["updated"]) == (
        True,
        2,
        1,
    )


def test_import_json_lists_the_files_and_what_was_left_out(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, note text)")
        conn.execute("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'")
        # a trigger with arguments is one import still leaves out
        conn.execute("CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION f('x')")
    out = tmp_path / "desired"
    done = run("import", "--database-url", db_url, "--out", str(out), "--format", "json", cwd=tmp_path)
    data = validated("import", done, 2)
    assert data["files"] == ["f.yaml", "items.yaml"] and (out / "items.yaml").is_file()  # with the function
    assert data["exit_code"] == 2 and any(s["kind"] == "trigger" and s["name"] == "t" for s in data["skipped"])
    assert "Not imported" in done.stderr  # stderr as in text mode


@pytest.mark.parametrize(
    "args",
    [
        ("apply", "--auto-approve", "--spec", "desired"),
        ("plan", "--spec", "desired"),
        ("verify", "--spec", "desired"),
        ("drift", "--spec", "desired"),
        ("import", "--out", "new"),
        ("parity", "--from", "2025-09-01", "--to", "2025-10-01", "--csv", "u.csv"),
        ("archive", "list"),
    ],
    ids=lambda a: a[0] + ("-" + a[1] if a[0] == "archive" else ""),
)
def test_an_error_in_json_mode_is_a_json_object_on_stdout(args, db_url, tmp_path):
    """A refusal before anything starts (here: a database that does not exist) is JSON too; exit code and
    the one-line stderr message as in text mode, never a password."""
    (tmp_path / "desired").mkdir()
    (tmp_path / "desired" / "items.yaml").write_text("table: items\ncolumns:\n  - {name: id, type: integer}\n")
    (tmp_path / "u.csv").write_text("start_time,end_time,start_time_iso,end_time_iso\n")
    missing = make_conninfo(db_url, dbname="no_such_database", password="s3cret")
    done = run(*args, "--database-url", missing, "--format", "json", cwd=tmp_path)
    text = run(*args, "--database-url", missing, cwd=tmp_path)
    assert done.returncode == text.returncode == 1, (done.stderr, text.stderr)
    error = validated("error", done, 1)
    assert error["exit_code"] == 1 and "no_such_database" in error["error"]
    assert done.stderr.strip().splitlines() == [f"Error: {error['error']}"] == text.stderr.strip().splitlines()
    assert "s3cret" not in done.stdout + done.stderr


def test_a_usage_error_in_json_mode_is_json_too(tmp_path):
    done = run("verify", "--format", "json", "--no-such-option", cwd=tmp_path)
    error = validated("error", done, 1)
    assert "--no-such-option" in error["error"] and done.stderr.startswith("Error: ")


@pytest.mark.parametrize("target", ["no_such_module:cmd", "plan:no_such_attribute"])
def test_a_command_module_that_cannot_load_is_one_line(target, monkeypatch, capsys):
    from reconcile import cli as cli_package

    monkeypatch.setitem(cli_package.COMMANDS, "plan", target)
    with pytest.raises(SystemExit) as exited:
        cli_package.main.main(["plan"], prog_name="reconcile")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: command 'plan' cannot be loaded") and err.count("\n") == 1
    assert "Traceback" not in err
