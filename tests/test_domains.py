"""Domains: spec errors at load, a recorded domain checked, a base type change recreating the domain,
drift seeing hand changes (then repaired by the plan), a NOT VALID check validated, and a drop under
--allow-drop domain."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.domains import Domain
from reconcile.spec.domains import DomainSpec

from .helpers import cli, scalar, write_spec

AMOUNT = """
    domain: amount
    type: integer
    nullable: false
    default: "0"
    checks:
      - {name: amount_not_negative, expression: "VALUE >= 0"}
"""
ORDERS = """
    table: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: total, type: amount}
"""


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in statements:
            conn.execute(stmt)  # type: ignore[call-overload]


def applied(url: str, tmp_path: Path, amount: str = AMOUNT) -> Path:
    spec = write_spec(tmp_path / "spec", amount=amount, orders=ORDERS)
    result = cli("apply", "--spec", spec, "--database-url", url, "--auto-approve")
    assert result.exit_code == 0, result.output + result.stderr
    return spec


@pytest.mark.parametrize(
    "data",
    [
        {"domain": "d"},
        {"domain": "d", "type": "integer; DROP TABLE t"},
        {"domain": "d", "type": "integer", "default": "1; SELECT 2"},
        {"domain": "d", "type": "integer", "checks": [{"name": "c", "expression": "VALUE > 0; SELECT 1"}]},
        {"domain": "d", "type": "integer", "checks": [{"name": "c", "expression": "VALUE > 0"}] * 2},
        {"domain": "d", "type": "integer", "not_null": True},
    ],
)
def test_bad_domain_fields_are_refused_at_load(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        DomainSpec.model_validate(data)


def test_a_recorded_domain_is_checked() -> None:
    good = {"schema": "public", "name": "d", "base_type": "integer", "not_null": True, "default": "0",
            "checks": [["c", "(VALUE > 0)"]], "not_valid": []}  # fmt: skip
    assert Domain.from_dict(good) == Domain("public", "d", "integer", True, "0", (("c", "(VALUE > 0)"),))
    for bad in (
        {**good, "not_null": "yes"},
        {**good, "base_type": "integer; DROP TABLE t"},
        {**good, "checks": [["c", "1); DROP TABLE t; SELECT (1"]]},
        {**good, "extra": 1},
        {**good, "collation": ""},
        {**good, "collation": 1},
    ):
        with pytest.raises(ValueError):
            Domain.from_dict(bad)
    collated = Domain.from_dict({**good, "collation": "C"})
    assert collated.collation == "C" and Domain.from_dict(collated.to_dict()) == collated
    assert "collation" not in Domain.from_dict(good).to_dict()


def test_a_check_that_is_not_one_expression_names_its_file(db_url: str, tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        amount="domain: amount\ntype: integer\nchecks:\n  - {name: c, expression: 'VALUE > 0; SELECT 1'}\n",
    )
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    out = result.output + result.stderr
    assert result.exit_code != 0 and "amount.yaml:" in out and "one" in out, out


def _base_type(url: str) -> object:
    return scalar(url, "SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'amount'")


def test_a_base_type_change_recreates_the_domain_under_allow_drop(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    execute(db_url, "INSERT INTO orders SELECT g, g * 10 FROM generate_series(1, 4) g")
    (spec / "amount.yaml").write_text((spec / "amount.yaml").read_text().replace("integer", "bigint"))
    refused = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert refused.exit_code == 3 and "--allow-drop domain" in refused.output + refused.stderr, refused.output
    assert _base_type(db_url) == "integer"  # nothing applied
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "domain")
    assert done.exit_code == 0, done.output + done.stderr
    assert _base_type(db_url) == "bigint"
    assert scalar(db_url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attname = 'total'") == (
        "amount"
    )
    assert scalar(db_url, "SELECT sum(total) FROM orders") == 100  # values kept
    with pytest.raises(psycopg.errors.CheckViolation):  # the check came along
        execute(db_url, "INSERT INTO orders VALUES (9, -1)")
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0 and "No changes" in again.output, again.output


def test_a_base_type_change_that_values_do_not_fit_changes_nothing(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    execute(db_url, "INSERT INTO orders VALUES (1, 40000)")
    (spec / "amount.yaml").write_text((spec / "amount.yaml").read_text().replace("integer", "smallint"))
    failed = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "domain")
    assert failed.exit_code != 0, failed.output
    assert _base_type(db_url) == "integer"  # the one transaction rolled back
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname LIKE '%reconcile_old'") == 0


def test_drift_sees_hand_changes_and_the_plan_repairs_them(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    drift = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert drift.exit_code == 0, drift.output
    execute(
        db_url,
        "ALTER DOMAIN amount DROP NOT NULL",
        "ALTER DOMAIN amount SET DEFAULT 5",
        "ALTER DOMAIN amount ADD CONSTRAINT by_hand CHECK (VALUE < 10) NOT VALID",
    )
    drift = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    report = json.loads(drift.output)
    assert drift.exit_code != 0 and any(i["address"].endswith("amount") for i in report["drift"]), report
    fixed = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "domain")
    assert fixed.exit_code == 0, fixed.output + fixed.stderr
    assert scalar(db_url, "SELECT typnotnull FROM pg_type WHERE typname = 'amount'") is True
    assert scalar(db_url, "SELECT count(*) FROM pg_constraint WHERE conname = 'by_hand'") == 0


def test_a_check_left_not_valid_is_validated(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    execute(
        db_url,
        "ALTER DOMAIN amount DROP CONSTRAINT amount_not_negative",
        "ALTER DOMAIN amount ADD CONSTRAINT amount_not_negative CHECK (VALUE >= 0) NOT VALID",
    )
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "VALIDATE CONSTRAINT" in plan.output and "DROP CONSTRAINT" not in plan.output, plan.output
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert scalar(db_url, "SELECT convalidated FROM pg_constraint WHERE conname = 'amount_not_negative'") is True


def test_an_absent_domain_is_dropped_only_under_allow_drop(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    write_spec(
        spec,
        amount="domain: amount\ntype: integer\nabsent: true\n",
        orders=ORDERS.replace("type: amount", "type: integer"),
    )
    refused = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert refused.exit_code == 3, refused.output + refused.stderr
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname = 'amount'") == 1
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "domain")
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname = 'amount'") == 0


def test_a_composite_attribute_retype_recreates_the_type_while_a_column_uses_it(db_url: str, tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        address="composite: address\nattributes:\n  - {name: zip, type: varchar(10)}\n",
        people=ORDERS.replace("orders", "people").replace("total, type: amount", "home, type: address"),
    )
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    execute(db_url, "INSERT INTO people VALUES (1, ROW('12345')), (2, NULL)")
    (spec / "address.yaml").write_text("composite: address\nattributes:\n  - {name: zip, type: integer}\n")
    refused = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    out = refused.output + refused.stderr
    assert refused.exit_code == 3 and "--allow-drop composite" in out and "public.people.home" in out, out
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "composite")
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT sum((home).zip) FROM people") == 12345  # converted, typed anew
    assert scalar(db_url, "SELECT count(*) FROM people WHERE home IS NULL") == 1
    assert "No changes" in cli("plan", "--spec", spec, "--database-url", db_url).output


def test_a_composite_retype_that_values_do_not_fit_changes_nothing(db_url: str, tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        address="composite: address\nattributes:\n  - {name: zip, type: text}\n",
        people=ORDERS.replace("orders", "people").replace("total, type: amount", "home, type: address"),
    )
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    execute(db_url, "INSERT INTO people VALUES (1, ROW('not a number'))")
    (spec / "address.yaml").write_text("composite: address\nattributes:\n  - {name: zip, type: integer}\n")
    failed = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "composite")
    assert failed.exit_code != 0, failed.output
    assert scalar(db_url, "SELECT (home).zip FROM people") == "not a number"  # the one transaction rolled back
    assert scalar(db_url, "SELECT count(*) FROM pg_type WHERE typname LIKE '%reconcile_old'") == 0


def test_a_composite_type_is_retyped_in_place_and_drift_sees_a_hand_change(db_url: str, tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", tag="composite: tag\nattributes:\n  - {name: label, type: varchar(10)}\n")
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    (spec / "tag.yaml").write_text("composite: tag\nattributes:\n  - {name: label, type: text}\n")
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert 'ALTER ATTRIBUTE "label" TYPE text' in plan.output, plan.output + plan.stderr
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert "No changes" in cli("plan", "--spec", spec, "--database-url", db_url).output
    execute(db_url, "ALTER TYPE tag ADD ATTRIBUTE extra integer")
    drift = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert drift.exit_code != 0 and any(i["address"].endswith("tag") for i in json.loads(drift.output)["drift"])


@pytest.mark.parametrize(
    "data",
    [
        {"composite": "c", "attributes": []},
        {"composite": "c", "attributes": [{"name": "a", "type": "int; DROP TABLE t"}]},
        {"composite": "c", "attributes": [{"name": "a", "type": "int"}, {"name": "a", "type": "text"}]},
    ],
)
def test_bad_composite_fields_are_refused_at_load(data: dict[str, object]) -> None:
    from reconcile.spec.composites import CompositeSpec

    with pytest.raises(ValidationError):
        CompositeSpec.model_validate(data)


def test_a_renamed_composite_type_gains_an_attribute_after_its_rename_and_the_key_stays_harmless(
    db_url: str, tmp_path: Path
) -> None:
    spec = write_spec(tmp_path / "spec", tag="composite: tag\nattributes:\n  - {name: label, type: text}\n")
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    (spec / "tag.yaml").unlink()
    (spec / "label.yaml").write_text(
        "composite: label\nrenamed_from: tag\nattributes:\n  - {name: label, type: text}\n  - {name: n, type: int}\n"
    )
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--format", "sql")
    assert plan.exit_code == 0, plan.output + plan.stderr
    rename, add = 'ALTER TYPE "public"."tag" RENAME TO "label"', 'ALTER TYPE "public"."label" ADD ATTRIBUTE "n" integer'
    assert rename in plan.output and add in plan.output and plan.output.index(rename) < plan.output.index(add)
    assert "DROP TYPE" not in plan.output and "CREATE TYPE" not in plan.output, plan.output
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert "No changes" in cli("plan", "--spec", spec, "--database-url", db_url).output
    execute(db_url, "CREATE DOMAIN tag AS integer")  # the old name taken again: not renamed twice
    assert "No changes" in cli("plan", "--spec", spec, "--database-url", db_url).output


def test_a_domain_renamed_by_hand_is_drift_and_the_spec_renames_it_back(db_url: str, tmp_path: Path) -> None:
    spec = applied(db_url, tmp_path)
    execute(db_url, "INSERT INTO orders VALUES (1, 7)", "ALTER DOMAIN amount RENAME TO cents")
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code == 2
    (spec / "amount.yaml").write_text(AMOUNT.replace("    ", "") + "renamed_from: cents\n")
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--format", "sql")
    statements = [line for line in plan.output.splitlines() if line and not line.startswith("--")]
    assert statements == ["BEGIN;", 'ALTER DOMAIN "public"."cents" RENAME TO "amount";', "COMMIT;"], plan.output
    assert cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert scalar(db_url, "SELECT format_type(atttypid, atttypmod) || ' ' || total FROM pg_attribute, orders "
                  "WHERE attrelid = 'orders'::regclass AND attname = 'total'") == "amount 7"  # fmt: skip


def test_types_are_created_after_and_dropped_before_the_types_they_are_built_from_whatever_the_change_order() -> None:
    from reconcile.catalog.composites import Composite
    from reconcile.ddl import steps_for
    from reconcile.diff.change import Action
    from reconcile.diff.objects import object_change
    from reconcile.plan.order import build_graph, ordered

    qty = Domain("public", "qty", "integer")
    line = Composite("public", "order_line", (("label", "text"), ("n", "qty")))
    checked = Domain("public", "checked_line", "order_line")
    part = Composite("billing", "part", (("lines", "public.checked_line[]"),))
    built = [checked, part, line, qty]  # the reverse of what each is built from

    def order(action: Action) -> list[str]:
        changes = [object_change(action, *((None, o) if action == Action.CREATE else (o, None))) for o in built]
        return [s.sql.split(" AS ")[0] for s in ordered(build_graph([s for c in changes for s in steps_for(c)]))]

    assert order(Action.CREATE) == [
        'CREATE DOMAIN "public"."qty"',
        'CREATE TYPE "public"."order_line"',
        'CREATE DOMAIN "public"."checked_line"',
        'CREATE TYPE "billing"."part"',
    ]
    assert [s.split(" ")[2] for s in order(Action.DROP)] == [
        '"billing"."part"',
        '"public"."checked_line"',
        '"public"."order_line"',
        '"public"."qty"',
    ]


def test_a_domain_recreate_names_the_columns_it_converts_in_tables_the_spec_does_not_manage(
    db_url: str, tmp_path: Path
) -> None:
    spec = applied(db_url, tmp_path)
    execute(db_url, "CREATE TABLE ledger (id integer, amount amount)", "INSERT INTO ledger VALUES (1, 7)")
    (spec / "amount.yaml").write_text((spec / "amount.yaml").read_text().replace("integer", "bigint"))
    planned = cli("plan", "--spec", spec, "--database-url", db_url, "--format", "json", "--allow-drop", "domain")
    assert planned.exit_code == 0, planned.output + planned.stderr
    data = json.loads(planned.output)
    [outside] = [h for g in data["groups"] for s in g["steps"] for h in s["hazards"] if h["code"] == "OUTSIDE_SPEC"]
    assert outside["detail"] == "converts columns of tables the spec does not manage: public.ledger.amount"
    [line] = [c for c in data["changes"] if c["kind"] == "domain"]
    assert line["detail"].endswith("; converts columns outside the spec: public.ledger.amount")
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "domain")
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT amount FROM ledger") == 7
