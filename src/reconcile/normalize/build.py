"""spec -> canonical desired Catalog, through PostgreSQL, in the dev database (never the target).

Every object family's statements (normalize/families.py) build the spec under its real names in
the dev database (normalize/dev.py), inside a transaction that is always rolled back, after what
the spec uses from the target without declaring it (normalize/prerequisites.py). The result is read
back with the live database's own catalog queries, so PostgreSQL canonicalises types (`int4` ->
`integer`), defaults and index expressions (`COALESCE(x, '')` -> `COALESCE(x, ''::pg_catalog.text)`) and a
converged database diffs to nothing. Nothing of the spec runs on the target: none of its functions,
no temporary tables, no dead catalog rows.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from typing import Any

import psycopg
from psycopg import sql

from reconcile.catalog.comments import Comment
from reconcile.catalog.extensions import Extension
from reconcile.catalog.introspect import introspect, set_search_path
from reconcile.catalog.model import Catalog, Constraint, ConstraintType, ForeignKeyRef
from reconcile.catalog.sqltext import SERIAL_TYPES, execute_one, type_text_ok
from reconcile.connect.failures import ReadOnlyServer, is_read_only, quiet_pipeline_exit
from reconcile.errors import ReconcileError, SpecError
from reconcile.normalize import cache, dev, families, parallel, prerequisites
from reconcile.spec.model import Spec, TableSpec
from reconcile.spec.triggers import trigger_keys

from .comments import comment_keys, foreign_key_comments
from .extensions import desired_extensions
from .families import Phase
from .partitions import lineage

NAMEDATALEN = 64


def normalize(conn: psycopg.Connection, spec: Spec, live: Catalog) -> Catalog:
    """Canonical catalog of the spec. `live` supplies FK targets that are not in the spec."""
    needed = prerequisites.gather(conn, spec)
    version = int(conn.info.server_version)
    built = _memoised(conn, spec, needed, version)
    names = spec.table_names()
    fks = tuple(_foreign_key(spec, t, i, live, names) for t in spec.tables for i in range(len(t.foreign_keys)))
    from .policies import with_spec_roles

    comments = sorted((o for o in built.objects if isinstance(o, Comment)), key=lambda o: o.key)
    comments += foreign_key_comments(spec)  # the same order whether built now or read from the memo
    objects = tuple(o for o in built.objects if not isinstance(o, Comment | Extension)) + tuple(comments)
    objects = desired_extensions(spec, live) + objects  # the spec's and the target's, not the dev server's
    return with_spec_roles(Catalog(built.tables, built.indexes, built.constraints + fks, version, objects), spec)


def _memoised(conn: psycopg.Connection, spec: Spec, needed: prerequisites.Prerequisites, version: int) -> Catalog:
    """The built spec from the per-table memo; what it lacks is built: only the tables missing
    when the other objects are memoised, else everything. Tables in sorted order either way."""
    memo = cache.open_memo(spec.files)
    base = (version, dev.describe(spec.dev_url), needed.digest(), _objects_digest(spec))
    keys = _table_keys(spec, base)
    objects_key = cache.key(*base, "objects", *(() if _objects_stand_alone(spec) else (spec.sha256,)))
    parts = memo.tables(keys)
    objects = memo.objects(objects_key)
    missing = tuple(t for t in spec.tables if (t.schema, t.table) not in parts)
    if objects is None or missing:
        built = None
        if objects is not None:
            try:  # the other objects are memoised and stand alone: build only the missing tables
                built = _build_and_read(conn, replace(spec, tables=missing), needed, with_objects=False)
            except SpecError:
                built = None  # let the whole spec decide (and name the culprit)
        if built is None:
            built = _build_and_read(conn, spec, needed)
            objects = tuple(o for o in built.objects if not _table_owned(o, spec))
            memo.put_objects(objects_key, objects)
        for t in spec.tables:
            name = (t.schema, t.table)
            table = built.table(*name)
            if table is not None and name not in parts:
                own = tuple(
                    o
                    for o in built.objects
                    if _table_owned(o, spec) and (o.schema, getattr(o, "relation", None)) == name
                )
                parts[name] = Catalog((table,), built.indexes_of(*name), built.constraints_of(*name), objects=own)
                memo.put_table(keys[name], parts[name])
    memo.save()
    return cache.joined((parts[n] for n in sorted(parts)), objects or (), version)


def _table_keys(spec: Spec, base: tuple[Any, ...]) -> dict[tuple[str, str], str]:
    """Each table's memo key: `base`, its spec text and its ancestors' (each table dumped once)."""
    texts = {(t.schema, t.table): (t, t.model_dump_json(by_alias=True)) for t in spec.tables}
    return {name: cache.key(*base, text, *lineage(texts, t)) for name, (t, text) in texts.items()}


def _table_owned(obj: Any, spec: Spec) -> bool:
    """A comment on a spec table or its parts: memoised with that table."""
    return isinstance(obj, Comment) and (obj.schema, obj.relation) in spec.table_names()


def _objects_digest(spec: Spec) -> str:
    """The spec's other objects, which its tables may use (types, functions): part of every table's key."""
    texts = [o.model_dump_json(by_alias=True) for o in spec.objects]
    texts += [t.model_dump_json(include={"triggers"}) for t in spec.tables if "triggers" in t.model_fields_set]
    return hashlib.sha256(json.dumps(texts).encode()).hexdigest()


def _objects_stand_alone(spec: Spec) -> bool:
    """True when every other object is built before the tables, so none depends on them."""
    if trigger_keys(spec.tables):
        return False  # triggers are built on the tables
    return all(phase < Phase.TABLES for _, _, phase in families.statements(replace(spec, tables=())))


def _build_and_read(
    target: psycopg.Connection, spec: Spec, needed: prerequisites.Prerequisites, *, with_objects: bool = True
) -> Catalog:
    schemas = {t.schema for t in spec.tables} | {o.schema for o in spec.objects}
    with dev.dev_connection(target, spec.dev_url) as conn:
        _warn_version(conn, target)
        if conn.info.server_version < VIRTUAL_SERVER and _virtual_columns(spec):
            return _with_virtual(_build_in(conn, _as_stored(spec), needed, schemas, with_objects), spec)
        return _build_in(conn, spec, needed, schemas, with_objects)


VIRTUAL_SERVER = 180000


def _virtual_columns(spec: Spec) -> set[tuple[str, str, str]]:
    return {(t.schema, t.table, c.name) for t in spec.tables for c in t.columns if c.virtual}


def _as_stored(spec: Spec) -> Spec:
    """The spec with its VIRTUAL columns STORED, for a dev server older than 18: the generation
    expression normalizes the same, and the plan refuses VIRTUAL on a target that old (SERVER_VERSION)."""
    tables = tuple(
        t.model_copy(update={"columns": [c.model_copy(update={"virtual": False}) for c in t.columns]})
        for t in spec.tables
    )
    return replace(spec, tables=tables)


def _with_virtual(built: Catalog, spec: Spec) -> Catalog:
    virtual = _virtual_columns(spec)
    tables = tuple(
        replace(t, columns=tuple(replace(c, virtual=(t.schema, t.name, c.name) in virtual) for c in t.columns))
        for t in built.tables
    )
    return replace(built, tables=tables)


def _build_in(
    conn: psycopg.Connection, spec: Spec, needed: prerequisites.Prerequisites, schemas: set[str], with_objects: bool
) -> Catalog:
    set_search_path(conn, schemas)
    try:
        missing = prerequisites.reproduce(conn, needed, schemas)
        objects = [o.location_key() for o in spec.objects] + trigger_keys(spec.tables) if with_objects else []
        objects += comment_keys(spec, tables_only=not with_objects)
        if parallel.eligible(spec, not objects and needed == prerequisites.Prerequisites()):
            _check_types(conn, spec, missing)  # nothing is built before the tables
            built = parallel.build(conn, spec, schemas)
            if built is not None:
                return built
        statements = families.statements(spec)
        early = [s for s in statements if s[2] < Phase.TABLES]
        _run_all(conn, spec, early, missing)
        _check_types(conn, spec, missing)
        _run_all(conn, spec, [s for s in statements if s[2] >= Phase.TABLES], missing)
        return introspect(conn, spec.table_names(), objects=objects, snapshot=False)
    except psycopg.errors.OutOfMemory as exc:  # SQLSTATE 53200: the lock table, as a rule
        raise _out_of_locks(conn, spec, exc) from None


def _out_of_locks(conn: psycopg.Connection, spec: Spec, exc: psycopg.Error) -> ReconcileError:
    """The whole spec is built in one transaction, holding a lock per table, index and sequence: a dev
    server's lock table (max_locks_per_transaction x connections) may be too small for it."""
    try:  # the failed statement's savepoint is rolled back, its locks released: SHOW can run
        with conn.transaction():
            now = str(conn.execute("SHOW max_locks_per_transaction").fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        now = "?"
    return ReconcileError(
        f"the dev database {conn.info.dbname} ran out of shared memory building {len(spec.tables)} tables "
        f"in one transaction ({_pg_message(exc)}): raise max_locks_per_transaction on the dev server "
        f"(now {now}; e.g. 1024, needs a restart) or leave out --dev-url to use the embedded dev server"
    )


def _warn_version(dev_conn: psycopg.Connection, target: psycopg.Connection) -> None:
    dev_major, target_major = dev_conn.info.server_version // 10000, target.info.server_version // 10000
    if dev_major != target_major:
        print(
            f"reconcile: normalizing on PostgreSQL {dev_major} for a PostgreSQL {target_major} target; "
            f"pass --dev-url of a PostgreSQL {target_major} server for an exact match",
            file=sys.stderr,
        )


def _run_all(conn: psycopg.Connection, spec: Spec, statements: list[Any], missing: list[str]) -> None:
    """Fast path: one pipeline (one round trip, still one statement per extended-protocol message).
    If anything fails, replay one statement at a time to name the culprit's line."""
    if not statements:
        return
    try:
        with conn.transaction():
            with quiet_pipeline_exit(), conn.pipeline(), conn.cursor() as cur:
                for _, stmt, _ in statements:
                    cur.execute(sql.Composed([stmt]))
        return
    except psycopg.errors.OutOfMemory:
        raise  # the dev server's limit, not a statement's fault: replaying would only hit it again
    except psycopg.Error:
        pass
    for path, stmt, phase in statements:
        try:
            with conn.transaction():
                execute_one(conn, stmt)
        except psycopg.errors.OutOfMemory:
            raise
        except psycopg.Error as exc:
            raise _blame(conn, spec, path, phase, exc, missing) from None


def _blame(
    conn: psycopg.Connection, spec: Spec, path: tuple[Any, ...], phase: Phase, exc: psycopg.Error, missing: list[str]
) -> ReconcileError:
    from .tables import blame_column

    message = _pg_message(exc)
    if is_read_only(exc):  # the server's state, not the spec's fault
        return ReadOnlyServer(
            f"the dev database {conn.info.dbname} is read-only: {message}; pass a --dev-url of a writable server"
        )
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):  # the dev role's rights, not the spec's fault
        return SpecError(
            f"the dev database {conn.info.dbname} refuses to build the spec: {message} "
            "(the --dev-url role needs to create objects there)"
        )
    message += _lacking(missing)
    if phase == Phase.TABLES and len(path) == 2:  # a table's own path: its CREATE TABLE
        return blame_column(conn, spec, path, message)
    return SpecError(message, location=spec.where(*path))


