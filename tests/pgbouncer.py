"""A real PgBouncer in front of the test server, on a free loopback port, in a given pool mode."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def pgbouncer(server_url: str, mode: str, workdir: Path) -> Iterator[int]:
    """Run PgBouncer (auth_type=trust) for every database of the server; yield its port."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run does it)")
    params = conninfo_to_dict(server_url)
    host = str(params.get("host") or "127.0.0.1")
    user = str(params.get("user") or "postgres")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "users.txt").write_text(f'"{user}" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={host} port={params.get('port') or 5432}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir / 'users.txt'}\n"
        f"pool_mode = {mode}\nmax_client_conn = 200\ndefault_pool_size = 20\n"
        # hand out the least recently used server connection: a client's consecutive transactions
        # then move between backends whenever the pool holds several (see warm())
        "server_round_robin = 1\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    cmd = [binary, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer will not run as root; it reads its files before switching
        cmd[1:1] = ["-u", _run_as(host)]
    log = (workdir / "pgbouncer.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_listening(port, proc, workdir)
        yield port
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def _run_as(host: str) -> str:
    """A user that may reach the server: the owner of its socket directory (the embedded server's
    is private to it), else `postgres`."""
    if host.startswith("/"):
        return pwd.getpwuid(Path(host).stat().st_uid).pw_name
    return "postgres"


def _wait_listening(port: int, proc: subprocess.Popen[bytes], workdir: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pgbouncer exited: {(workdir / 'pgbouncer.log').read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("pgbouncer did not start listening within 10s")


def warm(url: str, backends: int = 3) -> None:
    """Make the pool for `url`'s database hold several server connections (concurrent transactions)."""
    conns = [psycopg.connect(url, prepare_threshold=None) for _ in range(backends)]
    try:
        for conn in conns:
            conn.execute("SELECT 1")  # each holds its transaction, so each needs its own backend
    finally:
        for conn in conns:
            conn.rollback()  # a client leaving mid-transaction would make PgBouncer drop its backend
            conn.close()


def through(url: str, port: int) -> str:
    """The same database, reached through the pooler."""
    params = conninfo_to_dict(url)
    params.update(host="127.0.0.1", port=str(port))
    params.pop("hostaddr", None)
    return make_conninfo(**params)
