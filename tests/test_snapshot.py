"""`reconcile snapshot`, `reconcile diff` and `reconcile export`."""

from __future__ import annotations

import hashlib
import json

from psycopg.conninfo import make_conninfo

from .helpers import RELEASE_0002, cli


def test_snapshot_header_and_no_password(db_0003, tmp_path):
    out = tmp_path / "snap.json"
    url = make_conninfo(db_0003, password="s3cret")
    result = cli("snapshot", "--database-url", url, "--out", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "s3cret" not in text
    data = json.loads(text)
    assert data["format"] == "reconcile-snapshot/1"
    assert data["release"] == "0003_usage_event_windows"
    assert "password=***" in data["target"] and data["taken_at"]
    assert len(data["catalog"]["tables"]) == 10
    assert {"users", "provider_keys", "usage_events", "openai_admin_cursors"} <= {
        t["name"] for t in data["catalog"]["tables"]
    }
    assert len(data["fingerprint"]) == 64


def test_diff_round_trip(db_0002, tmp_path):
    pre, post = tmp_path / "pre.json", tmp_path / "post.json"
    assert cli("snapshot", "--database-url", db_0002, "--out", pre).exit_code == 0
    same = cli("diff", pre, "live", "--database-url", db_0002)
    assert same.exit_code == 0, same.output
    assert "No differences" in same.output
    assert cli("apply", "--database-url", db_0002, "--auto-approve", "--no-evidence").exit_code == 0
    assert cli("snapshot", "--database-url", db_0002, "--out", post).exit_code == 0
    changed = cli("diff", pre, post)
    assert changed.exit_code == 2, changed.output
    assert "+ column public.usage_events.window_start  timestamp without time zone" in changed.output
    assert "~ index public.usage_events.usage_admin_bucket_idx" in changed.output
    assert '-          "column": "timestamp",' in changed.output
    assert cli("diff", post, "live", "--database-url", db_0002).exit_code == 0
    assert cli("diff", "live", "live", "--database-url", db_0002).exit_code == 0


def test_diff_bad_snapshot_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = CliRunnerStderr.invoke("diff", bad, bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:1: not a snapshot file")
    assert len(result.stderr.strip().splitlines()) == 1
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    result = CliRunnerStderr.invoke("diff", other, other)
    assert result.exit_code == 1 and f"Error: {other}: not a reconcile snapshot" in result.stderr
    result = CliRunnerStderr.invoke("diff", tmp_path / "missing.json", other)
    assert result.exit_code == 1 and "missing.json: cannot read snapshot" in result.stderr


def test_export_writes_sql_and_matching_checksum(db_0002, tmp_path):
    out = tmp_path / "pre-window-export.sql"
    result = cli("export", "--database-url", db_0002, "--out", out)
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert (tmp_path / "pre-window-export.sql.sha256").read_text() == f"{digest}  pre-window-export.sql\n"
    assert result.output.startswith(f"{digest}  pre-window-export.sql\n")
    assert 'ADD COLUMN "window_start"' in out.read_text()
    again = cli("export", "--spec", RELEASE_0002, "--database-url", db_0002, "--out", out)
    assert again.exit_code == 0
    assert "ADD COLUMN" not in out.read_text()


class CliRunnerStderr:
    @staticmethod
    def invoke(*args):  # type: ignore[no-untyped-def]
        from click.testing import CliRunner

        from reconcile.cli import main

        try:
            runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:  # click 8.2+: stderr is always separate
            runner = CliRunner()
        return runner.invoke(main, [str(a) for a in args])
