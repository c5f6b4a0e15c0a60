"""Objects outside the spec that depend on what a plan retypes, drops or archives: plan refuses naming them.

`apply` must never find a dependency half-way (2BP01 after nine committed steps): the plan reads
pg_depend first, and a saved plan re-reads it before running.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from .helpers import cli, scalar, write_spec

BIGINT = """
    table: accounts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: amount, type: bigint}
      - {name: note, type: text}
"""
NO_NOTE = """
    table: accounts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: amount, type: integer}
"""


def _accounts(url: str, *extra: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts (id integer PRIMARY KEY, amount integer, note text)")
        conn.execute("INSERT INTO accounts SELECT g, g * 10, 'n' || g FROM generate_series(1, 5) g")
        for stmt in extra:
            conn.execute(stmt)


def _amount_type(url: str) -> object:
    return scalar(
        url,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'accounts'::regclass "
        "AND attname = 'amount'",
    )


def test_an_unmanaged_view_on_a_retyped_column_refuses_the_plan_naming_it(db_url, tmp_path):
    _accounts(db_url, "CREATE VIEW big_accounts AS SELECT id, amount FROM accounts WHERE amount > 20")
    spec = write_spec(tmp_path / "spec", accounts=BIGINT)
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert "view public.big_accounts depends on column public.accounts.amount, which the plan retypes" in out.output
    assert "Traceback" not in out.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "public.big_accounts" in applied.output
    assert _amount_type(db_url) == "integer"  # nothing applied
    assert scalar(db_url, "SELECT count(*) FROM big_accounts") == 3


def test_a_view_on_another_column_does_not_stand_in_the_way(db_url, tmp_path):
    _accounts(db_url, "CREATE VIEW notes AS SELECT id, note FROM accounts")
    spec = write_spec(tmp_path / "spec", accounts=BIGINT)
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert _amount_type(db_url) == "bigint"
    assert scalar(db_url, "SELECT count(*) FROM notes") == 5


@pytest.mark.parametrize(
    ("dependent", "named"),
    [
        ("CREATE VIEW v1 AS SELECT note FROM accounts", "view public.v1"),
        ("CREATE MATERIALIZED VIEW m1 AS SELECT max(note) AS n FROM accounts", "materialized view public.m1"),
        ("CREATE POLICY notes_only ON accounts USING (note IS NOT NULL)", "policy notes_only on public.accounts"),
        (
            "CREATE FUNCTION last_note() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT max(note) FROM accounts; END",
            "function public.last_note()",
        ),
    ],
)
def test_each_kind_of_dependent_on_a_dropped_column_is_named(db_url, tmp_path, dependent, named):
    _accounts(db_url, dependent)
    spec = write_spec(tmp_path / "spec", accounts=NO_NOTE)
    out = cli("plan", "--spec", spec, "--database-url", db_url, "--allow-drop", "column")
    assert out.exit_code == 1, out.output
    assert f"{named} depends on column public.accounts.note, which the plan drops" in out.output


def test_views_on_views_are_counted(db_url, tmp_path):
    _accounts(
        db_url,
        "CREATE VIEW v1 AS SELECT id, amount FROM accounts",
        "CREATE VIEW v2 AS SELECT amount * 2 AS twice FROM v1",
    )
    spec = write_spec(tmp_path / "spec", accounts=BIGINT)
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert "view public.v1 depends on column public.accounts.amount" in out.output
    assert "(and 1 more)" in out.output


def test_a_foreign_key_from_an_unmanaged_table_stops_the_archive_of_its_target(db_url, tmp_path):
    _accounts(db_url, "CREATE TABLE ledger (id int, account_id int REFERENCES accounts (id))")
    spec = write_spec(
        tmp_path / "spec",
        other="""
        table: other
        columns:
          - {name: id, type: integer}
    """,
    )
    (tmp_path / "reconcile.yaml").write_text("include:\n  - {table: accounts}\n  - {table: other}\n")
    out = cli("plan", "--spec", spec, "--database-url", db_url, "--allow-drop", "table")
    assert out.exit_code == 1, out.output
    assert "table constraint ledger_account_id_fkey on public.ledger depends on table public.accounts" in out.output


def test_a_saved_plan_refuses_a_view_created_after_it_was_made(db_url, tmp_path):
    _accounts(db_url)
    spec = write_spec(tmp_path / "spec", accounts=BIGINT)
    plan_file = tmp_path / "p.json"
    made = cli("plan", "--spec", spec, "--database-url", db_url, "--out", plan_file)
    assert made.exit_code == 0, made.output
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE VIEW late AS SELECT amount FROM accounts")
    applied = cli("apply", plan_file, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 3, applied.output
    assert "view public.late depends on column public.accounts.amount" in applied.output
    assert _amount_type(db_url) == "integer"


def test_recorded_dependents_are_untrusted(db_url, tmp_path):
    _accounts(db_url)
    spec = write_spec(tmp_path / "spec", accounts=BIGINT)
    plan_file = tmp_path / "p.json"
    assert cli("plan", "--spec", spec, "--database-url", db_url, "--out", plan_file).exit_code == 0
    data = json.loads(plan_file.read_text())
    data["facts"]["dependents"] = [["public.accounts.amount", [["view", "public", "v", "public.v", "", "deep"]]]]
    plan_file.write_text(json.dumps(data))
    applied = cli("apply", plan_file, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code != 0, applied.output
    assert "dependents" in applied.output
    assert _amount_type(db_url) == "integer"


ADD_ONE_BIGINT = """
    function: add_one
    arguments:
      - {name: x, type: bigint}
    returns: bigint
    volatility: immutable
    body: SELECT x + 1
"""


@pytest.mark.parametrize(
    ("dependent", "named"),
    [
        ("CREATE VIEW plus AS SELECT add_one(id) AS n FROM accounts", "view public.plus"),
        ("ALTER TABLE accounts ADD CONSTRAINT c_plus CHECK (add_one(amount) > 0)", "table constraint c_plus on"),
    ],
)
def test_a_function_the_plan_drops_and_creates_again_refuses_what_reads_it(db_url, tmp_path, dependent, named):
    _accounts(db_url, "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1'")
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(dependent)
    spec = write_spec(tmp_path / "spec", accounts=BIGINT.replace("bigint", "integer"), add_one=ADD_ONE_BIGINT)
    out = cli("plan", "--spec", spec, "--database-url", db_url)
    assert out.exit_code == 1, out.output
    assert named in out.output
    assert "depends on function public.add_one, which the plan drops and creates again" in out.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert scalar(db_url, "SELECT pg_get_function_result('add_one'::regproc)") == "integer"  # nothing applied
