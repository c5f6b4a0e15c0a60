"""Per-apply evidence: the runbook's checklist, written by the tool.

`write_apply_evidence` creates `<evidence_dir>/runs/<UTC-timestamp>_<release>/` holding the push
log, pre/post catalog snapshots and their diff, `\\d` plus the index check of every managed table,
the plan (JSON and SQL) with SHA256SUMS, and an EVIDENCE.md checklist; then appends a row to the
alignment log. Every file is scrubbed of the database password.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from reconcile.catalog.snapshot import schema_diff_text, snapshot_json
from reconcile.connect.redact import redact_text, redact_url
from reconcile.evidence.alignment import LOG_NAME, append_alignment
from reconcile.plan.render import plan_sql

if TYPE_CHECKING:
    import psycopg

    from reconcile.apply.executor import ApplyResult
    from reconcile.catalog.model import Catalog
    from reconcile.plan.model import Plan

PARITY_REPORT = Path("telemetry-audit") / "latest-staging.json"


@dataclass
class Item:
    title: str
    done: bool
    links: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reconcile.evidence", "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - markdown and plain text, not HTML
        undefined=jinja2.StrictUndefined,
    )


def secrets_of(url: str) -> tuple[str, ...]:
    """The password carried by a URL or key=value DSN, if any (to scrub from free text)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(url).get("password")
    except Exception:  # noqa: BLE001 - an unparsable URL carries nothing we can name
        return ()
    return (str(password),) if password else ()


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "unnamed"


def run_folder(evidence_dir: Path, release: str, now: datetime) -> Path:
    runs = evidence_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    base = f"{now.strftime('%Y%m%dT%H%M%SZ')}_{safe_name(release)}"
    folder, n = runs / base, 1
    while True:
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1
            folder = runs / f"{base}-{n}"


def push_log(result: ApplyResult, target: str) -> str:
    plan = result.plan
    steps: list[dict[str, Any]] = []
    n = 0
    for gi, grp in enumerate(plan.groups, 1):
        for step in grp.steps:
            res = result.results[n]
            n += 1
            steps.append(
                {
                    "n": n,
                    "group": gi,
                    "transactional": grp.transactional,
                    "description": step.description,
                    "sql": step.sql,
                    "status": res.status,
                    "started": res.started,
                    "ended": res.ended,
                    "seconds": res.seconds,
                    "rows": res.rows,
                    "attempts": res.attempts,
                    "retries": max(res.attempts - 1, 0),
                    "notices": res.notices,
                    "error": res.error,
                }
            )
    return (
        _env()
        .get_template("push_log.j2")
        .render(
            release=plan.release,
            target=target,
            database=plan.target.database,
            server_version=plan.target.server_version // 10000,
            outcome=result.outcome,
            seconds=result.seconds,
            recap=result.recap(),
            error=result.error,
            steps=steps,
        )
    )


def table_schema(conn: psycopg.Connection, schema: str, table: str, index_names: list[str]) -> str:
    """`\\d schema.table` followed by the runbook's index check (step 4) of `index_names`."""
    from reconcile.describe.table import describe_table, index_check

    qualified = ".".join('"' + part.replace('"', '""') + '"' for part in (schema, table))
    text = describe_table(conn, qualified)
    if index_names:
        text += index_check(conn, table, index_names)
    return text


