"""What must hold after any run that finished: converged, nothing half-built, no rows lost, no lock held."""

from __future__ import annotations

import psycopg

from ..helpers import cli

ORIGINAL = (
    "SELECT count(*), md5(string_agg(concat_ws('|', id, key_id, model, tokens_in, \"timestamp\"), ',' ORDER BY id))"
    " FROM usage_events WHERE id <= %s"
)


def original_rows(url: str, max_id: int) -> tuple:
    with psycopg.connect(url) as conn:
        row = conn.execute(ORIGINAL, [max_id]).fetchone()
        assert row is not None
        return tuple(row)


def leftovers(url: str) -> dict[str, list]:
    """Anything a finished run must not leave behind."""
    with psycopg.connect(url) as conn:
        return {
            "invalid indexes": [
                r[0] for r in conn.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
            ],
            "temporary indexes": [
                r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%reconcile_new%%'")
            ],
            "advisory locks": [
                r[0]
                for r in conn.execute(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            ],
            "triggers": [r[0] for r in conn.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")],
        }


def assert_converged(url: str, spec: str, max_id: int, before: tuple) -> None:
    plan = cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output + plan.stderr
    left = {k: v for k, v in leftovers(url).items() if v}
    assert not left, f"left behind: {left}"
    rows = original_rows(url, max_id)
    assert rows == before, f"original rows changed: {rows} != {before}"
