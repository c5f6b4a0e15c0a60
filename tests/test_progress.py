"""Progress on a terminal only: lock wait naming the holder, each step as it starts. Pseudo-terminal subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psycopg

from reconcile.apply.lock import SCOPE, lock_key
from reconcile.cli.progress import index_progress

from .helpers import Terminal, write_spec

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
        conn.execute("INSERT INTO items SELECT g, g FROM generate_series(1, 1000) g")
    return str(write_spec(tmp_path / "spec", items=SPEC))


def _release(holder: psycopg.Connection) -> None:
    holder.execute("SELECT pg_advisory_unlock(%s)", [lock_key(SCOPE)])
    holder.close()


def _apply_while_locked(url: str, spec: str, *, tty: bool) -> tuple[int, str, int]:
    """Hold reconcile's advisory lock while apply starts (on a terminal until it shows the wait, else 2.5 s);
    (exit code, its stderr, holder pid)."""
    # another reconcile run (an idle session of any other application would be named stale at once)
    holder = psycopg.connect(url, autocommit=True, application_name="reconcile apply")
    holder.execute("SELECT pg_advisory_lock(%s)", [lock_key(SCOPE)])
    pid = holder.info.backend_pid
    args = [sys.executable, "-m", "reconcile", "apply", "--spec", spec, "--database-url", url,
            "--auto-approve", "--no-evidence"]  # fmt: skip
    env = {**os.environ, "TERM": "xterm"}
    if tty:
        term = Terminal(args, env)
        # held until the terminal shows the wait: a fixed hold lost the race under load (PG18, CI)
        deadline = time.monotonic() + 60
        while b"waiting for the lock" not in term.seen() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        _release(holder)
        return (*term.wait(), pid)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(2.5)
    _release(holder)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode(), pid


def test_a_terminal_sees_the_lock_wait_and_each_step_starting(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    code, err, pid = _apply_while_locked(db_url, spec, tty=True)
    assert code == 0, err
    assert f"waiting for the lock held by pid {pid} (reconcile apply, idle for " in err
    assert "running  build index public.items_v_idx" in err, err


def test_a_pipe_sees_no_progress(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    code, err, _ = _apply_while_locked(db_url, spec, tty=False)
    assert code == 0, err
    assert "waiting for the lock" not in err and "running  " not in err and "\x1b[" not in err


def test_index_progress_reads_a_running_build(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE big (id integer)")
        conn.execute("INSERT INTO big SELECT g FROM generate_series(1, 10) g")
        assert index_progress(conn, '"public"."big"') is None  # nothing running
        blocker = psycopg.connect(db_url)
        blocker.execute("INSERT INTO big VALUES (0)")  # the build waits for this writer: it stays visible
        build = threading.Thread(target=lambda: _build(db_url))
        build.start()
        seen = None
        for _ in range(500):
            seen = index_progress(conn, '"public"."big"')
            if seen and seen.startswith("waiting for"):
                break
            time.sleep(0.01)
        blocker.commit()
        blocker.close()
        build.join(30)
    assert seen is not None and seen.startswith("waiting for")


def _build(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE INDEX CONCURRENTLY big_id_idx ON big (id)")


SLOW_CHECK = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: v, type: integer}
    checks:
      - {name: items_v_slow, expression: "pg_catalog.pg_sleep(0.003) IS NOT NULL AND v > 0"}
"""


def test_a_terminal_sees_a_validation_with_the_rows_it_scans(db_url, tmp_path):
    """Issue 16 point 4: a validation (and an archive copy) shows the table's estimated rows and the time."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, v integer)")
        conn.execute("INSERT INTO items SELECT g, g FROM generate_series(1, 1000) g")
        conn.execute("ANALYZE items")
    spec = str(write_spec(tmp_path / "spec", items=SLOW_CHECK))
    code, err, _ = _apply_while_locked(db_url, spec, tty=True)
    assert code == 0, err
    assert "validate" in err and "~1,000 rows, " in err, err
