"""Memo of normalization results, so repeated plans and cron drift checks do not rebuild the spec.

Building the spec as temporary tables leaves dead rows in the target's system catalogs (about 65
per table per run) and is most of a plan's time. PostgreSQL's answer depends only on the spec text,
the server version and the database, so it is kept in the user's cache directory
(`$XDG_CACHE_HOME/reconcile`, else `~/.cache/reconcile`; `$RECONCILE_CACHE_DIR` overrides,
`RECONCILE_CACHE_DIR=off` disables it), owner-only. What is read back is untrusted and checked.
A cache that cannot be read or written is ignored: the answer is then asked of PostgreSQL again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import psycopg

from reconcile import __version__
from reconcile.catalog.model import Catalog
from reconcile.errors import InputError, ReconcileError
from reconcile.plan.facts_record import with_uses
from reconcile.private_files import private_dir, replace_private
from reconcile.spec.expressions import check_catalog
from reconcile.spec.model import Spec

FORMAT = 1


def _dir() -> Path | None:
    setting = os.environ.get("RECONCILE_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reconcile"  # the user's cache directory: plan and drift write nothing into the cwd


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
        catalog = with_uses(catalog, data["uses"])
        check_catalog(catalog, str(path))  # untrusted: anything odd and the spec is normalized again
        return catalog
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, psycopg.Error, InputError):
        return None


def store(conn: psycopg.Connection, spec: Spec, catalog: Catalog) -> None:
    try:
        path = _path(conn, spec)
        if path is None:
            return
        private_dir(path.parent)
        data = {"catalog": catalog.to_dict(), "uses": [[list(i.key), sorted(i.uses)] for i in catalog.indexes]}
        replace_private(path, json.dumps(data))
    except (OSError, psycopg.Error, ReconcileError):
        return