def _check_types(conn: psycopg.Connection, spec: Spec, missing: list[str]) -> None:
    """Every column type must be a real type in the dev database: one query for all of them."""
    wanted: dict[str, tuple[Any, ...]] = {}
    for t in spec.tables:
        for i, col in enumerate(t.columns):
            path = (t.schema, t.table, "columns", i, "type")
            if not type_text_ok(col.type):
                raise SpecError(f"invalid type name {col.type!r}", location=spec.where(*path))
            if col.type.lower() not in SERIAL_TYPES:
                wanted.setdefault(col.type, path)
    if not wanted:
        return
    names = list(wanted)
    try:
        with conn.transaction():
            rows = conn.execute(
                "SELECT t, pg_catalog.to_regtype(t) IS NOT NULL FROM pg_catalog.unnest(%s::pg_catalog.text[]) AS t",
                [names],
            ).fetchall()
    except psycopg.Error:
        rows = [(name, _type_parses(conn, name)) for name in names]  # find the one that broke
    for name, ok in rows:
        if not ok:
            raise SpecError(f"unknown type {name!r}{_lacking(missing)}", location=spec.where(*wanted[name]))


def _lacking(missing: list[str]) -> str:
    """Hint for a failure that an extension the dev server could not create may explain."""
    return f" (the dev server lacks extension(s) {', '.join(missing)} that the target has)" if missing else ""


