"""Evidence of `reconcile apply`: the runbook's checklist written by the tool, never a password."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from .helpers import DESIRED, cli

SECRET = "s3cret"
RELEASE = "0003_usage_event_windows"


def with_password(url: str) -> str:
    """The same database with a password in the URL (the servers use trust auth and ignore it)."""
    return make_conninfo(url, password=SECRET)


def run_folder(evidence: Path) -> Path:
    runs = sorted((evidence / "runs").iterdir())
    assert len(runs) == 1, runs
    return runs[0]


def assert_no_secret(evidence: Path) -> None:
    for path in evidence.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(), f"password leaked into {path}"


def test_apply_0003_writes_every_evidence_file(db_0002, tmp_path):
    evidence = tmp_path / "ev"
    url = with_password(db_0002)
    assert conninfo_to_dict(url)["password"] == SECRET
    result = cli("apply", "--database-url", url, "--auto-approve", "--evidence-dir", evidence)
    assert result.exit_code == 0, result.output
    folder = run_folder(evidence)
    assert f"Evidence: {folder}" in result.output
    assert folder.name.endswith("_" + RELEASE)
    expected = [
        f"{RELEASE}_push.log",
        "pre_snapshot.json",
        "post_snapshot.json",
        f"{RELEASE}_schema_diff.txt",
        f"{RELEASE}_usage_events_schema.txt",
        f"{RELEASE}_provider_keys_schema.txt",
        f"{RELEASE}_users_schema.txt",
        "plan.json",
        "plan.sql",
        "SHA256SUMS",
        "EVIDENCE.md",
    ]
    for name in expected:
        assert (folder / name).is_file(), name

    push = (folder / f"{RELEASE}_push.log").read_text()
    assert 'ALTER TABLE "public"."usage_events" ADD COLUMN "window_start"' in push
    assert 'ADD COLUMN "output_image_tokens"' in push
    assert "outcome:  applied" in push and "started:" in push and "attempts:  1" in push

    schema = (folder / f"{RELEASE}_usage_events_schema.txt").read_text()
    assert schema.startswith('                                                Table "public.usage_events"')
    assert " window_start " in schema
    assert schema.endswith("       indexname        \n------------------------\n usage_admin_bucket_idx\n(1 row)\n\n")

    diff = (folder / f"{RELEASE}_schema_diff.txt").read_text()
    assert "+ column public.usage_events.window_start  timestamp without time zone" in diff
    assert "~ index public.usage_events.usage_admin_bucket_idx" in diff
    pre = json.loads((folder / "pre_snapshot.json").read_text())
    post = json.loads((folder / "post_snapshot.json").read_text())
    assert pre["fingerprint"] != post["fingerprint"] and post["release"] == RELEASE

    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    for name in ("plan.json", "plan.sql", f"{RELEASE}_push.log"):
        assert sums[name] == hashlib.sha256((folder / name).read_bytes()).hexdigest()

    md = (folder / "EVIDENCE.md").read_text()
    assert f"- [x] Push log (step 2): [{RELEASE}_push.log]({RELEASE}_push.log)" in md
    assert f"[{RELEASE}_usage_events_schema.txt]({RELEASE}_usage_events_schema.txt)" in md
    assert "- [x] Table description and index check" in md
    assert "- [x] Diff of pre/post schema snapshots" in md
    assert f"({RELEASE}_schema_diff.txt)" in md
    assert "- [x] Alignment log entry" in md and "(../../alignment_log.md)" in md
    assert "- [x] Dry-run export with checksum" in md
    assert "- [ ] `telemetry-audit/latest-staging.json`" in md
    assert f"no parity report in {evidence / 'telemetry-audit'}/ yet" in md
    # the plan's graph and this run's timeline, drawn from the plan and the push log's timings
    plan = json.loads((folder / "plan.json").read_text())
    steps = [s for g in plan["groups"] for s in g["steps"]]
    graph = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert graph.startswith("graph LR") and graph.count('"]') == len(steps)
    gantt = md.split("```mermaid\n", 2)[2].split("```", 1)[0]
    bars = [line for line in gantt.splitlines() if line.startswith("  ") and ", " in line and "ms" in line]
    assert gantt.startswith("gantt") and len(bars) == len(steps)
    assert any(":crit, " in b and "(exclusive lock)" in b for b in bars)  # the 19 ADD COLUMNs take it

    log = (evidence / "alignment_log.md").read_text().splitlines()
    assert log[2].startswith("| time (UTC) | command | target")
    row = log[-1]
    assert "| apply |" in row and RELEASE in row and pre["fingerprint"] in row and post["fingerprint"] in row
    assert_no_secret(evidence)


def test_parity_report_is_ticked_when_present(db_0002, tmp_path):
    evidence = tmp_path / "ev"
    (evidence / "telemetry-audit").mkdir(parents=True)
    (evidence / "telemetry-audit" / "latest-staging.json").write_text('{"missingInDb": 0}\n')
    result = cli("apply", "--database-url", db_0002, "--auto-approve", "--evidence-dir", evidence)
    assert result.exit_code == 0, result.output
    md = (run_folder(evidence) / "EVIDENCE.md").read_text()
    assert (
        "- [x] `telemetry-audit/latest-staging.json` (post-migration parity diff, step 5): "
        "[telemetry-audit/latest-staging.json](../../telemetry-audit/latest-staging.json)"
    ) in md
    assert "- [ ]" not in md


def test_failed_apply_writes_evidence_naming_the_statement_and_error(db_0002, tmp_path):
    spec = tmp_path / "spec"
    shutil.copytree(DESIRED, spec)
    usage = spec / "usage_events.yaml"
    usage.write_text(usage.read_text() + 'checks:\n  - {name: tokens_in_small, expression: "tokens_in < 10"}\n')
    evidence = tmp_path / "ev"
    url = with_password(db_0002)
    result = cli("apply", "--spec", spec, "--database-url", url, "--auto-approve", "--evidence-dir", evidence)
    assert result.exit_code == 1, result.output
    folder = run_folder(evidence)
    assert f"Evidence: {folder}" in result.output
    md = (folder / "EVIDENCE.md").read_text()
    assert "outcome **failed**" in md
    assert "## Failure" in md
    assert 'VALIDATE CONSTRAINT "tokens_in_small"' in md
    assert "tokens_in_small" in md and "violated" in md
    push = (folder / f"{RELEASE}_push.log").read_text()
    assert "outcome:  failed" in push
    failed = push[push.index("] FAILED") :]
    assert 'VALIDATE CONSTRAINT "tokens_in_small"' in failed
    assert "error:     " in failed and "SQLSTATE 23514" in failed
    assert (folder / "post_snapshot.json").is_file()
    row = (evidence / "alignment_log.md").read_text().splitlines()[-1]
    assert "| apply |" in row and "failed:" in row
    assert_no_secret(evidence)


def test_no_evidence_writes_nothing(db_0002, tmp_path):
    evidence = tmp_path / "ev"
    result = cli("apply", "--database-url", db_0002, "--auto-approve", "--evidence-dir", evidence, "--no-evidence")
    assert result.exit_code == 0, result.output
    assert not evidence.exists()
    assert "Evidence:" not in result.output


def test_no_changes_writes_no_run_folder(db_0003, tmp_path):
    evidence = tmp_path / "ev"
    result = cli("apply", "--database-url", db_0003, "--auto-approve", "--evidence-dir", evidence)
    assert result.exit_code == 0, result.output
    assert not (evidence / "runs").exists()
    row = (evidence / "alignment_log.md").read_text().splitlines()[-1]
    assert "| apply |" in row and "| no-changes |" in row


def test_already_applied_plan_file_logs_alignment_only(db_0002, tmp_path):
    plan = tmp_path / "p.json"
    assert cli("plan", "--database-url", db_0002, "--out", plan).exit_code == 0
    evidence = tmp_path / "ev"
    assert cli("apply", plan, "--database-url", db_0002, "--evidence-dir", evidence).exit_code == 0
    second = cli("apply", plan, "--database-url", db_0002, "--evidence-dir", evidence)
    assert second.exit_code == 0, second.output
    assert len(list((evidence / "runs").iterdir())) == 1
    rows = (evidence / "alignment_log.md").read_text().splitlines()
    assert "| applied 22 step(s) |" in rows[-2] and "| already-applied |" in rows[-1]
