"""spec + live database -> Plan: read the live catalog, normalize the spec, gather facts, then plan purely."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

from reconcile.catalog.introspect import introspect
from reconcile.catalog.model import Catalog
from reconcile.connect.failures import doing
from reconcile.connect.redact import redact_url
from reconcile.diff import diff
from reconcile.diff.renames import NO_RENAMES, Renames
from reconcile.errors import ReconcileError
from reconcile.spec.model import Spec
from reconcile.spec.project import EVERYTHING, Rules

from .build import PlanInputs, Planned, build_plan
from .facts import gather_facts
from .renames import old_table_names, renames_of
from .scope import scope_tables

MIN_SERVER = 140000


def read_live(conn: psycopg.Connection, spec: Spec) -> tuple[Catalog, Catalog]:
    """(managed live catalog, wider snapshot including FK targets outside the spec)."""
    names = managed_tables(conn, spec)
    targets = {(fk.references.schema_ or t.schema, fk.references.table) for t in spec.tables for fk in t.foreign_keys}
    # rendered on the search path the spec is normalized on (an FK target's schema would put its same-named
    # types, functions and sequences ahead of the spec's own: `kind` meant another schema's type)
    path = {s for s, _ in names} | {o.schema for o in spec.objects}
    snapshot = introspect(conn, names | targets, objects=managed_objects(spec), path=path)
    return spec.rules.filter(snapshot.restricted_to(names)), snapshot


def managed_tables(conn: psycopg.Connection, spec: Spec) -> set[tuple[str, str]]:
    """The spec's tables, the old names it renames, and every table of an explicit managed scope."""
    return spec.table_names() | old_table_names(spec) | scope_tables(conn, spec.rules)


def managed_objects(spec: Spec) -> tuple[tuple[str, str, str], ...]:
    """(kind, schema, name) of the spec's other objects and the old names they are renamed from."""
    from reconcile.normalize.comments import comment_keys
    from reconcile.spec.triggers import trigger_keys

    out = {o.location_key() for o in spec.objects} | set(trigger_keys(spec.tables)) | set(comment_keys(spec))
    out |= {(o.KIND, o.schema, old) for o in spec.objects if (old := getattr(o, "renamed_from", None))}
    out |= {("row_security", t.schema, t.table) for t in spec.tables if t.manages_row_security()}
    return tuple(sorted(out))


def desired_catalog(conn: psycopg.Connection, spec: Spec, snapshot: Catalog) -> Catalog:
    from reconcile.normalize.build import normalize

    version = int(conn.info.server_version)
    if version < MIN_SERVER:
        raise ReconcileError(f"PostgreSQL {version // 10000} is not supported (need 14 or newer)")
    return spec.rules.filter(normalize(conn, spec, snapshot))


def plan_at(
    url: str,
    spec: Spec,
    *,
    lock_wait: float = 30.0,
    restore_archived: bool = False,
    first: Callable[[psycopg.Connection], None] | None = None,
) -> Planned:
    """Open a read session on `url` (lock timeouts, pooler-safe), plan, close: for plan, export, graph.
    `first` reads the connection before anything else does (the catalog state a no-change plan records)."""
    from reconcile.connect.session import read_session

    with read_session(url, lock_wait) as conn:
        if first is not None:
            first(conn)
        return make_plan(conn, spec, url, restore_archived=restore_archived)


def live_at(url: str, spec: Spec, *, lock_wait: float = 30.0) -> Catalog:
    """The managed tables' live catalog at `url`, read in a read session."""
    from reconcile.connect.session import read_session

    with read_session(url, lock_wait) as conn:
        return read_live(conn, spec)[0]


def make_plan(conn: psycopg.Connection, spec: Spec, url: str, *, restore_archived: bool = False) -> Planned:
    with doing("reading the catalog"):
        live, snapshot = read_live(conn, spec)
    with doing("normalizing the spec in the dev database"):
        desired = desired_catalog(conn, spec, snapshot)
    return plan_to(
        conn,
        live,
        desired,
        url,
        release=spec.release,
        spec_sha256=spec.sha256,
        managed=tuple(sorted(managed_tables(conn, spec))),
        managed_objects=managed_objects(spec),
        restore_archived=restore_archived,
        renames=renames_of(spec),
        rules=spec.rules,
    )


def plan_to(
    conn: psycopg.Connection,
    live: Catalog,
    desired: Catalog,
    url: str,
    *,
    release: str,
    spec_sha256: str,
    managed: tuple[tuple[str, str], ...],
    managed_objects: tuple[tuple[str, str, str], ...] = (),
    restore_archived: bool = False,
    renames: Renames = NO_RENAMES,
    rules: Rules = EVERYTHING,
) -> Planned:
    """Plan from the live catalog to a canonical desired one (from a spec, or a recorded snapshot)."""
    changes = diff(live, desired, renames)
    with doing("checking the live data the changes depend on"):
        facts = gather_facts(conn, changes, managed, restore_archived=restore_archived)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    inputs = PlanInputs(
        redact_url(url),
        release,
        spec_sha256,
        managed,
        created,
        rules.to_dict() if rules.ignore or rules.include else {},
        managed_objects,
        renames.to_rows(),
    )
    return build_plan(live, desired, changes, facts, inputs)
