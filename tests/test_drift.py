"""`reconcile drift` against real servers: in sync, hand-made drift, INVALID index, apply lock,
a read-only role, errors, and the evidence directory."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.apply.lock import SCOPE, advisory_lock, lock_key
from reconcile.spec.load import load_spec
from reconcile.verify.drift import check_drift

from .helpers import DESIRED, cli, write_spec

BUCKET_IDX = """CREATE UNIQUE INDEX CONCURRENTLY usage_admin_bucket_idx ON usage_events (key_id, model,
  window_start, window_end, COALESCE(project_id, ''), COALESCE(openai_api_key_id, ''),
  COALESCE(openai_user_id, ''), COALESCE(service_tier, ''), COALESCE(batch, false))
  WHERE window_start IS NOT NULL"""


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for stmt in statements:
            conn.execute(stmt)  # type: ignore[call-overload]


def drift(url: str, *args: object):
    return cli("drift", "--spec", DESIRED, "--database-url", url, *args)


def drift_json(url: str, *args: object) -> tuple[int, dict]:
    result = drift(url, "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def by_address(report: dict) -> dict[str, dict]:
    return {item["address"]: item for item in report["drift"]}


def test_in_sync_exits_0(db_0003):
    result = drift(db_0003)
    assert result.exit_code == 0, result.output
    assert "In sync" in result.output
    code, report = drift_json(db_0003)
    assert code == 0
    assert report["status"] == "in_sync" and report["drift"] == []
    assert report["live_fingerprint"] == report["desired_fingerprint"]
    assert report["release"] == "0003_usage_event_windows"
    assert report["checked_at"].endswith("+00:00") and report["managed"] == [
        "public.openai_admin_cursors",
        "public.openai_certificate_events",
        "public.openai_certificates",
        "public.openai_project_members",
        "public.openai_projects",
        "public.openai_service_account_keys",
        "public.openai_service_accounts",
        "public.provider_keys",
        "public.usage_events",
        "public.users",
    ]


def test_dropped_column_is_missing_with_its_fix(db_0003):
    execute(db_0003, "ALTER TABLE usage_events DROP COLUMN service_tier CASCADE")
    text = drift(db_0003)
    assert text.exit_code == 2, text.output
    assert "missing    column public.usage_events.service_tier" in text.output
    code, report = drift_json(db_0003)
    assert code == 2 and report["status"] == "drift"
    item = by_address(report)["public.usage_events.service_tier"]
    assert item["category"] == "missing" and item["kind"] == "column" and item["name"] == "service_tier"
    assert item["expected"] == "text" and item["actual"] is None
    assert item["fix"] == ['ALTER TABLE "public"."usage_events" ADD COLUMN "service_tier" text']
    # the index reading it went with it (CASCADE): reported too, nothing else
    assert set(by_address(report)) == {
        "public.usage_events.service_tier",
        "public.usage_events.usage_admin_bucket_idx",
    }
    assert report["live_fingerprint"] != report["desired_fingerprint"]
    assert report["counts"] == {"missing": 2, "changed": 0, "unmanaged": 0, "invalid": 0}


def test_changed_default_is_changed(db_0003):
    execute(db_0003, "ALTER TABLE usage_events ALTER COLUMN tokens_in SET DEFAULT 5")
    code, report = drift_json(db_0003)
    assert code == 2
    item = by_address(report)["public.usage_events.tokens_in"]
    assert item["category"] == "changed"
    assert item["expected"] == "integer DEFAULT 0" and item["actual"] == "integer DEFAULT 5"
    assert item["fix"] and "SET DEFAULT 0" in item["fix"][0]


def test_hand_made_index_is_unmanaged(db_0003):
    execute(db_0003, "CREATE INDEX hand_made_idx ON usage_events (model, window_start)")
    text = drift(db_0003)
    assert text.exit_code == 2
    assert "unmanaged  index public.usage_events.hand_made_idx" in text.output
    code, report = drift_json(db_0003)
    assert [i["address"] for i in report["drift"]] == ["public.usage_events.hand_made_idx"]
    item = report["drift"][0]
    assert item["category"] == "unmanaged" and item["kind"] == "index"
    assert item["expected"] is None and item["actual"] == "btree (model, window_start)"
    assert item["fix"] == ['DROP INDEX CONCURRENTLY IF EXISTS "public"."hand_made_idx"']


def test_invalid_index_from_a_failed_concurrent_build(db_0003):
    execute(db_0003, "DROP INDEX usage_admin_bucket_idx")
    dupe = (
        'INSERT INTO usage_events (key_id, model, "timestamp", window_start, window_end) '
        "SELECT id, 'gpt-dup', now(), '2025-01-01', '2025-01-02' FROM provider_keys ORDER BY id LIMIT 1"
    )
    execute(db_0003, dupe, dupe)
    with pytest.raises(psycopg.errors.UniqueViolation):
        execute(db_0003, BUCKET_IDX)
    with psycopg.connect(db_0003) as conn:
        row = conn.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'usage_admin_bucket_idx'::regclass"
        ).fetchone()
    assert row == (False,)  # the failed build left an INVALID index behind
    text = drift(db_0003)
    assert text.exit_code == 2
    assert "invalid    index public.usage_events.usage_admin_bucket_idx" in text.output
    code, report = drift_json(db_0003)
    assert [i["address"] for i in report["drift"]] == ["public.usage_events.usage_admin_bucket_idx"]
    item = report["drift"][0]
    assert item["category"] == "invalid" and item["actual"].endswith(" INVALID")
    assert any("DROP INDEX" in s for s in item["fix"]) and any("CREATE UNIQUE INDEX" in s for s in item["fix"])


LEFTOVER = "usage_admin_bucket_idx_reconcile_new"


def test_killed_replacement_build_is_invalid_not_unmanaged(db_0003):
    # an apply replacing the index builds it as <name>_reconcile_new first; that build failed
    with pytest.raises(psycopg.errors.UniqueViolation):
        execute(db_0003, f"CREATE UNIQUE INDEX CONCURRENTLY {LEFTOVER} ON usage_events (model)")
    code, report = drift_json(db_0003)
    assert code == 2
    assert [i["address"] for i in report["drift"]] == [f"public.usage_events.{LEFTOVER}"]
    item = report["drift"][0]
    assert item["category"] == "invalid" and item["actual"] == "UNIQUE btree (model) INVALID"


def test_apply_in_progress_exits_0_without_diffing(db_0003):
    execute(db_0003, "ALTER TABLE usage_events DROP COLUMN batch CASCADE")  # a half-applied state
    with (
        psycopg.connect(db_0003, autocommit=True, application_name="reconcile-apply") as apply_conn,
        advisory_lock(apply_conn, SCOPE, wait=1),
    ):
        result = drift(db_0003)
        assert result.exit_code == 0, result.output
        assert "Apply in progress (pid" in result.output and "reconcile-apply" in result.output
        code, report = drift_json(db_0003)
        assert code == 0 and report["status"] == "apply_in_progress" and report["drift"] == []
        assert report["live_fingerprint"] is None
    assert drift(db_0003).exit_code == 2  # lock released: the same state is drift


def test_drift_releases_its_shared_lock(db_0003):
    spec = load_spec(str(DESIRED))
    key = lock_key(SCOPE)
    with psycopg.connect(db_0003, autocommit=True) as conn, psycopg.connect(db_0003, autocommit=True) as other:
        assert check_drift(conn, spec, db_0003).status == "in_sync"
        # conn is still open: an apply on another session must get the exclusive lock now
        assert other.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone() == (True,)


@pytest.fixture
def make_role(db_0003: str) -> Iterator[Callable[..., str]]:
    """Roles with CONNECT (+ TEMPORARY) on the database and SELECT on the tables; nothing else."""
    roles: list[str] = []
    dbname = sql.Identifier(conninfo_to_dict(db_0003)["dbname"])

    def make(*, temporary: bool = True) -> str:
        role = f"ro_{uuid.uuid4().hex[:10]}"
        roles.append(role)
        ident = sql.Identifier(role)
        privileges = sql.SQL("CONNECT, TEMPORARY" if temporary else "CONNECT")
        with psycopg.connect(db_0003, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
            admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(dbname))
            admin.execute(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
            admin.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(privileges, dbname, ident))
            admin.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident))
            admin.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(ident))
        params = conninfo_to_dict(db_0003)
        params["user"] = role
        params.pop("password", None)
        return make_conninfo(**params)

    yield make
    with psycopg.connect(db_0003, autocommit=True) as admin:
        for role in roles:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s AND pid <> pg_backend_pid()",
                [role],
            )
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_read_only_role_can_run_drift(db_0003, make_role):
    readonly_url = make_role()
    with psycopg.connect(readonly_url, autocommit=True) as ro:
        assert ro.execute("SELECT current_user").fetchone()[0].startswith("ro_")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ro.execute("INSERT INTO users (id) VALUES ('x')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ro.execute("CREATE TABLE public.scratch (x int)")
    result = drift(readonly_url)
    assert result.exit_code == 0, result.output
    assert "In sync" in result.output
    execute(db_0003, "ALTER TABLE usage_events DROP COLUMN num_model_requests")
    code, report = drift_json(readonly_url)
    assert code == 2
    assert by_address(report)["public.usage_events.num_model_requests"]["category"] == "missing"


def test_a_role_without_temporary_can_run_drift(make_role):
    # the spec is built in the dev database: the target needs CONNECT and SELECT only
    result = drift(make_role(temporary=False))
    assert result.exit_code == 0, result.output
    assert "In sync" in result.output


def test_unreachable_database_exits_1():
    result = drift("postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=3")
    assert result.exit_code == 1
    assert "cannot connect" in result.output


def test_bad_spec_exits_1(db_0003, tmp_path):
    spec = write_spec(tmp_path / "bad", users="table: users\ncolums: []\n")
    result = cli("drift", "--spec", spec, "--database-url", db_0003)
    assert result.exit_code == 1, result.output
    # `columns` is optional (a partition has its parent's): the typo itself is named, on its line
    assert "users.yaml:2" in result.output and "colums" in result.output and "Traceback" not in result.output


def test_usage_error_exits_1_not_2(db_0003):
    result = drift(db_0003, "--format", "xml")
    assert result.exit_code == 1


def as_url(params: dict) -> str:
    """A postgresql:// URL (as users write them) from conninfo parameters."""
    user = f"{params.get('user', 'postgres')}:{params['password']}"
    host = params.get("host", "")
    if host.startswith("/"):
        return f"postgresql://{user}@/{params['dbname']}?host={host}"
    return f"postgresql://{user}@{host}:{params.get('port', 5432)}/{params['dbname']}"


