"""`reconcile verify`: convergence plus the runbook's constraint checks (exists, valid, definition)."""

from __future__ import annotations

import psycopg

from .helpers import RELEASE_0002, cli


def test_verify_converged_database_exits_0_and_logs(db_0003, tmp_path):
    result = cli("verify", "--database-url", db_0003, "--evidence-dir", tmp_path / "ev")
    assert result.exit_code == 0, result.output
    assert "Converged: the database matches the spec." in result.output
    assert "ok    index public.usage_events.usage_admin_bucket_idx: exists, valid, definition matches" in result.output
    assert "ok    constraint public.usage_events.usage_events_key_id_provider_keys_id_fk" in result.output
    row = (tmp_path / "ev" / "alignment_log.md").read_text().splitlines()[-1]
    assert "| verify |" in row and "converged" in row


def test_verify_0002_database_against_0003_spec_exits_2(db_0002):
    result = cli("verify", "--database-url", db_0002)
    assert result.exit_code == 2, result.output
    assert "+ column public.usage_events.window_start" in result.output
    assert "FAIL  index public.usage_events.usage_admin_bucket_idx: definition differs" in result.output
    assert "Differs:" in result.output


def test_verify_0002_database_against_its_own_spec_exits_0(db_0002):
    result = cli("verify", "--spec", RELEASE_0002, "--database-url", db_0002)
    assert result.exit_code == 0, result.output


def test_verify_flags_invalid_index_and_not_validated_constraint(db_0003):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'usage_admin_bucket_idx'::regclass")
        conn.execute(
            "ALTER TABLE usage_events DROP CONSTRAINT usage_events_key_id_provider_keys_id_fk, "
            "ADD CONSTRAINT usage_events_key_id_provider_keys_id_fk FOREIGN KEY (key_id) REFERENCES provider_keys(id) "
            "ON DELETE CASCADE NOT VALID"
        )
    result = cli("verify", "--database-url", db_0003)
    assert result.exit_code == 2, result.output
    assert "FAIL  index public.usage_events.usage_admin_bucket_idx: not valid (indisvalid = false)" in result.output
    assert (
        "FAIL  constraint public.usage_events.usage_events_key_id_provider_keys_id_fk: not valid (convalidated = false)"
        in result.output
    )


def test_verify_flags_missing_index(db_0003):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute("DROP INDEX usage_admin_bucket_idx")
    result = cli("verify", "--database-url", db_0003)
    assert result.exit_code == 2, result.output
    assert "FAIL  index public.usage_events.usage_admin_bucket_idx: missing (declared: UNIQUE btree" in result.output
