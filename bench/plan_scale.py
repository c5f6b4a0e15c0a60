"""Plan latency vs schema size: reconcile (CLI and in-process) side by side with migra.

For each size (default 1, 100, 1000 tables; each 10 columns, 2 secondary indexes, 1 FK to a shared
parent table `bench_parent` that is also in the spec) the script builds:

  bench_planscale_src   the live database (what `reconcile plan` and migra read as the source);
  bench_planscale_same  an identical copy (TEMPLATE src): migra's target for the no-change case;
  bench_planscale_chg   the desired state with one extra column per table: migra's target for
                        the one-change-per-table case;

and two spec directories in a temp dir (one YAML per table): `same` (matches the live database) and
`chg` (one extra column per table). Timed, median of N runs after one untimed warm-up:

  * `reconcile plan --spec DIR --database-url SRC --detailed-exitcode` as a subprocess (exit 0 / 2);
  * in-process `load_spec(DIR)` and `make_plan(conn, spec, url)` (no interpreter start-up), plus its
    parts: introspection of the live database (`read_live`), normalization (`desired_catalog`: the spec
    built as temporary tables in a rolled-back transaction, then introspected) and diff/steps/graph;
  * `migra SRC TARGET` from a separate virtualenv (bench/.migra-venv, created on first use with
    `pip install migra psycopg2-binary`); exit 0 = same, 2 = differences.

It also counts catalog queries (`introspect(..., trace=list)`, one entry per catalog query) and every
statement make_plan sends through a cursor, per size. Targets: no-change plan of 1000 tables < 0.5 s and
>= 10x faster than migra.

    .venv/bin/python bench/plan_scale.py [--sizes 1,100,1000] [-n 5] [--migra-runs 3] [--no-migra]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
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
    print_table,
    ratio,
    reconcile_cmd,
    recreate_db,
    write_json,
)

MIGRA_VENV = ROOT / "bench" / ".migra-venv"
DBS = {k: bench_db(f"bench_planscale_{k}") for k in ("src", "same", "chg")}

# 10 columns: (name, SQL type, spec extras)
COLUMNS: list[tuple[str, str, str]] = [
    ("id", "bigint", "primary_key: true"),
    ("parent_id", "bigint", "nullable: false"),
    ("name", "text", "nullable: false"),
    ("email", "text", ""),
    ("amount", "numeric(12,2)", 'default: "0"'),
    ("qty", "integer", 'default: "0"'),
    ("active", "boolean", 'nullable: false, default: "true"'),
    ("note", "text", ""),
    ("created_at", "timestamp with time zone", 'nullable: false, default: "now()"'),
    ("updated_at", "timestamp with time zone", ""),
]
EXTRA = ("extra_note", "text")  # the one change per table


def table_name(i: int) -> str:
    return f"bench_t{i:04d}"


def _col_ddl(name: str, typ: str, extras: str) -> str:
    out = f"{name} {typ}"
    if "primary_key" in extras:
        out += " PRIMARY KEY"
    if "nullable: false" in extras:
        out += " NOT NULL"
    if "default" in extras:
        out += " DEFAULT " + extras.split('default: "', 1)[1].rstrip('"')
    return out


def schema_ddl(n: int, extra: bool) -> str:
    stmts = ["CREATE TABLE bench_parent (id bigint PRIMARY KEY, label text NOT NULL)"]
    for i in range(1, n + 1):
        t = table_name(i)
        cols = [_col_ddl(*c) for c in COLUMNS]
        if extra:
            cols.append(" ".join(EXTRA))
        stmts += [
            f"CREATE TABLE {t} ({', '.join(cols)}, "
            f"CONSTRAINT {t}_parent_fk FOREIGN KEY (parent_id) REFERENCES bench_parent (id))",
            f"CREATE INDEX {t}_parent_idx ON {t} (parent_id)",
            f"CREATE INDEX {t}_name_created_idx ON {t} (name, created_at)",
        ]
    return ";\n".join(stmts) + ";"


def spec_yaml(i: int, extra: bool) -> str:
    t = table_name(i)
    cols = []
    for name, typ, extras in COLUMNS:
        more = f", {extras}" if extras else ""
        cols.append(f'  - {{name: {name}, type: "{typ}"{more}}}')
    if extra:
        cols.append(f"  - {{name: {EXTRA[0]}, type: {EXTRA[1]}}}")
    return (
        'release: "bench"\n'
        f"table: {t}\ncolumns:\n" + "\n".join(cols) + "\n"
        "indexes:\n"
        f"  - {{name: {t}_parent_idx, columns: [parent_id]}}\n"
        f"  - {{name: {t}_name_created_idx, columns: [name, created_at]}}\n"
        "foreign_keys:\n"
        f"  - {{name: {t}_parent_fk, columns: [parent_id], references: {{table: bench_parent, columns: [id]}}}}\n"
    )


PARENT_YAML = """release: "bench"
table: bench_parent
columns:
  - {name: id, type: bigint, primary_key: true}
  - {name: label, type: text, nullable: false}
