"""Parity throughput: `reconcile parity` on a 1,000,000-row OpenAI usage export vs a bare COPY (the floor).

Generates (inside PostgreSQL, deterministic) an OpenAI completions-usage CSV with the 24-column
2025 header (numbers as `4.0`, booleans `True`/`False`) and a 0003 `usage_events` table holding
the same buckets except 1% changed (tokens_in + 1) and 1% missing. Then, in the same run:

  floor     COPY of the file (client-side, streamed) into a TEMP table of text columns
  reconcile `reconcile parity --csv FILE --from .. --to ..` (expects exit 2: not in parity)

Reports wall time, the ratio reconcile/floor and the peak RSS of the reconcile process
(os.wait4 rusage of that child). Targets: within 2x of the floor, peak RSS < 150 MB.
If this checkout's `reconcile` has no `parity` command, that part is skipped with a message
and only the floor is measured.

    .venv/bin/python bench/parity_throughput.py [--rows 1000000] [--database-url URL] [--reconcile PATH]
"""

# ruff: noqa: S608  (SQL built from module constants only)
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
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
    reconcile_cmd,
    recreate_db,
    write_json,
)

HEADER = (
    "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,"
    "batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,"
    "output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,"
    "input_image_tokens,input_cached_image_tokens,output_image_tokens"
)
COMBOS = 10_000  # distinct (project, user, api key) per day; rows / COMBOS days
EPOCH = "2025-01-01"

# One row per g: day g / COMBOS, dimensions from g % COMBOS (unique per day).
GEN = f"""
SELECT g,
       timestamp '{EPOCH}' + make_interval(days => (g / {COMBOS})::int) AS ws,
       'proj_' || (g % {COMBOS}) % 10 AS project_id,
       'user-' || ((g % {COMBOS}) / 10) % 100 AS user_id,
       'key_' || (g % {COMBOS}) / 1000 AS api_key_id,
       CASE WHEN g % 3 = 0 THEN 'gpt-4o-mini' ELSE 'gpt-5-2025-08-07' END AS model,
       'default' AS service_tier,
       false AS batch,
       1 + g % 50 AS nreq, 100 + g % 90000 AS tin, 10 + g % 7000 AS tout, (100 + g % 90000) / 4 AS tcached
FROM generate_series(0, %(rows)s - 1) g
"""

CSV_SELECT = f"""
SELECT extract(epoch FROM ws)::bigint, extract(epoch FROM ws + interval '1 day')::bigint,
       to_char(ws, 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
       to_char(ws + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
       project_id, nreq || '.0', user_id, api_key_id, model, CASE WHEN batch THEN 'True' ELSE 'False' END,
       service_tier, tin || '.0', tout || '.0', tcached || '.0', (tin - tcached) || '.0', (tin - tcached) || '.0',
       tout || '.0', tcached || '.0', '0.0', '0.0', '0.0', '0.0', '0.0', '0.0'
FROM ({GEN}) s ORDER BY g
"""

DB_INSERT = f"""
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp",
    window_start, window_end, project_id, openai_user_id, openai_api_key_id, service_tier, batch,
    num_model_requests, input_cached_tokens, input_uncached_tokens, input_text_tokens, output_text_tokens,
    input_cached_text_tokens, input_audio_tokens, input_cached_audio_tokens, output_audio_tokens,
    input_image_tokens, input_cached_image_tokens, output_image_tokens)
SELECT 1, model, CASE WHEN g % 100 = 1 THEN tin + 1 ELSE tin END, tout, 0, ws,
       ws, ws + interval '1 day', project_id, user_id, api_key_id, service_tier, batch,
       nreq, tcached, tin - tcached, tin - tcached, tout, tcached, 0, 0, 0, 0, 0, 0
FROM ({GEN}) s
WHERE g % 100 <> 0
"""

SEED_PARENTS = """
INSERT INTO users (id) VALUES ('user_1');
INSERT INTO provider_keys (user_id, provider, encrypted_key, iv, auth_tag)
  VALUES ('user_1', 'openai', 'k', 'iv', 'tag');
"""


def generate(db_url: str, csv_path: Path, rows: int) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        for f in ("0002.sql", "0003.sql"):
            conn.execute((SQL / f).read_text())  # type: ignore[arg-type]
        conn.execute(SEED_PARENTS)  # type: ignore[arg-type]
        conn.execute(DB_INSERT.replace("%", "%%").replace("%%(rows)s", "%(rows)s"), {"rows": rows})  # type: ignore[arg-type]
        conn.execute("VACUUM ANALYZE usage_events")
        sql = f"COPY ({CSV_SELECT}) TO STDOUT WITH (FORMAT csv)".replace("%", "%%").replace("%%(rows)s", "%(rows)s")
        with open(csv_path, "wb") as out, conn.cursor() as cur:
            out.write((HEADER + "\n").encode())
            with cur.copy(sql, {"rows": rows}) as copy:  # type: ignore[arg-type]
                for block in copy:
                    out.write(block)


def window_end(rows: int) -> str:
    """The exclusive end date of the window holding every generated row (--to of `reconcile parity`)."""
    days = (rows + COMBOS - 1) // COMBOS
    return (dt.date.fromisoformat(EPOCH) + dt.timedelta(days=days + 1)).isoformat()


