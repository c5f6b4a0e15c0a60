"""User objects named like catalog objects, found first on the search_path, change nothing reconcile reads.

The database puts `public` before `pg_catalog` on its search_path and holds, in `public`, tables named
like the catalogs reconcile reads (and `text`, which is then also a type), and functions named like
the catalog functions it calls, with the same argument types, each answering something wrong.
Plan, drift, verify and describe must say exactly what they say on the same database without them.
"""

from __future__ import annotations

import json

import psycopg
from psycopg import sql

from .helpers import DESIRED, cli

SHADOWS = """
CREATE TABLE public.pg_class (oid oid, relname name, relnamespace oid, relkind "char");
CREATE TABLE public.pg_attribute (attrelid oid, attname name, attnum int2);
CREATE TABLE public.pg_index (indexrelid oid, indrelid oid);
CREATE TABLE public.pg_constraint (oid oid, conrelid oid, conname name);
CREATE TABLE public.pg_namespace (oid oid, nspname name);
CREATE TABLE public.pg_depend (classid oid, objid oid);
CREATE TABLE public.pg_indexes (tablename name, indexname name);
CREATE TABLE public.text (hijacked int);
INSERT INTO public.pg_class VALUES (1, 'users', 2200, 'r');
INSERT INTO public.pg_indexes VALUES ('usage_events', 'usage_admin_bucket_idx');
CREATE FUNCTION public.format_type(oid, integer) RETURNS pg_catalog.text
  LANGUAGE sql AS $$ SELECT 'hijacked'::pg_catalog.text $$;
CREATE FUNCTION public.pg_get_expr(pg_node_tree, oid) RETURNS pg_catalog.text
  LANGUAGE sql AS $$ SELECT 'hijacked'::pg_catalog.text $$;
CREATE FUNCTION public.pg_get_expr(pg_node_tree, oid, boolean) RETURNS pg_catalog.text
  LANGUAGE sql AS $$ SELECT 'hijacked'::pg_catalog.text $$;
CREATE FUNCTION public.pg_get_constraintdef(oid, boolean) RETURNS pg_catalog.text
  LANGUAGE sql AS $$ SELECT 'CHECK (hijacked)'::pg_catalog.text $$;
CREATE FUNCTION public.pg_get_indexdef(oid, integer, boolean) RETURNS pg_catalog.text
  LANGUAGE sql AS $$ SELECT 'hijacked'::pg_catalog.text $$;
CREATE FUNCTION public.current_database() RETURNS name LANGUAGE sql AS $$ SELECT 'hijacked'::name $$;
CREATE FUNCTION public.unnest(oid[]) RETURNS SETOF oid LANGUAGE sql AS $$ SELECT 0::oid $$;
CREATE FUNCTION public.unnest(int2[]) RETURNS SETOF int2 LANGUAGE sql AS $$ SELECT 0::int2 $$;
CREATE FUNCTION public.to_jsonb(anyelement) RETURNS jsonb LANGUAGE sql AS $$ SELECT '{}'::jsonb $$;
"""


def readings(url: str) -> dict[str, object]:
    plan = cli("plan", "--spec", DESIRED, "--database-url", url, "--format", "sql", "--detailed-exitcode")
    drift = cli("drift", "--spec", DESIRED, "--database-url", url, "--format", "json")
    verify = cli("verify", "--spec", DESIRED, "--database-url", url)
    describe = cli("describe", "usage_events", "--database-url", url)
    doc = json.loads(drift.output)
    return {
        "plan": (plan.exit_code, plan.output, plan.stderr),
        "drift": (drift.exit_code, doc["status"], doc["drift"]),
        "verify": (verify.exit_code, verify.output.split("\n", 1)[1]),
        "describe": (describe.exit_code, describe.output),
    }


def test_shadowing_objects_on_the_search_path_change_nothing(db_0002: str):
    clean = readings(db_0002)
    assert clean["plan"][0] == 2 and clean["drift"][0] == 2 and clean["describe"][0] == 0  # type: ignore[index]
    with psycopg.connect(db_0002, autocommit=True) as conn:
        conn.execute(SHADOWS)  # type: ignore[call-overload]
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET search_path = public, pg_catalog").format(sql.Identifier(conn.info.dbname))
        )
    with psycopg.connect(db_0002) as conn:  # the shadows are really found first in a new session
        assert conn.execute("SELECT format_type(23, -1)").fetchone() == ("hijacked",)
        assert conn.execute("SELECT count(*) FROM pg_class").fetchone() == (1,)
    shadowed = readings(db_0002)
    # format_type() itself writes pg_catalog.text once a type named text is found first, as psql does:
    # the truth about that database, not a shadowed read
    code, text = shadowed["describe"]  # type: ignore[misc]
    assert "pg_catalog.text" in text
    shadowed["describe"] = (code, text.replace("pg_catalog.text", "text" + " " * len("pg_catalog.")))
    assert shadowed == clean