def write_apply_evidence(
    evidence_dir: Path,
    conn: psycopg.Connection,
    result: ApplyResult,
    *,
    url: str,
    spec_indexes: dict[str, list[str]] | None = None,
) -> Path:
    """Write the run folder for `result` (successful or failed) and append the alignment log.

    `spec_indexes` maps table name -> index names to check; by default the indexes of the post-apply
    catalog (what the runbook's step 4 checks). Returns the run folder.
    """
    plan = result.plan
    secrets = secrets_of(url)
    target = redact_url(url)
    now = datetime.now(UTC)
    folder = run_folder(evidence_dir, plan.release, now)
    prefix = safe_name(plan.release)
    written: list[str] = []

    def put(name: str, text: str) -> str:
        (folder / name).write_text(_scrub(name, text, secrets))
        written.append(name)
        return name

    push = put(f"{prefix}_push.log", push_log(result, target))
    pre = put("pre_snapshot.json", snapshot_json(result.before, release=plan.release, target=url))
    post_catalog: Catalog | None = result.after
    post = diff_file = None
    if post_catalog is not None:
        post = put("post_snapshot.json", snapshot_json(post_catalog, release=plan.release, target=url))
        diff_file = put(
            f"{prefix}_schema_diff.txt",
            schema_diff_text(result.before, post_catalog, a_label="pre_snapshot.json", b_label="post_snapshot.json"),
        )
    schemas: list[tuple[str, str]] = []
    schema_errors: list[str] = []
    for schema, table in plan.managed:
        if spec_indexes is not None and table in spec_indexes:
            names = list(spec_indexes[table])
        else:
            source = post_catalog or result.before
            names = sorted(i.name for i in source.indexes_of(schema, table))
        try:
            text = table_schema(conn, schema, table, names)
        except Exception as exc:  # noqa: BLE001 - evidence must still be written; the reason is recorded
            schema_errors.append(f"{schema}.{table}: {redact_text(str(exc), secrets)}")
            continue
        schemas.append((table, put(f"{prefix}_{safe_name(table)}_schema.txt", text)))
    plan_json = put("plan.json", plan.to_json())
    sql = put("plan.sql", plan_sql(plan))
    sums = [(name, hashlib.sha256((folder / name).read_bytes()).hexdigest()) for name in written]
    (folder / "SHA256SUMS").write_text("".join(f"{digest}  {name}\n" for name, digest in sums))

    after_fp = post_catalog.fingerprint() if post_catalog is not None else ""
    log = append_alignment(
        evidence_dir,
        command="apply",
        target=target,
        release=plan.release,
        before=result.before.fingerprint(),
        after=after_fp,
        outcome=redact_text(_outcome_line(result), secrets),
    )
    rel_root = "../../"
    parity = evidence_dir / PARITY_REPORT
    failed = next((r for r in result.results if r.status == "failed"), None)
    checklist = [
        Item("Push log (step 2)", True, [(push, push)]),
        Item(
            "Table description and index check (step 4)",
            bool(schemas) and not schema_errors,
            [(name, name) for _, name in schemas],
            "could not describe " + "; ".join(schema_errors) if schema_errors else "no managed tables",
        ),
        Item(
            "Diff of pre/post schema snapshots (step 3)",
            diff_file is not None,
            [(pre, pre)] + ([(post, post), (diff_file, diff_file)] if post and diff_file else []),
            "no post-apply snapshot: the database could not be read after the failure",
        ),
        Item(
            f"`{PARITY_REPORT.as_posix()}` (post-migration parity diff, step 5)",
            parity.is_file(),
            [(PARITY_REPORT.as_posix(), rel_root + PARITY_REPORT.as_posix())] if parity.is_file() else [],
            f"no parity report in {evidence_dir / PARITY_REPORT.parent}/ yet",
        ),
        Item(
            "Alignment log entry (replaces the memory bank entry noting staging alignment)",
            log.is_file(),
            [(LOG_NAME, rel_root + LOG_NAME)],
            "the alignment log could not be written",
        ),
        Item(
            "Dry-run export with checksum (step 1)",
            True,
            [("plan.sql", sql), ("plan.json", plan_json), ("SHA256SUMS", "SHA256SUMS")],
        ),
    ]
    failure = None
    if result.outcome == "failed":
        failure = {
            "n": result.results.index(failed) + 1 if failed else 0,
            "description": failed.step.description if failed else "",
            "statement": failed.step.sql if failed else "",
            "error": (failed.error if failed and failed.error else result.error) or "unknown error",
        }
    evidence = (
        _env()
        .get_template("EVIDENCE.md.j2")
        .render(
            release=plan.release,
            target=target,
            database=plan.target.database,
            server_version=plan.target.server_version // 10000,
            run_at=now.isoformat(timespec="seconds"),
            outcome=result.outcome,
            seconds=result.seconds,
            before=result.before.fingerprint(),
            after=after_fp,
            failure=failure,
            checklist=checklist,
            sums=sums,
        )
    )
    (folder / "EVIDENCE.md").write_text(redact_text(evidence, secrets))
    return folder


def log_apply_without_changes(evidence_dir: Path, plan: Plan, *, url: str, outcome: str, fingerprint: str) -> Path:
    """An apply that changed nothing (no changes, already applied) still gets its alignment log row."""
    return append_alignment(
        evidence_dir,
        command="apply",
        target=redact_url(url),
        release=plan.release,
        before=fingerprint,
        after=fingerprint,
        outcome=outcome,
    )


def _scrub(name: str, text: str, secrets: tuple[str, ...]) -> str:
    """Remove the password: JSON (whose URLs are redacted at the source) only by literal replacement,
    so its structure survives; free text also by the URL / key=value patterns."""
    if name.endswith(".json"):
        for secret in secrets:
            text = text.replace(secret, "***")
        return text
    return redact_text(text, secrets)


def _outcome_line(result: ApplyResult) -> str:
    counts = result.recap()
    if result.outcome == "applied":
        return f"applied {counts['changed']} step(s)"
    if result.outcome == "failed":
        return f"failed: {result.error}"
    return result.outcome
