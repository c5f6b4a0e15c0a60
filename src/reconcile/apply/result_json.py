"""`reconcile apply --format json`: what one run did, as one JSON document (schema: schemas/apply.json)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import Run

FORMAT_VERSION = 1


def run_json(run: Run, target: str, release: str) -> str:
    result, plan = run.result, run.plan
    failure = result.failure if result is not None else None
    empty = {"add": 0, "change": 0, "destroy": 0, "rename": 0, "refused": 0}
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "target": target,  # password already removed
        "release": plan.release if plan is not None else release,
        "outcome": str(run.outcome),
        "error": str(failure) if failure is not None else None,
        "exit_code": failure.exit_code if failure is not None else 0,
        "seconds": round(result.seconds, 3) if result is not None else 0.0,
        "summary": plan.summary() if plan is not None else empty,
        "recap": result.recap() if result is not None else {"ok": 0, "changed": 0, "failed": 0, "skipped": 0},
        "steps": [
            {
                "id": r.step.id,
                "description": r.step.description,
                "status": str(r.status),
                "started": r.started,
                "ended": r.ended,
                "seconds": round(r.seconds, 3),
                "attempts": r.attempts,
                "rows": r.rows,
                "error": r.error,
            }
            for r in (result.results if result is not None else [])
        ],
        "evidence": str(run.evidence) if run.evidence is not None else None,
        "rollback_log": str(run.rollback_log) if run.rollback_log is not None else None,
        "warning": run.warning or None,
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
