"""Declarative rollback: 0003 -> 0002 archives dropped values; 0002 -> 0003 restores them."""

from __future__ import annotations

import shutil
import subprocess

import psycopg

from .helpers import DESIRED, RELEASE_0002, cli

FILL = """
UPDATE usage_events SET window_start = timestamp '2025-09-01' + make_interval(mins => id),
  window_end = timestamp '2025-09-01' + make_interval(mins => id + 1),
  project_id = CASE WHEN id % 3 = 0 THEN NULL ELSE 'proj_' || (id % 7) END,
  batch = (id % 2 = 0), num_model_requests = id % 5, input_cached_tokens = id * 3
"""
CHECKSUM = (
    "SELECT count(*), md5(string_agg(concat_ws('|', id, key_id, model, window_start, window_end, project_id,"
    " batch, num_model_requests, input_cached_tokens), ',' ORDER BY id)) FROM usage_events"
)


def state(url: str) -> tuple:
    with psycopg.connect(url) as conn:
        return conn.execute(CHECKSUM).fetchone()


def test_rollback_archives_and_reapply_restores_every_value(db_0003):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(FILL)
        non_null = conn.execute("SELECT count(project_id) FROM usage_events").fetchone()[0]
    before = state(db_0003)
    back = cli(
        "apply", "--spec", RELEASE_0002, "--database-url", db_0003, "--auto-approve", "--allow-drop", "column,index"
    )
    assert back.exit_code == 0, back.output + back.stderr
    assert cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--detailed-exitcode").exit_code == 0
    listing = cli("archive", "list", "--database-url", db_0003, "--format", "json")
    import json

    (archive,) = json.loads(listing.output)  # one archive for the table's 19 dropped columns
    assert archive["table"] == "usage_events" and len(archive["columns"]) == 19
    assert archive["values"]["project_id"] == non_null
    with psycopg.connect(db_0003) as conn:
        triggers = conn.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").fetchone()[0]
    assert triggers == 0  # the capture triggers went with the drops
    forward = cli("apply", "--spec", DESIRED, "--database-url", db_0003, "--auto-approve", "--restore-archived")
    assert forward.exit_code == 0, forward.output + forward.stderr
    assert state(db_0003) == before
    name = archive["name"]
    assert cli("archive", "drop", name, "--database-url", db_0003).exit_code == 0
    assert cli("archive", "drop", name, "--database-url", db_0003).exit_code == 1


def test_writes_during_the_copy_are_archived_too(db_0003):
    """A row written after the capture trigger exists but before the drop is in the archive."""
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(FILL)
    plan = cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--format", "json")
    import json

    steps = [s for g in json.loads(plan.output)["groups"] for s in g["steps"]]
    setup = next(s for s in steps if "CREATE TRIGGER" in s["sql"])
    copy_index = next(i for i, s in enumerate(steps) if s["sql"].startswith("INSERT INTO"))
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(setup["sql"])  # as apply would: trigger first, then a writer, then the copy
        conn.execute(
            "INSERT INTO usage_events (key_id, model, \"timestamp\", project_id) VALUES (1, 'late', now(),"
            " 'written-during-copy')"
        )
        conn.execute("UPDATE usage_events SET project_id = 'changed' WHERE id = 1")
        conn.execute(steps[copy_index]["sql"])
        archive = setup["sql"].split("CREATE TABLE IF NOT EXISTS ")[1].split(" (")[0]
        values = {r[0] for r in conn.execute(f"SELECT project_id FROM {archive}")}  # noqa: S608 - test's own name
    assert {"written-during-copy", "changed"} <= values


def test_colliding_rows_refuse_the_rollback_and_leave_the_table(db_0003):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(
            'INSERT INTO usage_events (key_id, model, "timestamp", window_start, window_end, project_id)'
            " SELECT 1, 'dup', '2025-09-03', '2025-09-03', '2025-09-04', p FROM unnest(array['a','b']) p"
        )
    before = state(db_0003)
    plan = cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003)
    assert "UNIQUE_MAY_FAIL: 1 colliding keys" in plan.output
    result = cli(
        "apply", "--spec", RELEASE_0002, "--database-url", db_0003, "--auto-approve", "--allow-drop", "column,index"
    )
    assert result.exit_code == 3
    assert "UNIQUE_MAY_FAIL" in result.stderr
    assert state(db_0003) == before


