"""spec + live database -> Plan: introspect, normalize, diff, steps, graph, prechecks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx
import psycopg

from reconcile.catalog.introspect import introspect, server_facts
from reconcile.catalog.model import Catalog, Column
from reconcile.connect.redact import redact_url
from reconcile.ddl import steps_for
from reconcile.ddl.steps import label
from reconcile.diff import diff
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.plan.checks import annotate, non_null_counts
from reconcile.plan.model import ChangeLine, Plan, Step, Target
from reconcile.plan.order import build_graph, group, ordered
from reconcile.plan.render import change_detail
from reconcile.recovery.archive import Archive, archive_steps, leftover_captures, list_archives, restore_step
from reconcile.spec.model import Spec

MIN_SERVER = 140000


@dataclass(frozen=True)
class Planned:
    plan: Plan
    live: Catalog
    desired: Catalog
    changes: tuple[Change, ...]
    graph: nx.DiGraph


def read_live(conn: psycopg.Connection, spec: Spec) -> tuple[Catalog, Catalog]:
    """(managed live catalog, wider snapshot including FK targets outside the spec)."""
    names = spec.table_names()
    targets = {(fk.references.schema_ or t.schema, fk.references.table) for t in spec.tables for fk in t.foreign_keys}
    snapshot = introspect(conn, names | targets)
    return snapshot.restricted_to(names), snapshot


def desired_catalog(conn: psycopg.Connection, spec: Spec, snapshot: Catalog) -> Catalog:
    from reconcile.normalize.build import normalize

    version = int(conn.info.server_version)
    if version < MIN_SERVER:
        raise ReconcileError(f"PostgreSQL {version // 10000} is not supported (need 14 or newer)")
    if version < 150000:
        for t in spec.tables:
            for i, idx in enumerate(t.indexes):
                if idx.nulls_not_distinct:
                    raise ReconcileError(
                        "NULLS NOT DISTINCT needs PostgreSQL 15 or newer",
                        location=spec.where(t.schema, t.table, "indexes", i),
                    )
    return normalize(conn, spec, snapshot)


def _archived_drops(
    changes: list[Change], live: Catalog, run: str, dropped: dict[tuple[str, str], dict[str, int]]
) -> tuple[set[Change], list[Step]]:
    """Column drops of a table with a primary key become: archive, copy, one ALTER TABLE dropping all."""
    by_table: dict[tuple[str, str], list[Change]] = {}
    for ch in changes:
        if ch.kind == "column" and ch.action == "drop" and isinstance(ch.before, Column):
            by_table.setdefault((ch.schema, ch.table), []).append(ch)
    handled: set[Change] = set()
    steps: list[Step] = []
    for (schema, name), drops in by_table.items():
        table = live.table(schema, name)
        pk = next((c.columns for c in live.constraints_of(schema, name) if c.type == "p"), ())
        drops = [d for d in drops if d.name not in pk]
        if table is None or not pk or not drops:
            continue  # nothing to key an archive by: the DELETES_DATA hazard stands alone
        handled.update(drops)
        columns = [d.before for d in drops if isinstance(d.before, Column)]
        pseudo = Change(Action.DROP, Kind.COLUMN, schema, name, f"({','.join(c.name for c in columns)})")
        steps += label(pseudo, archive_steps(schema, table, pk, columns, run, dropped.get((schema, name), {})))
    return handled, steps


def _restores(changes: list[Change], archives: list[Archive]) -> list[Step]:
    """Re-added columns filled from the newest archive holding them: one UPDATE per archive."""
    plan: dict[tuple[str, str, str], list[str]] = {}
    for ch in changes:
        if ch.kind != "column" or ch.action != "add" or ch.new_table:
            continue
        found = [a for a in archives if (a.schema, a.table) == (ch.schema, ch.table) and ch.name in a.columns]
        if found:
            newest = max(found, key=lambda a: a.run)
            plan.setdefault((ch.schema, ch.table, newest.name), []).append(ch.name)
    by_name = {a.name: a for a in archives}
    steps: list[Step] = []
    for (schema, table, name), columns in plan.items():
        pseudo = Change(Action.ADD, Kind.COLUMN, schema, table, f"({','.join(columns)})")
        steps += label(pseudo, [restore_step(schema, table, by_name[name], columns)])
    return steps


def make_plan(conn: psycopg.Connection, spec: Spec, url: str, *, restore_archived: bool = False) -> Planned:
    live, snapshot = read_live(conn, spec)
    desired = desired_catalog(conn, spec, snapshot)
    return plan_to(
        conn,
        live,
        desired,
        url,
        release=spec.release,
        spec_sha256=spec.sha256,
        managed=tuple(sorted(spec.table_names())),
        restore_archived=restore_archived,
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
    restore_archived: bool = False,
) -> Planned:
    """Plan from the live catalog to a canonical desired one (from a spec, or a recorded snapshot)."""
    changes = diff(live, desired)
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    dropped: dict[tuple[str, str], dict[str, int]] = {}
    for ch in changes:
        if ch.kind == "column" and ch.action == "drop" and (ch.schema, ch.table) not in dropped:
            names = [
                c.name
                for c in changes
                if c.kind == "column" and c.action == "drop" and (c.schema, c.table) == (ch.schema, ch.table)
            ]
            dropped[(ch.schema, ch.table)] = non_null_counts(conn, ch.schema, ch.table, names)
    handled, steps = _archived_drops(changes, live, run, dropped)
    for ch in changes:
        if ch in handled:
            continue
        pending = tuple(
            c.after
            for c in changes
            if c.kind == "column"
            and c.action == "add"
            and (c.schema, c.table) == (ch.schema, ch.table)
            and isinstance(c.after, Column)
        )
        steps += annotate(conn, ch, steps_for(ch), pending, dropped.get((ch.schema, ch.table)))
    if restore_archived:
        steps += _restores(changes, list_archives(conn))
    cleanups = leftover_captures(conn, managed)
    steps += cleanups
    g = build_graph(steps)
    groups = group(ordered(g))
    facts = server_facts(conn)
    plan = Plan(
        target=Target(database=facts["database"], server_version=facts["version_num"], url=redact_url(url)),
        release=release,
        spec_sha256=spec_sha256,
        live_fingerprint=live.fingerprint(),
        desired_fingerprint=desired.fingerprint(),
        managed=managed,
        changes=tuple(ChangeLine(c.marker, c.action, c.kind, c.address, change_detail(c)) for c in changes)
        + tuple(
            ChangeLine(
                "-",
                "drop",
                "trigger",
                s.table + "." + s.id.split(".")[-1].split("#")[0],
                "leftover capture trigger of an interrupted column drop",
            )
            for s in cleanups
        ),
        groups=tuple(groups),
        desired=desired.to_dict(),
        live=live.to_dict(),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return Planned(plan, live, desired, tuple(changes), g)
