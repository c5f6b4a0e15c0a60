"""`reconcile validate`: check spec sets without a database (CI, pre-commit)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--spec",
    "spec",
    default="desired",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Spec set to check when no PATHS are given.",
)
def validate(paths: tuple[Path, ...], spec: Path) -> None:
    """Check spec sets without a database: YAML, keys, names, references, expressions.

    PATHS are spec directories or *.yaml files (as pre-commit passes them): each file is checked
    as part of the spec set of its directory. Exit 0 when all are valid, 1 at the first error
    (one line naming file:line).
    """
    from reconcile.spec.validate import validate as run_validate

    sets = sorted({p if p.is_dir() else p.parent for p in paths} if paths else {spec})
    for directory in sets:
        loaded = run_validate(directory)
        click.echo(f"ok  {directory}: {len(loaded.tables)} table(s), release {loaded.release}")
