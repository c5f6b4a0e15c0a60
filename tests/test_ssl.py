"""sslmode passes through: a second server with ssl = on (a self-signed certificate made here) that
refuses connections without SSL."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import cli
from .pgbouncer import free_port

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def as_postgres() -> dict[str, object]:
    return {"user": "postgres"} if os.geteuid() == 0 else {}


@pytest.fixture(scope="module")
def ssl_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if BIN is None or not shutil.which("openssl"):
        pytest.skip("needs PostgreSQL's server binaries (initdb, pg_ctl) and openssl")
    base = tmp_path_factory.mktemp("ssl")
    data, port = base / "data", free_port()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(base / "server.key"),
            "-out",
            str(base / "server.crt"),
        ],
        check=True,
        capture_output=True,
    )
    (base / "server.key").chmod(0o600)
    if os.geteuid() == 0:  # the server runs as postgres and must own its files
        base.chmod(0o755)
        for path in (base, base / "server.key", base / "server.crt"):
            shutil.chown(path, "postgres", "postgres")
        base.parent.chmod(0o711)  # pytest's base temp dir is 0700: let postgres pass through it
    run = {"check": True, "capture_output": True, **as_postgres()}
    subprocess.run([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"], **run)  # type: ignore[call-overload]
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{base}'\n"
            f"ssl = on\nssl_cert_file = '{base / 'server.crt'}'\nssl_key_file = '{base / 'server.key'}'\n"
        )
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n"
    )
    ctl = [str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log")]
    subprocess.run([*ctl, "start"], **run)  # type: ignore[call-overload]
    try:
        yield port
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], **{**run, "check": False})  # type: ignore[call-overload]


def test_sslmode_require_is_passed_through(ssl_server: int):
    url = f"postgresql://postgres@127.0.0.1:{ssl_server}/postgres"
    ok = cli("describe", "pg_catalog.pg_am", "--database-url", f"{url}?sslmode=require")
    assert ok.exit_code == 0, ok.stderr
    assert "amname" in ok.output
    refused = cli("describe", "pg_catalog.pg_am", "--database-url", f"{url}?sslmode=disable")
    assert refused.exit_code == 1
    assert "no encryption" in refused.stderr or "SSL off" in refused.stderr
