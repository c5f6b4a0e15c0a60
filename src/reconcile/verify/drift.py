"""Drift detection: the plan's diff, read-only, classified and reported for cron.

`check_drift(conn, spec, url)` returns a DriftReport: every object where the live database and
the spec part ways (missing / changed / unmanaged / invalid), with the expected and actual
definitions and the SQL that would fix it. It never changes the database: introspection runs in a
READ ONLY snapshot and normalization builds the spec in the dev database, never the target (so a
role with CONNECT and SELECT on the tables is enough).

While it reads, drift holds the apply's advisory lock in SHARED mode at transaction level, taken
with a try (never waited for) at the start of every transaction of the read, so nothing outlives a
transaction (safe through a transaction pooler). If an apply holds it, the report says "apply in
progress" instead of calling a half-applied database drift; holding it in each transaction also
keeps an apply from starting half-way through a snapshot.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import psycopg

from reconcile.apply.lock import SCOPE, holder, lock_key
from reconcile.catalog.model import Index, Table
from reconcile.catalog.text import column_text, object_text
from reconcile.connect.redact import redact_text, redact_url
from reconcile.connect.session import ReadConnection
from reconcile.ddl import steps_for
from reconcile.diff import diff
from reconcile.diff.change import TEMP_SUFFIX, Change
from reconcile.errors import ReconcileError
from reconcile.spec.model import Spec

FORMAT_VERSION = 1
Category = Literal["missing", "changed", "unmanaged", "invalid"]
Status = Literal["in_sync", "drift", "apply_in_progress"]
CATEGORIES: tuple[Category, ...] = ("missing", "changed", "unmanaged", "invalid")
VOLATILE = ("checked_at",)  # left out when deciding whether a report changed

_CATEGORY: dict[str, Category] = {
    "create": "missing",  # spec has it, the database does not
    "add": "missing",
    "drop": "unmanaged",  # the database has it on a managed table, the spec does not
    "alter": "changed",
    "replace": "changed",
    "rename": "changed",  # same definition under another name (or an interrupted replace's build)
    "swap": "changed",  # ... or built it beside the old one
    "rebuild": "invalid",  # INVALID index (failed or killed concurrent build)
    "validate": "invalid",  # NOT VALID constraint
}


@dataclass(frozen=True)
class DriftItem:
    category: Category
    kind: str
    schema: str
    table: str
    name: str
    address: str
    action: str  # what apply would do about it (the plan's action)
    expected: str | None  # the spec's definition; None when the spec does not have the object
    actual: str | None  # the database's definition; None when the database does not have it
    fix: tuple[str, ...]  # SQL of the steps that would fix it, in order
    hazards: tuple[str, ...] = ()


@dataclass(frozen=True)
class DriftReport:
    status: Status
    target: str  # redacted URL
    release: str
    spec_sha256: str
    checked_at: str
    database: str | None = None
    server_version: int | None = None
    managed: tuple[str, ...] = ()
    live_fingerprint: str | None = None
    desired_fingerprint: str | None = None
    items: tuple[DriftItem, ...] = ()
    holder: str | None = None  # who holds the apply lock, when status is apply_in_progress
    format_version: int = field(default=FORMAT_VERSION)

    @property
    def exit_code(self) -> int:
        return 2 if self.status == "drift" else 0

    def counts(self) -> dict[str, int]:
        seen = Counter(i.category for i in self.items)
        return {c: seen[c] for c in CATEGORIES}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["drift"] = data.pop("items")
        data["counts"] = self.counts()
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        """One line for logs: "in sync", "drift: 1 missing, 1 unmanaged", "apply in progress (...)"."""
        if self.status == "apply_in_progress":
            return f"apply in progress ({self.holder})"
        if self.status == "in_sync":
            return "in sync"
        return "drift: " + self.counts_text()

    def counts_text(self) -> str:
        return ", ".join(f"{n} {c}" for c, n in self.counts().items() if n)


def check_drift(conn: psycopg.Connection, spec: Spec, url: str) -> DriftReport:
    """Compare the live database with the spec, read-only. Database errors become ReconcileError."""
    from reconcile.plan.planner import desired_catalog, read_live

    checked_at = datetime.now(UTC).isoformat(timespec="seconds")
    base: dict[str, Any] = {
        "target": redact_url(url),
        "release": spec.release,
        "spec_sha256": spec.sha256,
        "checked_at": checked_at,
        "managed": tuple(f"{s}.{t}" for s, t in sorted(spec.table_names())),
    }
    try:
        base["database"] = conn.info.dbname
        base["server_version"] = int(conn.info.server_version)
        with _shared_lock(conn, SCOPE) as busy:
            if not busy:
                live, snapshot = read_live(conn, spec)
                desired = desired_catalog(conn, spec, snapshot)
        if busy:
            return DriftReport(status="apply_in_progress", holder=busy[0], **base)
    except psycopg.Error as exc:
        from reconcile.connect.failures import describe

        raise describe(exc, "checking drift") from None
    from reconcile.plan.renames import renames_of

    items = tuple(_item(ch) for ch in diff(live, desired, renames_of(spec)))  # a pending rename reads as one
    return DriftReport(
        status="drift" if items else "in_sync",
        live_fingerprint=live.fingerprint(),
        desired_fingerprint=desired.fingerprint(),
        items=items,
        **base,
    )


@contextmanager
def _shared_lock(conn: psycopg.Connection, scope: str) -> Iterator[list[str]]:
    """Take the scope's advisory lock shared in each transaction of the read; yields the list that
    collects the holder (an apply) whenever a transaction could not take it."""
    key = lock_key(scope)
    busy: list[str] = []

    def probe(c: psycopg.Connection) -> None:
        row = c.execute("SELECT pg_catalog.pg_try_advisory_xact_lock_shared(%s)", [key]).fetchone()
        if not (row and row[0]) and not busy:
            busy.append(holder(c, key))

    with conn.transaction():
        probe(conn)
    if busy or not isinstance(conn, ReadConnection):
        yield busy
        return
    conn.begin_hooks = (*conn.begin_hooks, probe)
    try:
        yield busy
    finally:
        conn.begin_hooks = tuple(h for h in conn.begin_hooks if h is not probe)


def _item(ch: Change) -> DriftItem:
    try:
        steps = steps_for(ch)
    except ReconcileError:
        steps = []  # no automatic fix for this change; expected/actual still say what differs
    category = _CATEGORY.get(ch.action, "changed")
    if ch.action == "drop" and isinstance(ch.before, Index):
        if not ch.before.valid:  # a failed build, reconcile's own leftover or anyone's: invalid first
            category = "invalid"
        elif ch.name.endswith(TEMP_SUFFIX):  # reconcile's replacement, built, never swapped in
            category = "changed"
    return DriftItem(
        category=category,
        kind=ch.kind,
        schema=ch.schema,
        table=ch.table,
        name=ch.name,
        address=ch.address,
        action=ch.action,
        expected=_definition(ch.after),
        actual=_definition(ch.before),
        fix=tuple(s.sql for s in steps),
        hazards=tuple(sorted({h.code.value for s in steps for h in s.hazards})),
    )


def _definition(obj: object) -> str | None:
    if obj is None:
        return None
    if isinstance(obj, Table):
        return "(" + ", ".join(f"{c.name} {column_text(c)}" for c in obj.columns) + ")"
    return object_text(obj)


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return redact_text(lines[0] if lines else type(exc).__name__)


# ---- views ---------------------------------------------------------------------------------------


def report_text(report: DriftReport) -> str:
    head = f"Target: {report.target} (database {report.database}); release {report.release}"
    if report.status == "apply_in_progress":
        return f"{head}\n\nApply in progress ({report.holder}): drift not checked.\n"
    if report.status == "in_sync":
        return f"{head}\n\nIn sync: the database matches the spec.\n"
    lines = [head, "", f"Drift: {len(report.items)} objects differ from the spec ({report.counts_text()}).", ""]
    width = max(len(c) for c in CATEGORIES)  # fixed columns: grep-friendly from run to run
    for i in report.items:
        lines.append(f"  {i.category:<{width}}  {i.kind} {i.address}")
        lines.append(f"  {'':<{width}}    expected: {i.expected if i.expected is not None else '(absent)'}")
        lines.append(f"  {'':<{width}}    actual:   {i.actual if i.actual is not None else '(absent)'}")
        for n, sql_text in enumerate(i.fix):
            label = "fix:     " if n == 0 else "         "
            lines.append(f"  {'':<{width}}    {label} {sql_text};")
        if i.hazards:
            lines.append(f"  {'':<{width}}    hazards:  {', '.join(i.hazards)}")
    lines += [
        "",
        f"Live fingerprint {report.live_fingerprint}, desired {report.desired_fingerprint}.",
        "Fix with: reconcile plan, then reconcile apply.",
    ]
    return "\n".join(lines) + "\n"


# ---- files ---------------------------------------------------------------------------------------


def write_report(path: Path, report: DriftReport) -> Path:
    """Write the JSON report atomically (a reader never sees half a file), 0600, never through a symlink."""
    from reconcile.private_files import private_dir, replace_private

    private_dir(path.parent)
    return replace_private(path, report.to_json())


def content_of(data: dict[str, Any]) -> dict[str, Any]:
    """A report without its timestamps: what decides whether anything changed."""
    return {k: v for k, v in data.items() if k not in VOLATILE}


def write_evidence(evidence_dir: Path, report: DriftReport) -> tuple[Path, Path | None]:
    """`<dir>/drift/latest.json`, plus a timestamped copy only when the content changed.

    Returns (latest, copy or None). Reports of an apply in progress are not written here:
    latest.json stays the last real comparison.
    """
    folder = evidence_dir / "drift"
    latest = folder / "latest.json"
    try:
        previous: dict[str, Any] | None = json.loads(latest.read_text())
    except (OSError, ValueError):
        previous = None
    current = json.loads(report.to_json())  # compare JSON with JSON (tuples read back as lists)
    changed = not isinstance(previous, dict) or content_of(previous) != content_of(current)
    write_report(latest, report)
    if not changed:
        return latest, None
    stamp = datetime.fromisoformat(report.checked_at).strftime("%Y%m%dT%H%M%SZ")
    copy = folder / f"drift-{stamp}.json"
    n = 1
    while copy.exists():
        n += 1
        copy = folder / f"drift-{stamp}-{n}.json"
    return latest, write_report(copy, report)


def record_drift(evidence_dir: Path, report: DriftReport) -> None:
    """A drift check's evidence: DIR/drift/latest.json (not while an apply runs) and the alignment log row."""
    from reconcile.evidence.alignment import append_alignment

    if report.status != "apply_in_progress":
        write_evidence(evidence_dir, report)
    fingerprint = report.live_fingerprint or ""
    append_alignment(
        evidence_dir,
        command="drift",
        target=report.target,
        release=report.release,
        before=fingerprint,
        after=fingerprint,
        outcome=report.summary(),
    )
