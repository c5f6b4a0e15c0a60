"""Views in the spec: a query is exactly one plain SELECT, from a spec file or read back from a plan."""

from __future__ import annotations

import json

import psycopg
import pytest

from .helpers import cli, scalar, write_spec

ITEMS = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: qty, type: integer}
"""


@pytest.mark.parametrize(
    "query",
    [
        "SELECT id FROM items; DROP TABLE items",
        "WITH gone AS (DELETE FROM items RETURNING id) SELECT id FROM gone",
        "SELECT id INTO copied FROM items",
        "DELETE FROM items",
        "SELECT id FROM items FOR UPDATE",
    ],
)
def test_a_query_that_is_not_one_plain_select_is_a_file_line_error(db_url, tmp_path, query):
    spec = write_spec(tmp_path / "spec", items=ITEMS, v=f"view: v\nquery: {json.dumps(query)}\n")
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert "v.yaml:2" in out.output
    assert scalar(db_url, "SELECT count(*) FROM pg_class WHERE relname IN ('items', 'v', 'copied')") == 0


def test_a_saved_plan_whose_view_query_was_edited_is_refused(db_url, tmp_path):
    spec = write_spec(tmp_path / "spec", items=ITEMS, v="view: v\nquery: SELECT id FROM items\n")
    plan_file = tmp_path / "p.json"
    assert cli("plan", "--spec", spec, "--database-url", db_url, "--out", plan_file).exit_code == 0
    data = json.loads(plan_file.read_text())
    view = next(o for o in data["desired"]["objects"] if o["kind"] == "view")
    view["definition"] = "SELECT 1 AS id; DROP TABLE items"
    plan_file.write_text(json.dumps(data))
    applied = cli("apply", plan_file, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code != 0, applied.output
    assert "not exactly one SELECT statement" in applied.output
    assert scalar(db_url, "SELECT count(*) FROM pg_class WHERE relname IN ('items', 'v')") == 0


def test_a_view_on_a_table_outside_the_spec_is_named_when_it_cannot_be_built(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE outside (id int)")
    spec = write_spec(tmp_path / "spec", items=ITEMS, v="view: v\nquery: SELECT id FROM outside\n")
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert 'v.yaml:2: relation "outside" does not exist' in out.output


def test_views_converge_and_drift_sees_a_hand_edit(db_url, tmp_path):
    spec = write_spec(tmp_path / "spec", items=ITEMS, v="view: v\nquery: SELECT id, qty FROM items WHERE qty > 1\n")
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code == 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE OR REPLACE VIEW v AS SELECT id, qty FROM items WHERE qty > 2")
    drifted = cli("drift", "--spec", spec, "--database-url", db_url)
    assert drifted.exit_code == 2, drifted.output
    assert "public.v" in drifted.output
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert "qty > 1" in str(scalar(db_url, "SELECT pg_get_viewdef('v'::regclass)"))
