"""`reconcile export`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click

from .options import database_url, dev_url, out_file, spec_path


@click.command()
@spec_path
@dev_url
@database_url
@out_file("Write the plan's SQL here; its sha256 goes to OUT.sha256 (sha256sum format).")
def export(spec: str, database_url: str | None, out: Path) -> None:
    """Write the SQL the plan would run (runbook step 1, the dry-run export) and its sha256. Read-only."""
    from reconcile.connect.target import resolve_url
    from reconcile.plan.planner import plan_at
    from reconcile.plan.render import plan_sql

    from .options import load

    plan = plan_at(resolve_url(database_url), load(spec)).plan
    data = plan_sql(plan).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    line = f"{digest}  {out.name}\n"
    sums = out.with_name(out.name + ".sha256")
    sums.write_text(line)
    click.echo(line, nl=False)
    click.echo(f"Wrote {out} ({len(plan.steps)} statement(s)) and {sums}")
