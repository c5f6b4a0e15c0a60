"""The alignment log: one markdown table row per drift, apply or verify run.

`<evidence_dir>/alignment_log.md` answers "when was this database last checked or changed, by
what, and did it match its spec?". It only ever grows by appending; the header is written when
the file is new. Callers pass text; the function adds the UTC time and escapes the cells.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reconcile.private_files import private_dir, write_private

LOG_NAME = "alignment_log.md"
HEADER = (
    "# Alignment log\n"
    "\n"
    "| time (UTC) | command | target | release | before | after | outcome |\n"
    "|---|---|---|---|---|---|---|\n"
)


def append_alignment(
    evidence_dir: Path,
    *,
    command: str,
    target: str,
    release: str,
    before: str,
    after: str,
    outcome: str,
) -> Path:
    """Append one row to `<evidence_dir>/alignment_log.md` (created with a header if missing).

    - command: what ran, e.g. "drift", "apply", "verify".
    - target:  the database URL, ALREADY REDACTED by the caller (`redact.redact_url`).
    - release: the spec's release name.
    - before / after: live catalog fingerprints when the command started / ended
      (read-only commands pass the same value twice; "" when unknown, e.g. the db was unreachable).
    - outcome: one line, e.g. "in sync", "drift: 1 missing", "applied 20 changes", "error: ...".

    The row goes out in a single append write, so concurrent runs do not interleave within a row.
    Returns the log's path.
    """
    private_dir(evidence_dir)
    path = evidence_dir / LOG_NAME
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cells = [now, command, target, release, before, after, outcome]
    row = "| " + " | ".join(_cell(c) for c in cells) + " |\n"
    write_private(path, row, append=True, header=HEADER.encode())  # 0600, never through a symlink
    return path


def _cell(value: str) -> str:
    """One table cell: no newlines, pipes escaped, empty shown as a dash."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    return text or "-"
