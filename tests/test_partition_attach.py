"""Attaching a table with rows as a partition: the parent's indexes built concurrently and the bound
proven by a validated CHECK before ATTACH, so that a writer of the table is never blocked for long."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from psycopg import sql

from .helpers import cli, scalar, write_spec

ROWS = 1_000_000
SETUP = """
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
CREATE TABLE orders (
  id bigint NOT NULL, region text NOT NULL, total numeric, customer_id bigint,
  PRIMARY KEY (id, region),
  CONSTRAINT orders_total_check CHECK (total >= 0),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) PARTITION BY LIST (region);
CREATE INDEX orders_total_idx ON orders (total);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_asia (id bigint NOT NULL, region text NOT NULL, total numeric, customer_id bigint);
"""
FILL = "INSERT INTO orders_asia SELECT g, 'asia', mod(g, 1000), 1 + mod(g, 10) FROM generate_series(1, %s) g"
ORDERS = """
    table: orders
    columns:
      - {name: id, type: bigint, nullable: false}
      - {name: region, type: text, nullable: false}
      - {name: total, type: numeric}
      - {name: customer_id, type: bigint}
    primary_key: [id, region]
    partition_by: {strategy: list, columns: [region]}
    indexes:
      - {name: orders_total_idx, columns: [total]}
    checks:
      - {name: orders_total_check, expression: "total >= 0"}
    foreign_keys:
      - {name: orders_customer_fk, columns: [customer_id], references: {table: customers, columns: [id]}}
"""
PART = "table: orders_%s\npartition_of: orders\nbounds: \"FOR VALUES IN ('%s')\"\n"


def _setup(url: str, rows: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SETUP)  # type: ignore[call-overload]
        conn.execute(FILL, (rows,))  # type: ignore[call-overload]


def _spec(tmp_path):  # type: ignore[no-untyped-def]
    customers = "table: customers\ncolumns:\n  - {name: id, type: bigint, primary_key: true}\n"
    return write_spec(
        tmp_path / "spec", customers=customers, orders=ORDERS, orders_eu=PART % ("eu", "eu"),
        orders_asia=PART % ("asia", "asia"),
    )  # fmt: skip


def _steps(spec, url: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = cli("plan", "--spec", spec, "--database-url", url, "--format", "json")
    assert result.exit_code == 0, result.output
    return [s for g in json.loads(result.output)["groups"] for s in g["steps"]]


def test_the_attach_comes_after_the_concurrent_builds_and_the_validated_bound(tmp_path, db_url) -> None:
    _setup(db_url, 100)
    steps = _steps(_spec(tmp_path), db_url)
    sqls = [s["sql"] for s in steps]
    attach = next(n for n, s in enumerate(sqls) if "ATTACH PARTITION" in s)
    builds = [n for n, s in enumerate(sqls) if "CONCURRENTLY" in s and '"orders_asia"' in s]
    validates = [n for n, s in enumerate(sqls) if "VALIDATE CONSTRAINT" in s]
    assert len(builds) == 2 and len(validates) == 3  # the index, the key's; the bound, the CHECK, the FK
    assert max(builds + validates) < attach
    assert [h["code"] for h in steps[attach]["hazards"]] == ["ACCESS_EXCLUSIVE_LOCK"]  # no scan under it


def _write_until(url: str, done: threading.Event, waits: list[float], errors: list[str]) -> None:
    """Insert rows into the table one at a time, timing each, until `done`."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")
        n = ROWS
        while not done.is_set():
            n += 1
            start = time.monotonic()
            try:
                conn.execute("INSERT INTO orders_asia VALUES (%s, 'asia', 1, 1)", (n,))
            except psycopg.Error as exc:
                errors.append(str(exc))
                return
            waits.append(time.monotonic() - start)
            time.sleep(0.005)


