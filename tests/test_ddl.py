"""Steps for changes: which type changes rewrite the table, and checks against a real server."""

from __future__ import annotations

import psycopg
import pytest

from reconcile.ddl.columns import rewrites


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("character varying(10)", "character varying(20)", False),
        ("character varying(20)", "character varying(10)", True),
        ("character varying(10)", "text", False),
        ("character varying(10)", "character varying", False),
        ("numeric(10,6)", "numeric(12,6)", False),
        ("numeric(10,6)", "numeric(10,4)", True),
        ("numeric(10,6)", "numeric", False),
        ("integer", "bigint", True),
        ("text", "character varying(5)", True),
    ],
)
def test_rewrites_matches_postgres(db_url, old, new, expected):
    """Ask PostgreSQL: a rewrite gives the table a new relfilenode."""
    assert rewrites(old, new) is expected
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE t (c {old})")  # noqa: S608 - fixed test types
        conn.execute("INSERT INTO t VALUES ('1')")
        before = conn.execute("SELECT pg_relation_filenode('t')").fetchone()
        conn.execute(f"ALTER TABLE t ALTER COLUMN c TYPE {new}")  # noqa: S608
        after = conn.execute("SELECT pg_relation_filenode('t')").fetchone()
    assert (before != after) is expected