def _type_parses(conn: psycopg.Connection, name: str) -> bool:
    try:
        with conn.transaction():
            return conn.execute("SELECT pg_catalog.to_regtype(%s) IS NOT NULL", [name]).fetchone() == (True,)
    except psycopg.Error:
        return False


def _pg_message(exc: psycopg.Error) -> str:
    diag = exc.diag
    return diag.message_primary or str(exc).splitlines()[0]


def _foreign_key(spec: Spec, table: TableSpec, i: int, live: Catalog, names: set[tuple[str, str]]) -> Constraint:
    fk = table.foreign_keys[i]
    ref_schema = fk.references.schema_ or table.schema
    ref_table = fk.references.table
    if (ref_schema, ref_table) not in names:
        target = live.table(ref_schema, ref_table)
        loc = spec.where(table.schema, table.table, "foreign_keys", i, "references")
        if target is None:
            raise SpecError(
                f"foreign key references {ref_schema}.{ref_table}, which is neither in the spec nor in the database",
                location=loc,
            )
        for col in fk.references.columns:
            if target.column(col) is None:
                raise SpecError(f"foreign key references {ref_table}.{col}, which does not exist", location=loc)
    return Constraint(
        schema=table.schema,
        table=table.table,
        name=fk.name or default_name(table.table, fk.columns, "fkey"),
        type=ConstraintType.FOREIGN,
        columns=tuple(fk.columns),
        references=ForeignKeyRef(ref_schema, ref_table, tuple(fk.references.columns)),
        on_delete=fk.on_delete,
        on_update=fk.on_update,
        deferrable=fk.deferrable,
        initially_deferred=fk.initially_deferred,
    )


def default_name(table: str, columns: list[str], label: str) -> str:
    """PostgreSQL's makeObjectName: `<table>_<cols>_<label>`, truncated to fit 63 bytes."""
    name1 = table.encode()
    name2 = "_".join(columns).encode()[: NAMEDATALEN - 1]
    avail = NAMEDATALEN - 1 - (len(label) + 1) - (1 if name2 else 0)
    while len(name1) + len(name2) > avail:
        if len(name1) > len(name2):
            name1 = name1[:-1]
        else:
            name2 = name2[:-1]
    parts = [_clip(name1), _clip(name2)] if name2 else [_clip(name1)]
    return "_".join([*parts, label])


def _clip(raw: bytes) -> str:
    return raw.decode("utf-8", errors="ignore")
