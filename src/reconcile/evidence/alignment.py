"""The alignment log: one markdown table row per drift, apply or verify run.

`<evidence_dir>/alignment_log.md` answers "when was this database last checked or changed, by
what, and did it match its spec?". It only ever grows by appending; the header is written when
the file is new. Callers pass text; the function adds the UTC time and escapes the cells.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

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
    evidence_dir.mkdir(parents=True, exist_ok=True)
    path = evidence_dir / LOG_NAME
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cells = [now, command, target, release, before, after, outcome]
    row = "| " + " | ".join(_cell(c) for c in cells) + " |\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        text = (HEADER + row) if os.fstat(fd).st_size == 0 else row
        os.write(fd, text.encode())
    finally:
        os.close(fd)
    return path


def _cell(value: str) -> str:
    """One table cell: no newlines, pipes escaped, empty shown as a dash."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    return text or "-"
