"""--dev-url belongs to one plan: in-process plans (tests, fleet threads) never see another's."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from reconcile.errors import ReconcileError
from reconcile.plan.planner import make_plan
from reconcile.spec.load import load_spec

from .helpers import cli, write_spec

NOWHERE = "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1


def test_two_plans_in_one_process_each_normalize_on_their_own_dev_url(db_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))  # no memo: both build
    path = write_spec(tmp_path / "spec", t="table: t\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n")
    spec = load_spec(path)
    good, bad = replace(spec, dev_url=make_conninfo(db_url, dbname="postgres")), replace(spec, dev_url=NOWHERE)

    failed = cli("plan", "--spec", path, "--database-url", db_url, "--dev-url", NOWHERE)  # a CLI run first
    assert failed.exit_code == 1 and "port 1 failed" in failed.output

    def plan(s):  # type: ignore[no-untyped-def]
        with psycopg.connect(db_url) as conn:
            return make_plan(conn, s, db_url)

    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(plan, s) for s in (bad, good, bad, good)]
        for run, s in zip(runs, (bad, good, bad, good), strict=True):
            if s is bad:
                with pytest.raises(ReconcileError, match="port 1 failed"):
                    run.result()
            else:
                assert [c.address for c in run.result().plan.changes] == ["public.t", "public.t.t_pkey"]
