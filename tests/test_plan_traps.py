"""Plan and drift never change the target (issue 15, item 2): a database full of traps —
volatile functions counting their calls, sequences, a trigger that writes — is exactly as it was."""

from __future__ import annotations

import psycopg

from reconcile.plan.facts import gather_facts
from reconcile.spec.expressions import expression_problem, is_inert

from .helpers import cli, scalar, write_spec

TRAPS = """
CREATE TABLE public.trap_calls (n bigint NOT NULL);
INSERT INTO public.trap_calls VALUES (0);
CREATE SEQUENCE public.trap_seq;
CREATE FUNCTION public.trap() RETURNS int LANGUAGE sql VOLATILE AS
  'UPDATE public.trap_calls SET n = n + 1 RETURNING n::int';
CREATE FUNCTION public.trap_text(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT t';
CREATE TABLE public.items (id int PRIMARY KEY, code text, owner text);
INSERT INTO public.items SELECT g, 'c' || (g % 3), 'o' FROM generate_series(1, 30) g;
CREATE TABLE public.item_log (id int);
CREATE FUNCTION public.log_item() RETURNS trigger LANGUAGE plpgsql AS
  'BEGIN INSERT INTO public.item_log VALUES (NEW.id); RETURN NEW; END';
CREATE TRIGGER items_log BEFORE INSERT OR UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.log_item();
"""

SPEC = """table: items
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: code, type: text}
  - {name: owner, type: text}
  - {name: stamp, type: integer, default: "public.trap()"}
  - {name: serial_no, type: bigint, default: "nextval('public.trap_seq')"}
checks:
  - {name: items_trap, expression: "public.trap() > 0"}
indexes:
  - {name: items_stamp_key, unique: true, columns: [code, stamp]}
  - {name: items_serial_key, unique: true, columns: [serial_no]}
  - {name: items_expr_key, unique: true, columns: [{expression: "public.trap_text(owner)"}]}
"""


def _state(url: str) -> tuple:
    return (
        scalar(url, "SELECT n FROM public.trap_calls"),
        scalar(url, "SELECT last_value::text || is_called::text FROM public.trap_seq"),
        scalar(url, "SELECT count(*) FROM public.item_log"),
        scalar(url, "SELECT md5(string_agg(i::text, ',' ORDER BY id)) FROM public.items i"),
        scalar(url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
    )


def test_plan_and_drift_leave_every_trap_as_it_was(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(TRAPS)
    spec = write_spec(tmp_path / "desired", items=SPEC)
    before = _state(db_url)
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert plan.exit_code == 0, plan.output + plan.stderr
    assert "UNIQUE_UNCHECKED" in plan.output  # the check that would have called trap() per row is skipped, said so
    drift = cli("drift", "--spec", spec, "--database-url", db_url)
    assert drift.exit_code == 2, drift.output + drift.stderr
    assert _state(db_url) == before


def test_prechecks_run_read_only_and_are_rolled_back(db_url):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(TRAPS)
        conn.execute("SET search_path = public")
        facts = gather_facts(conn, [], (("public", "items"),))
        assert facts.database and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        assert conn.execute("SHOW search_path").fetchone() == ("public",)
        assert conn.execute("SHOW transaction_read_only").fetchone() == ("off",)


def test_only_inert_expressions_may_meet_live_rows():
    assert is_inert("COALESCE(project_id, ''::text)") and is_inert("lower(email)")
    assert not is_inert("public.trap()") and not is_inert("nextval('s'::regclass)")
    assert not is_inert("pg_read_file('/etc/passwd')") and not is_inert("(owner)::public.t")
    assert expression_problem("true), ADD COLUMN zz int DEFAULT (1") is not None
