"""Start-up cost: `reconcile --help` and `reconcile plan` (1-table spec, warm server) vs `python -c pass`.

Each command runs N times as a fresh process (after one untimed warm-up); the median wall time
is reported with min/max and the ratio to bare interpreter start-up. Target: --help < 0.3 s.

    .venv/bin/python bench/startup.py [-n 15] [--database-url URL]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    DEFAULT_URL,
    ROOT,
    bench_db,
    drop_db,
    machine_info,
    median,
    print_table,
    ratio,
    reconcile_cmd,
    recreate_db,
    write_json,
)

SPEC = """table: bench_startup
columns:
  - {name: id, type: bigint, primary_key: true}
  - {name: name, type: text, nullable: false}
  - {name: created_at, type: timestamp, nullable: false, default: "now()"}
indexes:
  - {name: bench_startup_name_idx, columns: [name]}
"""

DDL = """CREATE TABLE bench_startup (id bigint PRIMARY KEY, name text NOT NULL,
created_at timestamp NOT NULL DEFAULT now());
CREATE INDEX bench_startup_name_idx ON bench_startup (name);"""


def time_cmd(cmd: list[str], n: int, ok_codes: tuple[int, ...] = (0,)) -> dict[str, object]:
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)  # warm-up (page cache, .pyc)
    if p.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout[-1000:]}{p.stderr[-1000:]}")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return {
        "median_s": round(median(times), 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
        "runs": n,
        "exit_code": p.returncode,
        "output_head": (p.stdout or p.stderr)[:300],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--runs", type=int, default=15)
    ap.add_argument("--database-url", default=DEFAULT_URL, help="server maintenance DB (default %(default)s)")
    args = ap.parse_args()

    db = bench_db("bench_startup")
    db_url = recreate_db(args.database_url, db)
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(DDL)  # type: ignore[arg-type]
    rc = reconcile_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "bench_startup.yaml"
        spec.write_text(SPEC)
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"], (0,)),
            ("python -c 'import psycopg'", [sys.executable, "-c", "import psycopg"], (0,)),
            ("reconcile --help", [*rc, "--help"], (0,)),
            ("reconcile plan --help", [*rc, "plan", "--help"], (0,)),
            ("reconcile plan (1 table, no change)", [*rc, "plan", "--spec", str(spec), "--database-url", db_url], (0,)),
        ]
        rows = []
        results = {}
        for label, cmd, ok in cases:
            r = time_cmd(cmd, args.runs, ok)
            results[label] = r
            print(f"{label}: median {r['median_s']}s", file=sys.stderr)
    drop_db(args.database_url, db)
    base = results["python -c pass"]["median_s"]
    for label, r in results.items():
        rows.append([label, r["median_s"], r["min_s"], r["max_s"], ratio(r["median_s"], base), r["exit_code"]])  # type: ignore[arg-type]
    print_table(["command", "median s", "min s", "max s", "x python", "exit"], rows)
    help_s = results["reconcile --help"]["median_s"]
    target = {"help_under_0.3s": help_s < 0.3}  # type: ignore[operator]
    print(f"\ntarget reconcile --help < 0.3 s: {'met' if target['help_under_0.3s'] else 'MISSED'} ({help_s}s)")
    path = write_json(
        "startup",
        {"benchmark": "startup", "machine": machine_info(args.database_url), "args": vars(args),
         "results": results, "targets": target},
    )  # fmt: skip
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
