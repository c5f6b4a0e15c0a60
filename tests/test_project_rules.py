"""The project file's include/ignore rules: what is outside the managed scope is never planned,
dropped, reported as drift or imported."""

from __future__ import annotations

import psycopg

from .helpers import cli, write_spec

SETUP = """
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, legacy_flag boolean);
CREATE INDEX items_name_reconcile_scratch ON items (name);
CREATE TABLE tmp_load (id integer);
"""
ITEMS = """
table: items
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: name, type: text, nullable: false}
"""
RULES = """
ignore:
  - {table: "tmp_*"}
  - {kind: index, name: "*_reconcile_*"}
  - {kind: column, name: "legacy_*"}
"""


def setup(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SETUP)  # type: ignore[call-overload]


def test_without_rules_the_extra_objects_are_drift(db_url, tmp_path):
    setup(db_url)
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    result = cli("drift", "--spec", spec, "--database-url", db_url, "--evidence-dir", tmp_path / "audit")
    assert result.exit_code == 2, result.output


def test_ignored_objects_are_neither_planned_nor_drift(db_url, tmp_path):
    setup(db_url)
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    (tmp_path / "reconcile.yaml").write_text(RULES)
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    drift = cli("drift", "--spec", spec, "--database-url", db_url, "--evidence-dir", tmp_path / "audit")
    assert drift.exit_code == 0, drift.output


def test_project_option_names_a_project_file_elsewhere(db_url, tmp_path):
    setup(db_url)
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    (tmp_path / "elsewhere.yaml").write_text(RULES)
    with_file = cli(
        "plan",
        "--spec",
        spec,
        "--database-url",
        db_url,
        "--detailed-exitcode",
        "--project",
        tmp_path / "elsewhere.yaml",
    )
    assert with_file.exit_code == 0, with_file.output
    without = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    # the option holds for one command only: without it the ignored objects are planned for drop,
    # which apply would refuse without --allow-drop (exit 3 with --detailed-exitcode)
    assert without.exit_code == 3 and "drop" in without.output


def test_import_honours_the_rules(db_url, tmp_path):
    setup(db_url)
    (tmp_path / "reconcile.yaml").write_text(RULES)
    out = tmp_path / "desired"
    result = cli("import", "--database-url", db_url, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["items.yaml"]
    assert "legacy_flag" not in (out / "items.yaml").read_text()
    plan = cli("plan", "--spec", out, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_a_bad_project_file_is_one_line_naming_file_and_line(db_url, tmp_path):
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    (tmp_path / "reconcile.yaml").write_text("ignore:\n  - {table: x}\n  - {kind: view, name: v}\n")
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert f"{tmp_path / 'reconcile.yaml'}:3:" in message and "ignore.1.kind" in message


def test_a_spec_directory_further_down_finds_the_same_project_file(db_url, tmp_path):
    setup(db_url)
    spec = write_spec(tmp_path / "releases" / "0002", items=ITEMS)
    (tmp_path / "reconcile.yaml").write_text(RULES)
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
