"""Concurrent index builds obey --lock-timeout / --lock-retries, and a cancelled build leaves nothing INVALID."""

from __future__ import annotations

import subprocess
import sys
import time

import psycopg

from .helpers import write_spec

SPEC = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: v, type: integer}
    indexes:
      - {name: items_v_idx, columns: [v]}
"""


def _setup(url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, v integer)")
        conn.execute("INSERT INTO items SELECT g, g FROM generate_series(1, 100) g")
    return str(write_spec(tmp_path / "spec", items=SPEC))


def _apply(url: str, spec: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile", "apply", "--spec", spec, "--database-url", url, "--auto-approve",
         "--no-evidence", "--lock-timeout", "100ms", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _hold_writer_until_apply_waits(url: str, proc: subprocess.Popen) -> bool:
    """An open transaction that wrote to items (the build must wait for it); ended once apply has waited."""
    holder = psycopg.connect(url)
    holder.execute("INSERT INTO items VALUES (1000, 1000)")
    seen = False
    with psycopg.connect(url, autocommit=True) as watch:
        for _ in range(2000):
            seen = seen or bool(
                watch.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                    " AND application_name = 'reconcile' AND wait_event_type = 'Lock'"
                ).fetchone()
            )
            if proc.poll() is not None:
                break
            if seen:
                time.sleep(1.0)  # longer than the 100ms lock_timeout: the build is cancelled at least once
                break
            time.sleep(0.01)
    holder.commit()
    holder.close()
    return seen


def _indexes(url: str) -> dict[str, bool]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = 'items'::regclass AND NOT i.indisprimary"
        ).fetchall()
    return dict(rows)


def test_a_build_cancelled_by_the_lock_timeout_is_dropped_and_retried(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    proc = _apply(db_url, spec, "--lock-retries", "20")
    seen = _hold_writer_until_apply_waits(db_url, proc)
    out, err = proc.communicate(timeout=120)
    assert seen, "the build never waited"
    assert proc.returncode == 0, out + err
    assert "lock not available, retry 1" in err, err
    assert _indexes(db_url) == {"items_v_idx": True}


def test_a_build_out_of_retries_fails_and_leaves_no_invalid_index(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    proc = _apply(db_url, spec, "--lock-retries", "0")
    _hold_writer_until_apply_waits(db_url, proc)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, out + err
    assert "could not get its lock after 1 attempts (lock_timeout 100ms)" in err
    assert "Traceback" not in err
    assert _indexes(db_url) == {}


def test_the_plan_shows_the_timeouts_each_step_will_use(db_url, tmp_path):
    from .helpers import cli

    spec = _setup(db_url, tmp_path)
    planned = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "(outside a transaction; lock_timeout 200ms, up to 12 retries)" in planned.output
    applied = cli(
        "apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--no-evidence",
        "--lock-timeout", "1s", "--lock-retries", "3", "--statement-timeout", "90s",
    )  # fmt: skip
    assert applied.exit_code == 0, applied.output
    assert "(outside a transaction; lock_timeout 1s, up to 3 retries; statement_timeout 90s)" in applied.output
