"""Materialized view indexes: spec errors at load, a saved plan's indexes checked before it runs,
a REFRESH ... CONCURRENTLY works once the unique index is built, and a hand-dropped index is drift."""

from __future__ import annotations

import json

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.objects import object_from
from reconcile.spec.views import MaterializedViewSpec

from .helpers import cli, write_spec

ORDERS = """
    table: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: account_id, type: integer, nullable: false}
      - {name: amount, type: numeric, nullable: false}
"""
TOTALS = """
    materialized_view: account_totals
    query: SELECT account_id, sum(amount) AS total FROM orders GROUP BY account_id
    indexes:
      - {name: account_totals_account, unique: true, columns: [account_id]}
"""


def test_duplicate_index_names_are_refused_at_load() -> None:
    idx = {"name": "i", "columns": ["a"]}
    with pytest.raises(ValidationError, match="duplicate index names"):
        MaterializedViewSpec.model_validate({"materialized_view": "m", "query": "SELECT 1 AS a", "indexes": [idx, idx]})


def _recorded(view: dict[str, object], **index: object) -> dict[str, object]:
    base = {"schema": "public", "table": "m", "name": "i", "keys": [{"column": "a"}], "unique": False,
            "method": "btree", "where": None, "include": [], "nulls_not_distinct": False, "valid": True}  # fmt: skip
    return {**view, "indexes": [{**base, **index}]}


VIEW = {"kind": "materialized_view", "schema": "public", "name": "m", "definition": "SELECT 1 AS a",
        "columns": [["a", "integer"]], "options": [], "reads": []}  # fmt: skip


@pytest.mark.parametrize(
    "index",
    [
        {"table": "other"},
        {"where": "true); DROP TABLE orders; --"},
        {"keys": [{"expression": "1; SELECT 2"}]},
        {"unique": "yes"},
    ],
)
def test_a_recorded_materialized_view_index_is_checked(index: dict[str, object]) -> None:
    assert object_from(_recorded(VIEW)).name == "m"  # the untampered record loads
    with pytest.raises((ValueError, TypeError)):
        object_from(_recorded(VIEW, **index))


def test_a_saved_plan_builds_the_index_and_refresh_concurrently_works(db_url, tmp_path) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE orders (id integer PRIMARY KEY, account_id integer NOT NULL, amount numeric NOT NULL)"
        )
        conn.execute("INSERT INTO orders VALUES (1, 1, 10), (2, 2, 5)")
        conn.execute(
            "CREATE MATERIALIZED VIEW account_totals AS SELECT account_id, sum(amount) AS total FROM orders GROUP BY 1"
        )
    spec = write_spec(tmp_path / "spec", orders=ORDERS, account_totals=TOTALS)
    out = tmp_path / "plan.json"
    planned = cli("plan", "--spec", spec, "--database-url", db_url, "--out", out)
    assert planned.exit_code in (0, 2), planned.output + planned.stderr
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in planned.output
    applied = cli("apply", out, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY account_totals")
        conn.execute("DROP INDEX account_totals_account")
    drift = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert drift.exit_code == 2, drift.output
    assert json.loads(drift.output)["drift"], drift.output


def test_a_materialized_view_created_again_builds_its_indexes_in_its_own_transaction(db_url, tmp_path) -> None:
    """Right after its CREATE, not after another view's concurrent build: never a moment without them."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE orders (id integer PRIMARY KEY, account_id integer NOT NULL, amount numeric NOT NULL)"
        )
        conn.execute("INSERT INTO orders VALUES (1, 1, 10), (2, 2, 5)")
        conn.execute(
            "CREATE MATERIALIZED VIEW account_totals AS SELECT account_id, sum(amount) AS total FROM orders GROUP BY 1"
        )
        conn.execute("CREATE MATERIALIZED VIEW big_orders AS SELECT id FROM orders WHERE amount > 6")
    big = """
        materialized_view: big_orders
        query: SELECT id, amount FROM orders WHERE amount > 6
        indexes:
          - {name: big_orders_id, unique: true, columns: [id]}
    """  # a new column: created again; account_totals gets its index built concurrently
    spec = write_spec(tmp_path / "spec", orders=ORDERS, account_totals=TOTALS, big_orders=big)
    planned = cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert planned.exit_code == 0, planned.output
    groups = [[s["sql"] for s in g["steps"]] for g in json.loads(planned.output)["groups"]]
    assert any("CONCURRENTLY" in g[0] for g in groups)
    made = next(g for g in groups if any(s.startswith("CREATE MATERIALIZED VIEW") for s in g))
    assert [s.split(" (", 1)[0].split(" AS", 1)[0] for s in made] == [
        'DROP MATERIALIZED VIEW "public"."big_orders"',
        'CREATE MATERIALIZED VIEW "public"."big_orders"',
        'CREATE UNIQUE INDEX "big_orders_id" ON "public"."big_orders" USING "btree"',
    ]
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY big_orders")
