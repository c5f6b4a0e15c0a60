"""The plan targets of issue 18, each beside its baseline (migra) measured in the same run.

For N tables (default 1000; shapes as bench/plan_scale.py: 10 columns, PK, 2 indexes, 1 FK to a
shared parent also in the spec) it builds `bench_pt_src` (the live database) and `bench_pt_same`
(an identical copy, migra's other side), writes the spec, and times the whole CLI process
`reconcile plan --detailed-exitcode` (median of -n runs, peak RSS of the slowest process):

  cold      nothing memoised (a fresh RECONCILE_CACHE_DIR each run: normalization, spec parse);
  warm      memos warm, no change;
  one_edit  one table file edited before each run (a new default on one column; exit 2): only that
            table should be parsed and normalized again;
  migra     `migra SRC SAME` (bench/.migra-venv, see plan_scale.py), no change.

`--big 10000` adds a warm no-change plan of that many tables (peak RSS too; `--big-migra` times
migra there as well). Statements sent to the target by one in-process make_plan are counted at
each size: "catalog queries constant" means the same count at N and at --big. Normalization runs
on the server of --database-url (RECONCILE_DEV_URL), so cold figures do not include starting the
embedded dev server.

    .venv/bin/python bench/plan_targets.py [--tables 1000] [--big 10000] [-n 5] [--migra-runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from _common import (
    DEFAULT_URL,
    ROOT,
    bench_db,
    drop_db,
    machine_info,
    median,
    ratio,
    reconcile_cmd,
    recreate_db,
    write_json,
)
from plan_scale import MIGRA_VENV, ensure_migra, migra_url, schema_ddl, table_name, write_spec

SRC, SAME = bench_db("bench_pt_src"), bench_db("bench_pt_same")


def build(url: str, n: int, with_copy: bool) -> dict[str, str]:
    src = recreate_db(url, SRC)
    stmts = schema_ddl(n, extra=False).split(";\n")
    with psycopg.connect(src, autocommit=True) as conn:
        for i in range(0, len(stmts), 900):  # 300 tables a transaction: the lock table is shared with other sessions
            with conn.transaction():
                conn.execute(";\n".join(stmts[i : i + 900]))  # type: ignore[arg-type]
        conn.execute("ANALYZE")
    urls = {"src": src}
    if with_copy:
        urls["same"] = recreate_db(url, SAME, template=SRC)
    settle(url)
    return urls


def settle(url: str) -> None:
    """Write the build's dirty buffers out before timing, so the first cold plans (whose normalization fsyncs
    every index it builds on PostgreSQL 15) do not share the disk with the server's write-back of the build."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as exc:  # not a superuser: time as it is, and say so
        print(f"   (no CHECKPOINT before timing: {str(exc).strip()})", file=sys.stderr)


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, int, float]:
    """(wall seconds, exit code, peak RSS MB) of one process; exits other than 0 and 2 raise."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {err[-1500:]}")
    return wall, proc.returncode, usage.ru_maxrss / 1024


def timed(
    label: str, cmd: list[str], env: dict[str, str], runs: int, expect: int, before: Any = None
) -> dict[str, Any]:
    walls, rss = [], 0.0
    for i in range(runs):
        if before:
            before(i)
        wall, code, peak = run(cmd, env)
        if code != expect:
            raise RuntimeError(f"{label}: exit {code}, expected {expect}")
        walls.append(wall)
        rss = max(rss, peak)
    out = {"median_s": round(median(walls), 3), "min_s": round(min(walls), 3), "max_s": round(max(walls), 3),
           "runs": runs, "peak_rss_mb": round(rss, 1), "values": [round(w, 3) for w in walls]}  # fmt: skip
    print(f"   {label}: {out['median_s']} s (min {out['min_s']}, max {out['max_s']}), peak RSS {out['peak_rss_mb']} MB",
          file=sys.stderr)  # fmt: skip
    return out


class CountingCursor(psycopg.Cursor):  # type: ignore[type-arg]
    count = 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingCursor.count += 1
        return super().execute(*args, **kwargs)


def target_statements(url: str, spec_dir: Path) -> int:
    """Statements one in-process make_plan sends to the target (memo warm)."""
    from reconcile.connect.target import connect
    from reconcile.plan.planner import make_plan
    from reconcile.spec.load import load_spec

    spec = load_spec(spec_dir)
    with connect(url, cursor_factory=CountingCursor) as conn:
        make_plan(conn, spec, url)
        CountingCursor.count = 0
        make_plan(conn, spec, url)
        return CountingCursor.count


def edit_one(spec_dir: Path) -> Any:
    """Before run i, give one table's `note` column a default it never had: a new spec, one table differs."""
    path = spec_dir / f"{table_name(1)}.yaml"
    original = path.read_text()

    def edit(i: int) -> None:
        stamp = f"{os.getpid()}-{time.time_ns()}-{i}"
        edited = f'name: note, type: "text", default: "\'{stamp}\'"'
        path.write_text(original.replace('name: note, type: "text"', edited))

    return edit


