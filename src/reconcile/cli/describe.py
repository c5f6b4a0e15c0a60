"""`reconcile describe`: a table as `psql -c '\\d TABLE'` prints it, plus the runbook's index check."""

from __future__ import annotations

import click

from .options import database_url, lock_wait


@click.command()
@click.argument("table")
@database_url
@lock_wait
@click.option(
    "--index-check",
    "index_names",
    multiple=True,
    metavar="NAME",
    help="After the description, print the runbook's pg_indexes check for this index (repeatable).",
)
def describe(table: str, database_url: str | None, lock_wait: float, index_names: tuple[str, ...]) -> None:
    """Print TABLE exactly as `psql -c '\\d TABLE'` does (psql 15), without needing psql.

    TABLE may be schema-qualified; unqualified names resolve through the search_path.
    """
    from reconcile.connect.session import read_session
    from reconcile.connect.target import resolve_url
    from reconcile.describe.table import describe_table, index_check, parse_name

    with read_session(resolve_url(database_url), lock_wait) as conn:
        text = describe_table(conn, table)
        if index_names:
            text += index_check(conn, parse_name(table)[1], index_names)
    click.echo(text, nl=False)
