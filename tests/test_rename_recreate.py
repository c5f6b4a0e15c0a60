"""A type renamed (`renamed_from:`) and recreated in one plan (a domain's new base type, a composite's attribute
retyped, an enum's value removed): the rename runs first, the recreate converts the columns and rebuilds the
managed views that use the type, and the second plan is empty."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from reconcile.plan.model import Plan, StepKind
from reconcile.plan.order import build_graph, ordered

from .helpers import cli, scalar, write_spec

TABLE = """
    table: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: v, type: TYPE}
"""
VIEW = "view: order_values\nquery: SELECT id, v FROM orders\n"

CASES = {
    "domain": ("domain: cents\ntype: integer\n", "domain: amount\nrenamed_from: cents\ntype: bigint\n", "1"),
    "composite": (
        "composite: cents\nattributes:\n  - {name: n, type: integer}\n",
        "composite: amount\nrenamed_from: cents\nattributes:\n  - {name: n, type: bigint}\n",
        "ROW(1)",
    ),
    "enum": ("enum: cents\nvalues: [one, two]\n", "enum: amount\nrenamed_from: cents\nvalues: [one]\n", "'one'"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_type_renamed_and_recreated_in_one_plan_converges(db_url: str, tmp_path: Path, kind: str) -> None:
    before, after, value = CASES[kind]
    spec = write_spec(tmp_path / "spec", cents=before, orders=TABLE.replace("TYPE", "cents"), order_values=VIEW)
    first = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert first.exit_code == 0, first.output + first.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:  # `value`: one of the constant rows above
        conn.execute(sql.SQL("INSERT INTO orders VALUES (1, {}), (2, NULL)").format(sql.SQL(value)))
    (spec / "cents.yaml").unlink()
    (spec / "amount.yaml").write_text(after)
    (spec / "orders.yaml").write_text((spec / "orders.yaml").read_text().replace("cents", "amount"))
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", kind)
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                  "WHERE attrelid = 'orders'::regclass AND attname = 'v'") == "amount"  # fmt: skip
    assert scalar(db_url, "SELECT count(*) FROM order_values WHERE v IS NOT NULL") == 1  # the value kept
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname IN ('cents', '_cents')") == 0
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0 and "No changes" in again.output, again.output


@pytest.mark.parametrize("kind", ["composite", "domain"])
def test_the_recreate_of_a_renamed_type_requires_the_rename_whatever_order_steps_come_in(
    db_url: str, tmp_path: Path, kind: str
) -> None:
    """The rename provides the name the recreate requires: an edge of the graph, not the order steps were made in
    (both steps carry the change label `~ kind public.amount`, whose "same change" chain follows that order)."""
    before, after, _ = CASES[kind]
    spec = write_spec(tmp_path / "spec", cents=before, orders=TABLE.replace("TYPE", "cents"))
    first = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert first.exit_code == 0, first.output + first.stderr
    (spec / "cents.yaml").unlink()
    (spec / "amount.yaml").write_text(after)
    (spec / "orders.yaml").write_text((spec / "orders.yaml").read_text().replace("cents", "amount"))
    out = tmp_path / "plan.json"
    planned = cli("plan", "--spec", spec, "--database-url", db_url, "--out", out, "--allow-drop", kind)
    assert planned.exit_code == 0, planned.output + planned.stderr
    steps = Plan.from_json(out.read_text()).steps
    rename = next(s for s in steps if s.kind == StepKind.RENAME)
    recreate = next(s for s in steps if s.description.startswith("recreate "))
    # generated the other way round, and apart (no chain of one change): only the dependency orders them
    apart = [replace(recreate, change="recreate", priority=0), replace(rename, change="rename", priority=0)]
    graph = build_graph(apart)
    assert graph.edges[rename.id, recreate.id]["why"] == "provides y:public.amount"
    assert [s.id for s in ordered(graph)] == [rename.id, recreate.id]
