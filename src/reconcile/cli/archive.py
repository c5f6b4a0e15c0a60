"""`reconcile archive`: list and remove archives of dropped column values."""

from __future__ import annotations

import json

import click

from .options import database_url


@click.group()
def archive() -> None:
    """Archived values of dropped columns, and dropped tables (kept in schema reconcile_archive until you drop them)."""


@archive.command("list")
@database_url
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(database_url: str | None, fmt: str) -> None:
    """List archives: name, source table, key, run, rows and non-null values per column."""
    from reconcile.connect.target import connect, resolve_url
    from reconcile.recovery.archive import list_archives
    from reconcile.recovery.table_archive import list_table_archives

    with connect(resolve_url(database_url)) as conn:
        archives = list_archives(conn)
        tables = list_table_archives(conn)
    if fmt == "json":
        click.echo(
            json.dumps([a.__dict__ for a in archives] + [{"kind": "table", **t.__dict__} for t in tables], indent=2)
        )
        return
    if not archives and not tables:
        click.echo("No archives.")
    for t in tables:
        click.echo(f"{t.name}  {t.schema}.{t.table}  table  run={t.run}  rows={t.rows}")
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
    from reconcile.recovery.table_archive import drop_table_archive

    with connect(resolve_url(database_url)) as conn:
        if not drop_table_archive(conn, name) and not drop_archive(conn, name):
            raise ReconcileError(f"no archive named {name!r} (see `reconcile archive list`)")
    click.echo(f"dropped archive {name}")


@archive.command("restore")
@click.argument("name")
@database_url
def restore(name: str, database_url: str | None) -> None:
    """Put an archived table back where it was, rows, indexes and keys as they were (metadata only).

    Archived column values come back with `reconcile apply --restore-archived` instead."""
    from reconcile.connect.target import connect, resolve_url
    from reconcile.recovery.table_archive import restore_table

    with connect(resolve_url(database_url)) as conn:
        restored = restore_table(conn, name)
    click.echo(f"restored {restored.schema}.{restored.table} from archive {name}")
