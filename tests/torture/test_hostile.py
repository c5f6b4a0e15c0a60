"""Hostile input: odd identifiers, random types and defaults, mutated YAML, corrupted CSVs.

Every case either works end to end (plan -> apply -> empty second plan, exactly the named objects
created, the sentinel table `x` untouched) or fails with a one-line error (exit 1 or 3): never a
traceback (the CLI runs in-process with catch_exceptions=False), never anything else changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from ..conftest import run_sql_file
from ..helpers import cli
from .conftest import STATS

pytestmark = pytest.mark.torture

FIXTURE = (
    Path(__file__).resolve().parents[2].parent / "shared/fixtures/openai/completions_usage_2025-09-01_2025-10-01.csv"
)

ODD_NAMES = [
    '"; DROP TABLE x; --',
    "x",  # the sentinel's own name, as a column
    "select",
    "user",
    "order",
    "My Table",
    "MyTable",
    "mytable",
    "ünïcødé",
    "日本語の表",
    "a" * 63,
    "é" * 31,  # 62 bytes
    "é" * 32,  # 64 bytes: over PostgreSQL's limit
    "b" * 64,
    "with'quote",
    'with"dq',
    "back\\slash",
    "new\nline",
    "dollar$1",
    "$$",
    "tab\there",
    " leading",
    "trailing ",
    "%s",
    "{}",
    "-- comment",
    "emoji😀",
    "zero\u200bwidth",
]
TYPES = [
    "int",
    "bigint",
    "text",
    "numeric(10,2)",
    "numeric(5)",
    "timestamptz",
    "timestamp",
    "boolean",
    "int[]",
    "text[]",
    "jsonb",
    "varchar(20)",
    "character varying(300)",
    "double precision",
    "serial",
    "nosuchtype",
    "int(",
    "text; DROP TABLE x",
    "varchar(-1)",
    "numeric(1001)",
    "x",  # the sentinel table's row type
]
DEFAULTS = [
    None,
    "0",
    "'a'",
    "now()",
    "'{}'",
    "'x''y'",
    "1/0",
    "nextval('nope')",
    "'; DROP TABLE x; --",
    42,
    True,
    "(",
    "",
]

PREDICATES = ["", "COL IS NOT NULL", "COL IS NULL", "true", "1/0 = 1", "nosuchcol > 0", "COL IS NOT NULL; DROP TABLE x"]
CHECKS = ["COL IS NOT NULL", "true", "COL IS NULL OR true", "nosuchcol > 0", "(", "now() > '2000-01-01'"]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


names = st.one_of(
    st.sampled_from(ODD_NAMES),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20),
)
columns = st.lists(
    st.fixed_dictionaries(
        {"name": names, "type": st.sampled_from(TYPES)},
        optional={"default": st.sampled_from(DEFAULTS), "nullable": st.booleans()},
    ),
    min_size=1,
    max_size=4,
)

HYPO = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def sentinel_db(make_db) -> str:  # type: ignore[no-untyped-def]
    url = make_db()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE x (id int PRIMARY KEY); INSERT INTO x VALUES (1)")
    return url


def user_tables(url: str) -> set[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return {
            (r[0], r[1])
            for r in conn.execute(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                " AND n.nspname NOT LIKE 'pg_%'"
            )
        }


def reset(url: str) -> None:
    """Back to just the sentinel: drop whatever a case created."""
    with psycopg.connect(url, autocommit=True) as conn:
        for schema, table in user_tables(url) - {("public", "x")}:
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(schema, table)))
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema')"
            " AND nspname NOT LIKE 'pg_%'"
        ).fetchall():
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def assert_failed_cleanly(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code in (1, 3), f"{what}: exit {result.exit_code}\n{result.output}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error: ")]
    assert len(errors) == 1, f"{what}: expected one 'Error:' line\n{result.stderr}"


def live_columns(url: str, schema: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [sql.Identifier(schema, table).as_string(conn)],
        )
        return {r[0] for r in rows}


def end_to_end(
    url: str,
    spec: Path,
    expected: set[tuple[str, str]] | None,
    expected_columns: dict[tuple[str, str], set[str]] | None = None,
) -> bool:
    """plan -> apply -> plan; True if it converged, False if it failed cleanly. Asserts the rest."""
    STATS["inputs"] += 1
    try:
        plan = cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode")
        if plan.exit_code != 2:
            assert plan.exit_code != 0, f"a spec with a new table planned no changes\n{plan.output}"
            assert_failed_cleanly(plan, "plan")
            assert user_tables(url) == {("public", "x")}
            return False
        applied = cli("apply", "--spec", spec, "--database-url", url, "--auto-approve")
        tables = user_tables(url)
        if applied.exit_code != 0:
            assert_failed_cleanly(applied, "apply")
            assert ("public", "x") in tables
            if expected is not None:
                assert tables <= {("public", "x")} | expected, tables
            return False
        again = cli("plan", "--spec", spec, "--database-url", url, "--detailed-exitcode")
        assert again.exit_code == 0, f"not converged after apply:\n{again.output}\n{again.stderr}"
        if expected is not None:
            assert tables == {("public", "x")} | expected, tables
        for (schema, table), names in (expected_columns or {}).items():
            assert live_columns(url, schema, table) == names, "created columns are not exactly the named ones"
        STATS["converged"] += 1
        return True
    finally:
        assert scalar_x(url) == 1, "the sentinel table x lost its row"
        reset(url)


def scalar_x(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM x").fetchone()
        return int(row[0]) if row else -1


def test_generated_specs_with_odd_identifiers_types_defaults(make_db, tmp_path, torture_scale):
    url = sentinel_db(make_db)
    outcomes: list[bool] = []

    @settings(max_examples=torture_scale(40), **HYPO)
    @given(
        table=names,
        cols=columns,
        index=st.one_of(st.none(), st.tuples(names, st.sampled_from(PREDICATES), st.booleans())),
        check=st.one_of(st.none(), st.tuples(st.one_of(st.none(), names), st.sampled_from(CHECKS))),
        unique_name=st.one_of(st.none(), names),
        child=st.one_of(st.none(), names),
    )
    def case(table, cols, index, check, unique_name, child) -> None:  # type: ignore[no-untyped-def]
        body: dict = {"table": table, "columns": cols}
        first = cols[0]["name"]
        if index is not None:
            body["indexes"] = [{"name": index[0], "columns": [first], "unique": index[2]}]
            if index[1]:
                body["indexes"][0]["where"] = index[1].replace("COL", quote(first))
        if check is not None:
            body["checks"] = [{"expression": check[1].replace("COL", quote(first))}]
            if check[0] is not None:
                body["checks"][0]["name"] = check[0]
        if unique_name is not None:
            body["unique"] = [{"name": unique_name, "columns": [first]}]
        files = {"t": body}
        expected = {("public", table)}
        columns_of = {("public", table): {c["name"] for c in cols}}
        if child is not None:  # a second table whose foreign key points at the first
            files["u"] = {
                "table": child,
                "columns": [{"name": "ref", "type": cols[0]["type"]}],
                "foreign_keys": [{"columns": ["ref"], "references": {"table": table, "columns": [first]}}],
            }
            expected.add(("public", child))
            columns_of[("public", child)] = {"ref"}
        spec = tmp_path / "spec"
        shutil.rmtree(spec, ignore_errors=True)
        spec.mkdir()
        for name, content in files.items():
            (spec / f"{name}.yaml").write_text(yaml.safe_dump(content, allow_unicode=True))
        outcomes.append(end_to_end(url, spec, expected, columns_of))

    case()
    assert user_tables(url) == {("public", "x")}


@pytest.mark.parametrize(
    "table",
    ['"; DROP TABLE x; --', "x; DROP TABLE x", "select", "ünïcødé", "a" * 63],
)
def test_injection_shaped_names_create_exactly_that_object(make_db, tmp_path, table):
    url = sentinel_db(make_db)
    body = {
        "table": table,
        "columns": [
            {"name": '"; DROP TABLE x; --', "type": "text", "default": "'; DROP TABLE x; --'"},
            {"name": "id", "type": "int", "primary_key": True},
        ],
        "indexes": [{"name": 'i"; DROP TABLE x; --', "columns": ['"; DROP TABLE x; --']}],
    }
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(body, allow_unicode=True))
    names = {'"; DROP TABLE x; --', "id"}
    assert end_to_end(url, tmp_path, {("public", table)}, {("public", table): names}) is True


BASE_SPEC = """\
table: things
columns:
  - {name: id, type: serial, primary_key: true}
  - {name: label, type: text, nullable: false, default: "'none'"}
  - {name: amount, type: "numeric(10,2)", default: 0}
  - {name: seen_at, type: timestamptz}
  - {name: tags, type: "text[]"}
