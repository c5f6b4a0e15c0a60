"""The real application's spec: desired/ (0003) and releases/0002/ are what `reconcile import` makes of
the application's own migrations (tests/sql/app), and they plan exactly what its databases need.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import APP_0002, APP_0003, SQL_DIR, run_sql_file
from .helpers import DESIRED, RELEASE_0002, cli
from .test_plan import NEW_COLUMNS

KEY_FIRST = "app/variants/0002_legacy_index_key_first.sql"
APP_TABLES = [
    "openai_admin_cursors", "openai_certificate_events", "openai_certificates", "openai_project_members",
    "openai_projects", "openai_service_account_keys", "openai_service_accounts", "provider_keys", "usage_events",
    "users",
]  # fmt: skip


def plan(url: str, spec: Path = DESIRED) -> dict:
    result = cli("plan", "--spec", spec, "--database-url", url, "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.output)


def without_comments(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#"))


def test_0003_database_plans_no_changes_with_all_ten_tables_managed(db_url):
    run_sql_file(db_url, *APP_0003)
    result = cli("plan", "--database-url", db_url, "--detailed-exitcode")
    assert result.exit_code == 0, result.output + result.stderr
    assert "No changes" in result.output
    assert plan(db_url)["managed"] == [["public", t] for t in APP_TABLES]


@pytest.mark.parametrize("variant", [[], [KEY_FIRST]], ids=["timestamp-first-index", "key-first-index"])
def test_0002_database_plans_the_19_column_adds_and_the_index_replace(db_url, variant):
    run_sql_file(db_url, *APP_0002, *variant)
    changes = [(c["marker"], c["kind"], c["address"]) for c in plan(db_url)["changes"]]
    expected = {("+", "column", f"public.usage_events.{name}") for name in NEW_COLUMNS}
    expected.add(("-/+", "index", "public.usage_events.usage_admin_bucket_idx"))
    assert len(changes) == 20 and set(changes) == expected
    result = cli("plan", "--database-url", db_url, "--detailed-exitcode")
    assert result.exit_code == 2
    assert "Plan: 19 to add, 1 to change, 0 to destroy." in result.output


def test_0002_database_plans_no_changes_against_release_0002(db_url):
    run_sql_file(db_url, *APP_0002)
    result = cli("plan", "--spec", RELEASE_0002, "--database-url", db_url, "--detailed-exitcode")
    assert result.exit_code == 0, result.output + result.stderr


def test_import_from_sql_then_plan_against_the_same_migrations_is_no_changes(db_url, server_url, tmp_path):
    files = [SQL_DIR / name for name in APP_0003]
    imported = cli("import", "--from-sql", *files, "--dev-url", server_url, "--out", tmp_path)
    assert imported.exit_code == 0, imported.stderr
    run_sql_file(db_url, *APP_0003)
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert result.exit_code == 0, result.output + result.stderr
    assert "No changes" in result.output


@pytest.mark.parametrize(
    ("shipped", "files", "release"),
    [(DESIRED, APP_0003, "0003_usage_event_windows"), (RELEASE_0002, APP_0002, "0002")],
    ids=["desired", "releases-0002"],
)
def test_shipped_specs_are_what_import_writes(shipped, files, release, server_url, tmp_path):
    """Regenerate with: reconcile import --from-sql FILES --release NAME --out DIR --force (then re-add comments)."""
    paths = [SQL_DIR / name for name in files]
    result = cli("import", "--from-sql", *paths, "--dev-url", server_url, "--release", release, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    written = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert sorted(written) == [f"{t}.yaml" for t in APP_TABLES]
    for name, text in written.items():
        assert without_comments((shipped / name).read_text()) == text, name
