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
from reconcile.connect.failures import is_lost
from reconcile.connect.redact import redact_text, redact_url
from reconcile.evidence.alignment import LOG_NAME, append_alignment
from reconcile.evidence.diagrams import step_graph, timeline
from reconcile.plan.render import plan_sql
from reconcile.private_files import private_dir, write_private

if TYPE_CHECKING:
    import psycopg

    from reconcile.apply.executor import ApplyResult

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
    private_dir(evidence_dir)
    runs = private_dir(evidence_dir / "runs")
    base = f"{now.strftime('%Y%m%dT%H%M%SZ')}_{safe_name(release)}"
    folder, n = runs / base, 1
    while True:
        try:
            folder.mkdir(mode=0o700)
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


@dataclass
class _Folder:
    """A run folder being written: every file scrubbed of the password and remembered for SHA256SUMS."""

    path: Path
    secrets: tuple[str, ...]
    written: list[str] = field(default_factory=list)

    def put(self, name: str, text: str) -> str:
        write_private(self.path / name, _scrub(name, text, self.secrets))
        self.written.append(name)
        return name

    def sums(self) -> list[tuple[str, str]]:
        sums = [(name, hashlib.sha256((self.path / name).read_bytes()).hexdigest()) for name in self.written]
        write_private(self.path / "SHA256SUMS", "".join(f"{digest}  {name}\n" for name, digest in sums))
        return sums


@dataclass(frozen=True)
class _Files:
    push: str
    pre: str
    post: str | None
    diff: str | None
    schemas: list[tuple[str, str]]
    schema_errors: list[str]
    plan_json: str
    sql: str


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
    now = datetime.now(UTC)
    folder = _Folder(run_folder(evidence_dir, plan.release, now), secrets_of(url))
    files = _write_files(folder, conn, result, url, spec_indexes)
    sums = folder.sums()
    after_fp = result.after.fingerprint() if result.after is not None else ""
    log = append_alignment(
        evidence_dir,
        command="apply",
        target=redact_url(url),
        release=plan.release,
        before=result.before.fingerprint(),
        after=after_fp,
        outcome=redact_text(_outcome_line(result), folder.secrets),
    )
    evidence = (
        _env()
        .get_template("EVIDENCE.md.j2")
        .render(
            release=plan.release,
            target=redact_url(url),
            database=plan.target.database,
            server_version=plan.target.server_version // 10000,
            run_at=now.isoformat(timespec="seconds"),
            outcome=result.outcome,
            seconds=result.seconds,
            before=result.before.fingerprint(),
            after=after_fp,
            failure=_failure(result),
            graph=step_graph(plan),
            timeline=timeline(result.results),
            checklist=_checklist(files, evidence_dir, log),
            sums=sums,
        )
    )
    write_private(folder.path / "EVIDENCE.md", redact_text(evidence, folder.secrets))
    return folder.path


def _write_files(
    folder: _Folder,
    conn: psycopg.Connection,
    result: ApplyResult,
    url: str,
    spec_indexes: dict[str, list[str]] | None,
) -> _Files:
    plan, post = result.plan, result.after
    prefix = safe_name(plan.release)
    push = folder.put(f"{prefix}_push.log", push_log(result, redact_url(url)))
    pre = folder.put("pre_snapshot.json", snapshot_json(result.before, release=plan.release, target=url))
    post_name = diff_name = None
    if post is not None:
        post_name = folder.put("post_snapshot.json", snapshot_json(post, release=plan.release, target=url))
        diff_name = folder.put(
            f"{prefix}_schema_diff.txt",
            schema_diff_text(result.before, post, a_label="pre_snapshot.json", b_label="post_snapshot.json"),
        )
    schemas: list[tuple[str, str]] = []
    errors: list[str] = []
    for schema, table in plan.managed:
        if is_lost(conn):  # record what could not be read, never what a dead connection answers
            errors.append(f"{schema}.{table}: not read, the database connection was lost")
            continue
        source = post or result.before
        names = list((spec_indexes or {}).get(table, sorted(i.name for i in source.indexes_of(schema, table))))
        try:
            text = table_schema(conn, schema, table, names)
        except Exception as exc:  # noqa: BLE001 - evidence must still be written; the reason is recorded
            errors.append(f"{schema}.{table}: {redact_text(str(exc), folder.secrets)}")
            continue
        schemas.append((table, folder.put(f"{prefix}_{safe_name(table)}_schema.txt", text)))
    plan_json = folder.put("plan.json", plan.to_json())
    sql = folder.put("plan.sql", plan_sql(plan))
    return _Files(push, pre, post_name, diff_name, schemas, errors, plan_json, sql)


def _checklist(files: _Files, evidence_dir: Path, log: Path) -> list[Item]:
    rel_root = "../../"
    parity = evidence_dir / PARITY_REPORT
    return [
        Item("Push log (step 2)", True, [(files.push, files.push)]),
        Item(
            "Table description and index check (step 4)",
            bool(files.schemas) and not files.schema_errors,
            [(name, name) for _, name in files.schemas],
            "could not describe " + "; ".join(files.schema_errors) if files.schema_errors else "no managed tables",
        ),
        Item(
            "Diff of pre/post schema snapshots (step 3)",
            files.diff is not None,
            [(files.pre, files.pre)]
            + ([(files.post, files.post), (files.diff, files.diff)] if files.post and files.diff else []),
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
            [("plan.sql", files.sql), ("plan.json", files.plan_json), ("SHA256SUMS", "SHA256SUMS")],
        ),
    ]


def _failure(result: ApplyResult) -> dict[str, Any] | None:
    if result.outcome != "failed":
        return None
    failed = next((r for r in result.results if r.status == "failed"), None)
    return {
        "n": result.results.index(failed) + 1 if failed else 0,
        "description": failed.step.description if failed else "",
        "statement": failed.step.sql if failed else "",
        "error": (failed.error if failed and failed.error else result.error) or "unknown error",
    }


def log_unchanged(evidence_dir: Path, *, command: str, release: str, url: str, outcome: str, fingerprint: str) -> Path:
    """A run that changed nothing (verify, no changes, already applied) still gets its alignment log row."""
    return append_alignment(
        evidence_dir,
        command=command,
        target=redact_url(url),
        release=release,
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
