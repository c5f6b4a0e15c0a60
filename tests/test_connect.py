"""Where the target comes from (libpq's way), what is shown of it, and read paths that never hang."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import click
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from reconcile.cli import main
from reconcile.connect.redact import redact_url

from .helpers import DESIRED, REPO, cli

FIXTURE = REPO.parent / "shared/fixtures/openai/completions_usage_2025-09-01_2025-10-01.csv"
PARITY = ("--csv", str(FIXTURE), "--from", "2025-09-01", "--to", "2025-10-02")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any target: no DATABASE_URL, no PG* variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "DATABASE_URL"}
    env.pop("RECONCILE_TEST_DATABASE_URL", None)
    return {**env, **extra}


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "reconcile", *args]
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def libpq_vars(url: str) -> dict[str, str]:
    params = conninfo_to_dict(url)
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE", "password": "PGPASSWORD"}
    return {names[k]: str(v) for k, v in params.items() if k in names and v}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql:///app", "postgresql:///app"),
        ("postgresql://u:secret@h:5432/db", "postgresql://u:***@h:5432/db"),
        ("POSTGRESQL://u:secret@h/db", "POSTGRESQL://u:***@h/db"),
        ("postgres://u:sec ret@h/db", "postgres://u:***@h/db"),
        ("postgresql://u@h/db?pass%77ord=secret&sslmode=require", "postgresql://u@h/db?pass%77ord=***&sslmode=require"),
        ("postgresql://h?password=secret", "postgresql://h?password=***"),
        ("host=h password='se cret' dbname=db", "host=h password=*** dbname=db"),
        ("host=h password=se cret dbname=db", "host=h password=*** dbname=db"),  # unquoted: libpq refuses it
        ("host=h password=secret", "host=h password=***"),
        ("postgresql://u:se@cret@h/db", "postgresql://u:***@h/db"),  # an unencoded @: up to the last one
        ("postgresql://u@srv:secret@h/db", "postgresql://u@srv:***@h/db"),
        ("mysql://u:secret@h/db", "mysql://u:***@h/db"),  # a wrong scheme is echoed in "invalid database URL"
    ],
)
def test_url_shown_as_written_without_its_password(url: str, shown: str):
    assert redact_url(url) == shown


@pytest.mark.parametrize(
    "url",
    [
        "POSTGRESQL://postgres:s3cr3tpw@127.0.0.1:1/x",
        "postgresql://postgres:s3cr3t pw@127.0.0.1:1/x",
        "postgresql://postgres@127.0.0.1:1/x?pass%77ord=s3cr3tpw",
        "postgresql://postgres:s3cr3tpw@127.0.0.1:1/x?bogus_option=1",
        # libpq takes what follows the first @ for the host name, and names that host in its error
        "postgresql://postgres:pw@s3cr3tpw@127.0.0.1:1/x",
        "postgresql://postgres@azure-server:s3cr3tpw@127.0.0.1:1/x",
        # an unquoted password of two words: libpq names the second in its error
        "host=127.0.0.1 port=1 user=postgres password=pw s3cr3tpw dbname=x",
        "mysql://postgres:s3cr3tpw@127.0.0.1:1/x",
        "postgress://postgres:s3cr3tpw@127.0.0.1:1/x",
    ],
)
def test_connection_errors_never_show_the_password(url: str):
    for command in (["plan", "--spec", DESIRED], ["drift", "--spec", DESIRED], ["describe", "t"]):
        result = cli(*command, "--database-url", url)
        assert result.exit_code == 1
        assert "s3cr3t" not in result.output + result.stderr
        assert result.stderr.startswith("Error: ") and result.stderr.strip().count("\n") == 0
        assert redact_url(url) in result.stderr  # which target it was, as written, minus the password


def test_pg_variables_are_the_target_when_no_url_is_given(db_0002: str, tmp_path: Path):
    env = clean_env(**libpq_vars(db_0002))
    plan = run(["plan", "--spec", str(DESIRED), "--detailed-exitcode"], env, tmp_path)
    assert plan.returncode == 2, plan.stderr  # db_0002 needs the 0003 changes
    assert "embedded" not in plan.stderr
    drift = run(["drift", "--spec", str(DESIRED)], env, tmp_path)
    assert drift.returncode == 2, drift.stderr
    assert not (tmp_path / ".reconcile").exists()


def test_pgservice_and_pg_service_conf(db_0002: str, tmp_path: Path):
    params = conninfo_to_dict(db_0002)
    lines = [f"{k}={v}" for k, v in params.items() if k in ("host", "port", "user", "dbname", "password") and v]
    (tmp_path / "pg_service.conf").write_text("[appdb]\n" + "\n".join(lines) + "\n")
    env = clean_env(PGSERVICE="appdb", PGSERVICEFILE=str(tmp_path / "pg_service.conf"))
    verify = run(["verify", "--spec", str(DESIRED)], env, tmp_path)
    assert verify.returncode == 2, verify.stderr
    assert "difference(s) from the spec" in verify.stdout


def test_database_url_wins_over_pg_variables(db_0003: str, make_db, tmp_path: Path):
    env = clean_env(DATABASE_URL=db_0003, **libpq_vars(make_db()))
    plan = run(["plan", "--spec", str(DESIRED), "--detailed-exitcode"], env, tmp_path)
    assert plan.returncode == 0, plan.stdout + plan.stderr  # db_0003 is at the spec; the empty one is not


@pytest.mark.parametrize(
    "args",
    [["drift", "--spec", str(DESIRED)], ["verify", "--spec", str(DESIRED)], ["parity", *PARITY]],
)
def test_commands_that_check_a_real_target_never_fall_back_to_the_embedded_server(args: list[str], tmp_path: Path):
    result = run(args, clean_env(), tmp_path)
    assert result.returncode == 1
    assert "no database configured" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / ".reconcile").exists()


@pytest.fixture
def locked_usage_events(db_0003: str):
    """Another session holding ACCESS EXCLUSIVE on usage_events (ended by the server after 60s at most)."""
    with psycopg.connect(db_0003) as holder:
        holder.execute("SET idle_in_transaction_session_timeout = '60s'")
        holder.execute("LOCK TABLE usage_events IN ACCESS EXCLUSIVE MODE")
        yield holder.info.backend_pid
        holder.rollback()


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--spec", DESIRED],
        ["drift", "--spec", DESIRED],
        ["verify", "--spec", DESIRED],
        ["describe", "usage_events"],
        ["parity", *PARITY],
        ["import", "--out", "imported"],
    ],
)
def test_read_paths_give_up_within_lock_wait_naming_the_blocker(
    args: list[object], db_0003: str, locked_usage_events: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    result = cli(*args, "--database-url", db_0003, "--lock-wait", "0.5")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert f"pid {locked_usage_events}" in result.stderr and "--lock-wait" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert elapsed < 10, f"{args[0]} took {elapsed:.1f}s to give up"  # the spec build costs seconds; not the lock


def _lock_options() -> list[tuple[str, str]]:
    """(command path, option) for every command and subcommand taking a PostgreSQL lock timeout."""
    found: list[tuple[str, str]] = []

    def walk(command: click.Command, path: str) -> None:
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    walk(sub, f"{path} {name}".strip())
            return
        for param in command.params:
            for opt in getattr(param, "opts", ()):
                # apply/rollback's --lock-wait polls reconcile's advisory lock: 0 there means "try once"
                if opt == "--lock-timeout" or (opt == "--lock-wait" and path not in ("apply", "rollback")):
                    found.append((path, opt))

    walk(main, "")
    return found


def test_every_read_path_takes_lock_wait():
    commands = {path for path, opt in _lock_options() if opt == "--lock-wait"}
    assert {"plan", "drift", "verify", "describe", "parity", "import"} <= commands


@pytest.mark.parametrize(("command", "option"), _lock_options(), ids=lambda v: str(v).replace(" ", "-"))
@pytest.mark.parametrize("value", ["0", "0.0004"])
def test_a_lock_wait_under_one_millisecond_is_rejected_everywhere(command: str, option: str, value: str):
    if option == "--lock-timeout":
        value = {"0": "0", "0.0004": "0.5ms"}[value]
    result = cli(*command.split(), option, value, "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1 and "wait forever" in result.output + result.stderr, (command, result.output)


def _every_lock_wait() -> list[str]:
    found = {path for path, opt in _lock_options() if opt == "--lock-wait"}
    return sorted(found | {"apply", "rollback"})


@pytest.mark.parametrize("command", _every_lock_wait())
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400"])
def test_a_lock_wait_that_is_no_finite_number_of_seconds_is_a_usage_error(command: str, value: str):
    result = cli(*command.split(), "--lock-wait", value, "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1 and "finite, non-negative number of seconds" in result.stderr, (command, result)


def test_negative_lock_retries_are_a_usage_error():
    result = cli("apply", "--lock-retries", "-1", "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1 and "--lock-retries" in result.stderr


def test_a_lock_timeout_of_zero_is_rejected(db_0003: str):
    for args in (["plan", "--lock-wait", "0"], ["describe", "t", "--lock-wait", "0.0001"]):
        result = cli(*args, "--database-url", db_0003)
        assert result.exit_code == 1 and "wait forever" in result.output + result.stderr
    for value in ("0", "0.5ms"):
        result = cli("apply", "--spec", DESIRED, "--database-url", db_0003, "--lock-timeout", value)
        assert result.exit_code == 1 and "wait forever" in result.output + result.stderr


class WakingServer:
    """A loopback proxy to the test server that hangs up on its first `refuse` connections, like a
    compute that is still waking up."""

    def __init__(self, target_url: str, refuse: int) -> None:
        params = conninfo_to_dict(target_url)
        self.target = (str(params.get("host") or "127.0.0.1"), int(params.get("port") or 5432))
        self.refuse = refuse
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refuse > 0:
                self.refuse -= 1
                client.close()
                continue
            host, port = self.target
            if host.startswith("/"):  # the embedded server listens on a Unix socket only
                upstream = socket.socket(socket.AF_UNIX)
                upstream.connect(f"{host}/.s.PGSQL.{port}")
            else:
                upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)


def test_a_waking_server_is_retried_with_a_message_per_attempt(db_0003: str):
    waking = WakingServer(db_0003, refuse=2)
    params = conninfo_to_dict(db_0003)
    url = f"postgresql://{params.get('user') or 'postgres'}:hunter2@127.0.0.1:{waking.port}/{params['dbname']}"
    result = cli("describe", "usage_events", "--database-url", url)
    assert result.exit_code == 0, result.stderr
    attempts = [line for line in result.stderr.splitlines() if "connection attempt" in line]
    assert [a.split("attempt ")[1][0] for a in attempts] == ["1", "2"]
    assert "hunter2" not in result.stderr
    waking.listener.close()


def test_retries_are_bounded(db_0003: str):
    waking = WakingServer(db_0003, refuse=100)
    url = f"postgresql://postgres@127.0.0.1:{waking.port}/postgres"
    result = cli("describe", "usage_events", "--database-url", url)
    assert result.exit_code == 1
    assert result.stderr.count("connection attempt") == 3
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot connect to the database")
    waking.listener.close()


@pytest.mark.skipif(
    bool(os.environ.get("RECONCILE_TEST_DATABASE_URL")), reason="needs the embedded test server already running"
)
def test_the_embedded_server_is_announced_with_its_data_directory(server_url: str, tmp_path: Path):
    pgdata = REPO / ".reconcile" / "test-pgdata"  # the one conftest started: reused, not a new server
    plan = run(["plan", "--spec", str(DESIRED)], clean_env(RECONCILE_PGDATA=str(pgdata)), tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert f"using the embedded PostgreSQL in {pgdata}" in plan.stderr


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never answers: libpq waits for connect_timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize("where", ["url", "PGCONNECT_TIMEOUT"])
def test_the_users_connect_timeout_is_respected(silent_server: int, where: str, monkeypatch: pytest.MonkeyPatch):
    from reconcile.connect.target import connect
    from reconcile.errors import ConnectionFailed

    url = f"postgresql://postgres@127.0.0.1:{silent_server}/x"
    if where == "url":
        url += "?connect_timeout=2"
    else:
        monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    started = time.monotonic()
    with pytest.raises(ConnectionFailed, match="timeout expired"):
        connect(url, retries=())
    assert time.monotonic() - started < 6  # 2s asked for; reconcile's own default is 10s
