"""A no-change plan is remembered: the next plan of the same spec against the same catalog state prints
the same text without normalizing; any change of the database, the spec or the record makes it plan in full."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

SPEC = (
    "table: items\ncolumns:\n  - {name: id, type: integer, nullable: false}\n  - {name: note, type: text}\n"
    "primary_key: [id]\n"
)


def _plan(db_url: str, spec: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "RECONCILE_CACHE_DIR": str(cache),
        "RECONCILE_DEV_URL": os.environ.get("RECONCILE_DEV_URL", ""),
    }
    if not env["RECONCILE_DEV_URL"]:
        env.pop("RECONCILE_DEV_URL")
    return subprocess.run(
        [sys.executable, "-m", "reconcile", "plan", "--database-url", db_url, "--spec", str(spec), *extra],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def _records(cache: Path) -> list[Path]:
    return sorted((cache / "unchanged").glob("*.json"))


def _setup(db_url: str, tmp_path: Path) -> tuple[Path, Path]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, note text)")
    spec = tmp_path / "desired"
    spec.mkdir()
    (spec / "items.yaml").write_text(SPEC)
    return spec, tmp_path / "cache"


def test_the_second_no_change_plan_prints_the_same_and_does_not_normalize(db_url, tmp_path):
    spec, cache = _setup(db_url, tmp_path)
    first = _plan(db_url, spec, cache)
    assert first.returncode == 0, first.stderr
    assert "No changes." in first.stdout and len(_records(cache)) == 1
    memo = cache / "normalize"
    before = {p: p.stat().st_mtime_ns for p in memo.rglob("*")} if memo.exists() else {}
    second = _plan(db_url, spec, cache, "--detailed-exitcode")
    assert (second.returncode, second.stdout) == (0, first.stdout)
    after = {p: p.stat().st_mtime_ns for p in memo.rglob("*")} if memo.exists() else {}
    assert after == before  # nothing was normalized or memoised again


def test_a_change_by_hand_is_planned_though_the_spec_is_the_same(db_url, tmp_path):
    spec, cache = _setup(db_url, tmp_path)
    assert "No changes." in _plan(db_url, spec, cache).stdout
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE items ALTER COLUMN note SET DEFAULT 'x'")
    again = _plan(db_url, spec, cache, "--detailed-exitcode")
    assert again.returncode == 2 and "items.note" in again.stdout, again.stdout + again.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE items ALTER COLUMN note DROP DEFAULT")  # the same shape, new row versions
    assert "No changes." in _plan(db_url, spec, cache).stdout


def test_an_edited_spec_is_planned_in_full(db_url, tmp_path):
    spec, cache = _setup(db_url, tmp_path)
    assert "No changes." in _plan(db_url, spec, cache).stdout
    (spec / "items.yaml").write_text(SPEC + "indexes:\n  - {name: items_note_idx, columns: [note]}\n")
    again = _plan(db_url, spec, cache, "--detailed-exitcode")
    assert again.returncode == 2 and "items_note_idx" in again.stdout


def test_a_tampered_or_foreign_record_only_sends_plan_the_long_way(db_url, tmp_path):
    spec, cache = _setup(db_url, tmp_path)
    first = _plan(db_url, spec, cache)
    (record,) = _records(cache)
    data = json.loads(record.read_text())
    data["databases"][0]["release"] = "evil\x1b[2J"
    record.write_text(json.dumps(data))
    again = _plan(db_url, spec, cache)
    assert again.stdout == first.stdout and "\x1b" not in again.stdout
    for junk in ("[" * 100_000, "\x00\xff", '{"format": 1, "databases": [{"state": 1}]}'):
        record.write_bytes(junk.encode("utf-8", "surrogateescape"))
        run = _plan(db_url, spec, cache)
        assert (run.returncode, run.stdout) == (0, first.stdout) and "Traceback" not in run.stderr
    # a record claiming no changes for another catalog state is not believed
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE items ADD COLUMN extra integer")
    (record,) = _records(cache)
    stale = json.loads(record.read_text())
    assert "No changes." not in _plan(db_url, spec, cache).stdout
    record.write_text(json.dumps(stale))
    assert "extra" in _plan(db_url, spec, cache).stdout


def test_json_and_sql_output_are_the_full_plans_own(db_url, tmp_path):
    spec, cache = _setup(db_url, tmp_path)
    assert "No changes." in _plan(db_url, spec, cache).stdout
    shown = _plan(db_url, spec, cache, "--format", "json")
    assert json.loads(shown.stdout)["changes"] == [], shown.stderr
    assert _plan(db_url, spec, cache, "--format", "sql").stdout.startswith("-- reconcile plan for release")
