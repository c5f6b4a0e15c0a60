"""`reconcile rehearse`: a throwaway copy of the target takes the plan under load; the target is only read."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import click
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.catalog.introspect import introspect, table_names

from .helpers import DESIRED, RELEASE_0002, cli


def state(url: str) -> tuple[str, dict[str, str]]:
    """The target's catalog fingerprint and a checksum of every table's rows."""
    with psycopg.connect(url, autocommit=True) as conn:
        names = table_names(conn, ["public"])
        fingerprint = introspect(conn, names).fingerprint()
        sums = {}
        for schema, name in names:
            q = sql.SQL(
                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {} t"
            )
            row = conn.execute(q.format(sql.Identifier(schema, name))).fetchone()
            assert row is not None
            sums[name] = row[0]
    return fingerprint, sums


@pytest.fixture
def target(db_0002: str) -> str:
    with psycopg.connect(db_0002, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return db_0002


def rehearse(target: str, server_url: str, tmp_path: Path, *args: str) -> tuple[int, dict, str]:
    report = tmp_path / "rehearsal.md"
    result = cli(
        "rehearse",
        "--database-url",
        target,
        "--dev-url",
        server_url,
        "--format",
        "json",
        "--report",
        report,
        "--reader-ms",
        "100",
        *args,
    )
    out = result.stdout
    data = json.loads(out) if out.strip().startswith("{") else {}
    return result.exit_code, data, (report.read_text() if report.exists() else "") + result.stderr


def test_rehearsing_0002_to_0003_lists_every_step_converges_and_leaves_the_target_untouched(
    target, server_url, tmp_path
):
    before = state(target)
    code, data, report = rehearse(target, server_url, tmp_path, "--spec", DESIRED, "--rows", "5000")

    assert code == 0, data.get("failure")
    assert data["forward"] == "applied" and data["back"] == "applied" and data["converged"]
    steps = data["steps"]
    adds = [s for s in steps if s["description"].startswith("add column public.usage_events.")]
    assert len(adds) == 19
    assert any(s["kind"] == "build" and "usage_admin_bucket_idx" in s["description"] for s in steps)
    for s in steps:
        assert s["status"] == "changed" and s["lock"] and s["seconds"] >= 0 and s["estimate"] is not None
    build = next(s for s in steps if s["kind"] == "build")
    assert build["lock"] == "SHARE UPDATE EXCLUSIVE" and build["rows"] == 3000 and build["scaling"].startswith("linear")
    assert {t["name"]: t["rows"] for t in data["tables"]}["usage_events"] == 3000
    assert data["inserted"] > 0 and data["reads"] > 0
    assert data["rollback"] and all(s["status"] == "changed" for s in data["rollback"])
    assert "```mermaid\ngraph LR" in report and "gantt" in report
    assert state(target) == before


def failing_spec(tmp_path: Path, table_file: str, extra: str) -> Path:
    spec = tmp_path / "spec"
    shutil.copytree(RELEASE_0002, spec)
    with (spec / table_file).open("a") as f:
        f.write(extra)
    return spec


@pytest.mark.parametrize(
    ("extra", "step", "example"),
    [
        ("checks:\n  - {name: tokens_in_small, expression: 'tokens_in < 100'}\n", "tokens_in_small", "Failing row"),
        (
            "  - {name: usage_events_model_key, unique: true, columns: [model]}\n",
            "usage_events_model_key",
            "Key (model)=(gpt-4o-mini)",
        ),
    ],
    ids=["check-violated", "unique-collides"],
)
def test_a_plan_that_fails_on_the_data_exits_1_naming_the_step_and_a_row(
    target, server_url, tmp_path, extra, step, example
):
    if extra.startswith("  -"):  # an index: append it to the indexes list, which precedes foreign_keys
        spec = tmp_path / "spec"
        shutil.copytree(RELEASE_0002, spec)
        text = (spec / "usage_events.yaml").read_text().replace("foreign_keys:", extra + "foreign_keys:")
        (spec / "usage_events.yaml").write_text(text)
    else:
        spec = failing_spec(tmp_path, "usage_events.yaml", extra)
    before = state(target)

    code, data, report = rehearse(target, server_url, tmp_path, "--spec", spec, "--rows", "5000")

    assert code == 1
    assert step in data["failed_step"] and example in data["example"]
    failed = [s for s in data["steps"] if s["status"] == "failed"]
    assert len(failed) == 1 and step in failed[0]["description"] and failed[0]["error"]
    assert not data["converged"]
    assert state(target) == before


def test_statistics_only_mode_works_for_a_role_that_cannot_read_the_rows(target, server_url, tmp_path):
    role, password = f"rh_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(role)))
    params = conninfo_to_dict(target)
    params.update(user=role, password=password)
    role_url = make_conninfo(**params)
    try:
        with psycopg.connect(role_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT 1 FROM usage_events LIMIT 1")
        before = state(target)

        code, data, report = rehearse(
            role_url, server_url, tmp_path, "--spec", DESIRED, "--rows", "2000", "--synthetic"
        )

        assert code == 0, data.get("failure")
        rows = {t["name"]: t for t in data["tables"]}
        assert rows["usage_events"]["rows"] > 0 and rows["usage_events"]["target_rows"] == 3000
        assert rows["provider_keys"]["rows"] == 40
        assert data["data"] == "synthetic" and data["converged"]
        assert password not in json.dumps(data) and password not in report
        assert state(target) == before
    finally:
        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_an_unreachable_dev_server_is_a_one_line_error(target, tmp_path):
    result = cli(
        "rehearse",
        "--database-url",
        target,
        "--dev-url",
        "postgresql://nobody@127.0.0.1:1/x",
        "--spec",
        DESIRED,
        "--report",
        tmp_path / "r.md",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and len(result.stderr.strip().splitlines()) == 1


def test_a_dropped_column_comes_back_with_its_archived_values_on_rollback(target, server_url, tmp_path):
    spec = tmp_path / "spec"
    shutil.copytree(RELEASE_0002, spec)
    text = (spec / "usage_events.yaml").read_text()
    (spec / "usage_events.yaml").write_text(text.replace("  - {name: tokens_out, type: integer, default: 0}\n", ""))

    code, data, _ = rehearse(target, server_url, tmp_path, "--spec", spec, "--allow-drop", "column")

    assert code == 0, data.get("failure")
    assert any(s["kind"] == "drop" and "tokens_out" in s["description"] for s in data["steps"])
    assert any(s["kind"] == "restore" for s in data["rollback"])
    assert data["rows_checked"] >= 1000 and data["converged"]


def test_a_saved_plan_is_rehearsed_and_budgets_exit_3(target, server_url, tmp_path):
    plan = tmp_path / "p.json"
    assert cli("plan", "--spec", DESIRED, "--database-url", target, "--out", plan).exit_code in (0, 2)

    code, data, report = rehearse(target, server_url, tmp_path, str(plan), "--rows", "500", "--max-lock-ms", "0")

    assert code == 3
    assert data["converged"] and len(data["steps"]) == 22
    assert data["over_budget"] and "would stall writers" in data["over_budget"][0]
    assert "over budget" in report


def test_reading_the_target_takes_nothing_stronger_than_access_share(target, server_url, tmp_path):
    """EXCLUSIVE mode admits only ACCESS SHARE: held on every table, the rehearsal still reads them all."""
    with psycopg.connect(target) as holder:
        names = table_names(holder, ["public"])
        holder.execute(
            sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(
                sql.SQL(", ").join(sql.Identifier(s, n) for s, n in names)
            )
        )
        code, data, _ = rehearse(
            target, server_url, tmp_path, "--spec", DESIRED, "--rows", "500", "--read-timeout", "5s"
        )
        holder.rollback()

    assert code == 0, data.get("failure")
    assert {t["name"]: t["rows"] for t in data["tables"]}["usage_events"] == 500


def test_sample_copies_a_share_of_each_table_keeping_foreign_keys(db_url, server_url, tmp_path):
    """--sample 10%: parents sampled first, children only when their parent is in the copy (whose
    foreign key is in place while rows are copied, so an orphan would fail the rehearsal)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE rh_parent (id integer PRIMARY KEY, label text NOT NULL)")
        conn.execute(
            "CREATE TABLE rh_child (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES rh_parent (id))"
        )
        conn.execute("INSERT INTO rh_parent SELECT g, 'p' || g FROM generate_series(1, 2000) g")
        conn.execute("INSERT INTO rh_child SELECT g, 1 + (g * 7) % 2000 FROM generate_series(1, 2000) g")
        conn.execute("ANALYZE")
    spec = tmp_path / "spec"
    assert cli("import", "--database-url", db_url, "--out", spec, "--table", "rh_*").exit_code == 0
    with (spec / "rh_child.yaml").open("a") as f:
        f.write("indexes:\n  - {name: rh_child_parent_idx, columns: [parent_id]}\n")
    before = state(db_url)

    code, data, report = rehearse(db_url, server_url, tmp_path, "--spec", spec, "--sample", "10%")

    assert code == 0, data.get("failure")
    assert (data["data"], data["sample_percent"]) == ("sampled", 10.0) and "10% of each table" in report
    rows = {t["name"]: t for t in data["tables"]}
    assert 20 <= rows["rh_parent"]["rows"] <= 1000  # 10% of 2000 is 200: loose bounds, never flaky
    assert 1 <= rows["rh_child"]["rows"] <= rows["rh_parent"]["rows"] * 2
    assert rows["rh_child"]["rows"] < 2000 and rows["rh_parent"]["target_rows"] == 2000
    assert any("rh_child_parent_idx" in s["description"] for s in data["steps"]) and data["converged"]
    assert state(db_url) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sample", "1%", "--rows", "10"), "mutually exclusive"),
        (("--sample", "1%", "--synthetic"), "--synthetic"),
    ],
)
def test_sample_refuses_rows_and_synthetic_in_one_line(target, server_url, tmp_path, args, message):
    result = cli("rehearse", "--database-url", target, "--dev-url", server_url, "--spec", DESIRED, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sample_percent_parses_a_percentage():
    from reconcile.cli.rehearse import _percent

    assert _percent(None, None, "1%") == 1.0  # type: ignore[arg-type]
    assert _percent(None, None, "0.5") == 0.5  # type: ignore[arg-type]
    for bad in ("0", "150%", "lots"):
        with pytest.raises(click.BadParameter):
            _percent(None, None, bad)  # type: ignore[arg-type]
