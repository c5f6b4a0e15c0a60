"""spec + live database -> Plan: introspect, normalize, diff, steps, graph, prechecks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx
import psycopg

from .archive import Archive, archive_steps, leftover_captures, list_archives, restore_step
from .ddl import label, steps_for
from .diff import Change, diff
from .errors import ReconcileError
from .graph import build_graph, group, ordered
from .introspect import introspect, server_facts
from .model import Catalog, Column
from .plan import ChangeLine, Plan, Step, Target
from .prechecks import annotate, non_null_counts
from .redact import redact_url
from .render import change_detail
from .spec import Spec

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
    from .normalize import normalize

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


def _with_archives(ch: Change, steps: list[Step], live: Catalog, run: str, archives: list[Archive]) -> list[Step]:
    """Archive a dropped column's values first; refill a re-added column from its newest archive."""
    table = live.table(ch.schema, ch.table)
    if table is None or ch.kind != "column":
        return steps
    if ch.action == "drop":
        pk = next((c.columns for c in live.constraints_of(ch.schema, ch.table) if c.type == "p"), ())
        if not pk or ch.name in pk:
            return steps  # nothing to key the archive by: the DELETES_DATA hazard stands alone
        return label(ch, archive_steps(ch, table, pk, run, steps[-1]))
    if ch.action == "add" and archives:
        found = [a for a in archives if (a.schema, a.table, a.column) == (ch.schema, ch.table, ch.name)]
        if found:
            newest = max(found, key=lambda a: a.run)
            return label(ch, [*steps, restore_step(ch, newest)])
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
    archives = list_archives(conn) if restore_archived else []
    steps: list[Step] = []
    dropped: dict[tuple[str, str], dict[str, int]] = {}
    for ch in changes:
        same_table = [c for c in changes if c.kind == "column" and (c.schema, c.table) == (ch.schema, ch.table)]
        pending = tuple(c.after for c in same_table if c.action == "add" and isinstance(c.after, Column))
        if (ch.schema, ch.table) not in dropped:
            names = [c.name for c in same_table if c.action == "drop"]
            dropped[(ch.schema, ch.table)] = non_null_counts(conn, ch.schema, ch.table, names)
        annotated = annotate(conn, ch, steps_for(ch), pending, dropped[(ch.schema, ch.table)])
        steps += _with_archives(ch, annotated, live, run, archives)
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