@pytest.mark.parametrize("form", ["url", "key=value"])
def test_password_is_redacted(db_0003, form):
    params = {**conninfo_to_dict(db_0003), "password": "s3cret-pw"}
    url = as_url(params) if form == "url" else make_conninfo(**params)
    result = drift(url, "--format", "json")
    assert result.exit_code == 0, result.output  # the servers under test trust local connections
    assert "s3cret-pw" not in result.output
    assert "***" in json.loads(result.output)["target"]


def test_output_writes_the_json_report(db_0003, tmp_path):
    out = tmp_path / "reports" / "drift.json"
    result = drift(db_0003, "--output", out)
    assert result.exit_code == 0
    assert "In sync" in result.output  # stdout keeps the text view
    assert json.loads(out.read_text())["status"] == "in_sync"


def test_evidence_dir_grows_only_the_log_when_nothing_changed(db_0003, tmp_path):
    evidence = tmp_path / "audit"
    assert drift(db_0003, "--evidence-dir", evidence).exit_code == 0
    assert drift(db_0003, "--evidence-dir", evidence).exit_code == 0
    folder = evidence / "drift"
    assert json.loads((folder / "latest.json").read_text())["status"] == "in_sync"
    assert len(list(folder.glob("drift-*.json"))) == 1
    log = (evidence / "alignment_log.md").read_text().splitlines()
    rows = [ln for ln in log if ln.startswith("| 20")]
    assert len(rows) == 2 and all("| drift |" in r and "| in sync |" in r for r in rows)
    assert log[2].startswith("| time (UTC) |")

    execute(db_0003, "CREATE INDEX hand_made_idx ON usage_events (model)")
    assert drift(db_0003, "--evidence-dir", evidence).exit_code == 2
    copies = sorted(folder.glob("drift-*.json"))
    assert len(copies) == 2
    latest = json.loads((folder / "latest.json").read_text())
    assert latest["status"] == "drift" and latest["counts"]["unmanaged"] == 1
    rows = [ln for ln in (evidence / "alignment_log.md").read_text().splitlines() if ln.startswith("| 20")]
    assert len(rows) == 3 and "drift: 1 unmanaged" in rows[-1]


def test_evidence_dir_logs_errors(tmp_path):
    evidence = tmp_path / "audit"
    result = cli(
        "drift",
        "--spec",
        DESIRED,
        "--database-url",
        "postgresql://postgres:pw@127.0.0.1:1/postgres?connect_timeout=3",
        "--evidence-dir",
        evidence,
    )
    assert result.exit_code == 1
    log = (evidence / "alignment_log.md").read_text()
    assert "error: cannot connect" in log and "pw@" not in log
    assert not (evidence / "drift" / "latest.json").exists()