def test_a_writer_of_the_table_is_not_blocked_longer_than_the_lock_timeout(tmp_path, db_url) -> None:
    """ATTACH building the indexes and scanning the rows itself would hold its ACCESS EXCLUSIVE lock
    for 1.5s on this many rows (measured on PostgreSQL 15); online, each lock is brief and waited for at most 200ms."""
    _setup(db_url, ROWS)
    spec = _spec(tmp_path)
    done, waits, errors = threading.Event(), [], []  # type: ignore[var-annotated]
    writer = threading.Thread(target=_write_until, args=(db_url, done, waits, errors))
    writer.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "reconcile", "apply", "--spec", str(spec), "--database-url", db_url,
             "--auto-approve", "--no-evidence", "--lock-timeout", "200ms", "--lock-retries", "50"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        done.set()
        writer.join()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not errors, errors
    assert len(waits) > 20, "the writer ran during the apply"
    assert max(waits) < 0.75, f"a write waited {max(waits):.2f}s"
    assert _spec_converged(spec, db_url)
    assert scalar(db_url, "SELECT count(*) FROM orders WHERE region = 'asia'") == ROWS + len(waits)


def _spec_converged(spec, url: str) -> bool:  # type: ignore[no-untyped-def]
    return cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode").exit_code == 0


RANGE_SETUP = """
CREATE TABLE readings (site integer NOT NULL, day date NOT NULL, v numeric) PARTITION BY RANGE (site, day);
CREATE TABLE readings_1 PARTITION OF readings FOR VALUES FROM (1, '2024-01-01') TO (1, '2025-01-01');
CREATE TABLE readings_2 (site integer NOT NULL, day date NOT NULL, v numeric);
INSERT INTO readings_2 SELECT 2 + g % 3, DATE '2024-01-01' + g % 500, g FROM generate_series(1, 1000) g;
"""
READINGS = """
    table: readings
    columns:
      - {name: site, type: integer, nullable: false}
      - {name: day, type: date, nullable: false}
      - {name: v, type: numeric}
    partition_by: {strategy: range, columns: [site, day]}
"""
READING = 'table: readings_%s\npartition_of: readings\nbounds: "FOR VALUES FROM (%s) TO (%s)"\n'


def _run_noting_the_attach(url: str, steps: list[dict], marker: str = "ATTACH PARTITION") -> list[str]:
    """Run the plan's steps in order; the server's DEBUG1 messages from the ATTACH (the step whose SQL has `marker`)
    on (it says when a partition constraint is implied by existing constraints, that is, when it skips its scan)."""
    messages: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        for s in steps:
            attach = marker in s["sql"]
            if attach:
                conn.execute("SET client_min_messages = debug1")
                conn.add_notice_handler(lambda d: messages.append(d.message_primary or ""))
            for command in s["statements"] or [s["sql"]]:
                conn.execute(command)
            if attach:
                conn.execute("RESET client_min_messages")
    return messages


def test_a_multi_column_range_bound_is_proven_by_a_check_so_the_attach_does_not_scan(tmp_path, db_url) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(RANGE_SETUP)  # type: ignore[call-overload]
    spec = write_spec(
        tmp_path / "spec", readings=READINGS, readings_1=READING % (1, "1, '2024-01-01'", "1, '2025-01-01'"),
        readings_2=READING % (2, "2, MINVALUE", "5, '2024-06-01'"),
    )  # fmt: skip
    steps = _steps(spec, db_url)
    attach = next(s for s in steps if "ATTACH PARTITION" in s["sql"])
    assert [h["code"] for h in attach["hazards"]] == ["ACCESS_EXCLUSIVE_LOCK"]
    assert any("VALIDATE CONSTRAINT" in s["sql"] for s in steps)
    messages = _run_noting_the_attach(db_url, steps)
    assert 'partition constraint for table "readings_2" is implied by existing constraints' in messages, messages
    assert scalar(db_url, "SELECT count(*) FROM readings WHERE site > 1") == 1000
    assert _spec_converged(spec, db_url)


