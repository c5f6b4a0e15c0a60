"""Fleet mode (`--targets`): selection, canary, failure budget, per-target evidence, JSON, exit codes,
and the bound on open connections; against real databases on the test server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
import yaml
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.fleet.runner import SEVERITY, worst
from reconcile.fleet.targets import load_targets

from .conftest import APP_0002, APP_0003, run_sql_file
from .helpers import DESIRED, cli, scalar

SECRET = "hunter2-fleet-secret"


def targets_file(tmp_path: Path, targets: dict[str, object], groups: dict[str, list[str]] | None = None) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump({"targets": targets, "groups": groups or {}}, sort_keys=False))
    return path


def missing_db(url: str) -> str:
    """A target that cannot be reached: a database that does not exist, with a password in its URL."""
    params = conninfo_to_dict(url)
    params.update(dbname="fleet_no_such_db", password=SECRET)
    return make_conninfo(**params)


@pytest.fixture
def app_db(make_db: Callable[[], str]) -> Callable[[str], str]:
    """Factory: a fresh database migrated like the application to release 0002 or 0003."""

    def make(release: str = "0002") -> str:
        url = make_db()
        run_sql_file(url, *(APP_0002 if release == "0002" else APP_0003))
        return url

    return make


def columns(url: str) -> int:
    """How many columns the application's tables have (0002 -> 0003 adds some)."""
    query = "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
    return int(scalar(url, query))  # type: ignore[arg-type]


