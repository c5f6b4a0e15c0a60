"""A dropped column's values are copied into the archive a key range at a time (recovery/archive.py
copy_batches): the archive holds exactly the values present at the drop, writes during the copy
included, and a terminal shows the rows done of the table's estimated rows."""

from __future__ import annotations

import os
import pty
import random
import subprocess
import sys
import threading
import time

import psycopg

from reconcile.apply.executor import ApplyOptions, Outcome, StepResult, apply_plan
from reconcile.plan.model import StepKind
from reconcile.plan.planner import make_plan
from reconcile.recovery.archive import BATCH_ROWS, SCHEMA, list_archives
from reconcile.spec.load import load_spec

from .helpers import Terminal, write_spec

ROWS = 2 * BATCH_ROWS + 5_000  # three batches, the last one short

# a composite key, its text half sorting differently from its number half
KEPT = """
    table: readings
    columns:
      - {name: site, type: text, primary_key: true}
      - {name: n, type: integer, primary_key: true}
      - {name: kept, type: integer}
"""

SETUP = (
    "CREATE TABLE readings (site text, n integer, kept integer, note text, score numeric, PRIMARY KEY (site, n))",
    "INSERT INTO readings SELECT 's' || (g %% 7), g, g, CASE WHEN g %% 5 <> 0 THEN 'note ' || g END,"
    " CASE WHEN g %% 3 = 0 THEN g / 7.0 END FROM generate_series(1, %s) g",
    "ANALYZE readings",
)

VALUES = (
    "SELECT count(*), md5(coalesce(string_agg(site || '/' || n || '=' || coalesce(note, '-') || '|'"
    " || coalesce(score::text, '-'), ',' ORDER BY site, n), '')) FROM {} WHERE note IS NOT NULL OR score IS NOT NULL"
)


def _setup(url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in SETUP:
            conn.execute(statement, [ROWS] if "%s" in statement else None)
    return str(write_spec(tmp_path / "spec", readings=KEPT))


def _writer(url: str, stop: threading.Event, writes: list[int]) -> None:
    """Inserts new keys inside and past the copied ranges, updates and clears existing values."""
    rnd = random.Random(7)
    with psycopg.connect(url, autocommit=True) as conn:
        n = ROWS
        while not stop.is_set():
            n += 1
            key = rnd.randint(1, ROWS)
            site = f"s{key % 7}"
            conn.execute("INSERT INTO readings VALUES (%s, %s, 0, %s, NULL)", [f"s{rnd.randint(0, 9)}", n, f"new {n}"])
            conn.execute(
                "UPDATE readings SET note = %s, score = score + 1 WHERE site = %s AND n = %s", [f"upd {n}", site, key]
            )
            conn.execute(
                "UPDATE readings SET note = NULL, score = NULL WHERE site = %s AND n = %s",
                [site, key + 1 - 2 * (key % 2)],
            )
            writes.append(n)


def test_the_batched_archive_holds_exactly_the_values_at_the_drop_writes_included(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    stop, writes = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(db_url, stop, writes))
    expected: list[tuple] = []
    progress: list[int] = []

    def on_event(kind: str, res: StepResult) -> None:
        if kind == "progress":
            progress.append(res.done)
        if kind == "start" and res.step.kind == StepKind.DROP:  # writes stop here: what the drop will see
            stop.set()
            writer.join()
            with psycopg.connect(db_url) as seen:
                expected.append(seen.execute(VALUES.format("readings")).fetchone())

    with psycopg.connect(db_url, autocommit=True) as conn:
        plan = make_plan(conn, load_spec(spec), db_url).plan
        copy = next(s for s in plan.steps if s.kind == StepKind.COPY)
        assert len(copy.batches) == 2
        writer.start()
        time.sleep(0.3)  # writes before the capture trigger exists, too
        result = apply_plan(conn, plan, ApplyOptions(allow_drop=frozenset({"column"})), on_event=on_event)
        stop.set()
        writer.join()
        assert result.outcome == Outcome.APPLIED, result.error
        (archive,) = list_archives(conn)
        got = conn.execute(VALUES.format(f'"{SCHEMA}"."{archive.name}"')).fetchone()
    assert len(writes) > 20, "the writer barely ran"
    assert got == expected[0]
    assert got[0] > ROWS // 2
    assert progress[:3] == [BATCH_ROWS, 2 * BATCH_ROWS, progress[2]] and progress[2] >= ROWS  # rows read, in batches


def test_a_name_with_a_percent_sign_keeps_the_one_statement(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute('CREATE TABLE "100%" (id integer PRIMARY KEY, note text)')
        conn.execute("""INSERT INTO "100%" SELECT g, 'n' || g FROM generate_series(1, 10) g""")
    spec = str(
        write_spec(tmp_path / "spec", pct="table: '100%'\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n")
    )
    with psycopg.connect(db_url, autocommit=True) as conn:
        plan = make_plan(conn, load_spec(spec), db_url).plan
        copy = next(s for s in plan.steps if s.kind == StepKind.COPY)
        assert copy.batches == ()
        result = apply_plan(conn, plan, ApplyOptions(allow_drop=frozenset({"column"})))
        assert result.outcome == Outcome.APPLIED, result.error
        assert [a.rows for a in list_archives(conn)] == [10]


def test_a_terminal_sees_the_archive_copy_rows_done_of_the_estimate(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    args = [sys.executable, "-m", "reconcile", "apply", "--spec", spec, "--database-url", db_url,
            "--auto-approve", "--no-evidence", "--allow-drop", "column"]  # fmt: skip
    term = Terminal(args, {**os.environ, "TERM": "xterm", "COLUMNS": "240"})
    # once the capture trigger exists, a write to a row of the second batch holds the copy there for a while
    with psycopg.connect(db_url, autocommit=True) as conn:
        for _ in range(3000):
            if conn.execute(
                "SELECT 1 FROM pg_trigger WHERE tgrelid = 'readings'::regclass AND NOT tgisinternal"
            ).fetchone():
                break
            time.sleep(0.01)
        with conn.transaction():
            site, n = conn.execute(
                "SELECT site, n FROM readings ORDER BY site, n OFFSET %s LIMIT 1", [BATCH_ROWS + 10]
            ).fetchone()
            conn.execute("UPDATE readings SET note = 'held' WHERE site = %s AND n = %s", [site, n])
            time.sleep(1.5)
    code, err = term.wait()
    assert code == 0, err
    assert f"copy existing values: {BATCH_ROWS:,} of ~{ROWS:,} rows" in err, err


def test_a_pipe_and_json_see_no_copy_progress(db_url, tmp_path):
    spec = _setup(db_url, tmp_path)
    args = [sys.executable, "-m", "reconcile", "apply", "--spec", spec, "--database-url", db_url,
            "--auto-approve", "--no-evidence", "--allow-drop", "column", "--format", "json"]  # fmt: skip
    leader, follower = pty.openpty()  # stderr a terminal, but JSON asked for: no progress either
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "TERM": "xterm"})
    os.close(follower)
    os.set_blocking(leader, False)
    try:
        err = os.read(leader, 65536).decode(errors="replace")
    except OSError:  # nothing written (EIO once the child has gone, EAGAIN before)
        err = ""
    os.close(leader)
    assert proc.returncode == 0, err
    assert "rows," not in err and "running" not in err, err
    doc = proc.stdout.decode()
    assert '"outcome": "applied"' in doc and "rows," not in doc
