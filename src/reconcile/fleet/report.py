"""A fleet run on stdout: one recap line per target and a total, as text or JSON."""

from __future__ import annotations

import json

from .runner import FleetResult


def fleet_text(result: FleetResult) -> str:
    width = max((len(r.target.name) for r in result.results), default=0)
    lines = []
    for r in result.results:
        where = f"  evidence: {r.evidence}" if r.evidence else ""
        lines.append(f"{r.target.name.ljust(width)}  {str(r.state).ljust(7)}  {r.summary}{where}")
    if result.stopped:
        lines.append(f"Stopped: {result.stopped}")
    lines.append(total_line(result))
    return "\n".join(lines) + "\n"


def total_line(result: FleetResult) -> str:
    counts = "  ".join(f"{state}={n}" for state, n in result.counts().items())
    return (
        f"TOTAL {result.command}  targets={len(result.results)}  {counts}  "
        f"elapsed={result.seconds:.2f}s  exit={result.exit_code}"
    )


def fleet_json(result: FleetResult) -> str:
    data = {
        "command": result.command,
        "exit_code": result.exit_code,
        "counts": result.counts(),
        "seconds": round(result.seconds, 3),
        "stopped": result.stopped or None,
        "targets": [r.to_dict() for r in result.results],
    }
    return json.dumps(data, indent=2) + "\n"
