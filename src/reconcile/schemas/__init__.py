"""JSON Schemas of every `--format json` output, shipped with the package: `schema(name)` loads one.

plan (also `plan --out` files), apply, verify, drift, archive-list, parity, import; error is what any of
them prints instead when it fails or refuses (exit code unchanged). CI can validate what it parses.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

NAMES = ("plan", "apply", "verify", "drift", "archive-list", "parity", "import", "error")


def schema(name: str) -> dict[str, Any]:
    if name not in NAMES:
        raise KeyError(name)
    data: dict[str, Any] = json.loads(files(__name__).joinpath(f"{name}.json").read_text())
    return data
