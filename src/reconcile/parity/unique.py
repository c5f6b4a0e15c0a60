"""When each usage_events row in the window is a bucket of its own, so the comparison need not group it."""

from __future__ import annotations

import psycopg

from . import backfill, queries


def db_key(conn: psycopg.Connection, key_id: int | None) -> int | None:
    """The provider key whose rows are read as buckets of one row each, or None (group them).

    usage_admin_bucket_idx (the 0003 shape, valid) makes the bucket key unique per key_id: with
    --key-id, or when every windowed row has the same key_id, no two rows share a bucket. Reading
    that one key (not "all keys") keeps a key inserted meanwhile out of the comparison's snapshot.
    """
    try:
        backfill.check_ready(conn)
    except backfill.SchemaNotReady:
        return None
    if key_id is not None:
        return key_id
    row = conn.execute(queries.lone_key()).fetchone()
    low, high = row if row else (None, None)
    return low if low is not None and low == high else None
