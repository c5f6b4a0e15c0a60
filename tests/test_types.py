"""Enum types: drift sees a value added or a type renamed by hand; the plan then repairs it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg

from .helpers import cli

SPEC = {
    "mood.yaml": "enum: mood\nvalues: [sad, happy]\n",
    "people.yaml": (
        "table: people\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n"
        "  - {name: feeling, type: mood, nullable: false, default: \"'happy'\"}\n"
    ),
}


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in statements:
            conn.execute(stmt)  # type: ignore[call-overload]


def applied(make_db: Callable[[], str], tmp_path: Path) -> tuple[str, Path]:
    url, spec = make_db(), tmp_path / "spec"
    spec.mkdir()
    for name, text in SPEC.items():
        (spec / name).write_text(text)
    result = cli("apply", "--spec", spec, "--database-url", url, "--auto-approve")
    assert result.exit_code == 0, result.output + result.stderr
    return url, spec


def drift_report(url: str, spec: Path) -> tuple[int, dict]:
    result = cli("drift", "--spec", spec, "--database-url", url, "--format", "json")
    return result.exit_code, json.loads(result.output)


def test_drift_sees_an_enum_value_added_by_hand(make_db: Callable[[], str], tmp_path: Path) -> None:
    url, spec = applied(make_db, tmp_path)
    assert drift_report(url, spec)[0] == 0
    execute(url, "ALTER TYPE mood ADD VALUE 'meh'")
    code, report = drift_report(url, spec)
    assert code != 0 and any(item["address"].endswith("mood") for item in report["drift"]), report
    plan = cli("plan", "--spec", spec, "--database-url", url)
    assert "recreated: sad, happy, meh  =>  sad, happy" in plan.output, plan.output + plan.stderr


def test_drift_sees_an_enum_dropped_by_hand(make_db: Callable[[], str], tmp_path: Path) -> None:
    url, spec = applied(make_db, tmp_path)
    execute(url, "DROP TABLE people", "DROP TYPE mood")
    code, report = drift_report(url, spec)
    assert code != 0 and any(item["address"].endswith("mood") for item in report["drift"]), report


def test_a_recreate_names_the_columns_it_converts_in_tables_the_spec_does_not_manage(
    make_db: Callable[[], str], tmp_path: Path
) -> None:
    url, spec = applied(make_db, tmp_path)
    execute(url, "CREATE TABLE audit_log (id integer, feeling mood)", "INSERT INTO audit_log VALUES (1, 'sad')")
    (spec / "mood.yaml").write_text("enum: mood\nvalues: [happy, sad]\n")  # reordered: recreated
    outside = "OUTSIDE_SPEC: converts columns of tables the spec does not manage: public.audit_log.feeling"
    text = cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode")
    assert text.exit_code == 3, text.output + text.stderr  # still --allow-drop enum
    assert f"! {outside}\n" in text.output, text.output
    assert f"drops an enum and {outside.split(': ', 1)[1]}" in text.output
    assert "recreated: sad, happy  =>  happy, sad; converts columns outside the spec: public.audit_log.feeling\n" in (
        text.output
    )
    data = json.loads(cli("plan", "--spec", spec, "--database-url", url, "--format", "json").output)
    hazards = [h for g in data["groups"] for s in g["steps"] for h in s["hazards"] if h["code"] == "OUTSIDE_SPEC"]
    assert hazards == [{"code": "OUTSIDE_SPEC", "detail": outside.split(": ", 1)[1]}]  # people is managed
    done = cli("apply", "--spec", spec, "--database-url", url, "--auto-approve", "--allow-drop", "enum")
    assert done.exit_code == 0, done.output + done.stderr
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT feeling::text FROM audit_log").fetchone() == ("sad",)
