"""Row-level security and policies: spec errors, roles, import round trip, a policy on a new table."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from reconcile.errors import SpecError
from reconcile.spec.load import load_spec

from .helpers import cli, write_spec

TABLE = "table: t\ncolumns:\n  - {name: id, type: integer}\n"


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[call-overload]


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ("{name: p, using: 'true); DROP TABLE t; --'}", "using"),
        ("{name: p, using: 'id > 0; SELECT 1'}", "using"),
        ("{name: p, command: insert, using: 'id > 0'}", "INSERT policy takes 'with_check' only"),
        ("{name: p, command: select, with_check: 'id > 0'}", "SELECT policy takes 'using' only"),
        ("{name: p, command: truncate}", "command"),
        ("{name: p, roles: []}", "roles"),
    ],
)
def test_bad_policy_names_file_and_line(tmp_path, policy, words):
    (tmp_path / "t.yaml").write_text(TABLE + f"policies:\n  - {policy}\n")
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 't.yaml'}:5:"), message
    assert words in message


def test_duplicate_policy_names_are_refused(tmp_path):
    (tmp_path / "t.yaml").write_text(TABLE + "policies:\n  - {name: p}\n  - {name: p}\n")
    with pytest.raises(SpecError, match="duplicate policy names"):
        load_spec(tmp_path)


def test_roles_are_applied_and_converge_and_a_role_change_is_alter_policy(db_url, tmp_path):
    """Roles are cluster-wide: unique names, dropped at the end."""
    reader, writer = (f"rls_{uuid.uuid4().hex[:10]}_{n}" for n in ("r", "w"))
    execute(db_url, f'CREATE ROLE "{reader}"', f'CREATE ROLE "{writer}"')
    try:
        body = TABLE + f"policies:\n  - {{name: p, command: select, roles: [{writer}, {reader}], using: 'id > 0'}}\n"
        write_spec(tmp_path, t=body)
        applied = cli("apply", "--spec", tmp_path, "--database-url", db_url, "--auto-approve")
        assert applied.exit_code == 0, applied.output + applied.stderr
        got = rows(db_url, "SELECT polroles::regrole[]::text[], relrowsecurity FROM pg_policy JOIN pg_class c "
                   "ON c.oid = polrelid WHERE polname = 'p'")  # fmt: skip
        assert sorted(got[0][0]) == sorted([reader, writer]) and got[0][1] is True  # policies imply enabled
        again = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
        assert again.exit_code == 0, again.output
        write_spec(tmp_path, t=body.replace(f"[{writer}, {reader}]", f"[{reader}]"))
        plan = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--format", "sql")
        assert f'ALTER POLICY "p" ON "public"."t" TO "{reader}" USING ((id > 0)' in plan.output
        assert "DROP POLICY" not in plan.output
    finally:
        execute(db_url, "DROP TABLE IF EXISTS t", f'DROP ROLE "{reader}"', f'DROP ROLE "{writer}"')


def test_a_restrictive_policy_becoming_permissive_is_dropped_and_created_in_one_step(db_url, tmp_path):
    execute(db_url, "CREATE TABLE t (id integer)", "CREATE POLICY p ON t AS RESTRICTIVE USING (id > 0)")
    write_spec(tmp_path, t=TABLE + "row_level_security: {enabled: false}\npolicies:\n  - {name: p, using: id > 0}\n")
    plan = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--format", "json")
    assert plan.exit_code == 0, plan.output
    applied = cli("apply", "--spec", tmp_path, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr  # no --allow-drop: the policy is kept
    assert rows(db_url, "SELECT polpermissive FROM pg_policy WHERE polname = 'p'") == [(True,)]
    again = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert again.exit_code == 0, again.output


def test_a_table_whose_spec_is_silent_keeps_its_policies(db_url, tmp_path):
    execute(db_url, "CREATE TABLE t (id integer)", "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY p ON t USING (id > 0)")  # fmt: skip
    write_spec(tmp_path, t=TABLE)
    plan = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_import_writes_row_security_and_policies_and_plans_no_changes(db_url, tmp_path):
    execute(
        db_url,
        "CREATE TABLE docs (id integer PRIMARY KEY, owner_name text, level int)",
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY",
        "CREATE POLICY own ON docs FOR UPDATE USING (owner_name = current_user) WITH CHECK (level::text <> '')",
        "CREATE POLICY strict ON docs AS RESTRICTIVE FOR DELETE TO current_user USING (level IN (1, 2))",
    )
    out = tmp_path / "spec"
    result = cli("import", "--database-url", db_url, "--out", out)
    assert result.exit_code == 0, result.stderr
    text = (out / "docs.yaml").read_text()
    assert "row_level_security: {enabled: true, forced: true}" in text
    assert "restrictive: true" in text and "command: delete" in text
    plan = cli("plan", "--spec", out, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    drift = cli("drift", "--spec", out, "--database-url", db_url)
    assert drift.exit_code == 0, drift.output
    execute(db_url, "ALTER POLICY own ON docs USING (true)")
    drift = cli("drift", "--spec", out, "--database-url", db_url)
    assert drift.exit_code == 2 and "own" in drift.output, drift.output