def test_spec_rev_reads_the_previous_commit(tmp_path, db_0002):
    if shutil.which("git") is None:
        import pytest

        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    shutil.copytree(RELEASE_0002, repo / "desired")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True, capture_output=True
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "0002")
    shutil.rmtree(repo / "desired")
    shutil.copytree(DESIRED, repo / "desired")
    git("add", "-A")
    git("commit", "-qm", "0003")
    import os

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        now = cli("plan", "--database-url", db_0002, "--detailed-exitcode")
        before = cli("plan", "--spec-rev", "HEAD~1", "--database-url", db_0002, "--detailed-exitcode")
        bad = cli("plan", "--spec-rev", "no-such-rev", "--database-url", db_0002)
    finally:
        os.chdir(cwd)
    assert now.exit_code == 2 and "19 to add" in now.output
    assert before.exit_code == 0 and "No changes" in before.output
    assert bad.exit_code == 1 and bad.stderr.strip().count("\n") == 0
    assert (repo / "desired" / "usage_events.yaml").read_text() == (DESIRED / "usage_events.yaml").read_text()


def test_capture_trigger_of_a_killed_rollback_is_dropped_with_the_column(db_0003, tmp_path):
    """Found by the torture suite: a rollback killed after its archive setup left its capture triggers;
    a later drop of the column (here: a plan saved before the kill, so the planner's leftover cleanup
    cannot know them) left them in place and every later INSERT failed with 'record "new" has no field'.
    The drop's own transaction now removes every capture trigger that writes the dropped column."""
    import json

    saved = tmp_path / "rollback.json"
    plan = cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--out", saved, "--format", "json")
    assert plan.exit_code == 0, plan.output + plan.stderr
    steps = [s for g in json.loads(saved.read_text())["groups"] for s in g["steps"]]
    setup = next(s for s in steps if "CREATE TRIGGER" in s["sql"] and "project_id" in s["sql"])
    with psycopg.connect(db_0003, autocommit=True) as conn:
        # another run's setup, killed before its drop (another run id, so other names)
        conn.execute(setup["sql"].replace("__project_id__", "__project_id__killed"))
    back = cli("apply", saved, "--database-url", db_0003, "--auto-approve", "--allow-drop", "column,index")
    assert back.exit_code == 0, back.output + back.stderr
    with psycopg.connect(db_0003, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").fetchone() == (0,)
        conn.execute("INSERT INTO usage_events (key_id, model, \"timestamp\") VALUES (1, 'after', now())")


def test_rollback_command_returns_to_the_pre_apply_snapshot_and_logs_it(db_0002, tmp_path):
    evidence = tmp_path / "audit"
    forward = cli("apply", "--database-url", db_0002, "--auto-approve", "--evidence-dir", evidence)
    assert forward.exit_code == 0, forward.output + forward.stderr
    with psycopg.connect(db_0002, autocommit=True) as conn:
        conn.execute(FILL)
        rows = conn.execute("SELECT count(*) FROM usage_events WHERE window_start IS NOT NULL").fetchone()[0]
    refused = cli("rollback", "--database-url", db_0002, "--auto-approve", "--evidence-dir", evidence)
    assert refused.exit_code == 3 and "--allow-drop column" in refused.stderr
    back = cli(
        "rollback", "--database-url", db_0002, "--auto-approve", "--evidence-dir", evidence, "--allow-drop", "column"
    )
    assert back.exit_code == 0, back.output + back.stderr
    assert cli("plan", "--spec", RELEASE_0002, "--database-url", db_0002, "--detailed-exitcode").exit_code == 0
    log = (evidence / "rollback_log.md").read_text().splitlines()
    assert log[0] == "# Rollback log" and len(log) == 5  # title, blank, header, rule, one row
    row = log[-1]
    assert "0003_usage_event_windows" in row and "rollback-of-0003_usage_event_windows" in row
    assert "reconcile_archive" not in row and "usage_events__" in row and f": {rows} rows" in row
    assert "applied" in row


def test_rollback_without_evidence_is_a_one_line_error(db_0002, tmp_path):
    result = cli("rollback", "--database-url", db_0002, "--auto-approve", "--evidence-dir", tmp_path / "none")
    assert result.exit_code == 1
    assert "no apply evidence" in result.stderr and result.stderr.strip().count("\n") == 0


def test_capture_trigger_left_by_an_interrupted_drop_is_removed_by_the_next_apply(db_0003):
    import json

    plan = cli("plan", "--spec", RELEASE_0002, "--database-url", db_0003, "--format", "json")
    setup = next(s for g in json.loads(plan.output)["groups"] for s in g["steps"] if "CREATE TRIGGER" in s["sql"])
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute(setup["sql"])  # the rollback died right after installing its capture trigger

    def triggers() -> int:
        with psycopg.connect(db_0003) as conn:
            return conn.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").fetchone()[0]

    assert triggers() == 1
    forward = cli("plan", "--database-url", db_0003, "--detailed-exitcode")
    assert forward.exit_code == 2 and "leftover capture trigger" in forward.output
    assert cli("apply", "--database-url", db_0003, "--auto-approve").exit_code == 0
    assert triggers() == 0
    assert cli("plan", "--database-url", db_0003, "--detailed-exitcode").exit_code == 0
