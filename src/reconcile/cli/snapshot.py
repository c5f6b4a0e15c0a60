"""`reconcile snapshot` and `reconcile diff`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import database_url, dev_url, out_file, spec_path


@click.command()
@spec_path
@dev_url
@database_url
@out_file("Write the snapshot JSON here ('-' for stdout).")
def snapshot(spec: str, database_url: str | None, out: Path) -> None:
    """Write the canonical catalog snapshot of the spec's managed tables as JSON."""
    from reconcile.catalog.snapshot import snapshot_json
    from reconcile.connect.target import resolve_url
    from reconcile.plan.planner import live_at

    from .options import load

    loaded = load(spec)
    url = resolve_url(database_url)
    live = live_at(url, loaded)
    text = snapshot_json(live, release=loaded.release, target=url)
    if str(out) == "-":
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    click.echo(f"Snapshot of {len(live.tables)} table(s), fingerprint {live.fingerprint()}, written to {out}")


@click.command(name="diff")
@click.argument("a")
@click.argument("b")
@spec_path
@dev_url
@database_url
def diff_cmd(a: str, b: str, spec: str, database_url: str | None) -> None:
    """Print a readable schema diff of A and B: snapshot files, or `live` for the database.

    Exit 0 when they are the same, 2 when they differ.
    """
    from reconcile.catalog.model import Catalog
    from reconcile.catalog.snapshot import load_snapshot, schema_diff_text

    live: Catalog | None = None

    def side(name: str) -> Catalog:
        nonlocal live
        if name != "live":
            return load_snapshot(Path(name))[0]
        if live is None:
            from reconcile.connect.target import resolve_url
            from reconcile.plan.planner import live_at

            from .options import load

            live = live_at(resolve_url(database_url), load(spec))
        return live

    left, right = side(a), side(b)
    click.echo(schema_diff_text(left, right, a_label=a, b_label=b), nl=False)
    if left.fingerprint() != right.fingerprint():
        sys.exit(2)
