"""Spec functions are attacker-written: the composed CREATE must be exactly one CREATE FUNCTION."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reconcile.catalog.functions import Function
from reconcile.spec.functions import FunctionSpec, ProcedureSpec


def _fn(**kw: object) -> FunctionSpec:
    return FunctionSpec.model_validate({"function": "f", "returns": "integer", **kw})


@pytest.mark.parametrize(
    "body",
    ["BEGIN ATOMIC SELECT 1; END; DROP TABLE items", "RETURN 1; DROP TABLE items", "RETURN 1 $$"],
)
def test_a_sql_standard_body_that_is_more_than_one_statement_is_refused(body: str) -> None:
    with pytest.raises(ValidationError):
        _fn(body=body)


def test_a_string_body_stays_a_literal() -> None:
    from reconcile.normalize.functions import routine_sql

    text = routine_sql(_fn(body="SELECT 1'; DROP TABLE items; --")).as_string()
    assert "AS 'SELECT 1''; DROP TABLE items; --'" in text


def test_a_bad_plpgsql_body_and_a_bad_type_are_refused() -> None:
    with pytest.raises(ValidationError, match="PL/pgSQL"):
        _fn(language="plpgsql", body="BEGIN RETURN 1; END; $$ x")
    with pytest.raises(ValidationError, match="invalid type"):
        _fn(returns="integer; DROP TABLE items", body="SELECT 1")
    with pytest.raises(ValidationError):
        ProcedureSpec.model_validate({"procedure": "p", "body": "SELECT 1", "returns": "integer"})


def test_sql_standard_bodies_are_recognised() -> None:
    assert _fn(body="RETURN 1").sql_standard()
    assert _fn(body="begin atomic select 1; end").sql_standard()
    assert not _fn(body="SELECT 1").sql_standard()


def test_a_catalog_function_read_from_a_file_must_be_one_create_function() -> None:
    good = {
        "schema": "public",
        "name": "f",
        "definition": "CREATE OR REPLACE FUNCTION public.f(x integer)\n RETURNS integer\n LANGUAGE sql\nRETURN (x * 2)",
        "identity": "x integer",
        "arguments": "x integer",
        "result": "integer",
    }
    assert Function.from_dict(good).definition.endswith("RETURN (x * 2)")
    for bad in (
        {"definition": good["definition"] + ";\nDROP TABLE items"},
        {"identity": "x integer) RETURNS int AS '' ; DROP TABLE items; --"},
        {"result": 1},
    ):
        with pytest.raises(ValueError):
            Function.from_dict({**good, **bad})
