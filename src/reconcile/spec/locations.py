"""`Spec.locations`: the file:line that declares each spec key, for errors.

A file parsed now records its lines at once. A file answered by the parse memo (parse_cache.py)
keeps no line marks there: its YAML is parsed again only when an error asks for one of its keys,
so a plan of a thousand unchanged files neither reads nor checks a line mark (most of the memo).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconcile.errors import ReconcileError

Key = tuple[Any, ...]
LineMarks = dict[Key, int]
# a table's keys start with (schema, table), another object's with (kind, schema, name)
_PREFIX_LENGTHS = (2, 3)


class Locations(dict[Key, str]):
    """A dict of key -> "file:line" that fills in a memoised file's lines on the first `get` under it."""

    def __init__(self) -> None:
        super().__init__()
        self._later: dict[Key, tuple[str, Callable[[], LineMarks]]] = {}
        self._seen: set[Key] = set()

    def record(self, prefix: Key, file: str, lines: LineMarks) -> None:
        """The lines of the object at `prefix`, declared in `file`. A file read later wins, as it
        always has (a table declared twice is named at its last file): one still pending is read first."""
        self._resolve(prefix)
        self._seen.add(prefix)
        for path, line in lines.items():
            self[(*prefix, *path)] = f"{file}:{line}"

    def later(self, prefix: Key, file: str, lines: Callable[[], LineMarks]) -> None:
        """The lines of the object at `prefix`, declared in `file`, are `lines()` when first needed
        (at once when another file declared that object too, so the order of files still decides)."""
        if prefix in self._seen or prefix in self._later:
            self._record_from(prefix, file, lines)
        else:
            self._later[prefix] = (file, lines)

    def _resolve(self, prefix: Key) -> None:
        pending = self._later.pop(prefix, None)
        if pending is not None:
            self._record_from(prefix, *pending)

    def _record_from(self, prefix: Key, file: str, lines: Callable[[], LineMarks]) -> None:
        try:
            marks = lines()
        except ReconcileError:  # the file no longer parses as it did: no line, the error still names it
            return
        self.record(prefix, file, marks)

    def get(self, key: Key, default: Any = None) -> Any:
        for n in _PREFIX_LENGTHS:
            if len(key) >= n:
                self._resolve(tuple(key[:n]))
        return super().get(key, default)

    def resolved(self) -> dict[Key, str]:
        """Every key's location (all pending files parsed): what an eager load would have recorded."""
        for prefix in list(self._later):
            self._resolve(prefix)
        return dict(self)
