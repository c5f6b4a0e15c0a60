"""Write availability during a schema change: the runbook's hand-run SQL vs `reconcile apply`.

Two scenarios, each run twice on identical clones of one template database:

  forward   0002 -> 0003 on usage_events (default 300,000 rows) while a "report query"
            session holds the table (open transaction that has read it) for 4 s,
            starting just before the change.
  rollback  0003 -> 0002 on usage_events (default 2,000,000 rows).

Variants:
  (a) runbook  the SQL the runbook runs by hand with psql (autocommit, one statement per
               command): tests/sql/0003.sql forward; the runbook's DROP COLUMN list +
               DROP INDEX + CREATE UNIQUE INDEX (legacy) for the rollback.
  (b) reconcile `reconcile apply --auto-approve` (forward: desired/; rollback:
               `--spec releases/0002 --allow-drop column,index`).

A writer thread (own connection, autocommit) inserts rows continuously and records every
insert's latency; the rows are valid under both schemas (key_id, model, timestamp unique per row).
Reported per variant: total time of the change, writer max / p99 / median insert latency
during the change, inserts completed, and the ratios (b)/(a).

    .venv/bin/python bench/online_ddl.py [--forward-rows N] [--rollback-rows N] [--only forward|rollback]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import psycopg
from _common import (
    DEFAULT_URL,
    ROOT,
    SQL,
    drop_db,
    machine_info,
    median,
    percentile,
    print_table,
    ratio,
    reconcile_cmd,
    recreate_db,
    write_json,
)

NEW_COLUMNS = [
    "window_start", "window_end", "project_id", "openai_user_id", "openai_api_key_id", "service_tier",
    "batch", "num_model_requests", "input_cached_tokens", "input_uncached_tokens", "input_text_tokens",
    "output_text_tokens", "input_cached_text_tokens", "input_audio_tokens", "input_cached_audio_tokens",
    "output_audio_tokens", "input_image_tokens", "input_cached_image_tokens", "output_image_tokens",
]  # fmt: skip

# The application's migrations 0000-0003 (tests/sql/app): a 0002 database built from them has the
# foreign keys and index desired/ names, so the forward plan holds the 0003 delta alone.
APP_RELEASES = ["0000_initial.sql", "0001_provider_key_metadata.sql", "0002_openai_admin.sql",
                "0003_usage_event_windows.sql"]  # fmt: skip

# The runbook's rollback, verbatim (three psql -c commands).
RUNBOOK_ROLLBACK = [
    "ALTER TABLE usage_events " + ", ".join(f"DROP COLUMN IF EXISTS {c}" for c in NEW_COLUMNS) + ";",
    "DROP INDEX IF EXISTS usage_admin_bucket_idx;",
    "CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events (key_id, model, timestamp)",
]

SEED_PARENTS = """
INSERT INTO users (id) SELECT 'user_' || g FROM generate_series(1, 20) g;
INSERT INTO provider_keys (user_id, provider, encrypted_key, iv, auth_tag)
  SELECT 'user_' || (1 + g % 20), 'openai', 'k' || g, 'iv', 'tag' FROM generate_series(1, 40) g;
"""

SEED_0002 = """
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp")
  SELECT 1 + g %% 40, 'gpt-4o-mini', g %% 5000, g %% 7000, (g %% 1000) / 1000.0,
         timestamp '2025-01-01' + make_interval(secs => g)
  FROM generate_series(1, %(rows)s) g;
"""

SEED_0003 = """
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp",
    window_start, window_end, project_id, openai_user_id, openai_api_key_id, service_tier, batch,
    num_model_requests, input_cached_tokens, input_uncached_tokens, input_text_tokens, output_text_tokens)
  SELECT 1 + g %% 40, 'gpt-4o-mini', g %% 5000, g %% 7000, (g %% 1000) / 1000.0,
         timestamp '2025-01-01' + make_interval(secs => g),
         timestamp '2025-01-01' + make_interval(secs => g),
         timestamp '2025-01-01' + make_interval(secs => g + 86400),
         'proj_' || (g %% 7), 'user-' || (g %% 11), 'key_' || (g %% 40), 'default', false,
         1 + g %% 9, g %% 100, g %% 5000, g %% 5000, g %% 7000
  FROM generate_series(1, %(rows)s) g;