def fleet(command: str, targets: Path, *args: object) -> tuple[int, dict]:
    result = cli(command, "--spec", DESIRED, "--targets", targets, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def states(report: dict) -> dict[str, str]:
    return {t["name"]: t["state"] for t in report["targets"]}


# ---- the targets file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("targets:\n  a: {url: x, service: y}\n", "t.yaml:2: targets a: give exactly one of 'url' or 'service'"),
        ("targets:\n  a: x\ngroups:\n  g: [a,\n    zz]\n", "t.yaml:5: group 'g' names unknown target 'zz'"),
        ("targets:\n  a: x\nextra: 1\n", "t.yaml:3: extra: unknown key 'extra'"),
        ("targets:\n  a: {port: 1}\n", "t.yaml:2: targets a port: unknown key 'port'"),
        ("targets:\n  a: x\n  a: y\n", "t.yaml:3: duplicate key 'a'"),
        ("targets:\n  a/b: x\n", "t.yaml:2: target name 'a/b' must be"),
        ("targets: [\n", "t.yaml:2: YAML syntax error"),
        ("targets:\n  a: x\ngroups:\n  a: [a]\n", "t.yaml:4: group 'a' has the name of a target"),
    ],
)
def test_targets_file_errors_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "t.yaml"
    path.write_text(text)
    result = cli("plan", "--spec", DESIRED, "--targets", path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_service_targets_and_selection_order(tmp_path):
    path = targets_file(
        tmp_path,
        {"a": "postgresql://h/a", "b": {"service": "prod_b"}, "c": {"url": "postgresql://h/c"}},
        {"prod": ["c", "b"], "staging": ["a"]},
    )
    loaded = load_targets(path)
    assert [t.conninfo for t in loaded.targets] == ["postgresql://h/a", "service=prod_b", "postgresql://h/c"]
    assert (
        load_targets(targets_file(tmp_path, {"s": {"service": "eu west"}})).targets[0].conninfo == "service='eu west'"
    )
    assert [t.name for t in loaded.select(("prod",))] == ["b", "c"]  # the file's order, not the group's
    assert [t.name for t in loaded.select(("staging", "c"))] == ["a", "c"]
    assert [t.name for t in loaded.select(())] == ["a", "b", "c"]


# ---- runs ------------------------------------------------------------------------------------


def test_limit_runs_only_the_group_and_unknown_limit_fails(tmp_path, app_db):
    a, b, c = app_db(), app_db(), app_db()
    before = columns(a)
    path = targets_file(tmp_path, {"a": a, "b": b, "c": c}, {"prod": ["b", "c"]})
    code, report = fleet("apply", path, "--auto-approve", "--limit", "prod")
    assert code == 0, report
    assert states(report) == {"b": "changed", "c": "changed"}
    assert columns(a) == before < columns(b) == columns(c)  # a was not touched
    result = cli("plan", "--spec", DESIRED, "--targets", path, "--limit", "nope")
    assert result.exit_code == 1 and "--limit 'nope' is neither a group nor a target" in result.output


def test_apply_writes_evidence_per_target_and_is_idempotent(tmp_path, app_db, _evidence_dir):
    urls = {"one": app_db(), "two": app_db(), "three": app_db("0003")}
    path = targets_file(tmp_path, urls)
    code, report = fleet("apply", path, "--auto-approve", "--parallel", "3")
    assert code == 0
    assert states(report) == {"one": "changed", "two": "changed", "three": "ok"}
    assert report["counts"] == {"ok": 1, "changed": 2, "refused": 0, "failed": 0, "skipped": 0}
    for name in ("one", "two"):
        folder = Path(report["targets"][list(urls).index(name)]["evidence"])
        assert folder.parent == _evidence_dir / name / "runs" and (folder / "EVIDENCE.md").is_file()
    assert (_evidence_dir / "three" / "alignment_log.md").is_file()
    assert not list((_evidence_dir / "three").glob("runs/*"))
    code, report = fleet("apply", path, "--auto-approve", "--parallel", "2")
    assert code == 0 and set(states(report).values()) == {"ok"}
    code, report = fleet("verify", path)
    assert code == 0 and set(states(report).values()) == {"ok"}


def test_failing_target_does_not_stop_the_others_and_hides_its_password(tmp_path, app_db):
    a, c = app_db(), app_db()
    before = columns(a)
    path = targets_file(tmp_path, {"a": a, "broken": missing_db(a), "c": c})
    result = cli("apply", "--spec", DESIRED, "--targets", path, "--auto-approve", "--parallel", "1")
    assert result.exit_code == 1
    assert SECRET not in result.output
    lines = result.output.splitlines()
    assert [ln.split()[:2] for ln in lines[:3]] == [["a", "changed"], ["broken", "failed"], ["c", "changed"]]
    assert "cannot connect to the database" in lines[1]
    assert lines[-1].startswith("TOTAL apply  targets=3  ok=0  changed=2  refused=0  failed=1  skipped=0")
    assert columns(a) == columns(c) > before
    code, report = fleet("plan", path)
    assert SECRET not in json.dumps(report) and "***" in report["targets"][1]["target"]


def test_canary_failure_stops_before_the_rest(tmp_path, app_db):
    rest = [app_db(), app_db()]
    before = columns(rest[0])
    path = targets_file(tmp_path, {"canary": missing_db(rest[0]), "r1": rest[0], "r2": rest[1]})
    code, report = fleet("apply", path, "--auto-approve", "--canary", "1", "--parallel", "2")
    assert code == 1
    assert states(report) == {"canary": "failed", "r1": "skipped", "r2": "skipped"}
    assert report["stopped"].startswith("canary failed (canary)")
    assert [columns(u) for u in rest] == [before, before]


def test_canary_success_continues_with_the_rest(tmp_path, app_db):
    urls = {"c1": app_db(), "r1": app_db(), "r2": app_db()}
    code, report = fleet("apply", targets_file(tmp_path, urls), "--auto-approve", "--canary", "1")
    assert code == 0 and set(states(report).values()) == {"changed"}


def test_max_failures_stops_starting_targets(tmp_path, app_db):
    good = [app_db(), app_db()]
    before = columns(good[1])
    targets = {"bad1": missing_db(good[0]), "g1": good[0], "bad2": missing_db(good[0]), "g2": good[1]}
    path = targets_file(tmp_path, targets)
    code, report = fleet("apply", path, "--auto-approve", "--max-failures", "2")
    assert code == 1
    assert states(report) == {"bad1": "failed", "g1": "changed", "bad2": "failed", "g2": "skipped"}
    assert "--max-failures 2 reached (bad1, bad2)" in report["stopped"]
    assert columns(good[1]) == before
    code, report = fleet("plan", path, "--max-failures", "3")  # budget not spent: everything runs
    assert "skipped" not in states(report).values()


def test_exit_code_is_the_worst_refused_and_error_both_surface(tmp_path, app_db):
    refused = app_db("0003")
    with psycopg.connect(refused, autocommit=True) as conn:
        conn.execute("ALTER TABLE public.openai_projects ADD COLUMN legacy text")  # apply would drop it
    changes, in_sync = app_db(), app_db("0003")
    path = targets_file(tmp_path, {"refused": refused, "changes": changes, "in_sync": in_sync})
    code, report = fleet("plan", path, "--detailed-exitcode")
    assert code == 2 and states(report)["changes"] == "changed"
    code, report = fleet("apply", path, "--auto-approve")
    assert code == 3
    assert states(report) == {"refused": "refused", "changes": "changed", "in_sync": "ok"}
    assert "legacy" in report["targets"][0]["summary"]
    path = targets_file(tmp_path, {"refused": refused, "broken": missing_db(refused)})
    code, report = fleet("apply", path, "--auto-approve")
    assert code == 1 and report["counts"]["refused"] == 1 and report["counts"]["failed"] == 1


def test_drift_reports_each_target(tmp_path, app_db, _evidence_dir):
    path = targets_file(tmp_path, {"synced": app_db("0003"), "behind": app_db()})
    result = cli("drift", "--spec", DESIRED, "--targets", path, "--evidence-dir", _evidence_dir)
    assert result.exit_code == 2
    assert [ln.split()[:2] for ln in result.output.splitlines()[:2]] == [["synced", "ok"], ["behind", "changed"]]
    assert (_evidence_dir / "behind" / "drift" / "latest.json").is_file()
    assert (_evidence_dir / "synced" / "alignment_log.md").is_file()


def test_severity_order():
    assert SEVERITY == (0, 2, 3, 1)
    assert worst([0, 2, 0]) == 2 and worst([2, 3, 0]) == 3 and worst([3, 1, 2]) == 1 and worst([]) == 0


def test_open_connections_never_exceed_parallel(tmp_path, app_db, server_url):
    urls = {f"t{i}": app_db() for i in range(6)}
    dbnames = [conninfo_to_dict(u)["dbname"] for u in urls.values()]
    path = targets_file(tmp_path, urls)
    samples: list[tuple[float, frozenset[int]]] = []
    stop = threading.Event()

    def sample() -> None:
        with psycopg.connect(server_url, autocommit=True, application_name="fleet-test-sampler") as conn:
            while not stop.is_set():
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'reconcile' AND datname = ANY(%s)",
                    (dbnames,),
                ).fetchall()
                samples.append((time.monotonic(), frozenset(r[0] for r in rows)))
                time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        code, report = fleet("apply", path, "--auto-approve", "--parallel", "2")
    finally:
        stop.set()
        sampler.join()
    assert code == 0 and set(states(report).values()) == {"changed"}
    assert 1 <= _lasting_peak(samples, LINGER_S) <= 2, samples


