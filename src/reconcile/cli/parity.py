"""`reconcile parity`: OpenAI usage CSV exports vs usage_events, and backfill."""

from __future__ import annotations

from pathlib import Path

import click

from reconcile.errors import InputError

from .options import database_url, lock_wait

DEFAULT_OUTPUT = "audit/telemetry-audit/latest-staging.json"


@click.command()
@click.option("--csv", "csv_files", multiple=True, metavar="FILE", help="A usage export CSV (repeatable).")
@click.option("--csv-dir", metavar="DIR", help="Also read every *.csv in DIR.")
@click.option("--from", "start", metavar="ISO", help="Window start (inclusive), e.g. 2025-09-01.")
@click.option("--to", "end", metavar="ISO", help="Window end (exclusive), on the bucket start.")
@click.option(
    "--output",
    default=DEFAULT_OUTPUT,
    show_default=True,
    metavar="PATH",
    help="Where the JSON report goes; its per-day table and chart go beside it, as .md.",
)
@click.option(
    "--strict/--skip-bad-rows",
    default=True,
    show_default=True,
    help="Stop at the first bad CSV row (exit 1), or report bad rows in the JSON and go on.",
)
@click.option("--backfill", is_flag=True, help="Show (with --apply: write) what usage_events lacks.")
@click.option("--key-id", type=int, metavar="N", help="provider_keys.id of the rows (scopes the DB side).")
@click.option("--apply", "apply_", is_flag=True, help="With --backfill: upsert in one transaction.")
@click.option(
    "--duplicates",
    type=click.Choice(["refuse", "sum", "first"]),
    default="refuse",
    show_default=True,
    help="Bucket rows repeating a key, or the same export given twice: refuse (exit 3, listed with "
    "file:line), sum them, or keep the first.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@database_url
@lock_wait
def parity(
    csv_files: tuple[str, ...],
    csv_dir: str | None,
    start: str | None,
    end: str | None,
    output: str,
    strict: bool,
    backfill: bool,
    key_id: int | None,
    apply_: bool,
    duplicates: str,
    fmt: str,
    database_url: str | None,
    lock_wait: float,
) -> None:
    """Compare OpenAI completions usage exports with usage_events inside PostgreSQL.

    Buckets are compared on window, project, API key, user, model, service tier and batch over
    the half-open window [--from, --to) on the bucket start; the JSON report goes to --output.

    \b
    Exit codes: 0 in parity, 2 not in parity, 1 error (bad input, database unreachable),
    3 backfill refused (usage_events lacks the 0003 columns or index).
    """
    from reconcile.connect.target import resolve_url

    from ..parity import ParityRequest, Window, collect_files, run_parity
    from ..parity.daily import markdown_path
    from ..parity.report import render_text

    if not start or not end:
        raise InputError("--from and --to are required (ISO 8601, e.g. --from 2025-09-01 --to 2025-10-01)")
    try:
        window = Window.parse(start, end)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    request = ParityRequest(
        files=collect_files(csv_files, csv_dir),
        window=window,
        key_id=key_id,
        strict=strict,
        backfill=backfill,
        apply=apply_,
        duplicates=duplicates,
    )
    url = resolve_url(database_url, fallback=False, command="parity")
    outcome = run_parity(request, url, output=Path(output), lock_wait=lock_wait)
    if fmt == "json":
        with Path(output).open(encoding="utf-8") as written:  # streamed: reports can be large
            for line in written:
                click.echo(line, nl=False)
    else:
        click.echo(render_text(outcome.document))
        click.echo(f"Report written to {output} (per day: {markdown_path(Path(output))})")
    click.get_current_context().exit(outcome.exit_code)
