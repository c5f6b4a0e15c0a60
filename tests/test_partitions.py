"""Partitioned tables: spec fields refused at load, key changes refused at plan time, indexes of a
partitioned table with rows replaced and dropped online, and import round-trips."""

from __future__ import annotations

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.spec.model import TableSpec

from .helpers import cli, scalar, write_spec

EVENTS = """
    table: events
    columns:
      - {name: id, type: bigint, nullable: false}
      - {name: at, type: date, nullable: false}
      - {name: kind, type: text}
    partition_by: {strategy: range, columns: [at]}
    indexes:
      - {name: events_kind_idx, columns: [%s]}
"""
PART = """
    table: events_%s
    partition_of: events
    bounds: "FOR VALUES FROM ('%s-01-01') TO ('%s-01-01')"
"""
ROWS = """
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind_idx ON events (kind);
INSERT INTO events SELECT g, DATE '2025-01-01' + g % 700, 'k' || g % 7 FROM generate_series(1, 2000) g;
"""


def _spec(tmp_path, index: str = "kind", **extra: str):
    return write_spec(
        tmp_path / "spec",
        events=EVENTS % index,
        events_2025=PART % ("2025", "2025", "2026"),
        events_2026=PART % ("2026", "2026", "2027"),
        **extra,
    )


