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


def test_dropping_a_managed_function_needs_allow_drop_function(db_url) -> None:
    import psycopg

    from reconcile.apply.executor import check_policy
    from reconcile.catalog.introspect import introspect
    from reconcile.catalog.model import Catalog
    from reconcile.errors import SafetyRefused
    from reconcile.plan.planner import plan_to

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION gone(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x'")
        live = introspect(conn, [], objects=[("function", "public", "gone")])
        assert [o.name for o in live.objects] == ["gone"]
        planned = plan_to(conn, live, Catalog(server_version=live.server_version), db_url,
                          release="r", spec_sha256="", managed=())  # fmt: skip
    plan = planned.plan
    [refusal] = plan.refusals()
    assert refusal.fix == "--allow-drop function"
    with pytest.raises(SafetyRefused, match="--allow-drop function"):
        check_policy(plan, frozenset())
    check_policy(plan, frozenset({"function"}))
    assert plan.steps[0].sql == 'DROP FUNCTION "public"."gone"(x integer)'


def test_an_overloaded_managed_function_refuses_the_plan_naming_both(db_url, tmp_path) -> None:
    import psycopg

    from .helpers import cli, write_spec

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2'")
        conn.execute("CREATE FUNCTION twice(x text) RETURNS text LANGUAGE sql AS 'SELECT x || x'")
    spec = write_spec(tmp_path / "spec", twice="function: twice\narguments: [{name: x, type: integer}]\n"
                      "returns: integer\nbody: SELECT x * 2\n")  # fmt: skip
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert "function public.twice is overloaded in the database (twice(x integer) and twice(x text))" in out.output
    assert "Traceback" not in out.output


def test_a_routine_under_no_name_keeps_all_but_its_name() -> None:
    def fn(name: str, body: str = "SELECT x") -> Function:
        head = f'CREATE OR REPLACE FUNCTION "my schema".{name}(x integer)\n RETURNS integer\n LANGUAGE sql\n'
        definition = f"{head}AS $function${body}$function$"
        return Function("my schema", name.strip('"'), definition, "x integer", "x integer", "integer")

    assert fn("old").unnamed() == fn('"new (v2)"').unnamed() == fn('"a""b("').unnamed()
    assert fn("old").unnamed().definition.startswith("CREATE OR REPLACE FUNCTION (x integer)")
    assert fn("old").unnamed() != fn("new", body="SELECT old(x)").unnamed()
    assert fn("old").named_as(fn('"a""b("', body="SELECT 2")) == fn('"a""b("')  # the old body, the new header


ARGS = "arguments: [{{name: who, type: text}}]\n"
ROUTINES = {
    "function": "function: {name}\n{renamed}" + ARGS + "returns: text\nbody: SELECT '{body} ' || who\n",
    "procedure": "procedure: {name}\n{renamed}" + ARGS + "body: SELECT '{body} ' || who\n",
}


@pytest.mark.parametrize("kind", sorted(ROUTINES))
def test_the_undo_of_a_body_change_after_a_rename_restores_the_body_under_the_new_name(db_url, tmp_path, kind) -> None:
    import psycopg

    from reconcile.plan.model import Plan, StepKind

    from .helpers import cli, scalar, write_spec

    def spec(name: str, body: str, renamed: str = "") -> str:
        return ROUTINES[kind].format(name=name, body=body, renamed=renamed)

    first = cli("apply", "--spec", write_spec(tmp_path / "a", r=spec("old_greet", "hi")), "--database-url", db_url,
                "--auto-approve")  # fmt: skip
    assert first.exit_code == 0, first.output
    then = write_spec(tmp_path / "b", r=spec("greet", "hello", "renamed_from: old_greet\n"))
    out = tmp_path / "plan.json"
    planned = cli("plan", "--spec", then, "--database-url", db_url, "--out", out)
    assert planned.exit_code == 0, planned.output
    [body] = [s for s in Plan.from_json(out.read_text()).steps if s.kind == StepKind.ALTER]
    assert body.inverse is not None and body.inverse.startswith(f"CREATE OR REPLACE {kind.upper()} public.greet(")
    done = cli("apply", out, "--database-url", db_url, "--auto-approve")  # the saved plan, renames and all
    assert done.exit_code == 0, done.output
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(body.inverse)  # type: ignore[arg-type]  # the undo: the old body, still named greet
    names = "SELECT string_agg(proname || ':' || prosrc, ',') FROM pg_proc WHERE proname LIKE '%greet'"
    assert scalar(db_url, names) == "greet:SELECT 'hi ' || who"
