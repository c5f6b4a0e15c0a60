"""The database failing mid-command: the backend terminated, a statement timeout.

Each test runs the real CLI in a subprocess against a real server and really ends its backend
(pg_terminate_backend) or lets statement_timeout fire: the command must exit 1 with one line naming
what it was doing, no traceback, and apply's evidence must not claim what it could not read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from reconcile.connect.failures import ConnectionLost, describe

from .helpers import DESIRED, REPO, write_spec

APPLY = ("apply", "--auto-approve", "--spec", str(DESIRED))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def error_line(stderr: str) -> str:
    """The command's one error line; fails on a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert lines and lines[-1].startswith("Error: "), stderr
    return lines[-1]


BACKEND = (
    "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'reconcile'"
    " AND datname = pg_catalog.current_database() AND (wait_event_type = 'Lock' OR %(like)s::text IS NOT NULL)"
    " AND query LIKE coalesce(%(like)s::text, '%%')"
)


def reconcile_backend(url: str, like: str | None = None, timeout: float = 60.0) -> int:
    """pid of reconcile's backend once it runs a statement LIKE `like` (by default: waits for a lock)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watch:
        while time.monotonic() < deadline:
            row = watch.execute(BACKEND, {"like": like}).fetchone()
            if row:
                return int(row[0])
            time.sleep(0.02)
    raise AssertionError(f"reconcile never reached {like or 'a lock wait'}")


def terminate(url: str, pid: int) -> None:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_catalog.pg_terminate_backend(%s)", [pid])


def lock_table(url: str) -> psycopg.Connection:
    """Another session holding ACCESS EXCLUSIVE on usage_events: reading its catalog rows waits."""
    holder = psycopg.connect(url)
    holder.execute("LOCK usage_events IN ACCESS EXCLUSIVE MODE")
    return holder


COMMANDS = {
    "plan": ("plan", "--spec", str(DESIRED)),
    "verify": ("verify", "--spec", str(DESIRED)),
    "apply": APPLY,
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_backend_terminated_while_reading_the_catalog(db_0002, command):
    holder = lock_table(db_0002)
    try:
        proc = run(*COMMANDS[command], "--database-url", db_0002, "--lock-wait", "60")
        terminate(db_0002, reconcile_backend(db_0002))
        _, err = proc.communicate(timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1, err
    line = error_line(err)
    assert "lost the database connection while reading the catalog" in line, line
    assert "terminating connection due to administrator command" in line, line


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_statement_timeout_while_reading_the_catalog(db_0002, command):
    holder = lock_table(db_0002)
    try:
        proc = run(
            *COMMANDS[command],
            "--database-url",
            db_0002,
            "--lock-wait",
            "60",
            env={"PGOPTIONS": "-c statement_timeout=500"},
        )
        _, err = proc.communicate(timeout=60)
    finally:
        holder.close()
    assert proc.returncode == 1, err
    line = error_line(err)
    assert line.startswith("Error: statement timeout while reading the catalog: "), line


def test_backend_terminated_mid_apply_evidence_claims_nothing_it_could_not_read(db_0002, _evidence_dir: Path):
    # an open snapshot makes CREATE INDEX CONCURRENTLY wait: the apply is caught mid-step
    blocker = psycopg.connect(db_0002)
    blocker.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    blocker.execute("SELECT 1 FROM users LIMIT 1")
    try:
        proc = run(*APPLY, "--database-url", db_0002)
        terminate(db_0002, reconcile_backend(db_0002, "CREATE UNIQUE INDEX CONCURRENTLY%"))
        _, err = proc.communicate(timeout=60)
    finally:
        blocker.close()
    assert proc.returncode == 1, err
    line = error_line(err)
    assert "concurrently' failed: terminating connection" in line and "connection was lost" in line, line
    (folder,) = (_evidence_dir / "runs").iterdir()
    evidence = (folder / "EVIDENCE.md").read_text()
    assert "outcome **failed**" in evidence
    assert "Live fingerprint after: `unknown`" in evidence
    assert "the server is 0" not in evidence and "PostgreSQL 13 or later" not in evidence
    assert "not read, the database connection was lost" in evidence
    assert not (folder / "post_snapshot.json").exists()  # no post-apply state was read: none is claimed


def test_statement_timeout_mid_step_names_the_step(db_0002):
    holder = psycopg.connect(db_0002)  # ALTER TABLE waits for it: the statement timeout fires first
    holder.execute("LOCK usage_events IN ACCESS SHARE MODE")
    try:
        proc = run(*APPLY, "--database-url", db_0002, "--statement-timeout", "300ms", "--lock-timeout", "20s")
        _, err = proc.communicate(timeout=120)
    finally:
        holder.close()
    assert proc.returncode == 1, err
    line = error_line(err)
    assert "failed: canceling statement due to statement timeout (SQLSTATE 57014)" in line, line
    assert "connection was lost" not in line, line


def test_apply_on_a_read_only_server_is_refused_before_any_step(db_0002, _evidence_dir: Path):
    with psycopg.connect(db_0002, autocommit=True) as conn:
        dbname = conn.info.dbname
        conn.execute(sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(sql.Identifier(dbname)))
    proc = run(*APPLY, "--database-url", db_0002)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    line = error_line(err)
    assert "is read-only: its transactions are read-only (default_transaction_read_only=on)" in line, line
    assert "Nothing was done" in line and "desired/" not in line and "FAILED" not in err, line
    assert not (_evidence_dir / "runs").exists()  # refused before planning: no run to record
    plan = run("plan", "--spec", str(DESIRED), "--database-url", db_0002, "--detailed-exitcode")
    assert plan.communicate(timeout=120)[1] == "" and plan.returncode == 2  # plan reads only: still fine


def test_a_read_only_dev_database_is_named_not_blamed_on_a_spec_line(db_0002):
    dev = make_conninfo(os.environ["RECONCILE_DEV_URL"], options="-c default_transaction_read_only=on")
    proc = run("plan", "--spec", str(DESIRED), "--database-url", db_0002, "--dev-url", dev)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    line = error_line(err)
    assert "the dev database" in line and "is read-only" in line and "--dev-url of a writable server" in line, line
    assert ".yaml" not in line, line


def test_a_failed_build_in_the_dev_database_prints_one_line(db_url, tmp_path):
    spec = write_spec(
        tmp_path / "spec",
        items="""
        table: items
        columns:
          - {name: id, type: integer, primary_key: true}
          - {name: qty, type: integer, default: "'many'"}
        """,
    )
    proc = run("plan", "--spec", str(spec), "--database-url", db_url)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and "error ignored terminating" not in err, err  # no stray pipeline log line
    assert error_line(err).startswith(f"Error: {spec / 'items.yaml'}:4"), err


def test_an_index_row_too_large_is_a_data_error_not_a_lost_connection(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE big (v text)")
        conn.execute("INSERT INTO big SELECT string_agg(md5(g::text), '') FROM generate_series(1, 400) g")
        with pytest.raises(psycopg.OperationalError) as raised:  # SQLSTATE 54000 is an OperationalError
            conn.execute("CREATE INDEX big_v ON big (v)")
        assert not conn.broken
    error = describe(raised.value, "building index big_v")
    assert not isinstance(error, ConnectionLost)
    assert str(error).startswith("database error while building index big_v: index row requires"), error
    assert "(SQLSTATE 54000)" in str(error)