def _run(url: str, text: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(text)  # type: ignore[call-overload]


def _plan(spec, url: str):
    return cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode")


@pytest.mark.parametrize(
    "bounds",
    [
        "DEFAULT; DROP TABLE events",
        "FOR VALUES IN (1) WITH (fillfactor = 10)",
        "DEFAULT PARTITION BY RANGE (at)",
        "FOR VALUES IN (1) -- comment",
        "FOR VALUES IN (1)) ; SELECT (1",
        "IN (1)",
        "",
    ],
)
def test_bounds_other_than_one_bound_clause_are_refused_at_load(bounds: str) -> None:
    with pytest.raises(ValidationError):
        TableSpec.model_validate({"table": "p", "partition_of": "events", "bounds": bounds})


@pytest.mark.parametrize(
    "fields",
    [
        {"partition_of": "events"},  # no bounds
        {"bounds": "DEFAULT", "columns": [{"name": "a", "type": "int"}]},  # bounds without a parent
        {"partition_of": "events", "bounds": "DEFAULT", "columns": [{"name": "a", "type": "int"}]},
        {"columns": [{"name": "a", "type": "int"}], "partition_by": {"strategy": "range"}},
        {"columns": [{"name": "a", "type": "int"}], "partition_by": {"strategy": "list", "columns": ["a", "b"]}},
        {"columns": [{"name": "a", "type": "int"}], "partition_by": {"strategy": "range", "expression": "a); x("}},
        {"columns": [{"name": "a", "type": "int"}], "partition_by": {"strategy": "rnage", "columns": ["a"]}},
    ],
)
def test_inconsistent_partitioning_is_refused_at_load(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TableSpec.model_validate({"table": "p", **fields})


def test_a_partition_of_an_undeclared_or_plain_table_names_its_line(tmp_path, db_url) -> None:
    spec = write_spec(tmp_path / "a", orphan=PART % ("2025", "2025", "2026"))
    result = _plan(spec, db_url)
    assert result.exit_code == 1
    assert "orphan.yaml:2" in result.stderr and "public.events is not declared in the spec" in result.stderr
    plain = "table: events\ncolumns:\n  - {name: at, type: date}\n"
    spec = write_spec(tmp_path / "b", events=plain, orphan=PART % ("2025", "2025", "2026"))
    result = _plan(spec, db_url)
    assert result.exit_code == 1 and "not partitioned" in result.stderr


def test_a_changed_partition_key_is_refused_at_plan_time(tmp_path, db_url) -> None:
    _run(db_url, ROWS)
    spec = _spec(tmp_path)
    text = (spec / "events.yaml").read_text().replace("columns: [at]}", 'expression: "at + 0"}')
    (spec / "events.yaml").write_text(text)
    result = _plan(spec, db_url)
    assert result.exit_code == 1
    assert "table public.events: partitioning cannot change in place" in result.stderr
    assert "RANGE (at) -> RANGE (" in result.stderr


def test_an_index_of_a_partitioned_table_with_rows_is_replaced_and_dropped_online(tmp_path, db_url) -> None:
    _run(db_url, ROWS)
    spec = _spec(tmp_path)
    assert _plan(spec, db_url).exit_code == 0, "the imported shape converges"
    spec = _spec(tmp_path, index="kind, at")
    plan = _plan(spec, db_url)
    assert plan.exit_code == 2
    assert "ON ONLY" in plan.output and "CREATE INDEX CONCURRENTLY" in plan.output
    assert "ATTACH PARTITION" in plan.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert _plan(spec, db_url).exit_code == 0
    valid = "SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    assert scalar(db_url, valid + " WHERE c.relname LIKE '%events_kind_idx%'") is True
    assert scalar(db_url, "SELECT pg_get_indexdef('events_kind_idx'::regclass)") == (
        "CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind, at)"
    )
    assert scalar(db_url, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events_kind_idx'::regclass") == 2
    # dropped: not concurrently (PostgreSQL cannot on a partitioned index), the partitions' copies with it
    spec = write_spec(tmp_path / "spec", events=(EVENTS % "kind").split("    indexes:")[0])
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "index")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert "DROP INDEX IF EXISTS" in applied.output
    assert scalar(db_url, "SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'events%'") == 0
    assert scalar(db_url, "SELECT count(*) FROM events") == 2000


def test_a_new_partition_is_created_after_the_parents_new_index(tmp_path, db_url) -> None:
    """It then inherits the index; created before, the parent's index would stay INVALID."""
    _run(db_url, ROWS)
    spec = _spec(tmp_path, index="kind, at", events_2027=PART % ("2027", "2027", "2028"))
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert _plan(spec, db_url).exit_code == 0
    assert scalar(db_url, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events_kind_idx'::regclass") == 3


def test_partitioned_tables_round_trip_through_import(tmp_path, make_db) -> None:
    source, empty = make_db(), make_db()
    _run(
        source,
        ROWS
        + """
        ALTER TABLE events ADD PRIMARY KEY (id, at);
        ALTER TABLE events ADD CHECK (id > 0);
        CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')
          PARTITION BY HASH (id);
        CREATE TABLE events_2027_0 PARTITION OF events_2027 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
        CREATE TABLE events_2027_1 PARTITION OF events_2027 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
        CREATE TABLE events_rest PARTITION OF events DEFAULT;
        CREATE INDEX events_2026_id_idx ON events_2026 (id);
        CREATE TABLE logs (at timestamp NOT NULL, line text) PARTITION BY RANGE (date_trunc('day', at));
        CREATE TABLE logs_all PARTITION OF logs DEFAULT;
        """,
    )
    out = tmp_path / "spec"
    imported = cli("import", "--database-url", source, "--out", out)
    assert imported.exit_code == 0, imported.output + imported.stderr
    assert "partition_of: events_2027" in (out / "events_2027_0.yaml").read_text()
    assert _plan(out, source).exit_code == 0
    applied = cli("apply", "--spec", out, "--database-url", empty, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert _plan(out, empty).exit_code == 0
    tree = (
        "SELECT string_agg(relid::text || ':' || coalesce(parentrelid::text, '-'), ',' ORDER BY relid::text)"
        " FROM pg_partition_tree('events')"
    )
    assert scalar(empty, tree) == scalar(source, tree)
    assert scalar(empty, "SELECT pg_get_partkeydef('logs'::regclass)") == "RANGE (date_trunc('day'::text, at))"


def test_a_partitioned_table_dropped_with_its_partitions_is_archived_whole(tmp_path, db_url) -> None:
    """Each partition is detached (while its parent is still in place), then everything archived."""
    _run(db_url, ROWS + "CREATE TABLE keep (id int);")
    spec = write_spec(tmp_path / "spec", keep="table: keep\ncolumns:\n  - {name: id, type: integer}\n")
    (tmp_path / "reconcile.yaml").write_text("include:\n  - {schema: public}\n")
    plan = _plan(spec, db_url)
    assert plan.exit_code == 3, plan.output + plan.stderr  # refused without --allow-drop table
    detach = plan.output.index('DETACH PARTITION "public"."events_2025"')
    assert detach < plan.output.index('ALTER TABLE "public"."events" RENAME TO')
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "table")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert _plan(spec, db_url).exit_code == 0
    archived = "SELECT count(*) FROM reconcile_archive.archived_tables WHERE \"table\" LIKE 'events%'"
    assert scalar(db_url, archived) == 3
    rows = "SELECT sum(c) FROM (SELECT count(*) c FROM ONLY reconcile_archive.{}) x"
    names = "SELECT string_agg(name, ',') FROM reconcile_archive.archived_tables WHERE \"table\" <> 'events'"
    total = sum(int(str(scalar(db_url, rows.format(n)))) for n in str(scalar(db_url, names)).split(","))
    assert total == 2000


def test_a_build_interrupted_before_any_partition_is_done_is_built_again_whole(tmp_path, db_url) -> None:
    """Only the parent's ON ONLY index is there (INVALID): nothing to keep; a resume of none would
    create it a second time."""
    _run(
        db_url,
        ROWS.replace(
            "CREATE INDEX events_kind_idx ON events (kind);", "CREATE INDEX events_kind_idx ON ONLY events (kind);"
        ),
    )
    spec = _spec(tmp_path)
    plan = _plan(spec, db_url)
    assert plan.exit_code == 2 and "INVALID index: drop and build again" in plan.output, plan.output
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert _plan(spec, db_url).exit_code == 0
    assert scalar(db_url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass") is True