indexes:
  - {name: things_label_idx, columns: [label, {expression: "lower(label)"}], where: "amount > 0"}
unique:
  - {columns: [label, seen_at]}
"""

mutations = st.lists(
    st.tuples(
        st.sampled_from(["flip", "truncate", "insert", "delete", "dup_line", "drop_line"]),
        st.integers(0, 10**6),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    buf = bytearray(data)
    for op, pos, byte in ops:
        if not buf:
            break
        i = pos % len(buf)
        if op == "flip":
            buf[i] ^= 1 << (byte % 8)
        elif op == "truncate":
            del buf[i:]
        elif op == "insert":
            buf.insert(i, byte)
        elif op == "delete":
            del buf[i]
        else:
            lines = bytes(buf).split(b"\n")
            j = pos % len(lines)
            if op == "dup_line":
                lines.insert(j, lines[j])
            else:
                del lines[j]
            buf = bytearray(b"\n".join(lines))
    return bytes(buf)


def test_mutated_yaml(make_db, tmp_path, torture_scale):
    url = sentinel_db(make_db)

    @settings(max_examples=torture_scale(60), **HYPO)
    @given(ops=mutations)
    def case(ops: list[tuple[str, int, int]]) -> None:
        spec = tmp_path / "spec"
        shutil.rmtree(spec, ignore_errors=True)
        spec.mkdir()
        (spec / "things.yaml").write_bytes(mutate(BASE_SPEC.encode(), ops))
        end_to_end(url, spec, None)

    case()


@pytest.fixture
def parity_db(make_db) -> str:  # type: ignore[no-untyped-def]
    url = make_db()
    run_sql_file(url, "0002.sql", "seed_rows.sql", "0003.sql")
    return url


def test_corrupted_csv_for_parity(parity_db, tmp_path, torture_scale):
    if not FIXTURE.exists():
        pytest.skip(f"no export fixture at {FIXTURE}")
    base = FIXTURE.read_bytes()
    extra = [b"", b"\xef\xbb\xbf" + base, base.replace(b"\n", b"\r\n"), base.split(b"\n")[0] + b"\n"]

    @settings(max_examples=torture_scale(40), **HYPO)
    @given(ops=mutations, which=st.integers(0, len(extra)), strict=st.booleans())
    def case(ops: list[tuple[str, int, int]], which: int, strict: bool) -> None:
        STATS["inputs"] += 1
        data = base if which == len(extra) else extra[which]
        path = tmp_path / "usage.csv"
        path.write_bytes(mutate(data, ops) if data else data)
        result = cli(
            "parity", "--csv", path, "--from", "2025-09-01", "--to", "2025-10-02",
            "--output", tmp_path / "report.json", "--database-url", parity_db,
            "--strict" if strict else "--skip-bad-rows",
        )  # fmt: skip
        if result.exit_code in (0, 2):
            assert "Traceback" not in result.stderr
            return
        assert_failed_cleanly(result, "parity")

    case()
