"""Memo of normalization results, so repeated plans and cron drift checks do not rebuild the spec.

Building the spec as temporary tables leaves dead rows in the target's system catalogs (about 65
per table per run) and is most of a plan's time. PostgreSQL's answer depends only on the spec text,
the server version and the database, so it is kept under `.reconcile/cache/` (or
`$RECONCILE_CACHE_DIR`; `RECONCILE_CACHE_DIR=off` disables it). A cache that cannot be read or
written is ignored: the answer is then asked of PostgreSQL again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import psycopg

from reconcile import __version__
from reconcile.catalog.model import Catalog
from reconcile.spec.model import Spec

FORMAT = 1


def _dir() -> Path | None:
    setting = os.environ.get("RECONCILE_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    return Path(setting) if setting else Path.cwd() / ".reconcile" / "cache"


def _path(conn: psycopg.Connection, spec: Spec) -> Path | None:
    root = _dir()
    if root is None:
        return None
    row = conn.execute(
        "SELECT current_setting('server_version_num'), current_database(),"
        " (SELECT oid::text FROM pg_database WHERE datname = current_database())"
    ).fetchone()
    where = [conn.info.host, conn.info.port]
    key = json.dumps([FORMAT, __version__, spec.sha256, *where, *(row or ())])
    return root / f"normalized-{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def load(conn: psycopg.Connection, spec: Spec) -> Catalog | None:
    try:
        path = _path(conn, spec)
        if path is None or not path.is_file():
            return None
        data = json.loads(path.read_text())
        catalog = Catalog.from_dict(data["catalog"])
        uses = {tuple(k): frozenset(v) for k, v in data["uses"]}
        return replace(catalog, indexes=tuple(replace(i, uses=uses.get(i.key, i.uses)) for i in catalog.indexes))
    except (OSError, ValueError, KeyError, TypeError, psycopg.Error):
        return None


def store(conn: psycopg.Connection, spec: Spec, catalog: Catalog) -> None:
    try:
        path = _path(conn, spec)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"catalog": catalog.to_dict(), "uses": [[list(i.key), sorted(i.uses)] for i in catalog.indexes]}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)
    except (OSError, psycopg.Error):
        return
