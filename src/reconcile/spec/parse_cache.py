"""Memo of parsed spec files (YAML data and the line of every key), keyed by each file's content.

YAML parsing and the line marks are most of loading a spec of a thousand files, and a plan re-reads
files that rarely change. One cache file per spec set (its path) holds an entry per file content
(sha256 of the text); an edit re-parses only the edited file. The memo is untrusted on read: an
entry of the wrong shape is a miss, and the data goes through the same pydantic validation and
checks as freshly parsed YAML (load.py re-parses the file itself when that validation fails, so
errors name the file's real lines). Only data that survives a JSON round trip unchanged is kept.
Written 0600 in the 0700 cache directory; a cache that cannot be read or written is ignored.
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

from .yaml_doc import Lines, loader_name

FORMAT = 1
_KEY_TYPES = frozenset({str, int})
Parsed = tuple[Any, Lines]


def _content_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ParseCache:
    """Entries read at the start of a load; `save` writes back those of the files just loaded."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = _read(path) if path is not None else {}
        self.used: dict[str, Any] = {}
        self.changed = False

    def get(self, text: str) -> Parsed | None:
        key = _content_key(text)
        parsed = _entry(self.entries.get(key))
        if parsed is not None:
            self.used[key] = self.entries[key]
        return parsed

    def put(self, text: str, data: Any, lines: Lines) -> None:
        entry = [data, [[list(path), line] for path, line in lines.items()]]
        try:
            if json.loads(json.dumps(entry)) != entry:  # tuples, non-string keys, dates ...: not kept
                return
        except (TypeError, ValueError, RecursionError):
            return
        self.used[_content_key(text)] = entry
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
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]


def _entry(raw: Any) -> Parsed | None:
    """(data, lines) of a well-formed entry, else None (a miss: the file is parsed again)."""
    if not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[1], list):
        return None
    lines: Lines = {}
    for item in raw[1]:  # exact types: JSON gives list, str, int (a bool is not a line or a list index)
        if type(item) is not list or len(item) != 2 or type(item[0]) is not list or type(item[1]) is not int:
            return None
        path, line = item
        if line < 1 or not _KEY_TYPES.issuperset(map(type, path)):
            return None
        lines[tuple(path)] = line
    if () not in lines:  # every parsed document records its own first line
        return None
    return raw[0], lines
