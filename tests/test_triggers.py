"""Triggers: attacker-written spec fields refused at load, plan files checked, drift sees hand-made changes."""

from __future__ import annotations

import json

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.triggers import Trigger
from reconcile.spec.triggers import TriggerSpec

from .helpers import cli, write_spec

ITEMS = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: name, type: text}
    triggers:
      - {name: items_touch, timing: before, events: [update], when: "OLD.name <> NEW.name", function: touch}
"""
TOUCH = """
    function: touch
    returns: trigger
    language: plpgsql
    body: "BEGIN RETURN NEW; END"
"""


def _trg(**kw: object) -> TriggerSpec:
    return TriggerSpec.model_validate({"name": "t", "timing": "before", "events": ["update"], "function": "f", **kw})


@pytest.mark.parametrize(
    "fields",
    [
        {"when": "true) EXECUTE FUNCTION evil(); CREATE TRIGGER x BEFORE INSERT ON items FOR EACH ROW WHEN (true"},
        {"when": "1; DROP TABLE items"},
        {"function": "a.b.c"},
        {"events": []},
        {"events": ["update", "update"]},
        {"events": ["insert"], "update_of": ["name"]},
        {"events": ["truncate"]},
        {"timing": "sometimes"},
        {"name": ""},
    ],
)
def test_bad_trigger_fields_are_refused_at_load(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _trg(**fields)


def test_a_trigger_read_from_a_plan_file_must_be_one_plain_create_trigger() -> None:
    definition = "CREATE TRIGGER t BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.f()"
    good = {"schema": "public", "name": "items.t", "table": "items", "trigger": "t", "function": "public.f",
            "definition": definition}  # fmt: skip
    assert isinstance(Trigger.from_dict(good), Trigger)
    for bad in (
        {**good, "definition": good["definition"] + "; DROP TABLE items"},
        {**good, "definition": "DROP TABLE items"},
        {**good, "name": "other.t"},
        {**good, "extra": "x"},
    ):
        with pytest.raises(ValueError):
            Trigger.from_dict(bad)


def test_drift_sees_a_trigger_changed_or_dropped_by_hand(db_url, tmp_path) -> None:
    spec = write_spec(tmp_path / "spec", items=ITEMS, touch=TOUCH)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert cli("drift", "--spec", spec, "--database-url", db_url).exit_code == 0
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE OR REPLACE TRIGGER items_touch AFTER UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()"
        )
        conn.execute("CREATE TRIGGER items_extra BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch()")
    result = cli("drift", "--spec", spec, "--database-url", db_url, "--format", "json")
    assert result.exit_code != 0, result.output
    addresses = {item["address"] for item in json.loads(result.output)["drift"]}
    assert {"public.items.items_touch", "public.items.items_extra"} <= addresses, addresses
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "CREATE OR REPLACE TRIGGER items_touch BEFORE UPDATE ON public.items" in plan.output
    assert 'DROP TRIGGER "items_extra" ON "public"."items"' in plan.output


def test_a_trigger_on_an_undeclared_function_names_the_trigger(db_url, tmp_path) -> None:
    spec = write_spec(tmp_path / "spec", items=ITEMS)
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 1, result.output
    assert "touch" in result.output and "Traceback" not in result.output
    assert "items.yaml" in result.output  # file:line of the trigger
