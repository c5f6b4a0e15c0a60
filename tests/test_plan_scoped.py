"""A scoped plan (plan/scoped.py): after a no-change plan, editing table files plans only those tables,
and prints exactly what the full plan prints; anything tying them to other objects plans in full."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from reconcile.plan.render import plan_text
from reconcile.plan.scoped import scoped_plan
from reconcile.plan.unchanged import spec_state

PARENT = "table: parent\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n  - {name: label, type: text}\n"
CHILD = (
    "table: child\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n"
    "  - {name: parent_id, type: integer}\n  - {name: note, type: text}\n"
    "indexes:\n  - {name: child_note_idx, columns: [note]}\n"
    "foreign_keys:\n  - {name: child_parent_fk, columns: [parent_id], references: {table: parent, columns: [id]}}\n"
)
LONE = "table: lone\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n  - {name: body, type: text}\n"
SQL = """
CREATE TABLE parent (id integer PRIMARY KEY, label text);
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer, note text,
    CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id));
CREATE INDEX child_note_idx ON child (note);
CREATE TABLE lone (id integer PRIMARY KEY, body text);
"""

# (file, new text): edits a scoped plan answers
SCOPED = {
    "column added": ("lone", LONE + "  - {name: extra, type: bigint}\n"),
    "column dropped": ("lone", LONE.replace("  - {name: body, type: text}\n", "")),
    "column retyped": ("lone", LONE.replace("body, type: text", "body, type: varchar(20)")),
    "default": ("lone", LONE.replace("body, type: text", "body, type: text, default: \"'x'\"")),
    "not null": ("lone", LONE.replace("body, type: text", "body, type: text, nullable: false")),
    "index": ("lone", LONE + "indexes:\n  - {name: lone_body_idx, columns: [body], unique: true}\n"),
    "check": ("lone", LONE + "checks:\n  - {name: lone_body_ck, expression: \"body <> ''\"}\n"),
    "comment": ("lone", LONE + "comment: a lone table\n"),
    "column rename": ("lone", LONE.replace("body, type: text", "text_body, type: text, renamed_from: body")),
    "fk to a table": (
        "lone",
        LONE + "foreign_keys:\n  - {columns: [id], references: {table: parent, columns: [id]}}\n",
    ),
    "child edited, fk kept": ("child", CHILD.replace("note, type: text", "note, type: text, default: \"'n'\"")),
    "child index changed": ("child", CHILD.replace("columns: [note]", "columns: [note, parent_id]")),
}
# edits the full plan must answer
FULL = {
    "referenced table edited": ("parent", PARENT + "  - {name: more, type: text}\n"),
    "table renamed in its file": ("lone", LONE.replace("table: lone", "table: lone2")),
    "duplicate of another file": ("lone", CHILD),
    "user type": ("lone", LONE.replace("body, type: text", "body, type: mood")),
}


def _env(cache: Path, full: bool) -> dict[str, str]:
    env = {**os.environ, "RECONCILE_CACHE_DIR": str(cache)}
    env.pop("RECONCILE_PLAN_FULL", None)
    if full:
        env["RECONCILE_PLAN_FULL"] = "1"
    return env


def _plan(db_url: str, spec: Path, cache: Path, full: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reconcile", "plan", "--database-url", db_url, "--spec", str(spec)],
        capture_output=True, text=True, env=_env(cache, full), timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture
def setup(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(SQL)
        conn.execute("CREATE TYPE mood AS ENUM ('a', 'b')")
    spec = tmp_path / "desired"
    spec.mkdir()
    for name, text in (("parent", PARENT), ("child", CHILD), ("lone", LONE)):
        (spec / f"{name}.yaml").write_text(text)
    cache = tmp_path / "cache"
    first = _plan(db_url, spec, cache)
    assert "No changes." in first.stdout, first.stdout + first.stderr
    return spec, cache


def _scoped_text(db_url: str, spec: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> str | None:
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(cache))
    monkeypatch.delenv("RECONCILE_PLAN_FULL", raising=False)
    state = spec_state(str(spec), False, None)
    assert state is not None
    p = scoped_plan(db_url, state, 30.0, False)
    return None if p is None else plan_text(p)


def _same(text: str) -> str:
    """A plan's text without the run's stamp (the archive table of a dropped column is named by the second)."""
    return re.sub(r"\$reconcile_[0-9a-f]+(_\w+)?\$", "$TAG$", re.sub(r"\d{14}", "STAMP", text))


def _edit(spec: Path, change: tuple[str, str]) -> None:
    (spec / f"{change[0]}.yaml").write_text(change[1])


@pytest.mark.parametrize("edit", sorted(SCOPED))
def test_an_edit_of_one_table_is_planned_scoped_and_prints_the_full_plan(db_url, setup, edit, monkeypatch):
    spec, cache = setup
    _edit(spec, SCOPED[edit])
    scoped = _scoped_text(db_url, spec, cache, monkeypatch)
    assert scoped is not None, "the scoped path was not taken"
    full = _plan(db_url, spec, cache, full=True)
    assert _same(full.stdout) == _same(scoped), full.stderr
    cli = _plan(db_url, spec, cache)
    assert (_same(cli.stdout), cli.stderr) == (_same(full.stdout), full.stderr)


@pytest.mark.parametrize("edit", sorted(FULL))
def test_an_edit_tied_to_other_objects_plans_in_full(db_url, setup, edit, monkeypatch):
    spec, cache = setup
    _edit(spec, FULL[edit])
    assert _scoped_text(db_url, spec, cache, monkeypatch) is None
    cli, full = _plan(db_url, spec, cache), _plan(db_url, spec, cache, full=True)
    assert (cli.returncode, _same(cli.stdout), cli.stderr) == (full.returncode, _same(full.stdout), full.stderr)


def test_two_edited_tables_are_planned_together(db_url, setup, monkeypatch):
    spec, cache = setup
    _edit(spec, SCOPED["column added"])
    _edit(spec, SCOPED["child edited, fk kept"])
    scoped = _scoped_text(db_url, spec, cache, monkeypatch)
    assert scoped is not None and "lone.extra" in scoped and "child.note" in scoped
    assert _same(_plan(db_url, spec, cache, full=True).stdout) == _same(scoped)


def test_a_view_on_the_table_or_a_changed_database_plans_in_full(db_url, setup, monkeypatch):
    spec, cache = setup
    _edit(spec, SCOPED["column added"])
    assert _scoped_text(db_url, spec, cache, monkeypatch) is not None
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE VIEW lone_v AS SELECT id FROM lone")  # the database is not the recorded one
    assert _scoped_text(db_url, spec, cache, monkeypatch) is None


def test_added_files_forced_full_and_a_tampered_base_plan_in_full(db_url, setup, monkeypatch):
    spec, cache = setup
    _edit(spec, SCOPED["column added"])
    assert _scoped_text(db_url, spec, cache, monkeypatch) is not None
    monkeypatch.setenv("RECONCILE_PLAN_FULL", "1")
    state = spec_state(str(spec), False, None)
    assert state is not None and scoped_plan(db_url, state, 30.0, False) is None
    monkeypatch.delenv("RECONCILE_PLAN_FULL")
    (base,) = (cache / "scoped").glob("*.json")
    good = base.read_text()
    for junk in ("{", '{"format": 1, "files": {}}', good.replace('"format": 1', '"format": 9'), good[:-3] + '0"}}'):
        base.write_text(junk)
        assert _scoped_text(db_url, spec, cache, monkeypatch) is None, junk
    base.write_text(good)
    (spec / "extra.yaml").write_text(LONE.replace("lone", "extra"))
    assert _scoped_text(db_url, spec, cache, monkeypatch) is None