"""


def write_spec(root: Path, n: int, extra: bool) -> Path:
    d = root / ("chg" if extra else "same")
    d.mkdir(parents=True)
    (d / "bench_parent.yaml").write_text(PARENT_YAML)
    for i in range(1, n + 1):
        (d / f"{table_name(i)}.yaml").write_text(spec_yaml(i, extra))
    return d


def build_dbs(url: str, n: int) -> dict[str, str]:
    urls = {}
    src = recreate_db(url, DBS["src"])
    with psycopg.connect(src, autocommit=True) as conn, conn.transaction():
        conn.execute(schema_ddl(n, extra=False))  # type: ignore[arg-type]
    urls["src"] = src
    urls["same"] = recreate_db(url, DBS["same"], template=DBS["src"])
    chg = recreate_db(url, DBS["chg"])
    with psycopg.connect(chg, autocommit=True) as conn, conn.transaction():
        conn.execute(schema_ddl(n, extra=True))  # type: ignore[arg-type]
    urls["chg"] = chg
    for u in urls.values():
        with psycopg.connect(u, autocommit=True) as conn:
            conn.execute("ANALYZE")
    return urls


# ---- timing helpers ------------------------------------------------------------------------


def time_subprocess(cmd: list[str], runs: int, ok: tuple[int, ...]) -> dict[str, Any]:
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)  # warm-up
    if p.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}:\n{p.stdout[-1500:]}{p.stderr[-1500:]}")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        q = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if q.returncode != p.returncode:
            raise RuntimeError(f"{cmd[0]} exit code changed {p.returncode} -> {q.returncode}: {q.stderr[-800:]}")
    return {"median_s": round(median(times), 4), "min_s": round(min(times), 4), "max_s": round(max(times), 4),
            "runs": runs, "exit_code": p.returncode, "stdout_lines": len(p.stdout.splitlines())}  # fmt: skip


class CountingCursor(psycopg.Cursor):  # type: ignore[type-arg]
    """Counts statements sent through cursors (conn.execute included); savepoints are not counted."""

    count = 0

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        CountingCursor.count += 1
        return super().execute(*args, **kwargs)


def in_process(src_url: str, spec_dir: Path, runs: int) -> dict[str, Any]:
    from reconcile.catalog.introspect import introspect
    from reconcile.connect.target import connect
    from reconcile.plan.planner import desired_catalog, make_plan, plan_to, read_live
    from reconcile.spec.load import load_spec

    phases: dict[str, list[float]] = {k: [] for k in ("load_spec", "make_plan", "introspect", "normalize", "diff")}
    with connect(src_url) as conn:
        conn.cursor_factory = CountingCursor
        spec = load_spec(spec_dir)
        make_plan(conn, spec, src_url)  # warm-up (server catalog caches, psycopg prepared state)
        for _ in range(runs):
            t0 = time.perf_counter()
            spec = load_spec(spec_dir)
            t1 = time.perf_counter()
            CountingCursor.count = 0
            planned = make_plan(conn, spec, src_url)
            t2 = time.perf_counter()
            statements = CountingCursor.count
            phases["load_spec"].append(t1 - t0)
            phases["make_plan"].append(t2 - t1)
        for _ in range(runs):  # the same pipeline as make_plan, split into its phases
            t0 = time.perf_counter()
            live, snapshot = read_live(conn, spec)
            t1 = time.perf_counter()
            desired = desired_catalog(conn, spec, snapshot)
            t2 = time.perf_counter()
            plan_to(conn, live, desired, src_url, release=spec.release, spec_sha256=spec.sha256,
                    managed=tuple(sorted(spec.table_names())))  # fmt: skip
            t3 = time.perf_counter()
            phases["introspect"].append(t1 - t0)
            phases["normalize"].append(t2 - t1)
            phases["diff"].append(t3 - t2)
        trace: list[str] = []
        introspect(conn, spec.table_names(), trace=trace)
    out_bloat = catalog_dead_tuples_per_plan(src_url, spec_dir)
    out: dict[str, Any] = {f"{k}_s": round(median(v), 4) for k, v in phases.items()}
    out["runs"] = runs
    out["catalog_queries"] = len(trace)
    out["catalog_query_kinds"] = trace
    out["make_plan_statements"] = statements
    out["changes"] = len(planned.plan.changes)
    out["steps"] = len(planned.plan.steps)
    out["catalog_dead_tuples_per_plan"] = out_bloat
    return out


CATALOGS = ("pg_attribute", "pg_class", "pg_depend", "pg_type", "pg_index", "pg_constraint")


def _dead(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute("SELECT sum(n_dead_tup) FROM pg_stat_sys_tables WHERE relname = ANY(%s)",
                           [list(CATALOGS)]).fetchone()  # fmt: skip
        return int(row[0] or 0) if row else 0


def catalog_dead_tuples_per_plan(src_url: str, spec_dir: Path) -> int:
    """Dead system-catalog rows one make_plan leaves behind in the target database (temp tables rolled back).

    Cumulative statistics are flushed when a backend exits, so each side is read from a fresh session
    after the planning session closed; an autovacuum in between would make this an undercount."""
    from reconcile.connect.target import connect
    from reconcile.plan.planner import make_plan
    from reconcile.spec.load import load_spec

    time.sleep(1.2)
    before = _dead(src_url)
    with connect(src_url) as conn:
        make_plan(conn, load_spec(spec_dir), src_url)
    time.sleep(1.2)
    return _dead(src_url) - before


# ---- migra ---------------------------------------------------------------------------------


def ensure_migra(venv: Path) -> tuple[Path | None, str]:
    exe = venv / "bin" / "migra"
    if not exe.exists():
        print(f"installing migra into {venv} ...", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "migra", "psycopg2-binary"],
                           check=True, capture_output=True, text=True)  # fmt: skip
        except subprocess.CalledProcessError as exc:
            return None, f"install failed: {(exc.stderr or '')[-800:]}"
    freeze = subprocess.run([str(venv / "bin" / "pip"), "freeze"], capture_output=True, text=True).stdout
    wanted = ("migra", "schemainspect", "sqlbag", "sqlalchemy", "psycopg2")
    versions = ", ".join(ln for ln in freeze.splitlines() if ln.lower().startswith(wanted))
    return exe, versions


def migra_url(url: str) -> str:
    # SQLAlchemy 2.x maps plain postgresql:// to psycopg 3, which the migra venv does not have.
    return url.replace("postgresql://", "postgresql+psycopg2://", 1).replace("postgres://", "postgresql+psycopg2://", 1)


# ---- main ----------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,100,1000", help="comma-separated table counts (default %(default)s)")
    ap.add_argument("-n", "--runs", type=int, default=3, help="timed runs per reconcile case (default %(default)s)")
    ap.add_argument("--migra-runs", type=int, default=3, help="timed runs per migra case (default %(default)s)")
    ap.add_argument("--no-migra", action="store_true", help="skip the migra side")
    ap.add_argument("--migra-venv", type=Path, default=MIGRA_VENV, help="virtualenv for migra (default %(default)s)")
    ap.add_argument("--database-url", default=DEFAULT_URL, help="server maintenance DB (default %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the bench_planscale_* databases of the last size")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    migra, migra_versions = (None, "skipped (--no-migra)") if args.no_migra else ensure_migra(args.migra_venv)
    rc = reconcile_cmd()
    results: dict[str, Any] = {}
    for n in sizes:
        print(f"== {n} tables: building databases ...", file=sys.stderr)
        t = time.perf_counter()
        urls = build_dbs(args.database_url, n)
        res: dict[str, Any] = {"build_s": round(time.perf_counter() - t, 2)}
        with tempfile.TemporaryDirectory(prefix="bench_planscale_") as tmp:
            for case, extra in (("no_change", False), ("one_change_per_table", True)):
                spec_dir = write_spec(Path(tmp), n, extra)
                cmd = [*rc, "plan", "--spec", str(spec_dir), "--database-url", urls["src"], "--detailed-exitcode"]
                r: dict[str, Any] = {"cli": time_subprocess(cmd, args.runs, (2,) if extra else (0,))}
                print(f"   {case}: cli {r['cli']['median_s']}s", file=sys.stderr)
                r["in_process"] = in_process(urls["src"], spec_dir, args.runs)
                print(f"   {case}: make_plan {r['in_process']['make_plan_s']}s", file=sys.stderr)
                if migra is not None:
                    target = urls["chg" if extra else "same"]
                    mcmd = [str(migra), migra_url(urls["src"]), migra_url(target)]
                    try:
                        r["migra"] = time_subprocess(mcmd, args.migra_runs, (2,) if extra else (0,))
                        print(f"   {case}: migra {r['migra']['median_s']}s", file=sys.stderr)
                    except RuntimeError as exc:
                        r["migra"] = {"error": str(exc)}
                        print(f"   {case}: migra FAILED: {str(exc)[:300]}", file=sys.stderr)
                res[case] = r
        results[str(n)] = res
        if not (args.keep and n == sizes[-1]):
            for name in DBS.values():
                drop_db(args.database_url, name)

    rows = []
    for n, res in results.items():
        for case in ("no_change", "one_change_per_table"):
            r = res[case]
            ip = r["in_process"]
            m = r.get("migra", {}).get("median_s")
            rows.append([
                n, case.replace("_per_table", "/table"), r["cli"]["median_s"], ip["make_plan_s"], ip["introspect_s"],
                ip["normalize_s"], ip["diff_s"], ip["load_spec_s"], ip["catalog_queries"], ip["make_plan_statements"],
                ip["catalog_dead_tuples_per_plan"], m, ratio(r["cli"]["median_s"], m) if m else None,
            ])  # fmt: skip
    print()
    print_table(["tables", "case", "cli s", "make_plan s", "introspect s", "normalize s", "diff s", "load_spec s",
                 "catalog q", "stmts", "dead cat rows", "migra s", "cli/migra"], rows)  # fmt: skip
    print("\n(tables = data tables; each spec also has the shared parent table. catalog q = introspect() queries")
    print(
        " for the live read; stmts = all statements make_plan sent through cursors, savepoints not counted;\n"
        " dead cat rows = dead system-catalog rows one plan leaves in the live database)"
    )

    targets: dict[str, Any] = {}
    big = results.get("1000", {}).get("no_change")
    if big:
        cli_s = big["cli"]["median_s"]
        targets["no_change_1000_cli_under_0.5s"] = cli_s < 0.5
        targets["no_change_1000_make_plan_under_0.5s"] = big["in_process"]["make_plan_s"] < 0.5
        m = big.get("migra", {}).get("median_s")
        targets["no_change_1000_10x_faster_than_migra"] = (m / cli_s >= 10) if m else None
        print(f"\ntarget no-change 1000 tables < 0.5 s: CLI {cli_s}s "
              f"({'met' if targets['no_change_1000_cli_under_0.5s'] else 'MISSED'}), "
              f"in-process make_plan {big['in_process']['make_plan_s']}s")  # fmt: skip
        if m:
            print(f"target >= 10x faster than migra: migra {m}s / cli {cli_s}s = {m / cli_s:.2f}x "
                  f"({'met' if targets['no_change_1000_10x_faster_than_migra'] else 'MISSED'})")  # fmt: skip
    counts = {n: res["no_change"]["in_process"]["catalog_queries"] for n, res in results.items()}
    targets["catalog_queries_constant"] = len(set(counts.values())) == 1
    print(f"catalog queries per introspect by table count: {counts} "
          f"({'constant' if targets['catalog_queries_constant'] else 'GROWS'})")  # fmt: skip
    path = write_json(
        "plan_scale",
        {"benchmark": "plan_scale", "machine": machine_info(args.database_url), "args": vars(args),
         "migra_versions": migra_versions, "results": results, "targets": targets},
    )  # fmt: skip
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
