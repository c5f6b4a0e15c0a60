"""This checkout against an earlier commit, in one run: warm plan, cold plan and parity, interleaved.

Issue 15's acceptance: hardening must not make the benchmark figures worse by more than 10%, measured
in one run against the previous main. `--ref COMMIT` is checked out (detached worktree) into
`bench/.refs/<sha>` with its own virtualenv, built once and reused. Then, on the same databases and
the same files, each measurement alternates the two executables run by run (ref, head, ref, head ...)
so load on a shared machine falls on both sides alike:

  warm    `plan --detailed-exitcode` of N tables (plan_scale's shapes), memo warm, no change
  cold    the same with a fresh cache directory each run (nothing memoised)
  parity  `parity` on parity_throughput's generated export (--parity-rows, 0 skips it)

Each executable runs in its own working directory with its own RECONCILE_CACHE_DIR (an older
commit may keep its memo in the working directory). Reports medians and head/ref ratios; a ratio
above 1.10 is flagged.

    .venv/bin/python bench/compare_refs.py --ref e91d8cb [--head 3e809e0] [--tables 1000] [-n 5] [--parity-rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import DEFAULT_URL, ROOT, bench_db, drop_db, machine_info, median, recreate_db, write_json
from parity_throughput import EPOCH, generate, window_end
from plan_scale import write_spec
from plan_targets import SRC, build, run

REFS = ROOT / "bench" / ".refs"
LIMIT = 1.10


CMP_DB = bench_db("bench_cmp_parity")


def ref_exe(ref: str) -> Path:
    sha = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    tree = REFS / sha[:12]
    exe = tree / ".venv" / "bin" / "reconcile"
    if exe.exists():
        return exe
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
    subprocess.run([str(tree / ".venv" / "bin" / "pip"), "install", "-q", "-e", str(tree)], check=True)
    return exe


class Side:
    """One executable with its own working directory and cache."""

    def __init__(self, name: str, exe: Path, tmp: Path) -> None:
        self.name, self.exe = name, exe
        self.cwd = tmp / f"cwd-{name}"
        self.cwd.mkdir()
        self.cache = tmp / f"cache-{name}"
        self.env = {**os.environ, "RECONCILE_CACHE_DIR": str(self.cache)}

    def fresh(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)
        shutil.rmtree(self.cwd / ".reconcile", ignore_errors=True)


def alternate(label: str, sides: list[Side], runs: int, one: Any) -> dict[str, Any]:
    walls: dict[str, list[float]] = {s.name: [] for s in sides}
    for _ in range(runs):
        for side in sides:
            walls[side.name].append(one(side))
    out: dict[str, Any] = {
        s: {"median_s": round(median(w), 3), "values": [round(x, 3) for x in w]} for s, w in walls.items()
    }
    r = out["head"]["median_s"] / out["ref"]["median_s"]
    out["ratio_head_over_ref"] = round(r, 3)
    flag = "OK" if r <= LIMIT else f"WORSE by more than {round((LIMIT - 1) * 100)}%"
    print(f"   {label}: ref {out['ref']['median_s']} s, head {out['head']['median_s']} s, head/ref {r:.2f} {flag}",
          file=sys.stderr)  # fmt: skip
    return out


def plans(args: argparse.Namespace, sides: list[Side], tmp: Path) -> dict[str, Any]:
    print(f"== {args.tables} tables: building the database ...", file=sys.stderr)
    url = build(args.database_url, args.tables, with_copy=False)["src"]
    spec = write_spec(tmp / "spec", args.tables, False)

    def plan(side: Side) -> float:
        cmd = [str(side.exe), "plan", "--spec", str(spec), "--database-url", url, "--detailed-exitcode"]
        wall, code, _ = run(cmd, side.env, side.cwd)
        if code != 0:
            raise RuntimeError(f"{side.name}: plan exited {code}, expected 0 (no changes)")
        return wall

    def cold(side: Side) -> float:
        side.fresh()
        return plan(side)

    res = {"cold": alternate("cold plan", sides, args.cold_runs, cold)}
    for side in sides:
        plan(side)  # warm-up: fills the memos
    res["warm"] = alternate("warm plan", sides, args.runs, plan)
    drop_db(args.database_url, SRC)
    return res


def parity(args: argparse.Namespace, sides: list[Side], tmp: Path) -> dict[str, Any]:
    print(f"== parity: generating {args.parity_rows:,} rows ...", file=sys.stderr)
    db_url = recreate_db(args.database_url, CMP_DB)
    csv = tmp / "usage.csv"
    generate(db_url, csv, args.parity_rows)
    end = window_end(args.parity_rows)

    def one(side: Side) -> float:
        cmd = [str(side.exe), "parity", "--csv", str(csv), "--from", EPOCH, "--to", end,
               "--output", str(tmp / f"parity-{side.name}.json"), "--database-url", db_url]  # fmt: skip
        return run(cmd, side.env, side.cwd)[0]  # 0 or 2 (not in parity) by design of the data

    res = alternate("parity", sides, args.runs_parity, one)
    drop_db(args.database_url, CMP_DB)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", required=True, help="the earlier commit (e.g. main before a merge)")
    ap.add_argument("--head", help="the later commit (default: this checkout), e.g. the merge that --ref precedes")
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("-n", "--runs", type=int, default=5, help="warm plan runs per side")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--parity-rows", type=int, default=1_000_000, help="0: skip parity")
    ap.add_argument("--runs-parity", type=int, default=3)
    ap.add_argument("--database-url", default=DEFAULT_URL)
    args = ap.parse_args()
    # normalization on the bench server for the head (the ref may normalize in the target itself)
    os.environ.setdefault("RECONCILE_DEV_URL", args.database_url)
    head = ref_exe(args.head) if args.head else Path(sys.executable).with_name("reconcile")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench_cmp_") as t:
        tmp = Path(t)
        sides = [Side("ref", ref_exe(args.ref), tmp), Side("head", head, tmp)]
        results["plan"] = plans(args, sides, tmp)
        if args.parity_rows:
            results["parity"] = parity(args, sides, tmp)
    head_sha = subprocess.run(
        ["git", "rev-parse", args.head or "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    doc = {"benchmark": "compare_refs", "machine": machine_info(args.database_url), "ref": args.ref,
           "head": head_sha, "args": vars(args), "results": results}  # fmt: skip
    path = write_json("compare_refs", doc)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
