"""The backoff between lock-timeout retries ends when the transactions we waited behind end (apply/blockers.py)."""

from __future__ import annotations

import threading
import time

import psycopg

from reconcile.apply.executor import ApplyOptions, StepResult, _run_group
from reconcile.errors import ApplyFailed
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Group, Step

AE = Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK)


def _step() -> Step:
    return Step(
        "s1",
        "+ column public.t.b",
        "add column b",
        "ALTER TABLE public.t ADD COLUMN b int",
        hazards=(AE,),
        table="public.t",
    )


def _hold(url: str, seconds: float, started: threading.Event) -> threading.Thread:
    def run() -> None:
        with psycopg.connect(url) as conn:
            conn.execute("SELECT count(*) FROM public.t")  # a report: an open transaction holding ACCESS SHARE
            started.set()
            time.sleep(seconds)
            conn.rollback()

    t = threading.Thread(target=run)
    t.start()
    return t


def _table(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.t (a int PRIMARY KEY)")


def test_the_retry_follows_the_blocker_not_the_backoff(db_url):
    _table(db_url)
    started = threading.Event()
    holder = _hold(db_url, 0.8, started)
    started.wait(5)
    # the first backoff is 4-8 s: retrying only when it is over would take that long
    opts = ApplyOptions(lock_timeout_ms=150, lock_retries=3, retry_base_s=8.0)
    step = _step()
    results = [StepResult(step)]
    t0 = time.monotonic()
    with psycopg.connect(db_url, autocommit=True) as conn:
        _run_group(conn, Group((step,)), results, opts, None)
        elapsed = time.monotonic() - t0
        assert conn.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'b'"
        ).fetchone() == (1,)
    holder.join()
    assert results[0].attempts == 2
    assert elapsed < 2.5, elapsed


def test_a_blocker_that_stays_still_gets_the_whole_backoff(db_url):
    _table(db_url)
    started = threading.Event()
    holder = _hold(db_url, 4.0, started)
    started.wait(5)
    opts = ApplyOptions(lock_timeout_ms=100, lock_retries=2, retry_base_s=1.0)  # backoffs >= 0.5 s and 0.8 s
    step = _step()
    t0 = time.monotonic()
    try:
        with psycopg.connect(db_url, autocommit=True) as conn:
            try:
                _run_group(conn, Group((step,)), [StepResult(step)], opts, None)
                raise AssertionError("the step ran while the table was held")
            except ApplyFailed as exc:
                assert "after 3 attempts" in str(exc)
        assert time.monotonic() - t0 >= 0.5 + 0.8 + 3 * 0.1
    finally:
        holder.join()


def test_a_young_writer_on_the_table_does_not_end_the_backoff_early(db_url):
    """A writer that got its lock when we gave up is not what we waited behind: its short
    transactions ending must not trigger a retry while the report still holds the table."""
    _table(db_url)
    started, stop = threading.Event(), threading.Event()
    holder = _hold(db_url, 3.0, started)
    started.wait(5)

    def write() -> None:
        with psycopg.connect(db_url, autocommit=True) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                conn.execute("INSERT INTO public.t VALUES (%s)", [n])

    w = threading.Thread(target=write)
    w.start()
    opts = ApplyOptions(lock_timeout_ms=100, lock_retries=1, retry_base_s=2.0)  # one backoff of 1-2 s
    step = _step()
    results = [StepResult(step)]
    t0 = time.monotonic()
    try:
        with psycopg.connect(db_url, autocommit=True) as conn:
            try:
                _run_group(conn, Group((step,)), results, opts, None)
            except ApplyFailed:
                pass
        assert time.monotonic() - t0 >= 1.0 + 2 * 0.1
        assert results[0].attempts == 2
    finally:
        stop.set()
        w.join()
        holder.join()
