"""plan tells the truth: what apply would refuse is in the plan (text and JSON), with the fix it needs."""

from __future__ import annotations

import json

import psycopg

from reconcile.plan.model import Plan

from .helpers import cli, write_spec

ITEMS = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: price, type: "numeric(10,2)"}
    checks:
      - {name: items_price_large, expression: "price > 5"}
"""


def _items(url: str, prices: list[float | None]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2), note text)")
        for n, p in enumerate(prices, 1):
            conn.execute("INSERT INTO items VALUES (%s, %s, 'n')", [n, p])


def test_rows_violating_a_check_make_the_plan_unappliable(db_url, tmp_path):
    _items(db_url, [1, 2, None, 9])  # NULL passes a CHECK; 1 and 2 do not
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    text = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert text.exit_code == 3, text.output
    assert "Cannot apply as it is" in text.output
    assert "CHECK_MAY_FAIL: 2 rows violate the check, e.g. (1,1.00,n)" in text.output
    data = json.loads(cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json").output)
    assert data["summary"] == {"add": 1, "change": 0, "destroy": 1, "rename": 0, "refused": 2}
    fixes = sorted(r["fix"] for r in data["refusals"])
    assert fixes == ["--allow-drop column", "fix the data first, then plan again"]
    # the same plan, read back from its JSON, is the same plan
    assert len(Plan.from_json(json.dumps(data)).refusals()) == 2


def test_once_the_rows_are_fixed_the_plan_is_appliable(db_url, tmp_path):
    _items(db_url, [6, 7])
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE items DROP COLUMN note")
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    text = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert text.exit_code == 2, text.output
    assert "Cannot apply" not in text.output
    data = json.loads(cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json").output)
    assert data["summary"]["refused"] == 0 and data["refusals"] == []


def test_apply_refuses_before_asking(db_url, tmp_path):
    _items(db_url, [6, 7])
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    result = cli("apply", "--spec", spec, "--database-url", db_url)  # no --auto-approve, stdin not a terminal
    assert result.exit_code == 3, result.output
    assert "--allow-drop column" in result.output
    assert "Apply these changes?" not in result.output
    assert "confirmation" not in result.output


def test_counting_check_violations_changes_nothing(db_url, tmp_path):
    _items(db_url, [1])
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    assert cli("plan", "--spec", spec, "--database-url", db_url).exit_code == 0
    with psycopg.connect(db_url) as conn:
        row = conn.execute("SELECT count(*) FROM pg_constraint WHERE conname = 'items_price_large'").fetchone()
    assert row == (0,)


def test_a_missing_schema_is_a_refusal_not_an_apply_failure(db_url, tmp_path):
    spec = write_spec(
        tmp_path / "spec",
        things="""
        table: things
        schema: elsewhere
        columns:
          - {name: id, type: integer, primary_key: true}
    """,
    )
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 3, plan.output
    assert "SCHEMA_MISSING: schema elsewhere does not exist" in plan.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--no-evidence")
    assert applied.exit_code == 3, applied.output
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA elsewhere")
    assert cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode").exit_code == 2
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--no-evidence").exit_code == 0


def test_a_table_the_server_version_cannot_create_is_a_refusal_exit_3(db_url, tmp_path):
    """A VIRTUAL generated column on PostgreSQL < 18: planned (normalized as STORED on an older dev
    server), shown among the refusals with the version it needs; apply refuses it and changes nothing."""
    import pytest

    from .helpers import scalar

    if int(str(scalar(db_url, "SHOW server_version_num"))) >= 180000:
        pytest.skip("VIRTUAL generated columns run on PostgreSQL 18")
    spec = write_spec(
        tmp_path / "spec",
        gen="""
            table: gen
            columns:
              - {name: id, type: integer, primary_key: true}
              - {name: twice, type: integer, generated: "id * 2", virtual: true}
        """,
    )
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 3, plan.output + plan.stderr
    refusals = plan.output.split("Cannot apply as it is", 1)[1]
    assert "VIRTUAL generated column public.gen.twice needs PostgreSQL 18" in refusals
    data = json.loads(cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json").output)
    assert data["summary"]["refused"] == 1
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 3, applied.output + applied.stderr
    assert scalar(db_url, "SELECT to_regclass('public.gen') IS NULL") is True
