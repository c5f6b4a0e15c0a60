"""A scoped plan: after a no-change plan, an edit of some table files plans only those tables.

When the last full plan of this spec found no changes (plan/unchanged.py recorded it), the database
is still in that very catalog state, and the spec differs from that state only in some table files
(same file set, one table a file), every other table still matches; so the plan of the whole spec
is the plan of the edited tables alone. Those are loaded, normalized and introspected by themselves.
Anything that could make another object's plan differ sends plan the full way: a tie in the
database (sql/scoped_tables.sql: views, foreign keys from other tables, partitions, inheritance,
functions, user types), an edited table's name or index name written in any other file, other
kinds, renames, triggers, policies, partitioning, a project scope, a release that cannot be told.

The base record (the per-file sha256 of the last no-change state) is untrusted: its digests only
name a past state's key, which must have a no-change record for this database's current state.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .unchanged import SpecState, known, read_database, release_if_unchanged, state_key

if TYPE_CHECKING:
    import psycopg

    from reconcile.catalog.model import Catalog
    from reconcile.plan.model import Plan
    from reconcile.spec.model import Spec

FORMAT = 1
MAX_BASE_BYTES = 16 * 1024 * 1024
MAX_CHANGED = 32  # more edited files than this: the full plan is as quick
FULL_ENV = "RECONCILE_PLAN_FULL"
SERIALS = {"serial", "bigserial", "smallserial"}
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Scope:
    """The past no-change state's key and the files that differ from it."""

    old_key: str
    changed: tuple[str, ...]


def _base_path(state: SpecState) -> Path | None:
    from reconcile.cache_dir import cache_dir

    base = cache_dir()
    return None if base is None else base / "scoped" / f"{state.header}.json"


def remember_base(state: SpecState) -> None:
    """Record this spec state's file digests as the base of later scoped plans (best effort)."""
    from reconcile.errors import ReconcileError
    from reconcile.private_files import private_dir, replace_private

    path = _base_path(state)
    if path is None:
        return
    try:
        private_dir(path.parent)
        replace_private(path, json.dumps({"format": FORMAT, "files": state.digests}))
    except (OSError, ReconcileError):
        pass


def _base(state: SpecState) -> dict[str, str] | None:
    """The recorded digests, when well-formed and of exactly this spec's files."""
    path = _base_path(state)
    if path is None or not path.is_file() or path.is_symlink():
        return None
    try:
        if path.stat().st_size > MAX_BASE_BYTES:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(files, dict) or files.keys() != state.digests.keys():
        return None
    if not all(isinstance(v, str) and _DIGEST.fullmatch(v) for v in files.values()):
        return None
    return files


def scope_of(state: SpecState) -> Scope | None:
    """The files edited since the recorded no-change state, or None (no base, nothing or too much edited)."""
    if os.environ.get(FULL_ENV, "") not in ("", "0"):
        return None
    base = _base(state)
    if base is None:
        return None
    changed = tuple(n for n in sorted(state.digests) if base[n] != state.digests[n])
    old_key = state_key(state.header, base)
    if not changed or len(changed) > MAX_CHANGED or not known(old_key):
        return None
    return Scope(old_key, changed)


def _load_changed(state: SpecState, scope: Scope) -> Spec | None:
    """The edited files alone as a spec of tables only, or None when they are something else."""
    from reconcile.errors import ReconcileError
    from reconcile.spec.load import load_spec_text
    from reconcile.spec.project import load_rules

    try:
        texts = {name: state.files[name].decode("utf-8") for name in scope.changed}
        spec = load_spec_text(texts, release=str(Path(state.root)), remember=False)
        rules = load_rules(Path(state.root))
    except (ReconcileError, UnicodeDecodeError):
        return None
    if spec.objects or len(spec.tables) != len(scope.changed) or rules.explicit:
        return None
    if any(_tied_in_spec(t) for t in spec.tables):
        return None
    return replace(spec, rules=rules, dev_url=state.dev_url)


def _tied_in_spec(table: object) -> bool:
    g = getattr
    return bool(
        g(table, "renamed_from") or g(table, "triggers") or g(table, "partition_by") or g(table, "partition_of")
    ) or (g(table, "row_level_security") is not None or g(table, "policies") is not None)


def _named_elsewhere(state: SpecState, scope: Scope, spec: Spec) -> bool:
    """Whether another file writes an edited table's or index's name (a reference, or a duplicate),
    or holds a YAML escape or tag that could spell one without writing it."""
    names = {t.table for t in spec.tables} | {i.name for t in spec.tables for i in t.indexes}
    words = b"|".join(re.escape(n.encode()) for n in sorted(names))
    pattern = re.compile(rb"\\|!(?!=)|(?<![\w$\x80-\xff])(?:" + words + rb")(?![\w$\x80-\xff])")
    edited = set(scope.changed)
    # one text, the files apart by a newline: no match spans two (a newline bounds a word as a file's end
    # does), and the regex only runs when some name, escape or tag is in it at all (a plain search)
    others = b"\n".join(data for name, data in state.files.items() if name not in edited)
    needles = [b"\\", b"!", *(n.encode() for n in names)]
    return any(n in others for n in needles) and pattern.search(others) is not None


def _release(spec: Spec, recorded: str, root: str) -> str | None:
    """The whole spec's release: the recorded one, when the edited files leave no doubt."""
    declared = {t.release for t in spec.tables if t.release}
    if declared - {recorded}:
        return None
    if not declared and recorded != Path(root).stem:
        return None  # the other files may or may not declare it: cannot tell without them
    return recorded


@cache
def _query(name: str) -> str:
    return resources.files(__package__).joinpath("sql", f"{name}.sql").read_text()


def _standalone(conn: psycopg.Connection, spec: Spec) -> bool:
    """Every edited table exists as a plain table tied to nothing outside itself."""
    tables = sorted(spec.table_names())
    rows = conn.execute(
        _query("scoped_tables"), {"schemas": [s for s, _ in tables], "tables": [t for _, t in tables]}
    ).fetchall()
    return len(rows) == len(tables) and all(r[2] == "r" and not r[3] for r in rows)


def _system_types(conn: psycopg.Connection, desired: Catalog) -> bool:
    types = sorted({c.type for t in desired.tables for c in t.columns} - SERIALS)
    row = conn.execute(_query("scoped_types"), {"types": types}).fetchone()
    return bool(row and row[0])


def scoped_plan(url: str, state: SpecState, lock_wait: float, restore_archived: bool) -> Plan | None:
    """The plan of the edited tables, equal to the full plan's; None: plan in full."""
    scope = scope_of(state)
    spec = None if scope is None else _load_changed(state, scope)
    if scope is None or spec is None or _named_elsewhere(state, scope, spec):
        return None
    import psycopg

    from reconcile.connect.session import read_session
    from reconcile.errors import ReconcileError

    from .planner import make_plan

    with read_session(url, lock_wait) as conn:
        recorded = release_if_unchanged(scope.old_key, read_database(conn))
        release = None if recorded is None else _release(spec, recorded, state.root)
        if release is None or not _standalone(conn, spec):
            return None
        try:
            planned = make_plan(conn, replace(spec, release=release), url, restore_archived=restore_archived)
        except (ReconcileError, psycopg.Error):
            return None  # the full plan says what is wrong, about the whole spec
        return planned.plan if _system_types(conn, planned.desired) else None
