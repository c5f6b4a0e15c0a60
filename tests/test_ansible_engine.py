"""The collection's adapter to the library (plugins/module_utils/engine.py), in-process, without Ansible."""

from __future__ import annotations

import shutil

import psycopg
import pytest
from ansible_collections.reconcile.postgresql.plugins.module_utils import engine
from ansible_collections.reconcile.postgresql.plugins.module_utils.connection import conninfo, password_of
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from .helpers import DESIRED, scalar

PASSWORD = "pw-engine-5b1e-secret"


def test_plan_is_read_only_then_apply_converges_then_no_changes(db_url, tmp_path):
    planned = engine.plan(db_url, str(DESIRED))
    assert planned["changed"] and planned["outcome"] == "planned"
    assert planned["recap"] == {"add": 28, "change": 0, "destroy": 0}  # 10 tables, 10 primary keys, 6 FKs, 2 indexes
    assert scalar(db_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0

    applied = engine.apply(db_url, str(DESIRED), evidence_dir=str(tmp_path / "audit"))
    assert applied["changed"] and applied["outcome"] == "applied"
    assert applied["steps"]["failed"] == 0 and applied["steps"]["changed"] == 28
    assert applied["evidence"].startswith(str(tmp_path / "audit" / "runs"))
    assert applied["diff"]["after"] == engine.plan(db_url, str(DESIRED))["diff"]["before"]

    again = engine.apply(db_url, str(DESIRED))
    assert not again["changed"] and again["outcome"] == "no-changes" and again["evidence"] is None
    assert again["diff"]["before"] == again["diff"]["after"]
    assert engine.drift(db_url, str(DESIRED))["status"] == "in_sync"


def test_refused_drop_fails_in_check_mode_too(db_url):
    engine.apply(db_url, str(DESIRED))
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE INDEX extra_idx ON users (created_at)")
    with pytest.raises(engine.EngineError, match=r"need --allow-drop index"):
        engine.plan(db_url, str(DESIRED))
    assert engine.plan(db_url, str(DESIRED), allow_drop=("index",))["recap"]["destroy"] == 1


def test_errors_are_one_line_without_the_password(db_url, tmp_path):
    bad = make_conninfo(db_url, dbname="rt_no_such_database", password=PASSWORD)
    for call in (engine.plan, engine.apply, engine.drift):
        with pytest.raises(engine.EngineError) as err:
            call(bad, str(DESIRED))
        message = str(err.value)
        assert message.startswith("cannot connect to the database") and "\n" not in message
        assert PASSWORD not in message
    with pytest.raises(engine.EngineError, match="does not exist"):
        engine.plan(make_conninfo(db_url, password=PASSWORD), str(tmp_path / "missing-spec"))


def test_module_options_become_one_conninfo():
    url = conninfo(
        {
            "conninfo": "postgresql://app@db.example/app?sslmode=require",
            "login_host": "other.example",
            "login_unix_socket": None,
            "port": 6432,
            "login_user": None,
            "login_password": PASSWORD,
            "db": "",
        }
    )
    parts = conninfo_to_dict(url)
    assert parts == {
        "user": "app",
        "host": "other.example",
        "port": "6432",
        "dbname": "app",
        "sslmode": "require",
        "password": PASSWORD,
    }
    assert password_of(url) == PASSWORD
    assert conninfo({"login_unix_socket": "/run/pg", "login_host": "ignored"}) == "host=/run/pg"
    assert conninfo({}) == ""


def test_failed_apply_returns_its_evidence_and_step_counts(db_url, tmp_path):
    engine.apply(db_url, str(DESIRED))
    spec = tmp_path / "spec"
    shutil.copytree(DESIRED, spec)
    with (spec / "users.yaml").open("a") as f:
        f.write("  - {name: nickname, type: text}\n")
    with psycopg.connect(db_url) as reader:  # an open transaction that read users: ADD COLUMN must wait
        reader.execute("SELECT count(*) FROM users")
        with pytest.raises(engine.EngineError, match="could not get its lock after 1 attempts") as err:
            engine.apply(db_url, str(spec), lock_timeout_ms=50, lock_retries=0, evidence_dir=str(tmp_path / "audit"))
    assert err.value.facts["steps"]["failed"] == 1
    assert "lock_timeout 50ms" in str(err.value)
    assert (tmp_path / "audit" / "runs").is_dir() and err.value.facts["evidence"]
    assert engine.apply(db_url, str(spec))["outcome"] == "applied"
