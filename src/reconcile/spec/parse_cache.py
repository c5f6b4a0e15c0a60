"""Memo of parsed spec files (the YAML data), keyed by each file's content.

YAML parsing is most of loading a spec of a thousand files, and a plan re-reads files that rarely
change. One cache file per spec set (its path) holds an entry per file content (sha256 of the
text); an edit re-parses only the edited file. The memo is untrusted on read: the data goes through
the same pydantic validation and checks as freshly parsed YAML, and any failure re-parses the file
itself (load.py), so errors name the file's real lines. No line marks are kept: a memoised file's
lines are read from its YAML again only when an error needs one (locations.py). Only data that
survives a JSON round trip unchanged is kept. Written 0600 in the 0700 cache directory; a cache
that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from reconcile import __version__
from reconcile.cache_dir import cache_dir
from reconcile.errors import ReconcileError
from reconcile.private_files import private_dir, replace_private
from reconcile.regular_files import read_if_regular

from .yaml_doc import loader_name

FORMAT = 2  # 2: the data alone (1 kept every key's line mark as well)
MAX_CACHE_BYTES = 1 << 30  # far above any real parse memo; bigger is not one of ours


def _content_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ParseCache:
    """Entries read at the start of a load; `save` writes back those of the files just loaded."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = _read(path) if path is not None else {}
        self.used: dict[str, Any] = {}
        self.changed = False

    def get(self, text: str) -> Any:
        """The memoised data of a file with this text, or None (a miss). Unchecked: the caller validates."""
        key = _content_key(text)
        data = self.entries.get(key)
        if data is not None:
            self.used[key] = data
        return data

    def put(self, text: str, data: Any) -> None:
        try:
            if json.loads(json.dumps(data)) != data:  # tuples, non-string keys, dates ...: not kept
                return
        except (TypeError, ValueError, RecursionError):
            return
        self.used[_content_key(text)] = data
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or self.used.keys() != self.entries.keys()):
            return
        try:
            private_dir(self.path.parent)
            replace_private(self.path, json.dumps({"format": FORMAT, "entries": self.used}))
        except (OSError, ReconcileError, ValueError):
            return


def open_cache(spec_set: str) -> ParseCache:
    """The memo of one spec set (named by its path or git revision); disabled with the cache dir."""
    root = cache_dir()
    if root is None:
        return ParseCache(None)
    name = hashlib.sha256(json.dumps([FORMAT, __version__, loader_name(), spec_set]).encode()).hexdigest()[:32]
    return ParseCache(root / f"spec-{name}.json")


def _read(path: Path) -> dict[str, Any]:
    raw = read_if_regular(path, MAX_CACHE_BYTES)  # a FIFO planted here is a miss, not a hang
    try:
        data = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]
