"""Through a real PgBouncer: read paths give the same answers as direct; apply needs a direct session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from reconcile.apply.lock import SCOPE, lock_key
from reconcile.connect.pooler import is_transaction_pooled

from .helpers import DESIRED, REPO, cli
from .pgbouncer import pgbouncer, through, warm

FIXTURE = REPO.parent / "shared/fixtures/openai/completions_usage_2025-09-01_2025-10-01.csv"
RUNS = 20


@pytest.fixture(scope="module")
def transaction_pooler(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with pgbouncer(server_url, "transaction", tmp_path_factory.mktemp("pgbouncer-tx")) as port:
        yield port


@pytest.fixture(scope="module")
def session_pooler(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with pgbouncer(server_url, "session", tmp_path_factory.mktemp("pgbouncer-session")) as port:
        yield port


@pytest.fixture(scope="module")
def statement_pooler(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with pgbouncer(server_url, "statement", tmp_path_factory.mktemp("pgbouncer-statement")) as port:
        yield port


@pytest.fixture(params=["transaction", "session"])
def pooler_port(request: pytest.FixtureRequest) -> int:
    port: int = request.getfixturevalue(f"{request.param}_pooler")
    return port


def advisory_locks(direct_url: str) -> list[tuple[int, str]]:
    with psycopg.connect(direct_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT l.pid, l.mode FROM pg_locks l WHERE l.locktype = 'advisory'"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ).fetchall()
    return [(int(pid), str(mode)) for pid, mode in rows]


def read_results(url: str, tmp: Path) -> dict[str, object]:
    """What each read path says about the database at `url`, without the parts naming the URL."""
    plan = cli("plan", "--spec", DESIRED, "--database-url", url, "--format", "sql", "--detailed-exitcode")
    drift = cli("drift", "--spec", DESIRED, "--database-url", url, "--format", "json")
    verify = cli("verify", "--spec", DESIRED, "--database-url", url)
    describe = cli("describe", "usage_events", "--database-url", url)
    tmp.mkdir(parents=True)
    report = tmp / "parity.json"
    parity = cli(
        "parity",
        "--database-url",
        url,
        "--csv",
        FIXTURE,
        "--from",
        "2025-09-01",
        "--to",
        "2025-10-02",
        "--output",
        report,
    )
    out = tmp / "import"
    imported = cli("import", "--database-url", url, "--out", out, "--release", "0003", "--force")
    drift_doc = json.loads(drift.output)
    return {
        "plan": (plan.exit_code, plan.output),
        "drift": (drift.exit_code, drift_doc["status"], drift_doc["drift"]),
        "verify": (verify.exit_code, verify.output.split("\n", 1)[1]),
        "describe": (describe.exit_code, describe.output),
        "parity": (parity.exit_code, json.loads(report.read_text())["totals"]),
        "import": (imported.exit_code, {p.name: p.read_text() for p in sorted(out.glob("*.yaml"))}),
    }


def test_detects_a_transaction_pooler_and_only_that(db_url: str, transaction_pooler: int, session_pooler: int):
    for url, pooled in ((db_url, False), (through(db_url, session_pooler), False)):
        with psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
            assert is_transaction_pooled(conn, url) is pooled
    url = through(db_url, transaction_pooler)
    with psycopg.connect(url, autocommit=True, prepare_threshold=None) as conn:
        assert is_transaction_pooled(conn, url) is True


def test_read_paths_through_the_pooler_match_direct(db_0003: str, pooler_port: int, tmp_path: Path):
    with psycopg.connect(db_0003, autocommit=True) as conn:  # something to report: an index the spec has
        conn.execute("DROP INDEX usage_admin_bucket_idx")
    direct = read_results(db_0003, tmp_path / "direct")
    assert direct["plan"][0] == 2 and direct["drift"][0] == 2 and direct["verify"][0] == 2  # type: ignore[index]
    assert direct["parity"][0] == 2 and direct["describe"][0] == 0  # type: ignore[index]
    assert "usage_admin_bucket_idx" not in direct["import"][1]["usage_events.yaml"]  # type: ignore[index]
    pooled_url = through(db_0003, pooler_port)
    warm(pooled_url)  # several backends: in transaction mode, consecutive transactions change backend
    for run in range(RUNS):
        assert read_results(pooled_url, tmp_path / f"pooled{run}") == direct, f"run {run}"
    assert advisory_locks(db_0003) == []


def test_apply_through_a_transaction_pooler_is_refused_before_anything(db_0002: str, transaction_pooler: int):
    pooled_url = through(db_0002, transaction_pooler)
    result = cli("apply", "--spec", DESIRED, "--database-url", pooled_url, "--auto-approve", "--no-evidence")
    assert result.exit_code == 3
    assert "transaction-mode pooler" in result.stderr and "--direct-url" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert cli("plan", "--spec", DESIRED, "--database-url", db_0002, "--detailed-exitcode").exit_code == 2


def test_apply_with_direct_url_applies_and_leaves_no_lock(db_0002: str, transaction_pooler: int):
    pooled_url = through(db_0002, transaction_pooler)
    args = ("--spec", DESIRED, "--database-url", pooled_url, "--auto-approve", "--no-evidence")
    result = cli("apply", *args, "--direct-url", db_0002)
    assert result.exit_code == 0, result.output + result.stderr
    assert advisory_locks(db_0002) == []
    assert cli("plan", "--spec", DESIRED, "--database-url", pooled_url, "--detailed-exitcode").exit_code == 0


def test_apply_through_a_session_pooler_is_fine(db_0002: str, session_pooler: int):
    pooled_url = through(db_0002, session_pooler)
    result = cli("apply", "--spec", DESIRED, "--database-url", pooled_url, "--auto-approve", "--no-evidence")
    assert result.exit_code == 0, result.output + result.stderr
    assert advisory_locks(db_0002) == []


def test_six_concurrent_applies_one_writer_no_lock_left(db_0002: str, transaction_pooler: int, tmp_path: Path):
    pooled_url = through(db_0002, transaction_pooler)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DIRECT_DATABASE_URL"] = db_0002
    cmd = [sys.executable, "-m", "reconcile", "apply", "--spec", str(DESIRED), "--database-url", pooled_url]
    cmd += ["--auto-approve", "--no-evidence", "--lock-wait", "120"]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outputs = [(p.wait(300), *p.communicate()) for p in procs]
    for code, out, err in outputs:
        assert code == 0, out + err
        assert "Traceback" not in err
    writers = [out for _, out, _ in outputs if "outcome=applied" in out]
    idle = [out for _, out, _ in outputs if "No changes" in out]
    assert len(writers) == 1 and len(idle) == 5
    assert advisory_locks(db_0002) == []


def test_a_stale_lock_is_named_with_its_fix_and_broken_on_request(db_0002: str):
    args = ("apply", "--spec", DESIRED, "--database-url", db_0002, "--auto-approve", "--no-evidence")
    with psycopg.connect(db_0002, autocommit=True, application_name="psql") as squatter:
        squatter.execute("SELECT pg_advisory_lock(%s)", [lock_key(SCOPE)])
        pid = squatter.info.backend_pid
        refused = cli(*args, "--lock-wait", "30")
        assert refused.exit_code == 3
        assert f"SELECT pg_terminate_backend({pid})" in refused.stderr and "--break-stale-lock" in refused.stderr
        assert advisory_locks(db_0002) == [(pid, "ExclusiveLock")]
        broken = cli(*args, "--break-stale-lock")
        assert broken.exit_code == 0, broken.output + broken.stderr
        with pytest.raises(psycopg.OperationalError):
            squatter.execute("SELECT 1")
    assert advisory_locks(db_0002) == []


def test_a_live_reconcile_holder_is_waited_for_not_broken(db_0002: str):
    args = ("apply", "--spec", DESIRED, "--database-url", db_0002, "--auto-approve", "--no-evidence")
    with psycopg.connect(db_0002, autocommit=True, application_name="reconcile") as other:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_key(SCOPE)])
        result = cli(*args, "--lock-wait", "1", "--break-stale-lock")
        assert result.exit_code == 3
        assert "another reconcile run holds the lock" in result.stderr
        assert other.execute("SELECT 1").fetchone() == (1,)


def test_the_ansible_engine_refuses_a_transaction_pooler_too(db_0002: str, transaction_pooler: int):
    from ansible_collections.reconcile.postgresql.plugins.module_utils import engine

    with pytest.raises(engine.EngineError, match="transaction-mode pooler"):
        engine.apply(through(db_0002, transaction_pooler), str(DESIRED))
    assert cli("plan", "--spec", DESIRED, "--database-url", db_0002, "--detailed-exitcode").exit_code == 2


def test_apply_through_a_statement_pooler_is_refused_before_anything(db_0002: str, statement_pooler: int):
    pooled_url = through(db_0002, statement_pooler)
    result = cli("apply", "--spec", DESIRED, "--database-url", pooled_url, "--auto-approve", "--no-evidence")
    assert result.exit_code == 3, result.output + result.stderr
    assert "statement-mode pooler (PgBouncer pool_mode=statement)" in result.stderr and "--direct-url" in result.stderr
    assert "lost the database connection" not in result.stderr and "Traceback" not in result.output + result.stderr
    assert cli("plan", "--spec", DESIRED, "--database-url", db_0002, "--detailed-exitcode").exit_code == 2
    direct = cli("apply", "--spec", DESIRED, "--database-url", pooled_url, "--direct-url", db_0002, "--auto-approve")
    assert direct.exit_code == 0, direct.output + direct.stderr  # the hint's way out works


@pytest.mark.parametrize(
    "args",
    [("plan", "--spec", DESIRED), ("drift", "--spec", DESIRED), ("verify", "--spec", DESIRED), ("describe", "users")],
    ids=["plan", "drift", "verify", "describe"],
)
def test_read_paths_through_a_statement_pooler_say_so(db_0002: str, statement_pooler: int, args: tuple[str, ...]):
    result = cli(*args, "--database-url", through(db_0002, statement_pooler))
    assert result.exit_code == 1, result.output + result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: the target (") and "statement-mode pooler" in line, line
    assert "session- or transaction-mode pool" in line and "lost the database connection" not in line, line


def pooled_settings(url: str, clients: int = 8) -> set[tuple[str, str]]:
    """default_transaction_read_only and statement_timeout on every server connection of the pool:
    `clients` concurrent transactions each hold a backend of their own."""
    conns = [psycopg.connect(url, prepare_threshold=None) for _ in range(clients)]
    try:
        return {
            tuple(
                conn.execute(
                    "SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout')"
                ).fetchone()
            )
            for conn in conns
        }
    finally:
        for conn in conns:
            conn.rollback()
            conn.close()


def test_rehearse_through_a_transaction_pooler_leaves_no_setting_on_its_server_connections(
    db_0003: str, server_url: str, transaction_pooler: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    pooled_url = through(db_0003, transaction_pooler)
    warm(pooled_url)
    args = ("--database-url", pooled_url, "--dev-url", server_url, "--spec", DESIRED, "--rows", "20")
    result = cli("rehearse", *args)
    assert result.exit_code == 0, result.output + result.stderr
    # the application's next transactions on those backends can still write, without a timeout of ours
    assert pooled_settings(pooled_url) == {("off", "0")}


def test_apply_targets_through_a_transaction_pooler_is_refused_before_anything(
    db_0002: str, transaction_pooler: int, tmp_path: Path
):
    targets = tmp_path / "targets.yaml"
    targets.write_text(f"targets:\n  pooled: {json.dumps(through(db_0002, transaction_pooler))}\n")
    result = cli("apply", "--spec", DESIRED, "--targets", targets, "--auto-approve", "--format", "json")
    assert result.exit_code == 3, result.output + result.stderr
    (target,) = json.loads(result.output)["targets"]
    assert target["state"] == "refused" and "transaction-mode pooler" in target["summary"], target
    assert "direct URL in the targets file" in target["summary"] and "set DIRECT_DATABASE_URL" not in target["summary"]
    assert cli("plan", "--spec", DESIRED, "--database-url", db_0002, "--detailed-exitcode").exit_code == 2
    assert advisory_locks(db_0002) == []


def test_a_direct_url_to_another_database_is_refused_before_anything(
    db_0002: str, make_db, transaction_pooler: int, monkeypatch: pytest.MonkeyPatch
):
    other = make_db()  # e.g. production's DIRECT_DATABASE_URL left in the environment, --database-url staging
    monkeypatch.setenv("DIRECT_DATABASE_URL", other)
    pooled_url = through(db_0002, transaction_pooler)
    result = cli("apply", "--spec", DESIRED, "--database-url", pooled_url, "--auto-approve", "--no-evidence")
    assert result.exit_code == 3, result.output + result.stderr
    (line,) = result.stderr.splitlines()
    assert "must reach the target's own database" in line and "Nothing was done" in line, line
    for url in (db_0002, other):
        assert cli("plan", "--spec", DESIRED, "--database-url", url, "--detailed-exitcode").exit_code == 2
