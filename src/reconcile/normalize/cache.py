"""Memo of normalization results, so repeated plans and cron drift checks do not rebuild the spec.

Building the spec in the dev database is most of a cold plan's time (and may start the embedded dev
server). PostgreSQL's answer depends only on the spec text, the target's server version, the dev
server and what is reproduced there from the target, so it is kept in the user's cache directory
(`$XDG_CACHE_HOME/reconcile`, else `~/.cache/reconcile`; `$RECONCILE_CACHE_DIR` overrides,
`RECONCILE_CACHE_DIR=off` disables it), owner-only. What is read back is untrusted and checked.
A cache that cannot be read or written is ignored: the answer is then asked of PostgreSQL again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import psycopg

from reconcile import __version__
from reconcile.cache_dir import cache_dir
from reconcile.catalog.model import Catalog
from reconcile.errors import InputError, ReconcileError
from reconcile.plan.facts_record import with_uses
from reconcile.private_files import private_dir, replace_private
from reconcile.spec.expressions import check_catalog

FORMAT = 2  # 2: built in the dev database, keyed by dev server and prerequisites


def key(*parts: object) -> str:
    """The memo key: this format and tool version plus what the answer depends on (spec, servers, prerequisites)."""
    return hashlib.sha256(json.dumps([FORMAT, __version__, *parts], default=str).encode()).hexdigest()[:32]


def _path(key: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / f"normalized-{key}.json"


def load(key: str) -> Catalog | None:
    try:
        path = _path(key)
        if path is None or not path.is_file():
            return None
        data = json.loads(path.read_text())
        catalog = Catalog.from_dict(data["catalog"])
        catalog = with_uses(catalog, data["uses"])
        check_catalog(catalog, str(path))  # untrusted: anything odd and the spec is normalized again
        return catalog
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, psycopg.Error, InputError):
        return None


def store(key: str, catalog: Catalog) -> None:
    try:
        path = _path(key)
        if path is None:
            return
        private_dir(path.parent)
        data = {"catalog": catalog.to_dict(), "uses": [[list(i.key), sorted(i.uses)] for i in catalog.indexes]}
        replace_private(path, json.dumps(data))
    except (OSError, psycopg.Error, ReconcileError):
        return
