"""Comments: spec errors at load, drift sees hand-made changes, a silent spec leaves live comments alone,
and a materialized view dropped and created again gets its comment back."""

from __future__ import annotations

import json

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.comments import Comment
from reconcile.spec.model import CheckSpec, TableSpec

from .helpers import cli, scalar, write_spec

ITEMS = """
    table: items
    comment: things we sell
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: qty, type: integer, comment: how many}
      - {name: note, type: text}
"""
COUNTS = """
    materialized_view: item_counts
    query: SELECT count(*) AS n FROM items
    comment: refreshed nightly
"""


def test_a_nul_in_a_comment_and_an_unnamed_constraint_comment_are_refused_at_load() -> None:
    with pytest.raises(ValidationError, match="NUL"):
        TableSpec.model_validate({"table": "t", "columns": [{"name": "a", "type": "int"}], "comment": "a\x00b"})
    with pytest.raises(ValidationError, match="needs its 'name'"):
        CheckSpec.model_validate({"expression": "a > 0", "comment": "positive"})


@pytest.mark.parametrize(
    "data",
    [
        {"schema": "public", "name": "t (table)", "on": "table", "relation": "t", "sub": "", "text": 1},
        {"schema": "public", "name": "t (table)", "on": "trigger", "relation": "t", "sub": "", "text": "x"},
        {"schema": "public", "name": "u (table)", "on": "table", "relation": "t", "sub": "", "text": "x"},
        {"schema": "public", "name": "t (column)", "on": "column", "relation": "t", "sub": "", "text": "x"},
    ],
)
def test_a_comment_read_from_a_plan_file_is_checked(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Comment.from_dict(data)


def test_drift_sees_a_managed_comment_changed_by_hand_and_ignores_an_unmanaged_one(db_url, tmp_path) -> None:
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("COMMENT ON COLUMN items.note IS 'the spec is silent about this one'")
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code == 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("COMMENT ON COLUMN items.qty IS 'changed by hand'")
    result = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert result.exit_code == 2, result.output
    addresses = {item["address"] for item in json.loads(result.output)["drift"]}
    assert addresses == {"public.items.qty (column)"}, addresses
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert 'COMMENT ON COLUMN "public"."items"."qty" IS \'how many\'' in plan.output
    assert "note" not in plan.output


def test_a_recreated_materialized_view_gets_its_comment_back(db_url, tmp_path) -> None:
    spec = write_spec(tmp_path / "spec", items=ITEMS, item_counts=COUNTS)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    changed = COUNTS.replace("count(*) AS n", "count(qty) AS n")
    spec = write_spec(tmp_path / "spec2", items=ITEMS, item_counts=changed)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert scalar(db_url, "SELECT obj_description('item_counts'::regclass, 'pg_class')") == "refreshed nightly"
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "No changes" in again.output, again.output


ADD_TAX = """
    function: add_tax
    arguments:
      - {name: amount, type: numeric}
    returns: numeric
    body: SELECT amount * 1.2
    comment: adds the tax
"""


def test_drift_sees_a_function_comment_changed_by_hand_and_a_dropped_function_takes_its_comment(db_url, tmp_path):
    spec = write_spec(tmp_path / "spec", add_tax=ADD_TAX)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert scalar(db_url, "SELECT obj_description('add_tax'::regproc, 'pg_proc')") == "adds the tax"
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code == 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("COMMENT ON FUNCTION add_tax IS 'changed by hand'")
    result = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert result.exit_code == 2, result.output
    assert {item["address"] for item in json.loads(result.output)["drift"]} == {"public.add_tax (function)"}
    from reconcile.catalog.introspect import introspect
    from reconcile.catalog.model import Catalog
    from reconcile.plan.planner import plan_to

    with psycopg.connect(db_url, autocommit=True) as conn:
        live = introspect(conn, [], objects=[("function", "public", "add_tax"), ("comment", "public", "add_tax.*")])
        assert sorted(o.KIND for o in live.objects) == ["comment", "function"]
        planned = plan_to(conn, live, Catalog(server_version=live.server_version), db_url,
                          release="r", spec_sha256="", managed=())  # fmt: skip
    assert [s.sql for s in planned.plan.steps] == ['DROP FUNCTION "public"."add_tax"(amount numeric)']


@pytest.mark.parametrize("args", ["x integer) RETURNS int LANGUAGE sql AS ''; DROP TABLE t; --", "integer, ", 1])
def test_a_routine_comment_read_from_a_plan_file_has_valid_arguments(args: object) -> None:
    data = {"schema": "public", "name": "f (function)", "on": "function", "relation": "f", "sub": ""}
    with pytest.raises(ValueError):
        Comment.from_dict({**data, "text": "x", "args": args})
    good = Comment.from_dict({**data, "text": "x", "args": "a integer, b text"})
    assert good.to_dict()["args"] == "a integer, b text"
    with pytest.raises(ValueError):
        Comment.from_dict({**data, "text": "x"})  # a routine's comment needs its arguments
