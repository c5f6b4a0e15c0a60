"""A rehearsal as text (the source of truth), JSON, and a Markdown report with Mermaid pictures made from it."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import jinja2

from .run import Rehearsal
from .steps import StepTiming


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}ms"


def _estimate(s: StepTiming) -> str:
    if s.estimate is None:
        return "n/a (target never analyzed)" if s.status != "skipped" else "n/a"
    how = f"x{s.ratio:.0f} rows" if s.scaling.startswith("linear") and s.ratio else "constant"
    return f"~{_ms(s.estimate)} ({how})"


def step_lines(steps: list[StepTiming]) -> list[str]:
    lines = []
    for s in steps:
        rows = "" if s.rows is None else f"  rows={s.rows}"
        lines.append(
            f"  {s.status:<8} {s.description}\n"
            f"           lock={s.lock}  took={_ms(s.seconds)}  held={_ms(s.held)}  "
            f"writer stall={_ms(s.stall)}{rows}  target={_estimate(s)}"
        )
        if s.attempts > 1:
            lines.append(f"           attempts={s.attempts} (lock_timeout hit behind the reader, retried)")
        if s.error and s.status == "failed":
            lines.append(f"           error: {s.error}")
        if s.example:
            lines.append(f"           example: {s.example}")
    return lines


def text(r: Rehearsal) -> str:
    sizes = ", ".join(f"{t.name}={t.rows}/{max(t.target_rows, 0):.0f}" for t in r.tables)
    share = "" if r.sample_percent is None else f", {r.sample_percent:g}% of each table"
    out = [
        f"Rehearsal of {r.target} on a throwaway copy ({r.data} rows{share}, copy/target: {sizes})",
        "",
        f"Apply ({r.forward}; writer inserted {r.inserted} rows, reader ran {r.reads} report queries):",
        *(step_lines(r.steps) or ["  (no steps)"]),
    ]
    if r.rollback:
        out += ["", f"Rollback to the previous spec ({r.back}):", *step_lines(r.rollback)]
    out += [
        "",
        f"Predicted worst writer stall on the target: {r.worst_stall_ms:.0f}ms; "
        f"estimated apply time on the target: {r.estimated_total:.2f}s "
        "(scans, builds and copies scale linearly in rows by target reltuples / copy rows; metadata steps constant)",
    ]
    if r.failure:
        out.append(f"FAILED: {r.failure}")
        if r.example:
            out.append(f"  example: {r.example}")
    elif r.converged:
        out.append(
            "Converged both ways: the plan applied, the rollback planned empty afterwards and "
            f"{r.rows_checked} copied rows hold their values again."
        )
    out += [f"OVER BUDGET: {b}" for b in r.over_budget]
    return "\n".join(out) + "\n"


def as_dict(r: Rehearsal) -> dict[str, Any]:
    data = asdict(r)
    data.update(
        exit_code=r.exit_code,
        worst_stall_ms=round(r.worst_stall_ms, 1),
        estimated_total_s=round(r.estimated_total, 3),
    )
    for key in ("steps", "rollback"):
        for d, s in zip(data[key], getattr(r, key), strict=True):
            d["predicted_lock_ms"] = round(s.predicted_lock_ms, 1)
    return data


def as_json(r: Rehearsal) -> str:
    return json.dumps(as_dict(r), indent=2, sort_keys=True) + "\n"


def gantt(steps: list[StepTiming]) -> str:
    """A Mermaid Gantt of step durations, one after another, in milliseconds."""
    lines = ["gantt", "  dateFormat x", "  axisFormat %S.%Ls", "  section apply"]
    at = 0
    for i, s in enumerate(steps):
        length = max(1, round(s.held * 1000))
        tag = "crit, " if s.status == "failed" or s.blocks else ""
        label = s.description.replace(":", " ").replace("#", " ")
        lines.append(f"  {label} :{tag}s{i}, {at}, {length}ms")
        at += length
    return "\n".join(lines)


def markdown(r: Rehearsal) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reconcile.rehearse", "templates"),
        autoescape=False,  # noqa: S701 - Markdown, not HTML
        keep_trailing_newline=True,
    )
    return env.get_template("report.md.j2").render(
        r=r, text=text(r), graph=r.mermaid, gantt=gantt(r.steps), estimate=_estimate, ms=_ms
    )