"""


@dataclass
class Writer:
    """Inserts rows in a loop on its own connection; records (start, latency) of each insert."""

    url: str
    samples: list[tuple[float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        base = dt.datetime(2031, 1, 1)
        n = 0
        with psycopg.connect(self.url, autocommit=True, application_name="bench-writer") as conn:
            cur = conn.cursor()
            sql = 'INSERT INTO usage_events (key_id, model, "timestamp") VALUES (%s, %s, %s)'
            cur.execute(sql, (1, "bench-writer", base))  # prepare / warm up
            self.ready.set()
            while not self.stop.is_set():
                n += 1
                t = time.perf_counter()
                try:
                    cur.execute(sql, (1 + n % 40, "bench-writer", base + dt.timedelta(microseconds=n)))
                except psycopg.Error as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}".strip())
                self.samples.append((t, time.perf_counter() - t))

    def during(self, t0: float, t1: float) -> list[float]:
        return [lat for (t, lat) in self.samples if t0 <= t <= t1 or (t < t0 and t + lat > t0)]


def hold_report(url: str, seconds: float, has_read: threading.Event, done: threading.Event) -> None:
    """The report query: an open transaction that has read usage_events, held for `seconds`."""
    with psycopg.connect(url, application_name="bench-report") as conn:
        conn.execute("SELECT count(*), max(tokens_in) FROM usage_events").fetchone()
        has_read.set()
        time.sleep(seconds)
        conn.rollback()
    done.set()


def build_template(url: str, name: str, rows: int, release: str) -> str:
    db_url = recreate_db(url, name)
    with psycopg.connect(db_url, autocommit=True) as conn:
        for f in APP_RELEASES[:3]:  # the application's own migrations: names as in shared/app/schema.md
            conn.execute((SQL / "app" / f).read_text())  # type: ignore[arg-type]
        conn.execute(SEED_PARENTS)  # type: ignore[arg-type]
        if release == "0003":
            conn.execute((SQL / "app" / APP_RELEASES[3]).read_text())  # type: ignore[arg-type]
            conn.execute(SEED_0003, {"rows": rows})  # type: ignore[arg-type]
        else:
            conn.execute(SEED_0002, {"rows": rows})  # type: ignore[arg-type]
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")
    return db_url


def runbook_cmds(db_url: str, scenario: str) -> list[list[str]]:
    psql = shutil.which("psql")
    if scenario == "forward":
        if psql:
            return [[psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", db_url, "-f", str(SQL / "0003.sql")]]
        return [["__psycopg__", (SQL / "0003.sql").read_text()]]
    if psql:
        return [[psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", db_url, "-c", s] for s in RUNBOOK_ROLLBACK]
    return [["__psycopg__", s] for s in RUNBOOK_ROLLBACK]


def reconcile_cmds(db_url: str, scenario: str, lock_timeout: str | None = None) -> list[list[str]]:
    cmd = [*reconcile_cmd(), "apply", "--auto-approve", "--database-url", db_url]
    if lock_timeout:
        cmd += ["--lock-timeout", lock_timeout]
    if scenario == "forward":
        return [[*cmd, "--spec", str(ROOT / "desired")]]
    return [[*cmd, "--spec", str(ROOT / "releases" / "0002"), "--allow-drop", "column,index"]]


def run_cmds(db_url: str, cmds: list[list[str]]) -> tuple[int, str]:
    out = []
    for cmd in cmds:
        if cmd[0] == "__psycopg__":  # no psql on this machine: same statements, autocommit
            with psycopg.connect(db_url, autocommit=True) as conn:
                conn.execute(cmd[1])  # type: ignore[arg-type]
            continue
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        out.append(p.stdout[-2000:] + p.stderr[-2000:])
        if p.returncode != 0:
            return p.returncode, "\n".join(out)
    return 0, "\n".join(out)


def final_state(db_url: str) -> dict[str, object]:
    with psycopg.connect(db_url) as conn:
        ncols = conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'usage_events'"
        ).fetchone()
        idx = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'usage_admin_bucket_idx'").fetchone()
        valid = conn.execute(
            "SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'usage_events'::regclass"
        ).fetchone()
        rows = conn.execute("SELECT count(*) FROM usage_events").fetchone()
    return {
        "columns": ncols[0] if ncols else None,
        "index": idx[0] if idx else None,
        "all_indexes_valid": valid[0] if valid else None,
        "rows_after": rows[0] if rows else None,
    }


def run_variant(
    url: str, template: str, scenario: str, variant: str, report_s: float, settle: float, lock_timeout: str | None
) -> dict:
    name = f"bench_ddl_{scenario}_{variant}"
    db_url = recreate_db(url, name, template=template)
    cmds = runbook_cmds(db_url, scenario) if variant == "runbook" else reconcile_cmds(db_url, scenario, lock_timeout)
    writer = Writer(db_url)
    wt = threading.Thread(target=writer.run, daemon=True)
    wt.start()
    writer.ready.wait(30)
    time.sleep(settle)  # steady-state latency before the change
    pre = [lat for (_, lat) in writer.samples[1:]]
    report_done = threading.Event()
    rt = None
    report_start = None
    if report_s > 0:
        has_read = threading.Event()
        rt = threading.Thread(target=hold_report, args=(db_url, report_s, has_read, report_done), daemon=True)
        report_start = time.perf_counter()
        rt.start()
        has_read.wait(60)
    t0 = time.perf_counter()
    rc, output = run_cmds(db_url, cmds)
    t1 = time.perf_counter()
    time.sleep(settle)
    writer.stop.set()
    wt.join(60)
    if rt is not None:
        rt.join(report_s + 30)
    lats = writer.during(t0, t1)
    report_overlap = 0.0
    if report_start is not None:
        report_end = report_start + report_s
        report_overlap = max(0.0, min(t1, report_end) - t0)
    state = final_state(db_url)
    drop_db(url, name)
    total = t1 - t0
    return {
        "scenario": scenario,
        "variant": variant,
        "exit_code": rc,
        "output_tail": output[-1500:] if rc else output[-600:],
        "total_s": round(total, 3),
        "report_hold_overlap_s": round(report_overlap, 3),
        "total_minus_report_wait_s": round(total - report_overlap, 3),
        "inserts": len(lats),
        "insert_errors": len(writer.errors),
        "insert_error_samples": writer.errors[:3],
        "max_ms": round(max(lats) * 1000, 1) if lats else None,
        "p99_ms": round(percentile(lats, 99) * 1000, 2) if lats else None,
        "median_ms": round(median(lats) * 1000, 3) if lats else None,
        "pre_change_p99_ms": round(percentile(pre, 99) * 1000, 2) if pre else None,
        "inserts_per_s": round(len(lats) / total, 1) if total else None,
        "final_state": state,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=DEFAULT_URL, help="server maintenance DB (default %(default)s)")
    ap.add_argument("--forward-rows", type=int, default=300_000)
    ap.add_argument("--rollback-rows", type=int, default=2_000_000)
    ap.add_argument("--report-seconds", type=float, default=4.0, help="report query hold (forward scenario)")
    ap.add_argument("--settle", type=float, default=0.5, help="writer warm-up / cool-down seconds")
    ap.add_argument("--only", choices=["forward", "rollback"])
    ap.add_argument("--lock-timeout", help="pass --lock-timeout to reconcile apply (default: the product default)")
    ap.add_argument("--keep", action="store_true", help="keep the template databases")
    args = ap.parse_args()

    started = time.perf_counter()
    results: list[dict] = []
    scenarios = [
        ("forward", "0002", args.forward_rows, args.report_seconds),
        ("rollback", "0003", args.rollback_rows, 0.0),
    ]
    for scenario, release, rows, report_s in scenarios:
        if args.only and args.only != scenario:
            continue
        tpl = f"bench_ddl_tpl_{scenario}"
        t = time.perf_counter()
        print(f"[{scenario}] building template {tpl}: release {release}, {rows:,} rows ...", file=sys.stderr)
        build_template(args.database_url, tpl, rows, release)
        print(f"[{scenario}] template ready in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        for variant in ("runbook", "reconcile"):
            r = run_variant(args.database_url, tpl, scenario, variant, report_s, args.settle, args.lock_timeout)
            r["rows"] = rows
            results.append(r)
            print(f"[{scenario}] {variant}: {r['total_s']}s max {r['max_ms']}ms exit {r['exit_code']}", file=sys.stderr)
            if r["exit_code"]:
                print(r["output_tail"], file=sys.stderr)
        if not args.keep:
            drop_db(args.database_url, tpl)

    headers = ["scenario", "variant", "rows", "exit", "total s", "total-report s", "max ms", "p99 ms", "median ms",
               "inserts", "errors"]  # fmt: skip
    print_table(headers, [[r["scenario"], r["variant"], r["rows"], r["exit_code"], r["total_s"],
                           r["total_minus_report_wait_s"], r["max_ms"], r["p99_ms"], r["median_ms"],
                           r["inserts"], r["insert_errors"]] for r in results])  # fmt: skip
    ratios = []
    for scenario in ("forward", "rollback"):
        by = {r["variant"]: r for r in results if r["scenario"] == scenario}
        if len(by) == 2:
            a, b = by["runbook"], by["reconcile"]
            ratios.append({
                "scenario": scenario,
                "total": ratio(b["total_s"], a["total_s"]),
                "total_minus_report_wait": ratio(b["total_minus_report_wait_s"], a["total_minus_report_wait_s"]),
                "max_latency": ratio(b["max_ms"] or 0, a["max_ms"] or 0),
                "p99_latency": ratio(b["p99_ms"] or 0, a["p99_ms"] or 0),
                "inserts": ratio(b["inserts"], a["inserts"]),
                "target_max_under_300ms": (b["max_ms"] or 1e9) < 300,
                "target_10x_smaller_max": (b["max_ms"] or 1e9) * 10 <= (a["max_ms"] or 0),
                "target_total_within_2x": (b["total_minus_report_wait_s"] <= 2 * a["total_minus_report_wait_s"]),
            })  # fmt: skip
    if ratios:
        print()
        print("ratios (b) reconcile / (a) runbook")
        print_table(["scenario", "total", "total-report", "max", "p99", "inserts", "max<300ms", "max 10x", "time<=2x"],
                    [[x["scenario"], x["total"], x["total_minus_report_wait"], x["max_latency"], x["p99_latency"],
                      x["inserts"], x["target_max_under_300ms"], x["target_10x_smaller_max"],
                      x["target_total_within_2x"]] for x in ratios])  # fmt: skip
    path = write_json("online_ddl", {
        "benchmark": "online_ddl",
        "machine": machine_info(args.database_url),
        "args": vars(args),
        "results": results,
        "ratios": ratios,
        "wall_s": round(time.perf_counter() - started, 1),
    })  # fmt: skip
    print(f"\nJSON: {path}  (wall {time.perf_counter() - started:.0f}s)")
    return 0 if all(r["exit_code"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
