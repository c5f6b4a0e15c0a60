"""The normalization memo: same answer as PostgreSQL, no catalog churn on a repeated plan."""

from __future__ import annotations

import psycopg

from reconcile.catalog.introspect import introspect
from reconcile.normalize.build import normalize
from reconcile.spec.load import load_spec

from .helpers import DESIRED

TABLES = [("public", "users"), ("public", "provider_keys"), ("public", "usage_events")]


def test_second_normalize_uses_the_memo_and_gives_the_same_catalog(db_0002, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    spec = load_spec(DESIRED)
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, TABLES)
        first = normalize(conn, spec, live)
        assert len(list(tmp_path.glob("normalized-*.json"))) == 1
        traced: list[str] = []
        import reconcile.normalize.build as nm

        original = nm._build_and_read
        monkeypatch.setattr(nm, "_build_and_read", lambda *a: traced.append("built") or original(*a))
        second = normalize(conn, spec, live)
    assert traced == []  # answered from the memo: no temporary tables this time
    assert second == first
    assert {i.name: i.uses for i in second.indexes} == {i.name: i.uses for i in first.indexes}


def test_memo_off_and_unwritable_dirs_fall_back_to_postgres(db_0002, tmp_path, monkeypatch):
    spec = load_spec(DESIRED)
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, TABLES)
        monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
        off = normalize(conn, spec, live)
        blocker = tmp_path / "file"
        blocker.write_text("not a directory")
        monkeypatch.setenv("RECONCILE_CACHE_DIR", str(blocker / "sub"))
        unwritable = normalize(conn, spec, live)
    assert off == unwritable
