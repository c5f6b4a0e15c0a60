"""`reconcile apply` against real servers: convergence, locks, stale plans, kills."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from reconcile.apply.executor import ApplyOptions, StepResult, _run_group
from reconcile.catalog.introspect import introspect
from reconcile.normalize.build import normalize
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Group, Step
from reconcile.spec.load import load_spec

from .conftest import APP_0002, APP_0003, run_sql_file
from .helpers import DESIRED, cli, scalar
from .pgdump import dump, pg_dump_for

AE = Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK)
CHECKSUM = (
    "SELECT count(*), md5(string_agg(id || ':' || key_id || model || tokens_in || \"timestamp\", ',' ORDER BY id))"
    " FROM usage_events"
)


def reconcile(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def rows(url: str) -> tuple:
    with psycopg.connect(url) as conn:
        return conn.execute(CHECKSUM).fetchone()


def columns(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {
            r[0]
            for r in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'usage_events'::regclass AND attnum > 0"
                " AND NOT attisdropped"
            )
        }


def test_0002_to_0003_converges_rows_intact_second_plan_empty(db_0002):
    before = rows(db_0002)
    result = cli("apply", "--database-url", db_0002, "--auto-approve")
    assert result.exit_code == 0, result.output + result.stderr
    assert "outcome=applied" in result.output and "changed=22" in result.output
    assert rows(db_0002) == before
    with psycopg.connect(db_0002, autocommit=True) as conn:
        spec = load_spec(DESIRED)
        live = introspect(conn, spec.table_names())
        desired = normalize(conn, spec, live)
    assert live.to_dict() == desired.to_dict()
    again = cli("plan", "--database-url", db_0002, "--detailed-exitcode")
    assert again.exit_code == 0 and "No changes" in again.output
    assert cli("apply", "--database-url", db_0002, "--auto-approve").exit_code == 0


def test_pg_dump_equals_hand_run_0003(db_0002, make_db):
    version = int(str(scalar(db_0002, "SELECT current_setting('server_version_num')")))
    pg_dump = pg_dump_for(version // 10000)
    if pg_dump is None:
        pytest.skip("no pg_dump as new as the server")
    assert cli("apply", "--database-url", db_0002, "--auto-approve").exit_code == 0
    by_hand = make_db()
    run_sql_file(by_hand, *APP_0002, "seed_rows.sql", APP_0003[-1])
    dumped = dump(pg_dump, db_0002, "usage_events")
    assert "usage_admin_bucket_idx" in dumped and "window_start" in dumped
    assert dumped == dump(pg_dump, by_hand, "usage_events")


def test_drops_refused_without_allow_drop_and_nothing_changes(db_0003):
    before = columns(db_0003)
    result = cli("apply", "--spec", "releases/0002", "--database-url", db_0003, "--auto-approve")
    assert result.exit_code == 3
    assert "--allow-drop column" in result.stderr
    assert columns(db_0003) == before


def test_stale_plan_is_refused_and_nothing_runs(db_0002, tmp_path):
    plan = tmp_path / "p.json"
    assert cli("plan", "--database-url", db_0002, "--out", plan).exit_code == 0
    with psycopg.connect(db_0002, autocommit=True) as conn:
        conn.execute("ALTER TABLE usage_events ADD COLUMN by_hand int")
    result = cli("apply", plan, "--database-url", db_0002)
    assert result.exit_code == 3
    assert "plan is stale" in result.stderr and "by_hand" in result.stderr
    assert "window_start" not in columns(db_0002)


def test_saved_plan_applies_then_reports_already_applied(db_0002, tmp_path):
    plan = tmp_path / "p.json"
    cli("plan", "--database-url", db_0002, "--out", plan)
    first = cli("apply", plan, "--database-url", db_0002)
    assert first.exit_code == 0 and "outcome=applied" in first.output
    second = cli("apply", plan, "--database-url", db_0002)
    assert second.exit_code == 0 and "Already applied" in second.output


def test_lock_timeout_is_set_inside_the_steps_session(db_url):
    opts = ApplyOptions(lock_timeout_ms=250, other_lock_timeout_ms=4000, statement_timeout_ms=9000)
    steps = (
        Step("a", "x", "short", "CREATE TABLE lt_short AS SELECT current_setting('lock_timeout') AS v", hazards=(AE,)),
        Step(
            "b",
            "x",
            "normal",
            "CREATE TABLE lt_normal AS SELECT current_setting('lock_timeout') AS v,"
            " current_setting('statement_timeout') AS s",
        ),
    )
    with psycopg.connect(db_url, autocommit=True) as conn:
        _run_group(conn, Group(steps), [StepResult(s) for s in steps], opts, None)
        assert conn.execute("SELECT v FROM lt_short").fetchone() == ("250ms",)
        assert conn.execute("SELECT v, s FROM lt_normal").fetchone() == ("4s", "9s")
        assert conn.execute("SHOW lock_timeout").fetchone() != ("250ms",)  # SET LOCAL: gone after commit


def _hold_access_share(url: str, release: threading.Event, started: threading.Event) -> threading.Thread:
    def run() -> None:
        with psycopg.connect(url) as conn:
            conn.execute("SELECT count(*) FROM usage_events")  # opens a transaction holding ACCESS SHARE
            started.set()
            release.wait(120)
            conn.rollback()

    t = threading.Thread(target=run)
    t.start()
    return t


def test_blocked_apply_fails_cleanly_and_never_stalls_writers(db_0002):
    started, release = threading.Event(), threading.Event()
    holder = _hold_access_share(db_0002, release, started)
    started.wait(5)
    insert_errors: list[str] = []
    inserted = []
    stop = threading.Event()

    def writer() -> None:
        with psycopg.connect(db_0002, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '2s'")  # would fire if we queued behind reconcile's lock request
            while not stop.is_set():
                try:
                    conn.execute("INSERT INTO usage_events (key_id, model, \"timestamp\") VALUES (1, 'w', now())")
                    inserted.append(1)
                except psycopg.Error as exc:
                    insert_errors.append(str(exc))
                time.sleep(0.02)

    w = threading.Thread(target=writer)
    w.start()
    try:
        proc = reconcile(
            "apply", "--database-url", db_0002, "--auto-approve", "--lock-timeout", "100ms", "--lock-retries", "4"
        )
        out, err = proc.communicate(timeout=60)
    finally:
        stop.set()
        release.set()
        w.join()
        holder.join()
    assert proc.returncode == 1, out + err
    assert "could not get its lock" in err
    assert "window_start" not in columns(db_0002)  # nothing half-done
    assert insert_errors == [] and len(inserted) > 10


def test_apply_succeeds_when_the_blocker_ends_within_the_budget(db_0002):
    holder = psycopg.connect(db_0002)
    holder.execute("SELECT count(*) FROM usage_events")  # open transaction holding ACCESS SHARE
    proc = reconcile(
        "apply", "--database-url", db_0002, "--auto-approve", "--lock-timeout", "100ms", "--lock-retries", "60"
    )
    seen = False
    with psycopg.connect(db_0002, autocommit=True) as watch:
        for _ in range(3000):  # release the table once apply has been seen queueing for it
            seen = bool(
                watch.execute(
                    "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    " WHERE NOT l.granted AND a.application_name = 'reconcile'"
                ).fetchone()
            )
            if seen or proc.poll() is not None:
                break
            time.sleep(0.01)
    holder.rollback()
    holder.close()
    out, err = proc.communicate(timeout=60)
    assert seen, "apply never waited for the lock"
    assert proc.returncode == 0, err
    assert "window_start" in columns(db_0002)


def test_two_applies_at_once_exactly_one_changes(db_0002):
    procs = [reconcile("apply", "--database-url", db_0002, "--auto-approve") for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = [p.returncode for p in procs]
    changed = [o for o, _ in outs if "outcome=applied" in o]
    assert len(changed) == 1, outs
    assert all(c in (0, 3) for c in codes), outs
    loser = next(o + e for (o, e), c in zip(outs, codes, strict=True) if "outcome=applied" not in o)
    assert "No changes" in loser or "Already applied" in loser or "plan is stale" in loser or "lock" in loser


def test_killed_during_concurrent_index_build_next_apply_converges(db_0002):
    before = rows(db_0002)
    # an open snapshot makes CREATE INDEX CONCURRENTLY wait, so we can kill the apply mid-build
    blocker = psycopg.connect(db_0002)
    blocker.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    blocker.execute("SELECT 1 FROM users LIMIT 1")
    proc = reconcile("apply", "--database-url", db_0002, "--auto-approve", start_new_session=True)
    pid = None
    with psycopg.connect(db_0002, autocommit=True) as watch:
        for _ in range(300):
            row = watch.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'reconcile' AND state = 'active'"
                " AND query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY%'"
                " AND EXISTS (SELECT FROM pg_index WHERE NOT indisvalid)"  # mid-build, not between retries
            ).fetchone()
            if row:
                pid = row[0]
                break
            time.sleep(0.05)
        assert pid, "the apply never reached the index build"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        watch.execute("SELECT pg_terminate_backend(%s)", [pid])  # the server side of a lost client
        blocker.close()
        for _ in range(100):
            if not watch.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                break
            time.sleep(0.05)
        invalid = watch.execute("SELECT count(*) FROM pg_index WHERE NOT indisvalid").fetchone()[0]
    assert invalid == 1  # the killed build left an INVALID index behind
    result = cli("apply", "--database-url", db_0002, "--auto-approve")
    assert result.exit_code == 0, result.output + result.stderr
    with psycopg.connect(db_0002) as conn:
        assert conn.execute("SELECT count(*) FROM pg_index WHERE NOT indisvalid").fetchone() == (0,)
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'usage_events'")}
    assert names == {"usage_events_pkey", "usage_admin_bucket_idx"}
    assert rows(db_0002)[0] == before[0]
    assert cli("plan", "--database-url", db_0002, "--detailed-exitcode").exit_code == 0


def test_no_confirmation_on_non_tty_refuses(db_0002):
    result = cli("apply", "--database-url", db_0002)
    assert result.exit_code == 1
    assert "--auto-approve" in result.stderr
    assert "window_start" not in columns(db_0002)
