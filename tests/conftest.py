"""Test fixtures: a real PostgreSQL, one fresh database per test.

`RECONCILE_TEST_DATABASE_URL` when set (CI: PostgreSQL 15 at 127.0.0.1:5432), otherwise the
embedded PostgreSQL 18 with its data in a per-session temporary directory.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

pytest_plugins = ["tests.fix_pg"]

SQL_DIR = Path(__file__).parent / "sql"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = REPO / ".reconcile" / "pgdata"
_DEFAULT_SERVER_WAS_UP = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    from .torture.conftest import add_options  # --torture-scale, declared with the torture suite

    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    # --basetemp (pyproject) lives in .reconcile/, which a fresh clone does not have yet
    (REPO / ".reconcile").mkdir(exist_ok=True)
    # normalization results are memoised per spec and database: keep the tests' memo apart
    os.environ.setdefault("RECONCILE_CACHE_DIR", str(REPO / ".reconcile" / "test-cache"))
    # a command run with the default data directory may start the checkout's embedded server
    config.stash[_DEFAULT_SERVER_WAS_UP] = (DEFAULT_PGDATA / "postmaster.pid").exists()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Leave no embedded server behind that this test session started in the checkout."""
    if not session.config.stash.get(_DEFAULT_SERVER_WAS_UP, True):
        from reconcile.connect.embedded import stop

        stop(DEFAULT_PGDATA)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("RECONCILE_TEST_DATABASE_URL")
    if url:
        # normalize on the test server itself (its database reconcile_dev): version-matched, no second server
        os.environ.setdefault("RECONCILE_DEV_URL", url)
        yield url
        return
    from reconcile.connect.embedded import ensure_running, stop

    # inside the checkout, not /tmp: other pytest runs on the machine rotate /tmp/pytest-of-*
    pgdata = REPO / ".reconcile" / "test-pgdata"
    url = ensure_running(pgdata)
    os.environ.setdefault("RECONCILE_DEV_URL", url)
    yield url
    stop(pgdata)


def with_dbname(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


@pytest.fixture
def make_db(server_url: str) -> Iterator[Callable[[], str]]:
    """Factory of fresh, empty databases; all dropped after the test."""
    names: list[str] = []

    def make() -> str:
        name = f"rt_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        names.append(name)
        return with_dbname(server_url, name)

    yield make
    with psycopg.connect(server_url, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def db_url(make_db: Callable[[], str]) -> str:
    """A fresh, empty database for one test; dropped afterwards."""
    return make_db()


def run_sql_file(url: str, *names: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for name in names:
            conn.execute((SQL_DIR / name).read_text())  # type: ignore[call-overload]


# the real application's migrations (tests/sql/app), as its databases were built
APP_0002 = ("app/0000_initial.sql", "app/0001_provider_key_metadata.sql", "app/0002_openai_admin.sql")
APP_0003 = (*APP_0002, "app/0003_usage_event_windows.sql")


@pytest.fixture
def db_0002(db_url: str) -> str:
    """A database migrated like the application to release 0002 (ten tables), with a few thousand rows."""
    run_sql_file(db_url, *APP_0002, "seed_rows.sql")
    return db_url


@pytest.fixture
def db_0003(db_url: str) -> str:
    """A database migrated like the application to release 0003, with rows."""
    run_sql_file(db_url, *APP_0002, "seed_rows.sql", APP_0003[-1])
    return db_url


@pytest.fixture(autouse=True)
def _evidence_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`apply` writes evidence (default ./audit): keep every test's evidence in its own tmp dir."""
    path = tmp_path / "audit"
    monkeypatch.setenv("RECONCILE_EVIDENCE_DIR", str(path))
    return path
