"""Dropping a table of the managed scope moves it into the archive; restore brings it back whole."""

from __future__ import annotations

import psycopg

from .helpers import cli, scalar, write_spec

SETUP = """
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5) g;
CREATE TABLE old_events (
  id bigserial PRIMARY KEY, item_id integer REFERENCES items (id), payload jsonb, at timestamptz
);
INSERT INTO old_events (item_id, payload, at)
  SELECT 1 + g % 5, jsonb_build_object('n', g), timestamptz '2025-01-01' + g * interval '1 minute'
  FROM generate_series(1, 500) g;
"""
ITEMS = """
table: items
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: name, type: text, nullable: false}
"""
COUNT = "SELECT count(*) FROM {t}"
CHECKSUM = (
    "SELECT md5(string_agg(id || '|' || item_id || '|' || payload::text || '|' || at::text, ',' ORDER BY id)) FROM {t}"
)


def archived(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM reconcile_archive.archived_tables ORDER BY name")]


def test_drop_then_restore_keeps_rows_and_checksum(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(SETUP)  # type: ignore[call-overload]
    before = scalar(db_url, COUNT.format(t="old_events")), scalar(db_url, CHECKSUM.format(t="old_events"))
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    (tmp_path / "reconcile.yaml").write_text("include:\n  - {schema: public}\n")

    refused = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert refused.exit_code == 3 and "--allow-drop table" in refused.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "table")
    assert applied.exit_code == 0, applied.output
    assert scalar(db_url, "SELECT to_regclass('public.old_events')") is None
    (name,) = archived(db_url)
    listed = cli("archive", "list", "--database-url", db_url)
    assert f"{name}  public.old_events  table" in listed.output and "rows=500" in listed.output

    restored = cli("archive", "restore", name, "--database-url", db_url)
    assert restored.exit_code == 0, restored.output
    after = scalar(db_url, COUNT.format(t="old_events")), scalar(db_url, CHECKSUM.format(t="old_events"))
    assert after == before
    assert archived(db_url) == []
    # the sequence came back with it: new rows keep numbering where they left off
    assert scalar(db_url, "INSERT INTO old_events (item_id) VALUES (1) RETURNING id") == 501

    again = cli("archive", "restore", name, "--database-url", db_url)
    assert again.exit_code == 1 and "no archived table named" in again.stderr


def test_archive_drop_removes_an_archived_table_for_good(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(SETUP)  # type: ignore[call-overload]
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    (tmp_path / "reconcile.yaml").write_text("include:\n  - {schema: public}\n")
    assert (
        cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "table").exit_code == 0
    )
    (name,) = archived(db_url)
    dropped = cli("archive", "drop", name, "--database-url", db_url)
    assert dropped.exit_code == 0, dropped.output
    assert archived(db_url) == []
    tables = scalar(db_url, "SELECT array_agg(tablename::text) FROM pg_tables WHERE schemaname = 'reconcile_archive'")
    assert name not in (tables or [])  # type: ignore[operator]


def test_without_an_explicit_scope_a_table_absent_from_the_spec_is_not_touched(db_url, tmp_path):
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(SETUP)  # type: ignore[call-overload]
    spec = write_spec(tmp_path / "desired", items=ITEMS)
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
