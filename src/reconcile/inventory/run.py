"""Import end to end: read one snapshot of the database, convert, check the text, write the files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path

import psycopg
from psycopg import sql

from reconcile.catalog.comments import comments_in
from reconcile.catalog.introspect import introspect, set_search_path, table_names
from reconcile.catalog.model import Catalog
from reconcile.connect.session import DEFAULT_LOCK_WAIT, read_session, snapshot_transaction
from reconcile.errors import ReconcileError
from reconcile.spec.load import load_spec_text
from reconcile.spec.model import TableSpec
from reconcile.spec.project import EVERYTHING, Rules

from .to_spec import TableData, to_spec
from .unsupported import Skipped, unsupported
from .yaml_text import object_text, table_text

COMMENTED = ("view", "materialized_view", "function", "procedure")  # kinds whose file carries their comment


@dataclass(frozen=True)
class Imported:
    files: dict[str, str]  # file name -> YAML text, one per table
    skipped: tuple[Skipped, ...]  # sorted: what the files do not carry
    objects: tuple[str, ...] = ()  # the files of objects other than tables (views ...)

    @property
    def summary(self) -> str:
        tables = len(self.files) - len(self.objects)
        return f"{tables} tables" + (f" and {len(self.objects)} other objects" if self.objects else "")


@dataclass(frozen=True)
class Scope:
    schemas: tuple[str, ...] = ("public",)
    tables: tuple[str, ...] = ()  # globs on table names (on object names for objects without a table)
    rules: Rules = EVERYTHING  # the project file's include/ignore rules

    def wants(self, name: str) -> bool:
        return not self.tables or any(fnmatchcase(name, glob) for glob in self.tables)

    def wants_table(self, schema: str, table: str) -> bool:
        return self.wants(table) and self.rules.manages_table(schema, table)


def import_from_url(
    url: str, scope: Scope, release: str | None = None, *, lock_wait: float = DEFAULT_LOCK_WAIT
) -> Imported:
    with read_session(url, lock_wait) as conn:
        return import_database(conn, scope, release)


def import_database(conn: psycopg.Connection, scope: Scope, release: str | None = None) -> Imported:
    """The spec files of the tables in `scope`, and everything in scope they cannot express."""
    catalog, skipped = read(conn, scope)
    tables, lost = to_spec(catalog, skipped)
    files = {file_name(t.schema, t.table): table_text(t.data, release) for t in tables}
    _check_reads_back(files, tables, release)
    notes = {(c.on, c.schema, c.relation): c.text for c in comments_in(catalog.objects) if c.on in COMMENTED}
    others = {
        file_name(o.schema, o.name): object_text(o, release, notes.get((o.KIND, o.schema, o.name)))
        for o in catalog.objects
        if o.KIND not in ("trigger", "comment")
    }
    _check_objects_read_back(others, catalog, release)
    files.update(others)
    return Imported(files, tuple(sorted(skipped + lost)), tuple(sorted(others)))


def read(conn: psycopg.Connection, scope: Scope) -> tuple[Catalog, list[Skipped]]:
    """Catalog and unsupported objects of `scope`, from one REPEATABLE READ snapshot."""
    with snapshot_transaction(conn):
        set_search_path(conn, set(scope.schemas))
        names = [(s, t) for s, t in table_names(conn, scope.schemas) if scope.wants_table(s, t)]
        # a schema of the scope is written whatever the table globs (its tables need it)
        objects = [(k, s, n) for k, s, n in object_names(conn, scope.schemas) if k == "namespace" or scope.wants(n)]
        objects += [("trigger", s, f"{t}.*") for s, t in names]  # written into their table's file
        relations = names + [(s, n) for k, s, n in objects if k in COMMENTED]
        objects += [("comment", s, f"{r}.*") for s, r in relations]  # written into their object's file
        catalog = scope.rules.filter(introspect(conn, names, objects=objects, snapshot=False))
        skipped = [
            s
            for s in unsupported(conn, list(scope.schemas))
            if s.whole_schema or scope.wants_table(s.schema, s.table or s.name)
        ]
    return catalog, skipped


def object_names(conn: psycopg.Connection, schemas: Sequence[str]) -> list[tuple[str, str, str]]:
    """(kind, schema, name) of the non-table objects import writes, in `schemas`."""
    rows = [
        r
        for q in (
            "namespace_names",
            "view_names",
            "function_names",
            "extension_names",
            "sequence_names",
            "enum_names",
            "domain_names",
            "composite_names",
        )
        for r in conn.execute(_query(q), {"schemas": list(schemas)})
    ]
    return [(k, s, n) for k, s, n in rows]


def _query(name: str) -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", f"{name}.sql").read_text())


def _check_objects_read_back(files: dict[str, str], catalog: Catalog, release: str | None) -> None:
    if not files:
        return
    loaded = load_spec_text(files, release=release or "import")
    for obj in (o for o in catalog.objects if o.KIND not in ("trigger", "comment")):
        spec = next((o for o in loaded.of(obj.KIND) if (o.schema, o.name) == (obj.schema, obj.name)), None)
        view = obj.KIND in ("view", "materialized_view")
        key = (obj.KIND, obj.schema, obj.name)
        if spec is None or (view and getattr(spec, "query", None) != getattr(obj, "definition", None)):
            raise ReconcileError(f"internal error: the spec of {obj.KIND} {obj.schema}.{obj.name} does not read back")
        note = next((c.text for c in comments_in(catalog.objects) if (c.on, c.schema, c.relation) == key), None)
        if obj.KIND in COMMENTED and getattr(spec, "comment", None) != note:
            raise ReconcileError(f"internal error: the spec of {obj.KIND} {obj.schema}.{obj.name} does not read back")


def file_name(schema: str, table: str) -> str:
    """`<table>.yaml` in public, `<schema>.<table>.yaml` elsewhere; other characters as %XX."""
    base = _safe(table) if schema == "public" else f"{_safe(schema)}.{_safe(table)}"
    return f"{base}.yaml"


def _safe(name: str) -> str:
    return "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "".join(f"%{b:02X}" for b in ch.encode())
        for ch in name
    )


def _check_reads_back(files: dict[str, str], tables: list[TableData], release: str | None) -> None:
    """The written text must load as exactly the spec it was made from (and pass the spec's checks)."""
    if not files:
        return
    loaded = load_spec_text(files, release=release or "import")
    wanted = {(t.schema, t.table): TableSpec.model_validate(_with_release(t.data, release)) for t in tables}
    for table in loaded.tables:
        if table != wanted[(table.schema, table.table)]:
            raise ReconcileError(f"internal error: the spec of {table.schema}.{table.table} does not read back")


def _with_release(data: dict[str, object], release: str | None) -> dict[str, object]:
    return {"release": release, **data} if release else data


def existing_specs(out: Path) -> list[Path]:
    return sorted([*out.glob("*.yaml"), *out.glob("*.yml")]) if out.is_dir() else []


def write(out: Path, files: dict[str, str], *, force: bool) -> list[Path]:
    """Write the files into `out`; refuse to overwrite any spec file there unless `force`.

    Returns the spec files already in `out` that this import did not write (left in place)."""
    present = existing_specs(out)
    if present and not force:
        names = ", ".join(p.name for p in present[:5]) + (", ..." if len(present) > 5 else "")
        raise ReconcileError(f"{out} already holds spec files ({names}); use --force to overwrite them")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(files.items()):
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReconcileError(f"cannot write the spec files: {exc.strerror or exc}", location=str(out)) from None
    return [p for p in present if p.name not in files]


def describe_skipped(skipped: Sequence[Skipped]) -> list[str]:
    if not skipped:
        return []
    return ["Not imported (the spec cannot express these yet):", *(f"  {s.line()}" for s in skipped)]
