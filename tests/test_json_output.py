"""Every `--format json` output validates against the JSON Schema shipped in the package, and says what happened."""

from __future__ import annotations

import json

import jsonschema
import psycopg
import pytest

from reconcile.schemas import NAMES, schema

from .helpers import cli, write_spec

SPEC = """
    table: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: price, type: "numeric(10,2)"}
    indexes:
      - {name: items_price_idx, columns: [price]}
"""


def _json(name: str, *args: str, code: int = 0) -> object:
    result = cli(*args)
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema(name))
    return data


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_schemas_are_valid_schemas(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_plan_apply_verify_drift_archive_list(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2), note text)")
        conn.execute("INSERT INTO items SELECT g, g, 'n' || g FROM generate_series(1, 5) g")
    spec = str(write_spec(tmp_path / "spec", items=SPEC))
    target = ("--spec", spec, "--database-url", db_url)

    plan = _json("plan", "plan", *target, "--format", "json")
    assert plan["summary"] == {"add": 1, "change": 0, "destroy": 1, "rename": 0, "refused": 1}
    drift = _json("drift", "drift", *target, "--format", "json", code=2)
    assert drift["counts"]["missing"] == 1

    applied = _json(
        "apply", "apply", *target, "--format", "json", "--auto-approve", "--allow-drop", "column",
        "--evidence-dir", str(tmp_path / "audit"),
    )  # fmt: skip
    assert applied["outcome"] == "applied" and applied["exit_code"] == 0
    assert applied["summary"]["destroy"] == 1
    assert applied["recap"]["failed"] == 0 and applied["recap"]["changed"] == len(applied["steps"]) > 0
    assert applied["evidence"] and applied["evidence"].startswith(str(tmp_path / "audit"))

    again = _json("apply", "apply", *target, "--format", "json", "--auto-approve", "--no-evidence")
    assert again["outcome"] == "no-changes" and again["steps"] == []

    verified = _json("verify", "verify", *target, "--format", "json")
    assert verified["converged"] is True and verified["differences"] == []
    assert any(c["address"].endswith("items_price_idx") and c["ok"] for c in verified["checks"])

    archives = _json("archive-list", "archive", "list", "--database-url", db_url, "--format", "json")
    assert isinstance(archives, list) and [a["table"] for a in archives] == ["items"]


def test_verify_json_lists_differences_with_exit_2(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2))")
    spec = str(write_spec(tmp_path / "spec", items=SPEC))
    verified = _json("verify", "verify", "--spec", spec, "--database-url", db_url, "--format", "json", code=2)
    assert verified["converged"] is False
    assert [d["address"] for d in verified["differences"]] == ["public.items.items_price_idx"]
