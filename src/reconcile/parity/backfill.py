"""Backfill: check usage_events is at release 0003, then upsert the CSV buckets in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from ..errors import ApplyFailed, ReconcileError, SafetyRefused
from . import queries
from .columns import RELEASE_0003_COLUMNS
from .window import Window

APPLY_HINT = "run `reconcile apply` (release 0003) first"


class SchemaNotReady(SafetyRefused):
    """usage_events lacks the 0003 columns or usage_admin_bucket_idx: backfill is refused."""


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int


def missing_columns(conn: psycopg.Connection, table: str = queries.USAGE_TABLE) -> list[str]:
    """The 0003 columns usage_events lacks; raises when the table does not exist at all."""
    row = conn.execute(queries.columns_check(), {"table": table}).fetchone()
    present = row[0] if row else None
    if present is None:
        raise ReconcileError(f"table {table} does not exist in this database ({APPLY_HINT})")
    return [column for column in RELEASE_0003_COLUMNS if column not in present]


def check_ready(conn: psycopg.Connection, table: str = queries.USAGE_TABLE) -> None:
    """Refuse (exit 3) unless the 0003 columns exist and usage_admin_bucket_idx has the 0003 shape."""
    missing = missing_columns(conn, table)
    if missing:
        raise SchemaNotReady(f"{table} lacks the 0003 columns {', '.join(missing)}; {APPLY_HINT}")
    with conn.transaction(force_rollback=True), conn.cursor(row_factory=dict_row) as cur:
        cur.execute(queries.index_probe(table))
        rows = cur.execute(queries.index_check(), {"table": table}).fetchall()
    probe = next(r["shape"] for r in rows if r["name"] == "parity_index_probe_idx")
    live = next((r for r in rows if r["name"] == "usage_admin_bucket_idx"), None)
    if live is None:
        raise SchemaNotReady(f"{table} has no index usage_admin_bucket_idx; {APPLY_HINT}")
    if not live["usable"] or live["shape"] != probe:
        state = "is not a valid unique index" if not live["usable"] else f"is USING {live['shape']}"
        raise SchemaNotReady(f"usage_admin_bucket_idx {state}, not the 0003 index USING {probe}; {APPLY_HINT}")


def check_key(conn: psycopg.Connection, key_id: int) -> None:
    """The provider key the backfilled rows belong to must exist."""
    try:
        row = conn.execute("SELECT 1 FROM provider_keys WHERE id = %s", (key_id,)).fetchone()
    except psycopg.errors.UndefinedTable:
        raise ReconcileError("table provider_keys does not exist; cannot backfill") from None
    if row is None:
        raise ReconcileError(f"provider key {key_id} does not exist (provider_keys.id)")


def upsert(conn: psycopg.Connection, window: Window, key_id: int) -> UpsertCounts:
    """Insert missing and update differing buckets; must run inside the caller's transaction."""
    params = {"from": window.start, "to": window.end, "key_id": key_id}
    try:
        row = conn.execute(queries.upsert(), params).fetchone()
    except psycopg.errors.NumericValueOutOfRange as exc:
        raise ApplyFailed(f"a bucket's total does not fit usage_events' integer columns: {exc}") from None
    except psycopg.errors.InvalidColumnReference as exc:  # no arbiter index: schema changed under us
        raise SchemaNotReady(f"{str(exc).strip()}; {APPLY_HINT}") from None
    assert row is not None
    return UpsertCounts(inserted=int(row[0]), updated=int(row[1]))
