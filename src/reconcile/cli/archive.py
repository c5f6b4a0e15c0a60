"""`reconcile archive`: list and remove archives of dropped column values."""

from __future__ import annotations

import json

import click

from .options import database_url


@click.group()
def archive() -> None:
    """Archived values of dropped columns (kept in schema reconcile_archive until you drop them)."""


@archive.command("list")
@database_url
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(database_url: str | None, fmt: str) -> None:
    """List archives: name, source table, key, run, rows and non-null values per column."""
    from reconcile.connect.target import connect, resolve_url
    from reconcile.recovery.archive import list_archives

    with connect(resolve_url(database_url)) as conn:
        archives = list_archives(conn)
    if fmt == "json":
        click.echo(json.dumps([a.__dict__ for a in archives], indent=2))
        return
    if not archives:
        click.echo("No archives.")
    for a in archives:
        values = ", ".join(f"{c}={n}" for c, n in a.values.items())
        click.echo(
            f"{a.name}  {a.schema}.{a.table}  key=({', '.join(a.key)})  run={a.run}  rows={a.rows}  non-null: {values}"
        )


@archive.command("drop")
@click.argument("name")
@database_url
def drop(name: str, database_url: str | None) -> None:
    """Remove one archive for good (its values are gone afterwards)."""
    from reconcile.connect.target import connect, resolve_url
    from reconcile.errors import ReconcileError
    from reconcile.recovery.archive import drop_archive

    with connect(resolve_url(database_url)) as conn:
        if not drop_archive(conn, name):
            raise ReconcileError(f"no archive named {name!r} (see `reconcile archive list`)")
    click.echo(f"dropped archive {name}")
