"""The one place the collection calls the reconcile library: plan, apply, drift.

Everything here returns plain data (dicts, strings) and raises only EngineError with reconcile's
one-line message, so the modules never import reconcile themselves. When the library gains a
entry point, only this file changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from reconcile.apply.executor import ApplyOptions, Outcome, check_policy
from reconcile.apply.run import EvidenceTarget, Hooks, Session, plan_and_apply
from reconcile.catalog.model import Catalog
from reconcile.catalog.text import column_text, object_text
from reconcile.connect.pooler import refuse_pooled_writer
from reconcile.connect.redact import redact_text
from reconcile.connect.target import connect
from reconcile.errors import ReconcileError
from reconcile.evidence.run_folder import secrets_of
from reconcile.plan.build import Planned
from reconcile.plan.planner import make_plan
from reconcile.plan.render import plan_text
from reconcile.spec.load import load_spec
from reconcile.verify.drift import check_drift, record_drift, report_text


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
    evidence = EvidenceTarget(Path(evidence_dir), url) if evidence_dir else None
    shown: list[Planned] = []
    with _errors(url), connect(url) as conn:
        refuse_pooled_writer(conn, url, direct=False)  # the lock and the DDL need one real session
        loaded = load_spec(spec)
        hooks = Hooks(approve=lambda p: check_policy(p, options.allow_drop))

        def make() -> Any:  # the module returns the plan it applied, with both catalogs
            planned = make_plan(conn, loaded, url, restore_archived=restore_archived)
            shown.append(planned)
            return planned.plan

        run = plan_and_apply(Session(conn, url, options, evidence, hooks), make)
    out = _planned(shown[0])
    warnings = [_scrub(run.warning, url)] if run.warning else []
    folder = str(run.evidence) if run.evidence else None
    result = run.result
    if result is None:
        return out | {"outcome": "no-changes", "evidence": None, "warnings": warnings}
    if result.failure is not None:
        raise EngineError(_scrub(str(result.failure), url), evidence=folder, steps=result.recap(), warning=run.warning)
    return out | {
        "changed": result.outcome == Outcome.APPLIED,
        "outcome": str(result.outcome),
        "steps": result.recap(),
        "evidence": folder,
        "warnings": warnings,
    }


def drift(url: str, spec: str, *, evidence_dir: str | None = None) -> dict[str, Any]:
    """Compare the live database with the spec, read-only (as `reconcile drift`)."""
    with _errors(url):
        with connect(url) as conn:
            report = check_drift(conn, load_spec(spec), url)
        if evidence_dir:
            record_drift(Path(evidence_dir), report)
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


def _scrub(text: str, url: str) -> str:
    """No password in anything we hand back: URL/key=value patterns, then the literal secret."""
    return redact_text(text, secrets_of(url))
