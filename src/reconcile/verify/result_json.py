"""`reconcile verify --format json` (schema: schemas/verify.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .live import Verification

FORMAT_VERSION = 1


def verification_json(result: Verification, target: str, release: str, logged_to: Path | None) -> str:
    from reconcile.plan.render import change_detail

    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "target": target,  # password already removed
        "release": release,
        "converged": result.converged,
        "differences": [
            {
                "marker": c.marker,
                "action": str(c.action),
                "kind": str(c.kind),
                "address": c.address,
                "detail": change_detail(c),
            }
            for c in result.changes
        ],  # fmt: skip
        "checks": [{"kind": c.kind, "address": c.address, "ok": c.ok, "detail": c.detail} for c in result.checks],
        "logged_to": str(logged_to) if logged_to is not None else None,
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
