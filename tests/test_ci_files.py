"""The GitHub Actions workflow kept in the repository: plan on pull requests (plan kept), apply on main."""

from __future__ import annotations

import yaml

from .helpers import REPO


def test_the_workflow_plans_pull_requests_and_applies_main():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "reconcile.yml").read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    plan, apply = flow["jobs"]["plan"], flow["jobs"]["apply"]
    assert "pull_request" in plan["if"] and "refs/heads/main" in apply["if"]
    plan_runs = " ".join(s.get("run", "") for s in plan["steps"])
    assert "reconcile validate" in plan_runs and "reconcile plan --out plans/plan.json --detailed-exitcode" in plan_runs
    uploads = [s for s in plan["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "plans/"
    apply_runs = " ".join(s.get("run", "") for s in apply["steps"])
    assert "reconcile apply --auto-approve" in apply_runs
    assert "${{ secrets.DATABASE_URL }}" in str(apply["steps"]) and "password" not in str(flow).lower()
