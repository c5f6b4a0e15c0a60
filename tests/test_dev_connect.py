"""The dev database is connected to straight away when it exists (one connection); a missing one is
created through the dev URL's own database, as before."""

from __future__ import annotations

import uuid

import psycopg
import pytest

import reconcile.connect.target as target
from reconcile.normalize import dev


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    real = target.connect

    def connect(url: str, **kw):
        opened.append(psycopg.conninfo.conninfo_to_dict(url).get("dbname", ""))
        return real(url, **kw)

    monkeypatch.setattr(target, "connect", connect)
    return opened


def test_an_existing_dev_database_takes_one_connection(db_url, server_url, monkeypatch):
    with psycopg.connect(db_url) as conn, dev.dev_connection(conn, server_url) as made:
        assert made.info.dbname == dev.DEV_DATABASE  # exists: the tests' plans normalize there
    opened = _counting(monkeypatch)
    with psycopg.connect(db_url) as conn, dev.dev_connection(conn, server_url) as made:
        assert made.execute("SELECT pg_catalog.current_database()").fetchone() == (dev.DEV_DATABASE,)
    assert opened == [dev.DEV_DATABASE]


def test_a_missing_dev_database_is_created_and_used(db_url, server_url, monkeypatch):
    name = f"reconcile_dev_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(dev, "DEV_DATABASE", name)
    admin = psycopg.conninfo.conninfo_to_dict(server_url).get("dbname", "")
    opened = _counting(monkeypatch)
    try:
        with psycopg.connect(db_url) as conn, dev.dev_connection(conn, server_url) as made:
            assert made.info.dbname == name
        assert opened == [name, admin, name]  # tried, created through the URL's own database, connected
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
