"""The dev database's transaction ends by a ROLLBACK the plan does not wait for (normalize/dev.py):
the next normalization still finds nothing of the last one, and nothing is ever committed there."""

from __future__ import annotations

import os
import uuid

import psycopg

from reconcile.normalize.dev import DEV_DATABASE, LOCK_KEY

from .conftest import with_dbname
from .helpers import cli, write_spec


def test_back_to_back_plans_each_build_in_an_empty_dev_database(db_url, server_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")  # no memo: every plan builds the spec again
    name = f"rb_{uuid.uuid4().hex[:10]}"  # the dev database is shared by every run on the server
    spec = write_spec(
        tmp_path / "desired",
        t=f"table: {name}\ncolumns:\n  - {{name: id, type: bigint, primary_key: true}}\n"
        f"indexes:\n  - {{name: {name}_id_idx, columns: [id]}}\n",
    )
    for _ in range(3):  # had a build been left behind, the next CREATE TABLE of the same name would fail
        result = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
        assert result.exit_code == 2, result.output + result.stderr
        assert f"+ table public.{name}" in result.output
    dev = with_dbname(os.environ["RECONCILE_DEV_URL"], DEV_DATABASE)
    with psycopg.connect(dev, autocommit=True) as conn:
        # the lock is held until the last build's rollback has finished on the server
        conn.execute("SELECT pg_catalog.pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            left = conn.execute("SELECT pg_catalog.to_regclass(%s)::text", [f"public.{name}"]).fetchone()
        finally:
            conn.execute("SELECT pg_catalog.pg_advisory_unlock(%s)", [LOCK_KEY])
    assert left == (None,)
    with psycopg.connect(db_url) as conn:  # and the target never saw it
        assert conn.execute("SELECT pg_catalog.to_regclass(%s)", [f"public.{name}"]).fetchone() == (None,)
