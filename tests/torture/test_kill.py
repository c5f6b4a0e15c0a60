"""Kill anywhere: SIGKILL the apply (and the rollback) at a random moment; the next apply converges."""

from __future__ import annotations

import json
import random
import time

import psycopg
import pytest
from psycopg import sql

from ..conftest import APP_0002, APP_0003, run_sql_file
from ..helpers import DESIRED, RELEASE_0002, cli
from .conftest import STATS, Writer, kill_group, reap_orphans, spawn
from .invariants import assert_converged, original_rows

pytestmark = pytest.mark.torture

MORE_ROWS = """
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp")
SELECT 1 + g % 40, 'bulk', g, g, 0, timestamp '2024-01-01' + make_interval(secs => g)
FROM generate_series(1, 12000) g
"""
FILL = """
UPDATE usage_events SET window_start = "timestamp", window_end = "timestamp" + interval '1 minute',
  project_id = CASE WHEN id % 3 = 0 THEN NULL ELSE 'proj_' || (id % 7) END,
  batch = (id % 2 = 0), num_model_requests = id % 5, input_cached_tokens = id * 3
"""
FULL = (
    "SELECT md5(string_agg(concat_ws('|', id, window_start, window_end, project_id, batch, num_model_requests,"
    " input_cached_tokens), ',' ORDER BY id)) FROM usage_events WHERE id <= %s"
)
FORWARD = ["apply", "--spec", str(DESIRED), "--auto-approve", "--lock-wait", "60"]
BACK = ["apply", "--spec", str(RELEASE_0002), "--auto-approve", "--allow-drop", "column,index", "--lock-wait", "60"]


def prepare(url: str, release: str) -> int:
    run_sql_file(url, *APP_0002, "seed_rows.sql")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(MORE_ROWS)
    if release == "0003":
        run_sql_file(url, APP_0003[-1])
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(FILL)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE usage_events")
        return conn.execute("SELECT max(id) FROM usage_events").fetchone()[0]


NON_NULL = "SELECT count(project_id), md5(string_agg(id || ':' || project_id, ',' ORDER BY id)) FROM {}"


def archived(url: str, name: str) -> tuple:
    """(count, checksum) of the non-null project_id values in archive `name`."""
    with psycopg.connect(url) as conn:
        query = sql.SQL(NON_NULL).format(sql.Identifier("reconcile_archive", name))
        return conn.execute(query).fetchone()  # type: ignore[return-value]


def measure(url: str, args: list[str]) -> float:
    """Wall time of one uninterrupted run of `args` (the kill delays cover [0, that])."""
    start = time.monotonic()
    proc = spawn(*args, "--database-url", url)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    return time.monotonic() - start


def full_values(url: str, max_id: int) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute(FULL, [max_id]).fetchone()[0]  # type: ignore[index]


def kill_then_rerun(url: str, args: list[str], delay: float) -> str:
    proc = spawn(*args, "--database-url", url)
    try:
        proc.wait(timeout=delay)
        out, err = proc.communicate()
        finished = f"finished before the kill (exit {proc.returncode})"
        assert proc.returncode == 0, out + err
    except Exception:  # noqa: BLE001 - TimeoutExpired: still running, which is the point
        kill_group(proc)
        finished = "killed"
        STATS["faults"] += 1
    reap_orphans(url)
    again = spawn(*args, "--database-url", url)
    out, err = again.communicate(timeout=180)
    assert again.returncode == 0, f"rerun after kill at {delay:.3f}s failed:\n{out}\n{err}"
    assert "Traceback" not in err
    return finished


def test_kill_anywhere_forward(make_db, torture_scale):
    url = make_db()
    max_id = prepare(url, "0002")
    before = original_rows(url, max_id)
    probe = make_db()
    prepare(probe, "0002")
    length = measure(probe, FORWARD)
    rng = random.Random(9)
    with Writer(url) as writer:
        for i in range(torture_scale(8)):
            delay = rng.uniform(0.0, length * 1.1)
            kill_then_rerun(url, FORWARD, delay)
            assert_converged(url, str(DESIRED), max_id, before)
            STATS["converged"] += 1
            if i < torture_scale(8) - 1:  # back to 0002 for the next kill (no kill here)
                back = spawn(*BACK, "--database-url", url)
                out, err = back.communicate(timeout=180)
                assert back.returncode == 0, out + err
    assert writer.inserted > 0


def test_kill_anywhere_rollback_archives_everything(make_db, torture_scale):
    url = make_db()
    max_id = prepare(url, "0003")
    before = original_rows(url, max_id)
    values = full_values(url, max_id)
    with psycopg.connect(url) as conn:
        non_null = conn.execute(NON_NULL.format("usage_events")).fetchone()  # noqa: S608 - constant
    probe = make_db()
    prepare(probe, "0003")
    length = measure(probe, BACK)
    rng = random.Random(90)
    forward = [*FORWARD, "--restore-archived"]
    with Writer(url) as writer:
        for _ in range(torture_scale(8)):
            delay = rng.uniform(0.0, length * 1.1)
            kill_then_rerun(url, BACK, delay)
            assert_converged(url, str(RELEASE_0002), max_id, before)
            listing = cli("archive", "list", "--database-url", url, "--format", "json")
            assert listing.exit_code == 0, listing.output
            archives = [a for a in json.loads(listing.output) if "project_id" in a["columns"]]
            newest = max(archives, key=lambda a: a["run"])
            assert archived(url, newest["name"]) == non_null, (delay, archives)
            STATS["converged"] += 1
            # forward again, restoring from the archives: every original value comes back
            again = spawn(*forward, "--database-url", url)
            out, err = again.communicate(timeout=180)
            assert again.returncode == 0, out + err
            assert_converged(url, str(DESIRED), max_id, before)
            assert full_values(url, max_id) == values, f"values not restored after a kill at {delay:.3f}s"
    assert writer.inserted > 0
