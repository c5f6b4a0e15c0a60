"""Fleet apply: the application's 0002 -> 0003 change on many databases, serial vs `--parallel N`.

Builds a template database migrated like the application to release 0002 (tests/sql/app/0000..0002,
plus tests/sql/seed_rows.sql unless --no-rows), copies it into N databases (bench_fleet_000 ...), writes
a targets file naming them, and runs the real CLI once per mode:

    reconcile apply --spec desired --targets T --auto-approve --parallel P --format json

with P = 1 (serial) and P = --parallel. Before each mode the N databases are copied afresh from the
template (new OIDs, so the normalization memo is cold in both modes; it lives in a temp dir). For each
mode it reports wall time, the ratio serial / parallel, the CLI's peak RSS (`os.wait4`), and the peak
number of the CLI's backends on those databases (`pg_stat_activity`, application_name=reconcile,
sampled every 5 ms), which must be <= P. Every target must report `changed` (checked).

    .venv/bin/python bench/fleet.py [--databases 50] [--parallel 8] [--no-rows] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import yaml
from _common import (
    DEFAULT_URL,
    ROOT,
    SQL,
    bench_db,
    machine_info,
    print_table,
    ratio,
    reconcile_cmd,
    with_db,
    write_json,
)
from psycopg import sql

TEMPLATE = bench_db("bench_fleet_tpl")
APP = ("app/0000_initial.sql", "app/0001_provider_key_metadata.sql", "app/0002_openai_admin.sql")


def name(i: int) -> str:
    return bench_db(f"bench_fleet_{i:03d}")


def admin(url: str, *statements: sql.Composable) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in statements:
            conn.execute(stmt)


def recreate(url: str, db: str, template: str | None = None) -> None:
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db))
    if template:
        create = sql.SQL("{} TEMPLATE {}").format(create, sql.Identifier(template))
    admin(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)), create)


def build_template(url: str, rows: bool) -> None:
    recreate(url, TEMPLATE)
    with psycopg.connect(with_db(url, TEMPLATE), autocommit=True) as conn:
        for file in (*APP, *(["seed_rows.sql"] if rows else [])):
            conn.execute((SQL / file).read_text())  # type: ignore[call-overload]


def copy_fleet(url: str, n: int) -> None:
    for i in range(n):
        recreate(url, name(i), TEMPLATE)


class ConnectionSampler(threading.Thread):
    """Peak count of reconcile's backends on the fleet's databases while a run goes on."""

    def __init__(self, url: str, databases: list[str]) -> None:
        super().__init__(daemon=True)
        self.url, self.databases, self.peak = url, databases, 0
        self.stop = threading.Event()

    def run(self) -> None:
        query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'reconcile' AND datname = ANY(%s)"
        with psycopg.connect(self.url, autocommit=True, application_name="bench-fleet-sampler") as conn:
            while not self.stop.is_set():
                row = conn.execute(query, (self.databases,)).fetchone()
                self.peak = max(self.peak, row[0] if row else 0)
                time.sleep(0.005)


def run_mode(url: str, n: int, parallel: int, targets: Path, work: Path) -> dict[str, Any]:
    copy_fleet(url, n)
    env = dict(os.environ, RECONCILE_CACHE_DIR=str(work / f"cache-{parallel}"))
    cmd = [*reconcile_cmd(), "apply", "--spec", str(ROOT / "desired"), "--targets", str(targets)]
    cmd += ["--auto-approve", "--parallel", str(parallel), "--format", "json"]
    cmd += ["--evidence-dir", str(work / f"audit-{parallel}")]
    sampler = ConnectionSampler(url, [name(i) for i in range(n)])
    sampler.start()
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=work, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    sampler.stop.set()
    sampler.join()
    report = json.loads(text) if proc.returncode == 0 else {}
    if not report or report["counts"]["changed"] != n:
        sys.exit(f"parallel={parallel}: exit {proc.returncode}, not every target changed:\n{text[-2000:]}")
    per_target = sorted(t["seconds"] for t in report["targets"])
    return {
        "parallel": parallel,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "peak_connections": sampler.peak,
        "per_target_median_s": per_target[len(per_target) // 2],
        "within_bound": sampler.peak <= parallel,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--databases", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--no-rows", action="store_true", help="Leave out tests/sql/seed_rows.sql.")
    parser.add_argument("--keep", action="store_true", help="Keep the databases afterwards.")
    args = parser.parse_args()
    n = args.databases
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        work = Path(tmp)
        targets = work / "targets.yaml"
        targets.write_text(yaml.safe_dump({"targets": {name(i): with_db(args.url, name(i)) for i in range(n)}}))
        build_template(args.url, rows=not args.no_rows)
        try:
            runs = [run_mode(args.url, n, p, targets, work) for p in (1, args.parallel)]
        finally:
            if not args.keep:
                for db in [*(name(i) for i in range(n)), TEMPLATE]:
                    admin(args.url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
    serial, par = runs
    headers = ["mode", "wall s", "per target (median) s", "peak RSS MB", "peak connections", "<= parallel"]
    print_table(
        headers,
        [
            [
                f"--parallel {r['parallel']}",
                r["seconds"],
                r["per_target_median_s"],
                r["peak_rss_mb"],
                r["peak_connections"],
                r["within_bound"],
            ]
            for r in runs
        ],
    )
    speedup = ratio(serial["seconds"], par["seconds"])
    print(f"\n{n} databases: serial / --parallel {args.parallel} = {speedup}")
    payload = {
        "databases": n,
        "rows": not args.no_rows,
        "runs": runs,
        "speedup": speedup,
        "machine": machine_info(args.url),
    }
    print(f"Wrote {write_json('fleet', payload)}")
    if not all(r["within_bound"] for r in runs):
        sys.exit("peak connections exceeded --parallel")


if __name__ == "__main__":
    main()