@pytest.mark.parametrize(
    ("key", "columns", "bounds"),
    [
        ("RANGE (a, b)", "a bigint, b text", "FROM (1, 'a') TO (1, 'm')"),  # an equal leading column
        ("RANGE (a, b)", "a bigint, b date", "FROM (1, MINVALUE) TO (5, MAXVALUE)"),
        ("RANGE (a, b)", "a bigint, b date", "FROM (MINVALUE, MINVALUE) TO (5, '2024-01-01')"),
        ("RANGE (a, b, c)", "a integer, b integer, c numeric", "FROM (1, 2, 3) TO (4, 5, 7.5)"),
        ("RANGE (a, b, c)", "a integer, b integer, c numeric", "FROM (1, 2, MINVALUE) TO (1, 5, MAXVALUE)"),
        ("RANGE (a)", "a timestamptz", "FROM (MINVALUE) TO ('2024-01-01')"),
        ("LIST (a)", "a text", "IN ('x')"),
        ("LIST (a)", "a integer", "IN (1, 2, 3)"),
    ],
)
def test_the_bound_checks_imply_the_partition_constraints(db_url, key: str, columns: str, bounds: str) -> None:
    """The server's own proof, for the partition and for the DEFAULT one: DEBUG1 says so when ATTACH skips a scan."""
    from reconcile.ddl.partition_bounds import bound_check, default_check

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE p ({columns}) PARTITION BY {key}")  # type: ignore[call-overload]
        conn.execute("CREATE TABLE rest PARTITION OF p DEFAULT")
        conn.execute(f"CREATE TABLE probe PARTITION OF p FOR VALUES {bounds}")  # type: ignore[call-overload]
        [(rendered,)] = conn.execute("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'probe'")
        conn.execute("DROP TABLE probe")
        check, excluded = bound_check(key, rendered, ("public", "p")), default_check(key, rendered, ("public", "p"))
        assert check is not None and excluded is not None
        conn.execute(f"CREATE TABLE t ({columns})")  # type: ignore[call-overload]
        conn.execute(sql.SQL("ALTER TABLE t ADD CONSTRAINT b {}").format(check))
        conn.execute(sql.SQL("ALTER TABLE rest ADD CONSTRAINT b {}").format(excluded))
        messages: list[str] = []
        conn.add_notice_handler(lambda d: messages.append(d.message_primary or ""))
        conn.execute("SET client_min_messages = debug1")
        conn.execute(f"ALTER TABLE p ATTACH PARTITION t {rendered}")  # type: ignore[call-overload]
    assert 'partition constraint for table "t" is implied by existing constraints' in messages, messages
    assert 'updated partition constraint for default partition "rest" is implied by existing constraints' in messages


REST = "table: readings_rest\npartition_of: readings\nbounds: DEFAULT\n"


