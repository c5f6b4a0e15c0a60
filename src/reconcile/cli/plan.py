"""`reconcile plan` and `reconcile graph`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reconcile.plan.unchanged import (
    Database,
    SpecState,
    known,
    no_changes_text,
    read_database,
    release_if_unchanged,
    remember,
    spec_state,
)

from .fleet_commands import plan_fleet
from .fleet_options import fleet_options
from .options import (
    allow_drop,
    database_url,
    dev_url,
    given_dev_url,
    load,
    lock_wait,
    painter,
    restore_archived,
    spec_path,
    spec_rev,
)

if TYPE_CHECKING:
    from reconcile.plan.model import Plan
    from reconcile.spec.model import Spec


@click.command()
@fleet_options(plan_fleet)
@spec_path
@dev_url
@spec_rev
@restore_archived
@database_url
@lock_wait
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the plan as JSON to this file (apply it later with `reconcile apply FILE`).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sql"]),
    default="text",
    show_default=True,
    help="How to print the plan on stdout.",
)
@allow_drop
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes, 2 when there are, 3 when apply would refuse some (1 stays an error).",
)
def plan(
    spec: str,
    spec_rev: str | None,
    restore_archived: bool,
    database_url: str | None,
    lock_wait: float,
    out: Path | None,
    fmt: str,
    allow_drop: frozenset[str],
    detailed_exitcode: bool,
) -> None:
    """Compare the spec with the live database and show what apply would change.

    Read-only: nothing in the database changes (the spec is checked by building it in
    temporary tables inside a transaction that is rolled back). --allow-drop says which drops
    the apply will allow, so the plan's refusals (and exit 3) are exactly apply's.
    """
    from reconcile.connect.target import resolve_url

    url = resolve_url(database_url)
    state = None if (spec_rev or out or fmt != "text") else spec_state(spec, restore_archived, given_dev_url())
    seen = still_unchanged(url, state.key, lock_wait) if state is not None else None
    if seen is not None and seen[1]:
        return
    p = _scoped_plan(url, state, lock_wait, restore_archived) if state is not None and seen is None else None
    from reconcile.apply.options import ApplyOptions
    from reconcile.plan.render import plan_sql, plan_text

    if p is None:
        p = _full_plan(url, load(spec, spec_rev), state, seen[0] if seen else None, lock_wait, restore_archived)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(p.to_json())
    if fmt == "json":
        click.echo(p.to_json(), nl=False)
    elif fmt == "sql":
        click.echo(plan_sql(p), nl=False)
    else:
        click.echo(
            plan_text(p, paint=painter(sys.stdout.isatty()), options=ApplyOptions(allow_drop=allow_drop)), nl=False
        )
        if out:
            click.echo(f"\nSaved the plan to {out}. Apply exactly this plan with: reconcile apply {out}")
    refused = p.refusals(allow_drop)
    if detailed_exitcode and refused:
        click.echo(f"Error: apply would refuse {len(refused)} step(s) (see 'Cannot apply as it is')", err=True)
        sys.exit(3)
    if detailed_exitcode and not p.empty:
        sys.exit(2)


def _scoped_plan(url: str, state: SpecState, lock_wait: float, restore_archived: bool) -> Plan | None:
    """The plan of only the table files edited since the last no-change plan (plan/scoped.py)."""
    from reconcile.plan.scoped import scoped_plan

    return scoped_plan(url, state, lock_wait, restore_archived)


def _full_plan(
    url: str, spec: Spec, spec_at: SpecState | None, state: Database | None, lock_wait: float, restore_archived: bool
) -> Plan:
    """The plan, remembered when it finds no changes (under the key of `spec_at`, with the catalog state
    read before the plan read the catalog: `state` when a stale record was just checked, else read first);
    its files' digests become the base of later scoped plans."""
    from reconcile.plan.planner import plan_at
    from reconcile.plan.scoped import remember_base

    key = spec_at.key if spec_at is not None else None
    states = [state] if state is not None else []
    p = plan_at(
        url,
        spec,
        lock_wait=lock_wait,
        restore_archived=restore_archived,
        first=(lambda conn: states.append(read_database(conn))) if key and not states else None,
    ).plan
    if key and spec_at is not None and states and p.empty:
        remember(key, states[0], p.release)
        remember_base(spec_at)
    return p


def still_unchanged(url: str, key: str, lock_wait: float) -> tuple[Database, bool] | None:
    """When a record of this spec state exists (plan/unchanged.py): the database's catalog state, and
    whether it matched, in which case the no-change plan is printed. None: no record, nothing read."""
    if not known(key):
        return None
    from reconcile.connect.redact import redact_url
    from reconcile.connect.session import read_session

    with read_session(url, lock_wait) as conn:
        db = read_database(conn)
    release = release_if_unchanged(key, db)
    if release is not None:
        click.echo(no_changes_text(redact_url(url), db.name, db.version, release), nl=False)
    return db, release is not None


@click.command()
@spec_path
@dev_url
@database_url
@lock_wait
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid"]), default="dot", show_default=True)
def graph(spec: str, database_url: str | None, lock_wait: float, fmt: str) -> None:
    """Print the dependency graph of the plan's steps (Graphviz DOT or Mermaid)."""
    from reconcile.connect.target import resolve_url
    from reconcile.plan.order import to_dot, to_mermaid
    from reconcile.plan.planner import plan_at

    from .options import load

    planned = plan_at(resolve_url(database_url), load(spec), lock_wait=lock_wait)
    click.echo(to_dot(planned.graph) if fmt == "dot" else to_mermaid(planned.graph))
