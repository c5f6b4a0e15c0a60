"""`reconcile import`: write a spec set from a live database, or from migration files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import database_url, format_option, lock_wait, project

if TYPE_CHECKING:
    from ..inventory.run import Imported, Scope


@click.command("import")
@database_url
@project
@lock_wait
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    default=("public",),
    show_default=True,
    metavar="NAME",
    help="Schema to import (repeatable).",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    metavar="GLOB",
    help="Only tables whose name matches (repeatable; shell-style, case-sensitive, e.g. 'openai_*').",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="desired",
    show_default=True,
    help="Directory to write one <table>.yaml per table into.",
)
@click.option("--force", is_flag=True, help="Overwrite spec files already in --out.")
@click.option("--release", metavar="NAME", help="Release name written into every file.")
@click.option(
    "--from-sql",
    "from_sql",
    is_flag=True,
    help="Run FILES (migration files, or directories of *.sql) on a scratch database and import that.",
)
@click.option(
    "--dev-url",
    metavar="URL",
    help="With --from-sql: server for the scratch database (default: the embedded server).",
)
@format_option("json: one JSON document on stdout (schema: reconcile/schemas/import.json); stderr as in text.")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
def import_cmd(
    database_url: str | None,
    lock_wait: float,
    schemas: tuple[str, ...],
    tables: tuple[str, ...],
    out: Path,
    force: bool,
    release: str | None,
    from_sql: bool,
    dev_url: str | None,
    fmt: str,
    files: tuple[Path, ...],
) -> None:
    """Write the spec of an existing database: one YAML file per table.

    \b
    From a live database (read-only, one snapshot):
      reconcile import --database-url URL --out desired --release 0003
    From migration files, run in order on a scratch database (never the target):
      reconcile import --from-sql drizzle/ --out desired

    Whatever the spec cannot express yet (views, functions, triggers, ...) is listed on
    stderr by kind and name. Exit 0 when the import is complete, 2 when something was
    left out, 1 on error.
    """
    from ..inventory.run import Scope, describe_skipped, existing_specs, write

    _check_options(database_url, from_sql, dev_url, files)
    if existing_specs(out) and not force:
        write(out, {}, force=False)  # raises: names the files and --force
    from reconcile.spec.project import load_rules

    scope = Scope(tuple(dict.fromkeys(schemas)), tables, load_rules(out))
    imported, source = _import(scope, release, database_url, files if from_sql else None, dev_url, lock_wait)
    if not imported.files:
        click.echo("\n".join(describe_skipped(imported.skipped)), err=True)
        raise click.ClickException(f"no tables to import in schema {', '.join(scope.schemas)} of {source}")
    left = write(out, imported.files, force=force)
    for path in left:
        click.echo(f"Left in place (not part of this import): {path}", err=True)
    if fmt == "json":
        click.echo(_document(imported, source, out, left))
    else:
        click.echo(f"Imported {imported.summary} from {source} into {out}/")
    if imported.skipped:
        click.echo("\n".join(describe_skipped(imported.skipped)), err=True)
        sys.exit(2)


def _document(imported: Imported, source: str, out: Path, left: list[Path]) -> str:
    import json

    return json.dumps(
        {
            "source": source,
            "out": str(out),
            "files": sorted(imported.files),
            "objects": sorted(imported.objects),
            "skipped": [
                {"kind": s.kind, "schema": s.schema, "name": s.name, "table": s.table, "note": s.note, "line": s.line()}
                for s in imported.skipped
            ],
            "left_in_place": [str(p) for p in left],
            "exit_code": 2 if imported.skipped else 0,
        },
        indent=2,
    )


def _check_options(database_url: str | None, from_sql: bool, dev_url: str | None, files: tuple[Path, ...]) -> None:
    if from_sql and not files:
        raise click.UsageError("--from-sql needs migration files or directories")
    if files and not from_sql:
        raise click.UsageError("migration files are read only with --from-sql")
    if from_sql and database_url:
        raise click.UsageError("--from-sql imports from a scratch database: --database-url does not apply")
    if dev_url and not from_sql:
        raise click.UsageError("--dev-url is used only with --from-sql")


def _import(
    scope: Scope,
    release: str | None,
    database_url: str | None,
    files: tuple[Path, ...] | None,
    dev_url: str | None,
    lock_wait: float,
) -> tuple[Imported, str]:
    """The import and a printable name of its source (never with a password)."""
    if files is not None:
        from ..inventory.from_sql import import_from_sql, migration_files

        paths = migration_files(files)
        return import_from_sql(paths, dev_url, scope, release), f"{len(paths)} migration files"
    from reconcile.connect.redact import redact_url
    from reconcile.connect.target import resolve_url

    from ..inventory.run import import_from_url

    url = resolve_url(database_url)
    return import_from_url(url, scope, release, lock_wait=lock_wait), redact_url(url)