def test_the_default_partition_gets_a_check_excluding_the_bound_so_the_attach_scans_neither(tmp_path, db_url) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(RANGE_SETUP)  # type: ignore[call-overload]
        conn.execute("CREATE TABLE readings_rest PARTITION OF readings DEFAULT")
        conn.execute("INSERT INTO readings SELECT 9, DATE '2024-01-01' + g, g FROM generate_series(1, 500) g")
    spec = write_spec(
        tmp_path / "spec", readings=READINGS, readings_1=READING % (1, "1, '2024-01-01'", "1, '2025-01-01'"),
        readings_2=READING % (2, "2, MINVALUE", "5, '2024-06-01'"), readings_rest=REST,
    )  # fmt: skip
    steps = _steps(spec, db_url)
    attach = next(s for s in steps if "ATTACH PARTITION" in s["sql"])
    assert [h["code"] for h in attach["hazards"]] == ["ACCESS_EXCLUSIVE_LOCK"]
    # each step names the table it locks, so a lock wait watches that table's holders
    tables = {s["table"] for s in steps if "readings_2_reconcile_not_in" in s["sql"]}
    assert tables == {"public.readings_rest"}, tables
    assert attach["table"] == "public.readings_2"
    messages = _run_noting_the_attach(db_url, steps)
    assert 'partition constraint for table "readings_2" is implied by existing constraints' in messages, messages
    implied = 'updated partition constraint for default partition "readings_rest" is implied by existing constraints'
    assert implied in messages, messages
    assert scalar(db_url, "SELECT count(*) FROM readings_rest") == 500
    assert scalar(db_url, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%reconcile%'") == 0
    assert _spec_converged(spec, db_url)


def test_a_default_partition_holding_rows_of_the_bound_fails_before_the_attach(tmp_path, db_url) -> None:
    """The DEFAULT partition's CHECK fails its validation (writes go on); ATTACH would have failed the same way,
    under its lock. Nothing is attached, and the next plan starts again (the CHECK left behind is its own)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(RANGE_SETUP)  # type: ignore[call-overload]
        conn.execute("CREATE TABLE readings_rest PARTITION OF readings DEFAULT")
        conn.execute("INSERT INTO readings VALUES (3, DATE '2024-02-01', 1)")  # in readings_2's bound
    spec = write_spec(
        tmp_path / "spec", readings=READINGS, readings_1=READING % (1, "1, '2024-01-01'", "1, '2025-01-01'"),
        readings_2=READING % (2, "2, MINVALUE", "5, '2024-06-01'"), readings_rest=REST,
    )  # fmt: skip
    failed = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert failed.exit_code != 0
    assert "readings_2_reconcile_not_in" in failed.output + failed.stderr, failed.output + failed.stderr
    assert scalar(db_url, "SELECT count(*) FROM pg_inherits WHERE inhrelid = 'readings_2'::regclass") == 0
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0, again.output + again.stderr
    assert "drop constraint" not in again.output and "ATTACH PARTITION" in again.output, again.output


def test_an_attach_that_must_scan_says_so_in_the_plan(tmp_path, db_url) -> None:
    """A key of an expression: no CHECK of reconcile's proves the bound, nor excludes it from the DEFAULT partition."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE logs (at timestamp NOT NULL) PARTITION BY RANGE ((at::date));"
            "CREATE TABLE logs_rest PARTITION OF logs DEFAULT; CREATE TABLE logs_2024 (at timestamp NOT NULL)"
        )
    parent = "table: logs\ncolumns:\n  - {name: at, type: timestamp, nullable: false}\n"
    parent += "partition_by: {strategy: range, expression: 'at::date'}\n"
    part = "table: logs_2024\npartition_of: logs\nbounds: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"\n"
    rest = "table: logs_rest\npartition_of: logs\nbounds: DEFAULT\n"
    spec = write_spec(tmp_path / "spec", logs=parent, logs_2024=part, logs_rest=rest)
    attach = next(s for s in _steps(spec, db_url) if "ATTACH PARTITION" in s["sql"])
    assert [h["detail"] for h in attach["hazards"] if h["code"] == "VALIDATE_SCAN"] == [
        "ATTACH reads every row of public.logs_2024 under its lock (no CHECK can prove this bound)",
        "ATTACH reads every row of the DEFAULT partition public.logs_rest under its lock",
    ]
    text = cli("plan", "--spec", spec, "--database-url", db_url).output
    assert "! VALIDATE_SCAN: ATTACH reads every row of the DEFAULT partition public.logs_rest under its lock" in text


def test_a_partition_created_beside_a_default_one_does_not_scan_it_under_its_lock(tmp_path, db_url) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(RANGE_SETUP)  # type: ignore[call-overload]
        conn.execute("DROP TABLE readings_2; CREATE TABLE readings_rest PARTITION OF readings DEFAULT")
        conn.execute("INSERT INTO readings SELECT 9, DATE '2024-01-01' + g, g FROM generate_series(1, 500) g")
    spec = write_spec(
        tmp_path / "spec", readings=READINGS, readings_1=READING % (1, "1, '2024-01-01'", "1, '2025-01-01'"),
        readings_2=READING % (2, "2, MINVALUE", "5, '2024-06-01'"), readings_rest=REST,
    )  # fmt: skip
    steps = _steps(spec, db_url)
    create = next(s for s in steps if "PARTITION OF" in s["sql"])
    assert not [h for h in create["hazards"] if h["code"] == "VALIDATE_SCAN"]
    messages = _run_noting_the_attach(db_url, steps, "PARTITION OF")
    implied = 'updated partition constraint for default partition "readings_rest" is implied by existing constraints'
    assert implied in messages, messages
    assert scalar(db_url, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%reconcile%'") == 0
    assert _spec_converged(spec, db_url)
