"""Memo of normalization results, per table, so repeated plans and cron drift checks do not rebuild the spec.

Building the spec in the dev database is most of a cold plan's time (and may start the embedded dev
server). PostgreSQL's answer for one table depends only on that table's spec, the target's server
version, the dev server, what is reproduced there from the target (prerequisites) and the spec's
other objects (types, functions) the table may use; so each table is memoised under a key of those,
and editing one table of a thousand re-normalizes that table alone. The non-table objects are one
more entry (keyed by the whole spec when any of them is built after the tables, as a view reading
them is). One file per spec set in the user's cache directory (cache_dir.py), owner-only; the
entries of the files last planned are kept. What is read back is untrusted and checked; a cache
that cannot be read or written is ignored: the answer is then asked of PostgreSQL again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import psycopg

from reconcile import __version__
from reconcile.cache_dir import cache_dir
from reconcile.catalog.model import Catalog
from reconcile.errors import InputError, ReconcileError
from reconcile.plan.facts_record import with_uses
from reconcile.private_files import private_dir, replace_private
from reconcile.regular_files import read_if_regular
from reconcile.spec.expressions import check_catalog

# 13: an inherited index names the index it is attached to; 12: function comments, domain collation,
# sequence types, domain and composite columns (defaults, array marks); 10: domain and composite type objects;
# 9: partitioning in table parts, inherited indexes left out;
# 8: enum objects (columns with an array mark, used_by); 7: comments in table parts; 6: trigger objects;
# 5: row-level security; 4: generated columns
FORMAT = 13
MAX_CACHE_BYTES = 1 << 30  # far above any real memo; bigger is not one of ours
_BAD = (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, psycopg.Error, InputError)


def key(*parts: object) -> str:
    """A memo key: this format and tool version plus what the answer depends on."""
    return hashlib.sha256(json.dumps([FORMAT, __version__, *parts], default=str).encode()).hexdigest()[:32]


class Memo:
    """The entries of one spec set, read once; `save` writes back those used by this plan."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = _read(path) if path is not None else {}
        self.used: dict[str, Any] = {}
        self.changed = False

    def tables(self, keys: dict[tuple[str, str], str]) -> dict[tuple[str, str], Catalog]:
        """The memoised parts (one table, its indexes and constraints) of those keys that are found
        and well-formed; all are checked together (one pass of the expression checks)."""
        raw = {name: self.entries[k] for name, k in keys.items() if isinstance(self.entries.get(k), dict)}
        parts = {}
        for name, entry in raw.items():
            part = _part(entry, name)
            if part is not None:
                parts[name] = part
        try:
            check_catalog(joined(parts.values(), (), 0), str(self.path))
        except InputError:
            return {}  # something in the file is odd: normalize everything again
        for name in parts:
            self.used[keys[name]] = raw[name]
        return parts

    def objects(self, k: str) -> tuple[Any, ...] | None:
        entry = self.entries.get(k)
        try:
            found = Catalog.from_dict({"objects": entry["objects"]}).objects  # type: ignore[index]
        except _BAD:
            return None
        self.used[k] = entry
        return found

    def put_table(self, k: str, part: Catalog) -> None:
        self.used[k] = {**part.to_dict(), "uses": [[list(i.key), sorted(i.uses)] for i in part.indexes]}
        self.changed = True

    def put_objects(self, k: str, objects: tuple[Any, ...]) -> None:
        self.used[k] = {"objects": Catalog(objects=objects).to_dict().get("objects", [])}
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or self.used.keys() != self.entries.keys()):
            return
        try:
            private_dir(self.path.parent)
            replace_private(self.path, json.dumps({"format": FORMAT, "entries": self.used}))
        except (OSError, ValueError, psycopg.Error, ReconcileError):
            return


def open_memo(files: tuple[str, ...]) -> Memo:
    """The memo of the spec set made of `files` (as loaded: paths, or git revision:path)."""
    root = cache_dir()
    if root is None:
        return Memo(None)
    name = key("spec set", sorted(os.path.abspath(f) if ":" not in f else f for f in files))
    return Memo(root / f"normalized-{name}.json")


def _read(path: Path) -> dict[str, Any]:
    raw = read_if_regular(path, MAX_CACHE_BYTES)  # a FIFO planted here is a miss, not a hang
    try:
        data = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]


def _part(entry: dict[str, Any], name: tuple[str, str]) -> Catalog | None:
    """One table's memoised part, or None when it is malformed or not about that table."""
    try:
        fields = {k: entry[k] for k in ("tables", "indexes", "constraints")}
        part = with_uses(Catalog.from_dict({**fields, "objects": entry.get("objects", [])}), entry["uses"])
    except _BAD:
        return None
    owners = {(t.schema, t.name) for t in part.tables} | {(o.schema, o.table) for o in part.indexes + part.constraints}
    owners |= {(o.schema, str(getattr(o, "relation", ""))) for o in part.objects}  # only its own comments
    return part if len(part.tables) == 1 and owners == {name} else None


def joined(parts: Any, objects: tuple[Any, ...], server_version: int) -> Catalog:
    """One catalog of per-table parts (in the order given) and the other objects."""
    parts = list(parts)
    return Catalog(
        tuple(t for p in parts for t in p.tables),
        tuple(i for p in parts for i in p.indexes),
        tuple(c for p in parts for c in p.constraints),
        server_version,
        tuple(o for p in parts for o in p.objects) + tuple(objects),
    )
