"""Objects equal but for their name are renamed (metadata only), never dropped and re-added."""

from __future__ import annotations

import json

import psycopg

from .conftest import APP_0003, run_sql_file
from .helpers import cli, scalar, write_spec

ORM_PUSH = "app/variants/0003_orm_push_names.sql"
ADMIN_FKS = {
    "openai_project_members": "openai_project_members_project_id_fkey",
    "openai_service_accounts": "openai_service_accounts_project_id_fkey",
    "openai_service_account_keys": "openai_service_account_keys_service_account_id_fkey",
    "openai_certificate_events": "openai_certificate_events_certificate_id_fkey",
}


def test_orm_push_names_plan_only_renames_and_apply_needs_no_allow_drop(db_url):
    run_sql_file(db_url, *APP_0003, ORM_PUSH)
    result = cli("plan", "--database-url", db_url, "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    changes = {(c["action"], c["address"]) for c in plan["changes"]}
    assert changes == {("rename", f"public.{t}.{name}") for t, name in ADMIN_FKS.items()}
    steps = [s for g in plan["groups"] for s in g["steps"]]
    assert {s["kind"] for s in steps} == {"rename"}
    assert all("RENAME CONSTRAINT" in s["sql"] for s in steps)
    assert {h["code"] for s in steps for h in s["hazards"]} == {"ACCESS_EXCLUSIVE_LOCK"}

    text = cli("plan", "--database-url", db_url).output
    assert "Plan: 0 to add, 4 to change, 0 to destroy." in text

    applied = cli("apply", "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    names = scalar(db_url, "SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint WHERE contype = 'f'")
    assert set(ADMIN_FKS.values()) <= set(names)  # type: ignore[arg-type]
    again = cli("plan", "--database-url", db_url, "--detailed-exitcode")
    assert again.exit_code == 0, again.output


def test_renamed_column_with_another_type_is_renamed_then_altered(db_url, tmp_path):
    run = "CREATE TABLE t (id integer PRIMARY KEY, code varchar(20)); INSERT INTO t VALUES (1, 'a'), (2, NULL);"
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(run)
    spec = write_spec(
        tmp_path / "spec",
        t="""
        table: t
        columns:
          - {name: id, type: integer, primary_key: true}
          - {name: label, type: text, renamed_from: code}
        """,
    )
    plan = json.loads(cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json").output)
    assert [(c["action"], c["address"]) for c in plan["changes"]] == [
        ("rename", "public.t.label"),
        ("alter", "public.t.label"),
    ]
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert scalar(db_url, "SELECT string_agg(coalesce(label, '~'), ',' ORDER BY id) FROM t") == "a,~"
    again = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert again.exit_code == 0, again.output  # the renamed_from key stays, harmless


def test_renamed_from_on_an_unnamed_constraint_is_a_one_line_spec_error(db_url, tmp_path):
    spec = write_spec(
        tmp_path / "spec",
        t="""
        table: t
        columns:
          - {name: id, type: integer, primary_key: true}
        checks:
          - {expression: "id > 0", renamed_from: old_check}
        """,
    )
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 1
    assert "t.yaml:5:" in result.output + result.stderr
    assert "'renamed_from' needs the new 'name' too" in result.output + result.stderr


def test_drift_reports_a_pending_declared_rename_as_one_change(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id integer PRIMARY KEY, code text)")
    spec = write_spec(
        tmp_path / "spec",
        t="""
        table: t
        columns:
          - {name: id, type: integer, primary_key: true}
          - {name: label, type: text, renamed_from: code}
        """,
    )
    args = ("--spec", spec, "--database-url", db_url, "--format", "json", "--evidence-dir", tmp_path / "audit")
    result = cli("drift", *args)
    assert result.exit_code == 2, result.output
    drift = json.loads(result.stdout)["drift"]
    assert [(d["action"], d["category"], d["address"]) for d in drift] == [("rename", "changed", "public.t.label")]


def test_a_saved_plan_with_declared_renames_applies(db_url, tmp_path):
    """apply PLAN.json re-derives the plan from its records: the spec's renamed_from is one of them (without it the
    re-derived plan dropped and created where the saved one renamed, and apply refused the plan)."""
    before = write_spec(
        tmp_path / "a", t="table: t\ncolumns:\n  - {name: id, type: integer}\n", m="enum: m\nvalues: [a]\n"
    )
    assert cli("apply", "--spec", before, "--database-url", db_url, "--auto-approve").exit_code == 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("INSERT INTO t VALUES (7)")
    after = write_spec(
        tmp_path / "b", t="table: u\nrenamed_from: t\ncolumns:\n  - {name: key, type: integer, renamed_from: id}\n",
        m="enum: mood\nrenamed_from: m\nvalues: [a]\n",
    )  # fmt: skip
    out = tmp_path / "plan.json"
    assert cli("plan", "--spec", after, "--database-url", db_url, "--out", out).exit_code == 0
    assert ["table", "public", "u", "t"] in json.loads(out.read_text())["renames"]
    done = cli("apply", out, "--database-url", db_url, "--auto-approve")
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT key FROM u") == 7
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname = 'mood'") == 1
    again = cli("plan", "--spec", after, "--database-url", db_url)
    assert "No changes" in again.output, again.output


def test_a_saved_plan_whose_renames_were_edited_is_refused(db_url, tmp_path):
    before = write_spec(tmp_path / "a", t="table: t\ncolumns:\n  - {name: id, type: integer}\n")
    assert cli("apply", "--spec", before, "--database-url", db_url, "--auto-approve").exit_code == 0
    after = write_spec(tmp_path / "b", t="table: u\nrenamed_from: t\ncolumns:\n  - {name: id, type: integer}\n")
    out = tmp_path / "plan.json"
    assert cli("plan", "--spec", after, "--database-url", db_url, "--out", out, "--allow-drop", "table").exit_code == 0
    data = json.loads(out.read_text())
    del data["renames"]  # the steps still rename: the planner derives a drop and a create from the rest
    out.write_text(json.dumps(data))
    refused = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "table")
    assert refused.exit_code == 3 and "refusing a plan the planner did not make" in refused.output + refused.stderr
    assert scalar(db_url, "SELECT count(*) FROM pg_class WHERE relname = 't'") == 1
