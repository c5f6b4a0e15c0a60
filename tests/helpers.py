"""Shared test helpers: run the CLI, write spec files, open connections."""

from __future__ import annotations

import os
import pty
import subprocess
import textwrap
import threading
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result

from reconcile.cli import main

REPO = Path(__file__).resolve().parent.parent
DESIRED = REPO / "desired"
RELEASE_0002 = REPO / "releases" / "0002"


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def write_spec(directory: Path, **files: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (directory / f"{name}.yaml").write_text(textwrap.dedent(body).lstrip())
    return directory


def scalar(url: str, query: str) -> object:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[call-overload]
        return row[0] if row else None


class Terminal:
    """A subprocess whose stderr is a pseudo-terminal, read while it runs (progress shows on terminals only)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        leader, follower = pty.openpty()
        self._leader, self._chunks = leader, list[bytes]()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=env)
        os.close(follower)
        self._reader = threading.Thread(target=self._drain)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self._leader, 65536)
            except OSError:  # EIO once the child has gone
                return
            if not chunk:
                return
            self._chunks.append(chunk)

    def seen(self) -> bytes:
        return b"".join(self._chunks)

    def wait(self, timeout: float = 120) -> tuple[int, str]:
        """(exit code, what the terminal showed)."""
        self.proc.communicate(timeout=timeout)
        self._reader.join(10)
        os.close(self._leader)
        return self.proc.returncode, self.seen().decode(errors="replace")
