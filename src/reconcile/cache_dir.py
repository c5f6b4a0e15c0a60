"""The user's cache directory: memos of normalization and of parsed spec files.

`$XDG_CACHE_HOME/reconcile`, else `~/.cache/reconcile`; `$RECONCILE_CACHE_DIR` overrides it and
`RECONCILE_CACHE_DIR=off` disables every cache. Plan and drift write nothing into the cwd.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    setting = os.environ.get("RECONCILE_CACHE_DIR", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reconcile"
