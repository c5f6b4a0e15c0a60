"""`reconcile plan` against real servers: empty, 0002 and 0003 databases."""

from __future__ import annotations

import json
import shutil
import subprocess

import psycopg
import pytest

from reconcile.plan.model import FORMAT_VERSION, Plan
from reconcile.plan.planner import make_plan
from reconcile.spec.load import load_spec

from .helpers import DESIRED, RELEASE_0002, cli

NEW_COLUMNS = {
    "window_start", "window_end", "project_id", "openai_user_id", "openai_api_key_id", "service_tier", "batch",
    "num_model_requests", "input_cached_tokens", "input_uncached_tokens", "input_text_tokens", "output_text_tokens",
    "input_cached_text_tokens", "input_audio_tokens", "input_cached_audio_tokens", "output_audio_tokens",
    "input_image_tokens", "input_cached_image_tokens", "output_image_tokens",
}  # fmt: skip


def plan_json(url: str, spec=DESIRED) -> dict:
    result = cli("plan", "--spec", spec, "--database-url", url, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_empty_database_plans_the_ten_tables(db_url):
    data = plan_json(db_url)
    creates = [c["address"] for c in data["changes"] if c["action"] == "create"]
    assert len(creates) == 10
    assert {"public.provider_keys", "public.usage_events", "public.users", "public.openai_projects"} <= set(creates)
    steps = [s for g in data["groups"] for s in g["steps"]]
    order = [s["id"] for s in steps]
    # referenced tables and keys before the foreign keys that need them
    assert order.index("create:table:public.users#0") < order.index(
        "add:constraint:public.provider_keys.provider_keys_user_id_users_id_fk#0"
    )
    assert order.index("create:table:public.openai_projects#0") < order.index(
        "add:constraint:public.openai_service_accounts.openai_service_accounts_project_id_fkey#0"
    )
    assert all(not s["hazards"] or s["hazards"][0]["code"] != "INDEX_BUILD" for s in steps)


def test_0002_database_plans_exactly_19_adds_and_the_index_replace(db_0002):
    data = plan_json(db_0002)
    changes = [(c["marker"], c["kind"], c["address"]) for c in data["changes"]]
    adds = {a.rsplit(".", 1)[1] for m, k, a in changes if m == "+" and k == "column"}
    assert adds == NEW_COLUMNS
    assert ("-/+", "index", "public.usage_events.usage_admin_bucket_idx") in changes
    assert len(changes) == 20
    text = cli("plan", "--database-url", db_0002, "--detailed-exitcode")
    assert text.exit_code == 2
    assert "Plan: 19 to add, 1 to change, 0 to destroy." in text.output


def test_0003_database_has_no_changes(db_0003):
    result = cli("plan", "--database-url", db_0003, "--detailed-exitcode")
    assert result.exit_code == 0, result.output
    assert "No changes" in result.output


def test_0003_database_against_0002_spec_plans_the_rollback(db_0003):
    data = plan_json(db_0003, RELEASE_0002)
    drops = {c["address"].rsplit(".", 1)[1] for c in data["changes"] if c["marker"] == "-"}
    assert drops == NEW_COLUMNS
    steps = [s for g in data["groups"] for s in g["steps"]]
    (drop_step,) = [s for s in steps if s["kind"] == "drop" and s["object_kind"] == "column"]  # one ALTER drops all 19
    assert all(f'DROP COLUMN "{c}"' in drop_step["sql"] for c in NEW_COLUMNS)
    assert any(h["code"] == "DELETES_DATA" for h in drop_step["hazards"])
    order = [s["id"] for s in steps]
    # the index that reads window_start goes before the columns do; the archive before both
    old_drop = order.index("replace:index:public.usage_events.usage_admin_bucket_idx#1")
    assert old_drop < order.index(drop_step["id"])
    setup, copy = (
        next(i for i, s in enumerate(steps) if s["change"] == drop_step["change"] and n in s["id"])
        for n in ("#0", "#1")
    )
    assert setup < copy < order.index(drop_step["id"])


def test_plan_json_round_trips(db_0002, tmp_path):
    out = tmp_path / "p.json"
    result = cli("plan", "--database-url", db_0002, "--out", out)
    assert result.exit_code == 0
    plan = Plan.from_json(out.read_text())
    assert Plan.from_json(plan.to_json()) == plan
    assert plan.format_version == FORMAT_VERSION == 4 and plan.release == "0003_usage_event_windows"
    assert len(plan.live_fingerprint) == 64


def test_plan_from_unknown_format_version_is_refused(tmp_path):
    data = {"format_version": 99}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    result = cli("apply", path, "--auto-approve", "--database-url", "postgresql://x@127.0.0.1:1/x")
    assert result.exit_code == 1
    assert "format_version 99" in result.stderr


@pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client")
def test_sql_format_is_a_runnable_script(db_0002, tmp_path):
    result = cli("plan", "--database-url", db_0002, "--format", "sql")
    script = result.output
    assert "BEGIN;" in script and "CREATE UNIQUE INDEX CONCURRENTLY" in script
    run = subprocess.run(
        ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-q", db_0002], input=script, text=True, capture_output=True
    )
    assert run.returncode == 0, run.stderr
    assert cli("plan", "--database-url", db_0002, "--detailed-exitcode").exit_code == 0


def test_unique_hazard_counts_colliding_rows(db_0003):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(
            'INSERT INTO usage_events (key_id, model, "timestamp", window_start, window_end, project_id)'
            " SELECT 1, 'gpt-x', '2025-09-01', '2025-09-01', '2025-09-02', p"
            " FROM unnest(array['a', 'b', 'c']) p"
        )
    plan = make_plan(psycopg.connect(db_0003, autocommit=True), load_spec(RELEASE_0002), db_0003).plan
    hazards = [str(h) for s in plan.steps for h in s.hazards if h.code == "UNIQUE_MAY_FAIL"]
    assert len(hazards) == 1 and hazards[0].startswith("UNIQUE_MAY_FAIL: 1 colliding keys")


def test_graph_command_prints_dot(db_0002):
    result = cli("graph", "--database-url", db_0002)
    assert result.exit_code == 0
    assert result.output.startswith("digraph plan {")
    assert "usage_admin_bucket_idx_reconcile_new" in result.output
    mermaid = cli("graph", "--database-url", db_0002, "--format", "mermaid")
    assert mermaid.output.startswith("graph LR")


def test_unreachable_server_is_one_line_exit_1():
    result = cli("plan", "--database-url", "postgresql://postgres:s3cret@127.0.0.1:1/nope")
    assert result.exit_code == 1
    assert "cannot connect" in result.stderr
    assert "s3cret" not in result.stderr + result.output
    assert result.stderr.strip().count("\n") == 0


def test_plan_allow_drop_makes_its_refusals_and_exit_code_those_of_apply(db_0003):
    # the 0002 spec drops the 19 columns: without --allow-drop column apply refuses them
    refused = cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--detailed-exitcode")
    assert refused.exit_code == 3 and "Cannot apply as it is" in refused.output
    allowed = cli(
        "plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--detailed-exitcode", "--allow-drop", "column"
    )
    assert allowed.exit_code == 2, allowed.output
    assert "Cannot apply as it is" not in allowed.output and "DROP COLUMN" in allowed.output
