"""A saved plan is verified, not trusted: apply re-derives it and refuses anything else (issue 15, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from reconcile.apply.executor import StepResult, _execute
from reconcile.plan.model import Step

from .helpers import cli, scalar, write_spec

DELETE = "; DELETE FROM public.users"  # what a hostile pull request appends to a step
TABLE = "CREATE TABLE public.users (id int PRIMARY KEY, email text, legacy text)"
SPEC = "table: users\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n  - {name: email, type: text}\n"


def _setup(url: str, tmp_path: Path) -> Path:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(TABLE)
        conn.execute("INSERT INTO public.users SELECT g, 'u' || g, 'x' FROM generate_series(1, 20) g")
    spec = write_spec(tmp_path / "desired", users=SPEC)
    out = tmp_path / "p.json"
    result = cli("plan", "--spec", spec, "--database-url", url, "--out", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _steps(data: dict) -> list[dict]:
    return [s for g in data["groups"] for s in g["steps"]]


def _state(url: str) -> tuple:
    return (
        scalar(url, "SELECT count(*) FROM public.users"),
        scalar(url, "SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute "
                    "WHERE attrelid = 'public.users'::regclass AND attnum > 0 AND NOT attisdropped"),
    )  # fmt: skip


def test_untouched_plan_applies(db_url, tmp_path):
    out = _setup(db_url, tmp_path)
    result = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "column")
    assert result.exit_code == 0, result.output + result.stderr
    assert _state(db_url) == (20, "id,email")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda d: _steps(d)[-1].update(sql=_steps(d)[-1]["sql"] + DELETE), id="sql"),
        pytest.param(lambda d: [s.update(hazards=[]) for s in _steps(d)], id="hazards"),
        pytest.param(lambda d: d["groups"].reverse(), id="order"),
        pytest.param(lambda d: d["groups"].append({"steps": [_steps(d)[0]]}), id="extra-step"),
        pytest.param(lambda d: d["facts"].update(run="20000101000000"), id="facts"),
    ],
)
def test_an_edited_plan_is_refused_naming_the_step_and_nothing_runs(db_url, tmp_path, tamper):
    out = _setup(db_url, tmp_path)
    before = _state(db_url)
    _edit(out, tamper)
    result = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    assert result.exit_code == 3, result.output + result.stderr
    assert "planner did not make" in result.stderr or "fingerprints" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _state(db_url) == before


def test_the_refusal_names_the_edited_step(db_url, tmp_path):
    out = _setup(db_url, tmp_path)
    _edit(out, lambda d: _steps(d)[-1].update(sql=_steps(d)[-1]["sql"] + DELETE))
    result = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    last = json.loads(out.read_text())["groups"][-1]["steps"][-1]
    assert last["id"] in result.stderr and "differs in sql" in result.stderr


def test_a_smuggled_expression_in_the_recorded_catalog_is_refused(db_url, tmp_path):
    out = _setup(db_url, tmp_path)

    def smuggle(d: dict) -> None:
        d["desired"]["tables"][0]["columns"][1]["default"] = "true), ADD COLUMN zz int DEFAULT (1"

    _edit(out, smuggle)
    result = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    assert result.exit_code == 1 and "parenthesis" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_plan_for_another_database_is_refused(db_url, make_db, tmp_path):
    out = _setup(db_url, tmp_path)
    other = make_db()
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute(TABLE)
    result = cli("apply", out, "--database-url", other, "--auto-approve", "--allow-drop", "all")
    assert result.exit_code == 3 and "another database" in result.stderr
    assert _state(other) == (0, "id,email,legacy")


@pytest.mark.parametrize(
    "content",
    [b"[" * 100000 + b"]" * 100000, b'{"format_version": 4, "x": "\xff\xfe"}', b"{}", b'{"format_version": 4}'],
    ids=["nested", "not-utf8", "empty-object", "no-fields"],
)
def test_a_broken_plan_file_is_one_line_exit_1(db_url, tmp_path, content):
    out = tmp_path / "p.json"
    out.write_bytes(content)
    result = cli("apply", out, "--database-url", db_url, "--auto-approve")
    assert result.exit_code == 1, result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(out) in result.stderr


def test_a_step_carries_one_statement_only(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (a int)")
        conn.execute("INSERT INTO t VALUES (1)")
        step = Step("s", "c", "d", "SELECT 1; DELETE FROM t")
        with pytest.raises(psycopg.errors.SyntaxError):
            _execute(conn, step, StepResult(step))
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda d: d.update(managed=[[1, 2]]), id="managed-numbers"),
        pytest.param(lambda d: d.update(managed="public.users"), id="managed-string"),
        pytest.param(lambda d: d.update(target="postgresql://elsewhere/db"), id="target-string"),
        pytest.param(lambda d: d.update(release={"a": 1}), id="release-object"),
        pytest.param(lambda d: d.update(created_at=5), id="created-number"),
        pytest.param(lambda d: d.update(live=[]), id="live-list"),
        pytest.param(lambda d: d["groups"].__setitem__(0, 5), id="group-number"),
        pytest.param(lambda d: d["groups"][0]["steps"].__setitem__(0, "DROP TABLE users"), id="step-string"),
        pytest.param(lambda d: _steps(d)[0].update(sql=["DROP TABLE users"]), id="sql-list"),
        pytest.param(lambda d: d["target"].update(database_oid=True), id="oid-bool"),
    ],
)
def test_a_plan_field_of_the_wrong_type_is_one_line_exit_1_and_nothing_runs(db_url, tmp_path, tamper):
    out = _setup(db_url, tmp_path)
    before = _state(db_url)
    _edit(out, tamper)
    result = cli("apply", out, "--database-url", db_url, "--auto-approve", "--allow-drop", "all")
    assert result.exit_code == 1, result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and str(out) in result.stderr
    assert "malformed plan" in result.stderr
    assert _state(db_url) == before
