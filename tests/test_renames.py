"""Objects equal but for their name are renamed (metadata only), never dropped and re-added."""

from __future__ import annotations

import json

from .conftest import APP_0003, run_sql_file
from .helpers import cli, scalar

ORM_PUSH = "app/variants/0003_orm_push_names.sql"
ADMIN_FKS = {
    "openai_project_members": "openai_project_members_project_id_fkey",
    "openai_service_accounts": "openai_service_accounts_project_id_fkey",
    "openai_service_account_keys": "openai_service_account_keys_service_account_id_fkey",
    "openai_certificate_events": "openai_certificate_events_certificate_id_fkey",
}


def test_orm_push_names_plan_only_renames_and_apply_needs_no_allow_drop(db_url):
    run_sql_file(db_url, *APP_0003, ORM_PUSH)
    result = cli("plan", "--database-url", db_url, "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    changes = {(c["action"], c["address"]) for c in plan["changes"]}
    assert changes == {("rename", f"public.{t}.{name}") for t, name in ADMIN_FKS.items()}
    steps = [s for g in plan["groups"] for s in g["steps"]]
    assert {s["kind"] for s in steps} == {"rename"}
    assert all("RENAME CONSTRAINT" in s["sql"] for s in steps)
    assert {h["code"] for s in steps for h in s["hazards"]} == {"ACCESS_EXCLUSIVE_LOCK"}

    text = cli("plan", "--database-url", db_url).output
    assert "Plan: 0 to add, 4 to change, 0 to destroy." in text

    applied = cli("apply", "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    names = scalar(db_url, "SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint WHERE contype = 'f'")
    assert set(ADMIN_FKS.values()) <= set(names)  # type: ignore[arg-type]
    again = cli("plan", "--database-url", db_url, "--detailed-exitcode")
    assert again.exit_code == 0, again.output
