"""Owner-only files (0600) in owner-only directories (0700), never written through a symlink.

Evidence, parity reports (project, user and key ids), caches and logs go through here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reconcile.errors import ReconcileError


def private_dir(path: Path) -> Path:
    """Create `path` 0700 (missing parents too); an existing symlink at `path` is refused, an existing
    directory is used as it is (its mode is the owner's choice)."""
    if path.is_symlink():
        raise ReconcileError("refusing to write through a symlink", location=str(path))
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise ReconcileError("not a directory", location=str(path))
    return path


def write_private(path: Path, data: bytes | str, *, append: bool = False, header: bytes = b"") -> Path:
    """Write (or append to) `path` as 0600; a symlink at `path` is refused (O_NOFOLLOW). `header` is
    written first when the file is new (empty): one write, so concurrent appends do not interleave."""
    raw = data.encode() if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_APPEND if append else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise ReconcileError(f"cannot write: {exc.strerror}", location=str(path)) from None
    try:
        st = os.fstat(fd)
        if st.st_uid == os.getuid():
            os.fchmod(fd, 0o600)
        os.write(fd, (header if st.st_size == 0 else b"") + raw)
    finally:
        os.close(fd)
    return path


def open_private(path: Path) -> int:
    """A new file descriptor on a fresh 0600 file at `path` (refused if anything is there already)."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise ReconcileError(f"cannot write: {exc.strerror}", location=str(path)) from None


def replace_private(path: Path, data: bytes | str) -> Path:
    """Write a sibling temporary file 0600 and rename it over `path` (atomic, never through a symlink)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    write_private(tmp, data)
    os.replace(tmp, path)
    return path
