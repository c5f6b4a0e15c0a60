"""Opening a file a user or an attacker named: only a regular file is opened for reading.

A FIFO would block the open (or the read) forever and a device such as /dev/zero never ends; both are
refused after an O_NONBLOCK open, before a byte is read. Errors are one line naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from reconcile.errors import ReconcileError


def open_regular(file: Path, error: type[ReconcileError], location: str | None = None, what: str = "") -> BinaryIO:
    """`file` opened for binary reading if it is a regular file; `error(why, location)` otherwise
    ("cannot read WHAT: No such file or directory", "not a regular file")."""
    where = location or str(file)
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        why = "a symlink loop" if exc.errno == errno.ELOOP else exc.strerror or "cannot open"
        raise error(f"cannot read{' ' + what if what else ''}: {why}", location=where) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise error("not a regular file", location=where)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_if_regular(file: Path, limit: int) -> bytes | None:
    """The bytes of `file` when it is a regular file of at most `limit` bytes, else None (a cache
    entry: a FIFO or device planted in its place is a miss, never a hang)."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)
