"""The one place the collection calls the reconcile library: plan, apply, drift.

Everything here returns plain data (dicts, strings) and raises only EngineError with reconcile's
one-line message, so the modules never import reconcile themselves. When the library gains a
single entry point (e.g. `plan_and_apply`), only this file changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from reconcile.alignment import append_alignment
from reconcile.apply import ApplyOptions, ApplyResult, apply_plan, check_policy
from reconcile.db import connect
from reconcile.drift import DriftReport, check_drift, report_text, write_evidence
from reconcile.errors import ReconcileError
from reconcile.evidence import log_apply_without_changes, secrets_of, write_apply_evidence
from reconcile.lock import SCOPE, advisory_lock
from reconcile.model import Catalog
from reconcile.planner import Planned, make_plan
from reconcile.redact import redact_text
from reconcile.render import column_text, object_text, plan_text
from reconcile.spec import load_spec


class EngineError(Exception):
    """reconcile's one-line message (password scrubbed), plus what the run left behind."""

    def __init__(self, message: str, **facts: Any) -> None:
        super().__init__(message)
        self.facts = facts


def plan(url: str, spec: str, *, restore_archived: bool = False, allow_drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """Plan `spec` against the database at `url`; read-only. Fails as apply would on a refused drop."""
    with _errors(url), connect(url) as conn:
        planned = make_plan(conn, load_spec(spec), url, restore_archived=restore_archived)
        check_policy(planned.plan, frozenset(allow_drop))
    return _planned(planned) | {"outcome": "no-changes" if planned.plan.empty else "planned"}


def apply(
    url: str,
    spec: str,
    *,
    allow_drop: tuple[str, ...] = (),
    restore_archived: bool = False,
    lock_timeout_ms: int = 200,
    lock_retries: int = 12,
    lock_wait: float = 30.0,
    statement_timeout_ms: int = 0,
    evidence_dir: str | None = None,
) -> dict[str, Any]:
    """Plan under the advisory lock, apply that plan, verify, write evidence (as `reconcile apply`)."""
    options = ApplyOptions(
        allow_drop=frozenset(allow_drop),
        lock_wait=lock_wait,
        lock_timeout_ms=lock_timeout_ms,
        statement_timeout_ms=statement_timeout_ms,
        lock_retries=lock_retries,
    )
    evidence = Path(evidence_dir) if evidence_dir else None
    with _errors(url), connect(url) as conn, advisory_lock(conn, SCOPE, wait=lock_wait):
        planned = make_plan(conn, load_spec(spec), url, restore_archived=restore_archived)
        out = _planned(planned)
        p = planned.plan
        if p.empty:
            if evidence:
                log_apply_without_changes(evidence, p, url=url, outcome="no-changes", fingerprint=p.live_fingerprint)
            return out | {"outcome": "no-changes", "evidence": None, "warnings": []}
        try:
            result = apply_plan(conn, p, options)
        except ReconcileError as exc:
            partial = getattr(exc, "result", None)  # a failed step: evidence of what ran, then the error
            folder, warning = _evidence(conn, partial, evidence, url) if partial is not None else (None, None)
            steps = partial.recap() if partial is not None else None
            message = _scrub(str(exc), url)
            raise EngineError(message, evidence=folder, steps=steps, warning=warning) from None
        folder, warning = None, None
        if result.outcome == "applied":
            folder, warning = _evidence(conn, result, evidence, url)
        elif evidence:  # someone else converged it between our plan and apply: a log row only
            fp = result.before.fingerprint()
            log_apply_without_changes(evidence, p, url=url, outcome=result.outcome, fingerprint=fp)
        return out | {
            "changed": result.outcome == "applied",
            "outcome": result.outcome,
            "steps": result.recap(),
            "evidence": folder,
            "warnings": [warning] if warning else [],
        }


def drift(url: str, spec: str, *, evidence_dir: str | None = None) -> dict[str, Any]:
    """Compare the live database with the spec, read-only (as `reconcile drift`)."""
    with _errors(url):
        with connect(url) as conn:
            report = check_drift(conn, load_spec(spec), url)
        if evidence_dir:
            _drift_evidence(Path(evidence_dir), report)
    before = [f"{i.kind} {i.address}  {i.actual}" for i in report.items if i.actual is not None]
    after = [f"{i.kind} {i.address}  {i.expected}" for i in report.items if i.expected is not None]
    return {
        "changed": report.status == "drift",
        "status": report.status,
        "summary": report.summary(),
        "report": json.loads(report.to_json()),
        "report_text": report_text(report),
        "diff": {
            "before_header": f"live {report.database}",
            "after_header": f"spec {report.release}",
            "before": "".join(line + "\n" for line in before),
            "after": "".join(line + "\n" for line in after),
        },
    }


# ---- helpers -------------------------------------------------------------------------------------


@contextmanager
def _errors(url: str) -> Iterator[None]:
    """Every ReconcileError or stray database error leaves as EngineError, password scrubbed."""
    try:
        yield
    except EngineError:
        raise
    except ReconcileError as exc:
        raise EngineError(_scrub(str(exc), url)) from None
    except psycopg.Error as exc:
        first = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
        raise EngineError(_scrub(f"database error: {first}", url)) from None


def _drift_evidence(evidence_dir: Path, report: DriftReport) -> None:
    """DIR/drift/latest.json (not while an apply runs) and the alignment log row."""
    if report.status != "apply_in_progress":
        write_evidence(evidence_dir, report)
    fp = report.live_fingerprint or ""
    append_alignment(
        evidence_dir,
        command="drift",
        target=report.target,
        release=report.release,
        before=fp,
        after=fp,
        outcome=report.summary(),
    )


def _planned(planned: Planned) -> dict[str, Any]:
    p = planned.plan
    return {
        "changed": not p.empty,
        "plan": json.loads(p.to_json()),
        "plan_text": plan_text(p),
        "recap": p.counts(),
        "diff": {
            "before_header": f"live {p.target.database}",
            "after_header": f"spec {p.release}",
            "before": _schema_text(planned.live),
            "after": _schema_text(planned.desired),
        },
    }


def _schema_text(catalog: Catalog) -> str:
    """One line per table, column, constraint and index, sorted by name: diffs of it read well."""
    lines: list[str] = []
    for t in sorted(catalog.tables, key=lambda t: (t.schema, t.name)):
        lines.append(f"table {t.schema}.{t.name}")
        lines += [f"  column {c.name} {column_text(c)}" for c in sorted(t.columns, key=lambda c: c.name)]
        cons = sorted(catalog.constraints_of(t.schema, t.name), key=lambda c: c.name)
        lines += [f"  constraint {c.name} {object_text(c)}" for c in cons]
        idxs = sorted(catalog.indexes_of(t.schema, t.name), key=lambda i: i.name)
        lines += [f"  index {i.name} {object_text(i)}" for i in idxs]
    return "".join(line + "\n" for line in lines)


def _evidence(
    conn: psycopg.Connection, result: ApplyResult, evidence: Path | None, url: str
) -> tuple[str | None, str | None]:
    """(run folder, warning): evidence of an apply, successful or failed; a problem never hides the outcome."""
    if evidence is None:
        return None, None
    try:
        return str(write_apply_evidence(evidence, conn, result, url=url)), None
    except Exception as exc:  # noqa: BLE001 - the apply's own outcome matters more than its paperwork
        return None, _scrub(f"could not write evidence under {evidence}: {type(exc).__name__}: {exc}", url)


def _scrub(text: str, url: str) -> str:
    """No password in anything we hand back: URL/key=value patterns, then the literal secret."""
    return redact_text(text, secrets_of(url))
