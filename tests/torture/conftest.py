"""Torture suite plumbing: --torture-scale, shared counters, the summary line, process helpers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
STATS: Counter[str] = Counter()  # faults, converged, inputs, failures


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def add_options(parser: pytest.Parser) -> None:
    """Also called from tests/conftest.py, so `pytest --torture-scale N` works from the repository root."""
    try:
        parser.addoption(
            "--torture-scale",
            type=float,
            default=1.0,
            help="Multiply the torture suite's iteration and example counts (default 1: bounded for CI).",
        )
    except ValueError:  # already added by the other conftest
        pass


def scale(config: pytest.Config, base: int) -> int:
    return max(1, round(base * float(config.getoption("--torture-scale", default=1.0) or 1.0)))


@pytest.fixture
def torture_scale(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return lambda base: scale(request.config, base)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed and "torture" in report.keywords:
        STATS["failures"] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if not any(STATS.values()) and not STATS.get("ran"):
        return
    terminalreporter.write_line(
        f"torture: faults injected {STATS['faults']}, runs converged {STATS['converged']}, "
        f"inputs tried {STATS['inputs']}, failures {STATS['failures']}" + _classes()
    )


def _classes() -> str:
    """Hostile-input classes tried (tests/torture/test_hostile_classes.py), by name."""
    counts = sorted((k.removeprefix("class:"), n) for k, n in STATS.items() if k.startswith("class:"))
    return "; hostile classes: " + ", ".join(f"{k} {n}" for k, n in counts) if counts else ""


@pytest.fixture(autouse=True)
def _scratch_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run (and spawn) reconcile from a scratch directory: its audit/ logs stay out of the checkout."""
    monkeypatch.chdir(tmp_path)


def spawn(*args: str) -> subprocess.Popen:
    """`python -m reconcile ARGS` in its own process group (so a SIGKILL takes all of it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def reap_orphans(url: str, timeout: float = 15.0) -> int:
    """Terminate this database's `reconcile` backends, as the server would on a lost client; wait for them."""
    with psycopg.connect(url, autocommit=True) as conn:
        pids = [
            r[0]
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'reconcile'"
                " AND datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
        for pid in pids:
            conn.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + timeout
        while pids and time.monotonic() < deadline:
            alive = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids]).fetchone()
            if alive and alive[0] == 0:
                break
            time.sleep(0.05)
    return len(pids)


def one_line_error(stderr: str) -> bool:
    """No traceback, and the failure is told in one `Error: ...` line."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    return "Traceback" not in stderr and bool(lines) and lines[-1].startswith("Error: ") and "\n" not in lines[-1]


class Writer(threading.Thread):
    """Keeps inserting rows into usage_events (0002 columns only, valid on both releases)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.inserted = 0
        self.errors = 0

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, application_name="torture-writer") as conn:
                    conn.execute("SET statement_timeout = '10s'")
                    while not self.stop.is_set():
                        conn.execute(
                            'INSERT INTO usage_events (key_id, model, tokens_in, "timestamp")'
                            " VALUES (1 + (random() * 39)::int, 'writer', 1, clock_timestamp())"
                        )
                        self.inserted += 1
                        time.sleep(0.005)
            except psycopg.Error:
                self.errors += 1
                time.sleep(0.05)

    def __enter__(self) -> Writer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.join(timeout=30)
