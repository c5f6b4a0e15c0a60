"""Shared helpers for the bench/ scripts: paths, machine info, databases, tables, JSON output."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SQL = ROOT / "tests" / "sql"
DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def reconcile_cmd() -> list[str]:
    """The `reconcile` console script of the running interpreter's environment."""
    script = Path(sys.executable).with_name("reconcile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconcile"]


def bench_db(name: str) -> str:
    """A bench database name; BENCH_DB_SUFFIX keeps runs started side by side off each other's databases."""
    return name + os.environ.get("BENCH_DB_SUFFIX", "")


def with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def admin(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for s in statements:
            conn.execute(s)  # type: ignore[arg-type]


def recreate_db(url: str, name: str, template: str | None = None) -> str:
    stmts = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    stmts.append(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin(url, *stmts)
    return with_db(url, name)


def drop_db(url: str, name: str) -> None:
    admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def machine_info(url: str) -> dict[str, object]:
    info: dict[str, object] = {
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        with open("/proc/meminfo") as f:
            info["mem_total"] = f.readline().split(":", 1)[1].strip()
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            info["server_version"] = row[0] if row else None
    except psycopg.Error as exc:
        info["server_version"] = f"unavailable: {exc}"
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        info["git_commit"] = rev.stdout.strip()
    except OSError:
        pass
    return info


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(b: float, a: float) -> float | None:
    return round(b / a, 3) if a else None


def fmt(v: object) -> str:
    if isinstance(v, float):
        if v != v:  # NaN
            return "-"
        return f"{v:.3f}" if abs(v) < 100 else f"{v:.1f}"
    return "-" if v is None else str(v)


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))


def write_json(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    stamped = RESULTS / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}.json"
    shutil.copyfile(path, stamped)
    return path
