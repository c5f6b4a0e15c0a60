"""Terminal conventions, run as subprocesses on a pseudo-terminal: NO_COLOR, TERM=dumb, --no-color; URLs as written."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import psycopg
import pytest

from reconcile.connect.redact import redact_url

from .helpers import cli, write_spec

ESC = b"\x1b["


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run reconcile with stdout on a pseudo-terminal; everything it wrote there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reconcile", *args], stdout=follower, stderr=subprocess.PIPE, env=env
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(leader)
    return out


@pytest.fixture
def planned(db_url, tmp_path):  # type: ignore[no-untyped-def]
    spec = write_spec(
        tmp_path / "spec",
        items="""
        table: items
        columns:
          - {name: id, type: integer, primary_key: true}
    """,
    )
    return ["plan", "--spec", str(spec), "--database-url", db_url]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    return {**env, "TERM": "xterm-256color", **extra}


def test_a_terminal_gets_colour(planned):
    out = _on_a_terminal(planned, _env())
    assert b"+ table public.items" in out.replace(ESC + b"32m", b"")
    assert ESC in out


@pytest.mark.parametrize(
    ("root", "extra"),
    [([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"}), (["--no-color"], {})],
    ids=["NO_COLOR", "TERM=dumb", "--no-color"],
)
def test_no_colour_when_asked(planned, root, extra):
    out = _on_a_terminal([*root, *planned], _env(**extra))
    assert b"+ table public.items" in out
    assert ESC not in out


def test_urls_are_shown_as_written_without_the_password():
    assert redact_url("postgresql:///app") == "postgresql:///app"
    assert redact_url("postgresql://u:s3cret@h:5432/app") == "postgresql://u:***@h:5432/app"
    assert redact_url("postgresql:///app?host=/tmp&password=s3cret") == "postgresql:///app?host=/tmp&password=***"


def test_plan_shows_an_empty_host_url_as_written(db_url):
    with psycopg.connect(db_url) as conn:
        info = conn.info
        url = f"postgresql:///{info.dbname}?host={info.host}&port={info.port}&user={info.user}"
    result = cli("plan", "--spec", "desired", "--database-url", url)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(f"Target: {url} ")


def _apply_index(db_url: str, tmp_path, *root: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, v integer)")
        conn.execute("DROP INDEX IF EXISTS items_v_idx")
    spec = write_spec(
        tmp_path / "spec",
        items="""
        table: items
        columns:
          - {name: id, type: integer, primary_key: true}
          - {name: v, type: integer}
        indexes:
          - {name: items_v_idx, columns: [v]}
    """,
    )
    args = [*root, "apply", "--spec", str(spec), "--database-url", db_url, "--auto-approve", "--no-evidence"]
    return subprocess.run([sys.executable, "-m", "reconcile", *args], capture_output=True, text=True, check=False)


def test_quiet_and_verbose(db_url, tmp_path):
    normal = _apply_index(db_url, tmp_path)
    assert normal.returncode == 0, normal.stderr
    assert "Steps, in order:" in normal.stdout and "  changed  " in normal.stdout
    assert 'CREATE INDEX CONCURRENTLY "items_v_idx"' not in normal.stdout.split("Plan: ")[1]
    quiet = _apply_index(db_url, tmp_path, "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert "Steps, in order:" not in quiet.stdout and "  changed  " not in quiet.stdout
    assert "RECAP" in quiet.stdout
    verbose = _apply_index(db_url, tmp_path, "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    after_plan = verbose.stdout.split("Plan: ")[1]
    assert "  changed  " in after_plan and 'CREATE INDEX CONCURRENTLY "items_v_idx"' in after_plan
