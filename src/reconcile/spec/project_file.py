"""Which project file a spec set is governed by (no YAML or pydantic here: the no-change shortcut needs it light)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

FILE_NAME = "reconcile.yaml"
_explicit: ContextVar[str | None] = ContextVar("reconcile_project_file", default=None)


@contextmanager
def project_file(path: str | None) -> Iterator[None]:
    token = _explicit.set(path)
    try:
        yield
    finally:
        _explicit.reset(token)


def find_project(spec_root: Path) -> Path | None:
    """`--project FILE`, else the nearest `reconcile.yaml` beside the spec directory or in a folder above
    it, up to the repository's root: `--spec releases/0002` (a rollback) finds the same file as `desired/`."""
    explicit = _explicit.get()
    if explicit:
        return Path(explicit)
    folder = spec_root.parent if spec_root.is_file() else spec_root  # a directory, perhaps not made yet
    for above in folder.resolve().parents:
        if os.path.lexists(above / FILE_NAME):  # a FIFO, a directory or a broken link is an error, not "no rules"
            return above / FILE_NAME
        if (above / ".git").exists():
            break
    return None
