"""Migration files -> a scratch database, never the target: created, migrated, imported, dropped.

The scratch database lives on the embedded server by default, or on the server of `--dev-url`.
Files run statement by statement in autocommit, as psql would run them (their own BEGIN/COMMIT
included), so a failure names its file and line.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import pq, sql
from psycopg.conninfo import make_conninfo

from reconcile.connect.target import connect
from reconcile.errors import InputError, ReconcileError
from reconcile.regular_files import open_regular

from .run import Imported, Scope, import_from_url
from .statements import Statement, split

_DIGITS = re.compile(r"(\d+)")


def import_from_sql(files: Sequence[Path], dev_url: str | None, scope: Scope, release: str | None) -> Imported:
    """Run `files` in order on a scratch database, import it, drop it."""
    with scratch_database(dev_url) as url:
        run_files(url, files)
        return import_from_url(url, scope, release)


def migration_files(paths: Sequence[Path]) -> list[Path]:
    """Files in the given order; a directory stands for its *.sql files, in version order (V2 before V10)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.sql"), key=_version_order)
            if not found:
                raise ReconcileError(f"no *.sql files in {path}")
            files += found
        else:
            files.append(path)
    return files


def _version_order(path: Path) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(path.name))


@contextmanager
def scratch_database(dev_url: str | None) -> Iterator[str]:
    """A new, empty database on the dev server (embedded by default), dropped afterwards."""
    if dev_url is None:
        from reconcile.connect.embedded import ensure_running, remember_target

        dev_url = remember_target(ensure_running())  # a copy there is planned against: normalize there too
    name = f"reconcile_scratch_{uuid.uuid4().hex[:12]}"
    with connect(dev_url) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        yield with_database(dev_url, name)
    finally:
        with connect(dev_url) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def with_database(url: str, name: str) -> str:
    return make_conninfo(url, dbname=name)


def run_files(url: str, files: Sequence[Path]) -> None:
    """Run each file's statements in order; the first failure is an error at its file:line."""
    with connect(url) as conn:
        conn.execute("SET client_encoding = 'UTF8'")
        for file in files:
            for statement in split(_read(file)):
                _run(conn, file, statement)
            if conn.info.transaction_status != pq.TransactionStatus.IDLE:
                raise InputError("the file ends inside a transaction (BEGIN without COMMIT)", location=str(file))


def _read(file: Path) -> str:
    try:
        with open_regular(file, InputError) as fh:  # a FIFO or device is refused, not read forever
            return fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.object[exc.start]:#04x})", location=str(file)) from None
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read the file", location=str(file)) from None


def _run(conn: psycopg.Connection, file: Path, statement: Statement) -> None:
    try:
        conn.execute(statement.text.encode())
    except psycopg.Error as exc:
        line = statement.line
        position = exc.diag.statement_position
        if position and position.isdigit():
            line += statement.text.count("\n", 0, int(position) - 1)
        message = exc.diag.message_primary or str(exc).splitlines()[0]
        raise InputError(message, location=f"{file}:{line}") from None
