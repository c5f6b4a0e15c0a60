"""Introspection: fixed number of catalog queries, every property read."""

from __future__ import annotations

import psycopg
from psycopg import sql

from reconcile.catalog.introspect import KINDS, introspect


def make_tables(url: str, n: int) -> list[tuple[str, str]]:
    with psycopg.connect(url, autocommit=True) as conn:
        for i in range(n):
            t = sql.Identifier(f"t{i}")
            conn.execute(
                sql.SQL("CREATE TABLE {} (id serial PRIMARY KEY, a int NOT NULL, b text DEFAULT 'x')").format(t)
            )
            conn.execute(sql.SQL("CREATE INDEX {} ON {} (a) WHERE b IS NOT NULL").format(sql.Identifier(f"t{i}_a"), t))
    return [("public", f"t{i}") for i in range(n)]


def test_query_count_does_not_grow_with_tables(db_url):
    names = make_tables(db_url, 200)
    with psycopg.connect(db_url, autocommit=True) as conn:
        one: list[str] = []
        cat1 = introspect(conn, names[:1], trace=one)
        many: list[str] = []
        cat200 = introspect(conn, names, trace=many)
    assert one == many == list(KINDS)
    assert len(cat1.tables) == 1 and len(cat200.tables) == 200
    assert len(cat200.indexes) == 200 and len(cat200.constraints) == 200


def test_reads_invalid_index_and_every_index_property(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id int, a text, b int[], c numeric(10,6), ts timestamptz)")
        conn.execute("INSERT INTO t VALUES (1, 'x'), (1, 'x')")
        conn.execute("CREATE INDEX t_desc ON t USING btree (a DESC NULLS LAST, lower(a)) INCLUDE (c) WHERE id > 0")
        conn.execute("CREATE UNIQUE INDEX t_nnd ON t (a, ts) NULLS NOT DISTINCT WHERE id > 1")
        try:
            conn.execute("CREATE UNIQUE INDEX CONCURRENTLY t_bad ON t (id)")
        except psycopg.errors.UniqueViolation:
            pass
        cat = introspect(conn, [("public", "t")])
    by = {i.name: i for i in cat.indexes}
    assert by["t_bad"].valid is False
    d = by["t_desc"]
    assert d.keys[0].column == "a" and d.keys[0].descending and not d.keys[0].nulls_first
    assert d.keys[1].expression == "lower(a)"
    assert d.include == ("c",) and d.where == "id > 0"
    assert by["t_nnd"].nulls_not_distinct
    types = {c.name: c.type for c in cat.tables[0].columns}
    assert types == {
        "id": "integer",
        "a": "text",
        "b": "integer[]",
        "c": "numeric(10,6)",
        "ts": "timestamp with time zone",
    }
