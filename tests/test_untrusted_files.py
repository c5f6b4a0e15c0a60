"""Files read back are untrusted (rollback snapshots, the normalization memo); files written are
owner-only and never go through a symlink; plan and drift write nothing into the cwd (issue 15)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import psycopg
import pytest

from reconcile.catalog.introspect import introspect
from reconcile.normalize.build import normalize
from reconcile.spec.load import load_spec

from .helpers import cli, scalar, write_spec

SPEC = "table: users\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n  - {name: email, type: text}\n"


def _run_folder(url: str, tmp_path: Path) -> Path:
    spec = write_spec(tmp_path / "desired", users=SPEC)
    assert cli("apply", "--spec", spec, "--database-url", url, "--auto-approve", "--no-evidence").exit_code == 0
    run = tmp_path / "audit" / "runs" / "20260101T000000Z"
    run.mkdir(parents=True)
    result = cli("snapshot", "--spec", spec, "--database-url", url, "--out", run / "pre_snapshot.json")
    assert result.exit_code == 0, result.output + result.stderr
    return run


def _columns(url: str) -> object:
    return scalar(url, "SELECT string_agg(attname || ':' || coalesce(pg_get_expr(adbin, adrelid), ''), ',') "
                       "FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum "
                       "WHERE attrelid = 'public.users'::regclass AND attnum > 0 AND NOT attisdropped")  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("default", "true), ADD COLUMN zz int DEFAULT (1", "parenthesis"),
        ("default", "1; DROP TABLE public.users", "';'"),
        ("name", 7, "wrong type"),
        ("type", "int; DROP TABLE x", "invalid type"),
    ],
)
def test_a_tampered_rollback_snapshot_is_refused_and_nothing_runs(db_url, tmp_path, field, value, says):
    run = _run_folder(db_url, tmp_path)
    path = run / "pre_snapshot.json"
    data = json.loads(path.read_text())
    data["catalog"]["tables"][0]["columns"][1][field] = value
    path.write_text(json.dumps(data))
    before = _columns(db_url)
    result = cli("rollback", "--run", run, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    assert result.exit_code == 1, result.output + result.stderr
    assert says in result.stderr and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _columns(db_url) == before


def test_a_tampered_memo_is_ignored_and_rebuilt(db_0002, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    spec = load_spec(Path(__file__).parent.parent / "desired")
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, spec.table_names())
        first = normalize(conn, spec, live)
        (memo,) = tmp_path.glob("normalized-*.json")
        assert stat.S_IMODE(memo.stat().st_mode) == 0o600
        data = json.loads(memo.read_text())
        entries = [e for e in data["entries"].values() if "tables" in e]
        column = next(c for e in entries for t in e["tables"] for c in t["columns"] if c["default"] is None)
        column["default"] = "1) FROM pg_class WHERE (true"
        memo.write_text(json.dumps(data))
        again = normalize(conn, spec, live)
    assert again == first


def test_the_memo_lives_in_the_user_cache_dir_not_the_cwd(db_url, tmp_path, monkeypatch):
    monkeypatch.delenv("RECONCILE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    spec = write_spec(tmp_path / "desired", users=SPEC)
    assert cli("plan", "--spec", spec, "--database-url", db_url).exit_code == 0
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code in (0, 2)
    assert list(work.iterdir()) == []
    cache = tmp_path / "xdg" / "reconcile"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    memos = sorted(cache.iterdir())
    assert [p.name.split("-")[0] for p in memos] == ["normalized", "spec"]  # normalization, parsed files
    assert [stat.S_IMODE(p.stat().st_mode) for p in memos] == [0o600, 0o600]


def test_the_memo_is_never_written_through_a_symlink(db_url, tmp_path, monkeypatch):
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "cache"
    os.symlink(target, link)
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(link))
    spec = write_spec(tmp_path / "desired", users=SPEC)
    assert cli("plan", "--spec", spec, "--database-url", db_url).exit_code == 0
    assert list(target.iterdir()) == []


def _modes(root: Path) -> set[tuple[str, int]]:
    return {("d" if p.is_dir() else "f", stat.S_IMODE(p.stat().st_mode)) for p in root.rglob("*")}


def test_evidence_and_logs_are_owner_only(db_url, tmp_path):
    spec = write_spec(tmp_path / "desired", users=SPEC)
    evidence = tmp_path / "audit"
    result = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--evidence-dir", evidence)
    assert result.exit_code == 0, result.output + result.stderr
    assert (evidence / "alignment_log.md").is_file() and any((evidence / "runs").iterdir())
    assert _modes(evidence) == {("d", 0o700), ("f", 0o600)}


def test_an_evidence_log_is_never_written_through_a_symlink(db_url, tmp_path):
    spec = write_spec(tmp_path / "desired", users=SPEC)
    evidence = tmp_path / "audit"
    evidence.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("untouched\n")
    os.symlink(victim, evidence / "alignment_log.md")
    cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--evidence-dir", evidence)
    assert victim.read_text() == "untouched\n"


def test_a_parity_report_is_owner_only(tmp_path):
    from reconcile.parity.report import stream_document

    out = tmp_path / "reports" / "r.json"
    stream_document(out, {"a": 1}, [], dict)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert json.loads(out.read_text())["summary"] == {"a": 1}


def test_drift_evidence_is_owner_only(db_url, tmp_path):
    spec = write_spec(tmp_path / "desired", users=SPEC)
    evidence = tmp_path / "drift-audit"
    result = cli("drift", "--spec", spec, "--database-url", db_url, "--evidence-dir", evidence)
    assert result.exit_code == 2, result.output + result.stderr
    assert (evidence / "drift" / "latest.json").is_file()
    assert _modes(evidence) == {("d", 0o700), ("f", 0o600)}


def test_a_fifo_planted_in_the_cache_dir_is_a_miss_not_a_hang(db_url, tmp_path):
    """RECONCILE_CACHE_DIR tampered with: a FIFO in place of each memo costs a rebuild, never a hang."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    spec = write_spec(tmp_path / "desired", users=SPEC)
    env = {**os.environ, "NO_COLOR": "1", "RECONCILE_CACHE_DIR": str(cache)}
    args = [sys.executable, "-m", "reconcile", "plan", "--spec", str(spec), "--database-url", db_url]
    first = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr
    planted = [p for p in cache.rglob("*") if p.is_file()]
    assert planted
    for p in planted:
        p.unlink()
        os.mkfifo(p)
    again = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