def bare_copy(db_url: str, csv_path: Path) -> tuple[float, int]:
    cols = ", ".join(f"{c} text" for c in HEADER.split(","))
    t = time.perf_counter()
    with psycopg.connect(db_url) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE floor_csv ({cols})")  # type: ignore[arg-type]
        with cur.copy("COPY floor_csv FROM STDIN WITH (FORMAT csv, HEADER true)") as copy, open(csv_path, "rb") as f:
            while block := f.read(1 << 20):
                copy.write(block)
        n = cur.execute("SELECT count(*) FROM floor_csv").fetchone()
        conn.commit()
    return time.perf_counter() - t, n[0] if n else 0


def run_child(cmd: list[str]) -> tuple[float, int, float, str, str]:
    """Run cmd; return wall s, exit code, peak RSS MB of that child (wait4), stdout, stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, p.returncode, usage.ru_maxrss / 1024.0, out.read().decode(), err.read().decode()


def has_parity(rc: list[str]) -> bool:
    p = subprocess.run([*rc, "parity", "--help"], cwd=ROOT, capture_output=True, text=True)
    return p.returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=1, help="timed repetitions of each side (median reported)")
    ap.add_argument("--database-url", default=DEFAULT_URL, help="server maintenance DB (default %(default)s)")
    ap.add_argument("--reconcile", help="path of the reconcile executable (default: this venv's)")
    ap.add_argument("--keep", action="store_true", help="keep the database and the CSV")
    args = ap.parse_args()
    rc = [args.reconcile] if args.reconcile else reconcile_cmd()

    started = time.perf_counter()
    db = bench_db("bench_parity")
    db_url = recreate_db(args.database_url, db)
    workdir = Path(tempfile.mkdtemp(prefix="bench-parity-"))
    csv_path = workdir / "completions_usage_bench.csv"
    t = time.perf_counter()
    generate(db_url, csv_path, args.rows)
    gen_s = time.perf_counter() - t
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {args.rows:,} rows ({size_mb:.0f} MB CSV) + table in {gen_s:.1f}s", file=sys.stderr)

    floor_times = []
    for _ in range(args.runs):
        s, n = bare_copy(db_url, csv_path)
        floor_times.append(s)
    floor_s = median(floor_times)
    print(f"floor COPY: {floor_s:.2f}s ({n:,} rows)", file=sys.stderr)

    result: dict[str, object] = {"skipped": None}
    if not has_parity(rc):
        msg = f"`{' '.join(rc)} parity` does not exist in this checkout: reconcile side SKIPPED (floor only)"
        print(msg, file=sys.stderr)
        result["skipped"] = msg
    else:
        report = workdir / "parity.json"
        end = window_end(args.rows)
        cmd = [*rc, "parity", "--csv", str(csv_path), "--from", EPOCH, "--to", end,
               "--output", str(report), "--database-url", db_url]  # fmt: skip
        walls, rss = [], []
        for _ in range(args.runs):
            wall, code, peak, out, err = run_child(cmd)
            walls.append(wall)
            rss.append(peak)
            if code not in (0, 2):
                print(out[-2000:], err[-2000:], file=sys.stderr)
                result["error"] = f"exit {code}: {err[-500:]}"
                break
        result.update({"exit_code": code, "wall_s": round(median(walls), 3), "walls": walls,
                       "peak_rss_mb": round(max(rss), 1), "cmd": " ".join(cmd)})  # fmt: skip
        if report.exists():
            doc = json.loads(report.read_text())
            result["report_counts"] = {k: len(doc.get(k, [])) for k in ("mismatched", "missingInDb", "missingInCsv")}
            result["report_totals"] = doc.get("totals")
        print(
            f"reconcile parity: {result['wall_s']}s, peak RSS {result['peak_rss_mb']} MB, exit {code}", file=sys.stderr
        )

    rows = [["bare COPY (floor)", round(floor_s, 3), None, None]]
    targets: dict[str, object] = {}
    if not result["skipped"] and "wall_s" in result and "error" not in result:
        r = ratio(result["wall_s"], floor_s)  # type: ignore[arg-type]
        rows.append(["reconcile parity", result["wall_s"], r, result["peak_rss_mb"]])
        targets = {"within_2x_of_copy": r is not None and r <= 2.0, "peak_rss_under_150mb": result["peak_rss_mb"] < 150}
    print(f"\n{args.rows:,} CSV rows, {size_mb:.0f} MB; expected ~{args.rows // 100:,} mismatched and missingInDb")
    print_table(["step", "wall s", "x floor", "peak RSS MB"], rows)
    if result["skipped"]:
        print(f"\n{result['skipped']}")
    elif "error" in result:
        print(f"\nreconcile parity FAILED: {result['error']}")
    elif "report_counts" in result:
        print(f"report: {result['report_counts']}  targets: {targets}")
    path = write_json("parity_throughput", {
        "benchmark": "parity_throughput", "machine": machine_info(args.database_url), "args": vars(args),
        "csv_rows": args.rows, "csv_mb": round(size_mb, 1), "generate_s": round(gen_s, 1),
        "floor_copy_s": round(floor_s, 3), "floor_times": floor_times, "reconcile": result, "targets": targets,
        "wall_s": round(time.perf_counter() - started, 1),
    })  # fmt: skip
    print(f"JSON: {path}")
    if not args.keep:
        drop_db(args.database_url, db)
        csv_path.unlink(missing_ok=True)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
