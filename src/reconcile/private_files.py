"""Owner-only files (0600) in owner-only directories (0700), never written through a symlink.

Evidence, parity reports (project, user and key ids), caches and logs go through here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reconcile.errors import ReconcileError


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) 0700; an existing symlink at `path` is refused."""
    if path.is_symlink():
        raise ReconcileError("refusing to write through a symlink", location=str(path))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise ReconcileError("not a directory", location=str(path))
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
    return path


def write_private(path: Path, data: bytes | str, *, append: bool = False) -> Path:
    """Write (or append to) `path` as 0600; a symlink at `path` is refused (O_NOFOLLOW)."""
    raw = data.encode() if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_APPEND if append else os.O_TRUNC)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise ReconcileError(f"cannot write: {exc.strerror}", location=str(path)) from None
    try:
        if os.fstat(fd).st_uid == os.getuid():
            os.fchmod(fd, 0o600)
        os.write(fd, raw)
    finally:
        os.close(fd)
    return path


def replace_private(path: Path, data: bytes | str) -> Path:
    """Write a sibling temporary file 0600 and rename it over `path` (atomic, never through a symlink)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    write_private(tmp, data)
    os.replace(tmp, path)
    return path
