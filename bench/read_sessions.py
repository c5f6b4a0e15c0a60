"""What the pooler-safe read session costs: `make_plan` and `check_drift` in-process on the real
application's database (release 0003 with rows, memo warm), median of N runs, on

  (a) a plain psycopg connection (main's way: session state, automatic prepared statements),
  (b) a read session, direct (every statement in a transaction that sets its own lock_timeout),
  (c) a read session through PgBouncer in transaction mode (started here on a free loopback port).

Ratios (b)/(a) and (c)/(a); runs interleaved (a, b, c, a, b, c, ...). Needs `pgbouncer` (apt-get install pgbouncer).

    .venv/bin/python bench/read_sessions.py [-n 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from _common import (
    DEFAULT_URL,
    ROOT,
    SQL,
    bench_db,
    drop_db,
    machine_info,
    median,
    print_table,
    ratio,
    recreate_db,
    write_json,
)

sys.path.insert(0, str(ROOT))
from tests.pgbouncer import pgbouncer, through  # noqa: E402

from reconcile.connect.session import read_session  # noqa: E402
from reconcile.plan.planner import make_plan  # noqa: E402
from reconcile.spec.load import load_spec  # noqa: E402
from reconcile.verify.drift import check_drift  # noqa: E402

APP = ["app/0000_initial.sql", "app/0001_provider_key_metadata.sql", "app/0002_openai_admin.sql"]
FILES = [*APP, "seed_rows.sql", "app/0003_usage_event_windows.sql"]


DB = bench_db("bench_read_sessions")


def timed(runs: int, *fns: Callable[[], object]) -> list[float]:
    """Median seconds of each function; runs interleaved so a busy machine weighs on all alike."""
    for fn in fns:
        fn()  # warm-up (memo, server caches)
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, out in zip(fns, samples, strict=True):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return [median(s) for s in samples]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args()
    url = recreate_db(DEFAULT_URL, DB)
    with psycopg.connect(url, autocommit=True) as conn:
        for name in FILES:
            conn.execute((SQL / name).read_text())  # type: ignore[call-overload]
    spec = load_spec(str(ROOT / "desired"))

    def plain(target: str, work: Callable[[psycopg.Connection], object]) -> Callable[[], object]:
        def run() -> object:
            with psycopg.connect(target, autocommit=True) as conn:
                return work(conn)

        return run

    def session(target: str, work: Callable[[psycopg.Connection], object]) -> Callable[[], object]:
        def run() -> object:
            with read_session(target) as conn:
                return work(conn)

        return run

    rows = []
    results: dict[str, object] = {"machine": machine_info(DEFAULT_URL)}
    with pgbouncer(DEFAULT_URL, "transaction", Path(ROOT / ".reconcile" / "bench-pgbouncer")) as port:
        pooled = through(url, port)
        for label, work in (
            ("plan", lambda c: make_plan(c, spec, url)),
            ("drift", lambda c: check_drift(c, spec, url)),
        ):
            a, b, c = timed(args.n, plain(url, work), session(url, work), session(pooled, work))
            rows.append([label, a, b, c, ratio(b, a), ratio(c, a)])
            results[label] = {"plain_s": a, "session_s": b, "pooled_s": c}
    drop_db(DEFAULT_URL, DB)
    print_table(["read", "(a) plain s", "(b) session s", "(c) pooled s", "(b)/(a)", "(c)/(a)"], rows)
    write_json("read_sessions", results)


if __name__ == "__main__":
    main()
