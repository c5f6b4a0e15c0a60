"""Rollback to a recorded pre-apply snapshot, and the append-only rollback log."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from reconcile.catalog.model import Catalog
from reconcile.catalog.snapshot import load_snapshot
from reconcile.errors import ReconcileError
from reconcile.plan.model import Plan
from reconcile.private_files import private_dir, write_private
from reconcile.recovery.archive import list_archives

LOG_NAME = "rollback_log.md"
HEADER = (
    "# Rollback log\n\n"
    "| time (UTC) | target | from release | to | fingerprint before | fingerprint after | archived values | outcome |\n"
    "|---|---|---|---|---|---|---|---|\n"
)
_ARCHIVED = re.compile(r"values archived in reconcile_archive\.(\S+)\)")


def latest_run(evidence_dir: Path) -> Path:
    """The newest apply run folder that recorded a pre-apply snapshot."""
    runs = sorted(
        (p for p in (evidence_dir / "runs").glob("*") if (p / "pre_snapshot.json").is_file()), key=lambda p: p.name
    )
    if not runs:
        raise ReconcileError(
            f"no apply evidence with a pre_snapshot.json under {evidence_dir / 'runs'}; "
            "roll back by applying an older spec instead (--spec / --spec-rev)"
        )
    return runs[-1]


def rollback_target(run: Path) -> tuple[Catalog, str]:
    """(catalog to return to, release of the apply being undone)."""
    catalog, header = load_snapshot(run / "pre_snapshot.json")
    return catalog, str(header.get("release") or run.name)


def archived_counts(conn: psycopg.Connection, plan: Plan) -> dict[str, str]:
    """What the archives this plan's drops wrote hold (read after the apply): rows and values."""
    names = {m.group(1).strip('"') for s in plan.steps for m in [_ARCHIVED.search(s.description)] if m}
    return {a.name: f"{a.rows} rows, {sum(a.values.values())} values" for a in list_archives(conn) if a.name in names}


def is_rollback(plan: Plan) -> bool:
    """A plan that drops columns moves back: it is logged as a rollback."""
    return any(s.drop_kind == "column" for s in plan.steps)


def append_rollback(
    evidence_dir: Path,
    *,
    target: str,
    from_release: str,
    to: str,
    before: str,
    after: str,
    archived: dict[str, str],
    outcome: str,
) -> Path:
    """One row per rollback in `<evidence_dir>/rollback_log.md`; `target` must be redacted already."""
    private_dir(evidence_dir)
    path = evidence_dir / LOG_NAME
    kept = ", ".join(f"{name}: {what}" for name, what in sorted(archived.items())) or "-"
    cells = [
        datetime.now(UTC).isoformat(timespec="seconds"),
        target,
        from_release,
        to,
        before[:12],
        after[:12],
        kept,
        outcome,
    ]
    row = "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |\n"
    write_private(path, row, append=True, header=HEADER.encode())  # 0600, never through a symlink
    return path
