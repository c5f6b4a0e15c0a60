"""`reconcile db`: manage the embedded default server."""

from __future__ import annotations

import click


@click.group()
def db() -> None:
    """Manage the embedded PostgreSQL used when no database URL is given."""


@db.command()
def url() -> None:
    """Start the embedded server if needed and print its URL."""
    from reconcile.connect.embedded import ensure_running

    click.echo(ensure_running())


@db.command()
def stop() -> None:
    """Stop the embedded server (its data stays in .reconcile/pgdata)."""
    from reconcile.connect.embedded import stop as stop_server

    click.echo("stopped" if stop_server() else "not running")