@contextmanager
def compiled_package() -> Iterator[None]:
    """reconcile's modules byte-compiled, as `pip install` of the wheel leaves them; an editable install under
    PYTHONDONTWRITEBYTECODE=1 (this machine's default) compiles every imported module from source in every
    process instead. The __pycache__ folders made here are removed afterwards."""
    found = importlib.util.find_spec("reconcile")
    assert found is not None and found.submodule_search_locations
    root = Path(next(iter(found.submodule_search_locations)))
    made = [d / "__pycache__" for d in [root, *root.rglob("*")] if d.is_dir() and d.name != "__pycache__"]
    made = [d for d in made if not d.exists()]
    for source in root.rglob("*.py"):
        py_compile.compile(str(source), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    try:
        yield
    finally:
        for d in made:
            shutil.rmtree(d, ignore_errors=True)


def cold_on_embedded(cmd: list[str], env: dict[str, str], cache: Path, runs: int, fresh: Any) -> dict[str, Any]:
    """Cold plans normalizing on the embedded dev server (PostgreSQL 18), the default when no dev server is
    configured; it is started before timing, as a user's first plan starts it once and later ones reuse it."""
    from reconcile.connect.embedded import dev_pgdata_dir, ensure_running

    ensure_running(dev_pgdata_dir())
    dev_env = {k: v for k, v in env.items() if k != "RECONCILE_DEV_URL"}
    return timed("cold, embedded dev server", cmd, {**dev_env, "RECONCILE_CACHE_DIR": str(cache)}, runs, 0, fresh)


def measure_size(args: argparse.Namespace, n: int, tmp: Path, migra: Path | None, full: bool) -> dict[str, Any]:
    print(f"== {n} tables: building databases ...", file=sys.stderr)
    t = time.perf_counter()
    urls = build(args.database_url, n, with_copy=migra is not None)
    res: dict[str, Any] = {"build_s": round(time.perf_counter() - t, 1)}
    spec_dir = write_spec(tmp / str(n), n, False)
    cmd = [*reconcile_cmd(), "plan", "--spec", str(spec_dir), "--database-url", urls["src"], "--detailed-exitcode"]
    env = dict(os.environ)
    cache = tmp / f"cache-{n}"
    if full:

        def fresh(_: int) -> None:
            shutil.rmtree(cache, ignore_errors=True)

        res["cold"] = timed("cold", cmd, {**env, "RECONCILE_CACHE_DIR": str(cache)}, args.cold_runs, 0, fresh)
        if args.cold_embedded:
            res["cold_embedded"] = cold_on_embedded(cmd, env, cache, args.cold_runs, fresh)
    env["RECONCILE_CACHE_DIR"] = str(cache)
    run(cmd, env)  # warm-up: fills the memos
    res["warm"] = timed("warm", cmd, env, args.runs, 0)
    pristine = (spec_dir / f"{table_name(1)}.yaml").read_text()
    if full:
        res["one_edit"] = timed("one edit", cmd, env, args.runs, 2, edit_one(spec_dir))
    if full and args.bytecode:
        edited = spec_dir / f"{table_name(1)}.yaml"
        edited.write_text(pristine)  # the one-edit runs left their last edit
        with compiled_package():
            run(cmd, env)  # the spec as the warm record has it
            res["warm_bytecode"] = timed("warm, bytecode", cmd, env, args.runs, 0)
            res["one_edit_bytecode"] = timed("one edit, bytecode", cmd, env, args.runs, 2, edit_one(spec_dir))
    res["target_statements"] = target_statements(urls["src"], spec_dir)
    if migra is not None:
        mcmd = [str(migra), migra_url(urls["src"]), migra_url(urls["same"])]
        res["migra"] = timed("migra", mcmd, dict(os.environ), args.migra_runs, 0)
    for name in (SRC, SAME):
        drop_db(args.database_url, name)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--big", type=int, default=10000, help="warm plan of this many tables too (0: skip)")
    ap.add_argument("--big-migra", action="store_true", help="time migra at --big as well")
    ap.add_argument("-n", "--runs", type=int, default=5)
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--migra-runs", type=int, default=3)
    ap.add_argument(
        "--dev-url",
        help="normalize on this server (default: --database-url); 10,000 tables in one "
        "transaction need max_locks_per_transaction above the default 64",
    )
    ap.add_argument("--big-only", action="store_true", help="measure only the warm plan of --big tables")
    ap.add_argument("--runs-others", type=int, default=3, help="runs of parity and apply with --others")
    ap.add_argument("--no-migra", action="store_true")
    ap.add_argument("--cold-embedded", action="store_true",
                    help="time the cold plan again normalizing on the embedded dev server (the default without "
                         "RECONCILE_DEV_URL), started before timing")  # fmt: skip
    ap.add_argument("--bytecode", action="store_true",
                    help="time the warm and one-edit plans again with reconcile byte-compiled (as a wheel install "
                         "leaves it), in the same run")  # fmt: skip
    ap.add_argument("--database-url", default=DEFAULT_URL)
    ap.add_argument("--others", action="store_true",
                    help="also run parity_throughput.py (1M rows) and online_ddl.py --only forward (300k rows), "
                         "each -n times with its baseline, and print the issue's whole target table")  # fmt: skip
    ap.add_argument("--parity-rows", type=int, default=1_000_000)
    ap.add_argument("--forward-rows", type=int, default=300_000)
    args = ap.parse_args()
    if args.cold_runs < 1 or args.runs < 1:
        ap.error("--runs and --cold-runs must be at least 1: each target is a median of its runs")
    # normalization on this server (or --dev-url), in-process too
    os.environ["RECONCILE_DEV_URL"] = args.dev_url or args.database_url
    if args.big_only:
        return big_only(args)
    migra, versions = (None, "skipped") if args.no_migra else ensure_migra(MIGRA_VENV)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench_pt_") as tmp:
        results[str(args.tables)] = measure_size(args, args.tables, Path(tmp), migra, full=True)
        if args.big:
            try:
                big_migra = migra if args.big_migra else None
                results[str(args.big)] = measure_size(args, args.big, Path(tmp), big_migra, False)
            except (RuntimeError, psycopg.Error) as exc:  # recorded, so the other targets are still measured
                print(f"   {args.big} tables FAILED: {str(exc)[-600:]}", file=sys.stderr)
                results[str(args.big)] = {"error": str(exc)[-1500:]}
                for name in (SRC, SAME):
                    drop_db(args.database_url, name)
    write_json("plan_targets_partial", {"results": results})  # kept if a later part fails
    others = run_others(args) if args.others else {}
    report(args, results)
    targets = target_table(args, results, others)
    if others:
        results["others"] = others
    results["targets"] = targets
    path = write_json("plan_targets", {"benchmark": "plan_targets", "machine": machine_info(args.database_url),
                                       "args": vars(args), "migra_versions": versions, "results": results})  # fmt: skip
    print(f"JSON: {path}")
    return 0


def big_only(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench_pt_") as tmp:
        res = measure_size(args, args.big, Path(tmp), None, False)
    w = res["warm"]
    print(f"{args.big} tables warm: {w['median_s']} s (min {w['min_s']}, max {w['max_s']}), "
          f"peak RSS {w['peak_rss_mb']} MB; statements to the target: {res['target_statements']}")  # fmt: skip
    doc = {"benchmark": "plan_targets --big-only", "machine": machine_info(args.database_url), "args": vars(args),
           "results": {str(args.big): res}}  # fmt: skip
    print(f"JSON: {write_json('plan_targets_big', doc)}")
    return 0


def run_script(script: str, argv: list[str]) -> dict[str, Any]:
    """One run of another bench script (its own baseline inside); its JSON result."""
    bench = ROOT / "bench"
    subprocess.run([sys.executable, str(bench / script), *argv], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    import json

    return json.loads((bench / "results" / f"{script.removesuffix('.py')}.json").read_text())  # type: ignore[no-any-return]


def spread(values: list[float]) -> dict[str, Any]:
    return {"median": round(median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3),
            "values": [round(v, 3) for v in values]}  # fmt: skip


def run_others(args: argparse.Namespace) -> dict[str, Any]:
    """Parity (1M rows vs a bare COPY) and the 0002->0003 apply (vs the runbook), -n runs each, interleaved."""
    par: dict[str, list[float]] = {"floor_s": [], "parity_s": [], "rss_mb": []}
    fwd: dict[str, list[float]] = {"runbook_s": [], "reconcile_s": [], "runbook_total_s": [], "reconcile_total_s": []}
    db = ["--database-url", args.database_url]
    for i in range(args.runs_others):
        print(f"== parity {args.parity_rows:,} rows, run {i + 1}", file=sys.stderr)
        doc = run_script("parity_throughput.py", ["--rows", str(args.parity_rows), *db])
        rec = doc["reconcile"]
        if rec.get("error") or rec.get("skipped"):
            raise RuntimeError(f"parity: {rec.get('error') or rec.get('skipped')}")
        par["floor_s"].append(doc["floor_copy_s"])
        par["parity_s"].append(rec["wall_s"])
        par["rss_mb"].append(rec["peak_rss_mb"])
        print(f"== apply 0002->0003, {args.forward_rows:,} rows, run {i + 1}", file=sys.stderr)
        doc = run_script("online_ddl.py", ["--only", "forward", "--forward-rows", str(args.forward_rows), *db])
        by = {r["variant"]: r for r in doc["results"]}
        if by["reconcile"]["exit_code"]:
            raise RuntimeError(f"apply exited {by['reconcile']['exit_code']}: {by['reconcile']['output_tail']}")
        fwd["runbook_s"].append(by["runbook"]["total_minus_report_wait_s"])
        fwd["reconcile_s"].append(by["reconcile"]["total_minus_report_wait_s"])
        fwd["runbook_total_s"].append(by["runbook"]["total_s"])
        fwd["reconcile_total_s"].append(by["reconcile"]["total_s"])
    return {"parity": {k: spread(v) for k, v in par.items()}, "apply": {k: spread(v) for k, v in fwd.items()}}


def target_table(args: argparse.Namespace, results: dict[str, Any], others: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets: figure, baseline of the same run, met or missed (medians)."""
    small = results[str(args.tables)]
    warm, m = small["warm"]["median_s"], small.get("migra", {}).get("median_s")
    rows: list[dict[str, Any]] = [
        {"what": f"no-change plan, {args.tables} tables, warm", "figure_s": warm, "baseline": f"migra {m}",
         "met": bool(m) and warm <= 0.3 and m / warm >= 6},
        {"what": "one table edited", "figure_s": small["one_edit"]["median_s"], "baseline": f"warm {warm}",
         "met": small["one_edit"]["median_s"] <= 2 * warm},
        *_bytecode_row(small),
        {"what": "first plan (cold)", "figure_s": small["cold"]["median_s"], "baseline": f"migra {m}",
         "met": bool(m) and small["cold"]["median_s"] <= 2 * m},
        *_embedded_row(small, m),
    ]  # fmt: skip
    if args.big and "error" in results[str(args.big)]:
        rows.append({"what": f"{args.big} tables warm", "figure_s": None, "baseline": "-", "met": False,
                     "error": results[str(args.big)]["error"][-300:]})  # fmt: skip
    elif args.big:
        big = results[str(args.big)]
        same = big["target_statements"] == small["target_statements"]
        rows.append({"what": f"{args.big} tables warm", "figure_s": big["warm"]["median_s"],
                     "peak_rss_mb": big["warm"]["peak_rss_mb"],
                     "baseline": f"statements {small['target_statements']} at {args.tables}, "
                                 f"{big['target_statements']} at {args.big}",
                     "met": big["warm"]["median_s"] <= 3 and big["warm"]["peak_rss_mb"] <= 300 and same})  # fmt: skip
    if others:
        p, a = others["parity"], others["apply"]
        rows.append(
            {
                "what": f"parity {args.parity_rows:,} rows",
                "figure_s": p["parity_s"]["median"],
                "peak_rss_mb": max(p["rss_mb"]["values"]),
                "baseline": f"COPY {p['floor_s']['median']}",
                "met": p["parity_s"]["median"] <= 2 * p["floor_s"]["median"] and max(p["rss_mb"]["values"]) <= 150,
            }
        )
        rows.append(
            {
                "what": "apply 0002->0003 minus report wait",
                "figure_s": a["reconcile_s"]["median"],
                "baseline": f"runbook {a['runbook_s']['median']}",
                "met": a["reconcile_s"]["median"] <= 0.5,
            }
        )
    print("\ntargets (medians):")
    for r in rows:
        rss = f", peak RSS {r['peak_rss_mb']} MB" if "peak_rss_mb" in r else ""
        print(f"  {r['what']}: {r['figure_s']} s{rss}  (baseline {r['baseline']})  {'met' if r['met'] else 'MISSED'}")
    return rows


def _embedded_row(small: dict[str, Any], m: float | None) -> list[dict[str, Any]]:
    if "cold_embedded" not in small:
        return []
    ce = small["cold_embedded"]["median_s"]
    return [{"what": "first plan (cold), embedded dev server", "figure_s": ce, "baseline": f"migra {m}",
             "met": bool(m) and ce <= 2 * (m or 0)}]  # fmt: skip


def _bytecode_row(small: dict[str, Any]) -> list[dict[str, Any]]:
    if "one_edit_bytecode" not in small:
        return []
    edit, warm = small["one_edit_bytecode"]["median_s"], small["warm_bytecode"]["median_s"]
    return [{"what": "one table edited, bytecode compiled", "figure_s": edit, "baseline": f"warm, bytecode {warm}",
             "met": edit <= 2 * warm}]  # fmt: skip


def report(args: argparse.Namespace, results: dict[str, Any]) -> None:
    small = results[str(args.tables)]
    warm = small["warm"]["median_s"]
    m = small.get("migra", {}).get("median_s")
    print(f"\n{args.tables} tables (whole CLI process, median):")
    print(f"  warm no-change plan   {warm:.3f} s   migra {m} s   migra/warm = {ratio(m, warm) if m else '-'}x "
          f"(target <= 0.3 s and >= 6x)")  # fmt: skip
    edit = small["one_edit"]["median_s"]
    print(f"  one table edited      {edit:.3f} s   / warm = {ratio(edit, warm)}x (target <= 2x)")
    if "one_edit_bytecode" in small:
        bw, be = small["warm_bytecode"]["median_s"], small["one_edit_bytecode"]["median_s"]
        print(f"  bytecode compiled: warm {bw:.3f} s, one table edited {be:.3f} s = {ratio(be, bw)}x (target <= 2x)")
    cold = small["cold"]["median_s"]
    print(f"  cold (nothing memoised) {cold:.3f} s  / migra = {ratio(cold, m) if m else '-'}x (target <= 2x)")
    if "cold_embedded" in small:
        ce = small["cold_embedded"]["median_s"]
        print(f"  cold, embedded dev server {ce:.3f} s  / migra = {ratio(ce, m) if m else '-'}x (target <= 2x)")
    print(f"  statements to the target per plan: {small['target_statements']}")
    if args.big and "error" not in results[str(args.big)]:
        big = results[str(args.big)]
        print(f"{args.big} tables warm: {big['warm']['median_s']} s, peak RSS {big['warm']['peak_rss_mb']} MB "
              f"(target <= 3 s, <= 300 MB); statements to the target: {big['target_statements']}")  # fmt: skip
        if "migra" in big:
            print(f"  migra at {args.big}: {big['migra']['median_s']} s")


if __name__ == "__main__":
    sys.exit(main())