LINGER_S = 0.05  # a closed connection's backend stays in pg_stat_activity while it exits (longer under load)


def _lasting_peak(samples: list[tuple[float, frozenset[int]]], linger: float) -> int:
    """The most backends seen at once that were all still there `linger` seconds later: a worker's next
    target may connect before its last target's backend has left pg_stat_activity, which is not a third
    connection open at once (each target's work takes far longer than `linger`)."""
    peak = 0
    for n, (at, pids) in enumerate(samples):
        later = next((p for t, p in samples[n:] if t >= at + linger), None)
        if later is not None:
            peak = max(peak, len(pids & later))
    return peak


def test_option_misuse_is_one_line_exit_1(tmp_path, app_db):
    path = targets_file(tmp_path, {"a": app_db()})
    for args in (
        ("apply", "--targets", path),  # no --auto-approve
        ("plan", "--targets", path, "--database-url", "postgresql://h/x"),
        ("plan", "--targets", path, "--format", "sql"),
        ("plan", "--canary", "1"),  # no --targets
    ):
        result = cli(*args[:1], "--spec", DESIRED, *args[1:])
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output and "Error" in result.output, args


def test_service_target_connects_through_pg_service_conf(tmp_path, app_db, monkeypatch):
    params = conninfo_to_dict(app_db())
    section = "\n".join(f"{k}={v}" for k, v in params.items() if k in ("host", "port", "dbname", "user", "password"))
    (tmp_path / "pg_service.conf").write_text(f"[fleet_svc]\n{section}\n")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    code, report = fleet("plan", targets_file(tmp_path, {"svc": {"service": "fleet_svc"}}), "--detailed-exitcode")
    assert code == 2 and states(report) == {"svc": "changed"}
    assert report["targets"][0]["target"] == "service=fleet_svc"


@pytest.mark.parametrize("command", ["plan", "drift", "verify"])
def test_a_locked_table_gives_up_within_lock_wait_per_target(tmp_path, app_db, command):
    locked, free = app_db("0003"), app_db("0003")
    path = targets_file(tmp_path, {"locked": locked, "free": free})
    with psycopg.connect(locked) as holder:
        holder.execute("SET idle_in_transaction_session_timeout = '60s'")
        holder.execute("LOCK TABLE usage_events IN ACCESS EXCLUSIVE MODE")
        pid = holder.info.backend_pid
        started = time.monotonic()
        code, report = fleet(command, path, "--lock-wait", "1")
        elapsed = time.monotonic() - started
        holder.rollback()
    assert states(report) == {"locked": "failed", "free": "ok"}, report
    (failed,) = [t for t in report["targets"] if t["name"] == "locked"]
    assert "--lock-wait" in failed["summary"] and f"pid {pid}" in failed["summary"], failed
    assert code == 1 and elapsed < 30, elapsed
