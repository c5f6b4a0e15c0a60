"""Round trip is import's contract: `import` then `plan` against the same database says "No changes",
and `import` then `apply` onto an empty database gives a `pg_dump --schema-only` identical to the source.

Checked on a database with every supported kind, on the real application's releases, and on
generated schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from .conftest import run_sql_file
from .helpers import cli, scalar
from .pgdump import dump, pg_dump_for
from .schemas import create_sql, schemas

APP = ["app/0000_initial.sql", "app/0001_provider_key_metadata.sql", "app/0002_openai_admin.sql"]


@pytest.fixture(scope="session")
def pg_dump(server_url: str) -> str:
    path = pg_dump_for(int(str(scalar(server_url, "SELECT current_setting('server_version_num')"))) // 10000)
    if path is None:
        pytest.skip("no pg_dump as new as the server")
    return path


def round_trip(source: str, empty: str, spec: Path, pg_dump: str, *schemas: str) -> None:
    """Import `source` (`schemas`, default public) into `spec`, then the contract: no changes planned,
    identical dump after apply."""
    imported = cli("import", "--database-url", source, "--out", spec, *(a for s in schemas for a in ("--schema", s)))
    assert imported.exit_code == 0, imported.stderr
    plan = cli("plan", "--spec", spec, "--database-url", source, "--detailed-exitcode")
    assert plan.exit_code == 0 and "No changes" in plan.output, plan.output + plan.stderr
    applied = cli("apply", "--spec", spec, "--database-url", empty, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert dump(pg_dump, empty) == dump(pg_dump, source)


def test_every_supported_kind(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    source = make_db()
    run_sql_file(source, "import/every_kind.sql")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(APP, id="0002"),
        pytest.param([*APP, "app/variants/0002_legacy_index_key_first.sql"], id="0002-key-first-index"),
        pytest.param([*APP, "app/0003_usage_event_windows.sql"], id="0003"),
    ],
)
def test_the_real_application(files: list[str], make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    source = make_db()
    run_sql_file(source, *files)
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure reports its example at once
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schema=schemas())
def test_generated_schemas(schema, make_db: Callable[[], str], tmp_path_factory, pg_dump: str) -> None:  # type: ignore[no-untyped-def]
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        for statement in create_sql(schema):
            conn.execute(statement)
    round_trip(source, make_db(), tmp_path_factory.mktemp("spec"), pg_dump)


VIRTUAL = """
CREATE TABLE gen_virtual (
  id integer PRIMARY KEY,
  price numeric NOT NULL,
  qty integer NOT NULL,
  total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL
);
"""


def test_virtual_generated_columns_on_18(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """VIRTUAL is PostgreSQL 18's: imported as `virtual: true`, applied, dumped identical."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        if conn.info.server_version < 180000:
            pytest.skip("VIRTUAL generated columns need PostgreSQL 18")
        conn.execute(VIRTUAL)
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    assert "virtual: true" in (tmp_path / "spec" / "gen_virtual.yaml").read_text()


def test_enum_types(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """Enums are written as `enum:` files, before the tables whose columns (and array columns) use them."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'Happy Days')")
        conn.execute(
            "CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL DEFAULT 'ok',"
            " history mood[] NOT NULL DEFAULT '{}')"
        )
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    assert (tmp_path / "spec" / "mood.yaml").read_text() == "enum: mood\nvalues: [sad, ok, Happy Days]\n"


def test_domains(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """Domains are written as `domain:` files (type, NOT NULL, default, checks), before the tables using them."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute(
            "CREATE DOMAIN amount AS numeric(12,2) NOT NULL DEFAULT 0"
            ' CONSTRAINT amount_not_negative CHECK (VALUE >= 0) CONSTRAINT "Small" CHECK (VALUE < 1e9)'
        )
        conn.execute("CREATE DOMAIN code AS varchar(8) COLLATE \"C\" CHECK (VALUE ~ '^[A-Z]+$')")
        conn.execute("CREATE DOMAIN short_code AS code")  # the collation it inherits is not its own
        conn.execute("CREATE TABLE orders (id integer PRIMARY KEY, total amount, sku code, short short_code)")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    text = (tmp_path / "spec" / "amount.yaml").read_text()
    assert text.startswith('domain: amount\ntype: "numeric(12,2)"\nnullable: false\ndefault: "0"\nchecks:\n'), text
    assert (
        (tmp_path / "spec" / "code.yaml")
        .read_text()
        .startswith('domain: code\ntype: "character varying(8)"\ncollation: C\n')
    )
    assert (tmp_path / "spec" / "short_code.yaml").read_text() == "domain: short_code\ntype: code\n"


def test_composite_types(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """Composite types are written as `composite:` files, before the tables whose columns use them."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute('CREATE TYPE address AS (street text, "Zip Code" varchar(10), tags text[])')
        conn.execute("CREATE TABLE people (id integer PRIMARY KEY, home address, past address[])")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    assert (tmp_path / "spec" / "address.yaml").read_text().startswith("composite: address\nattributes:\n")


def test_sequence_types(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """A sequence's data type is written when not bigint, with the bounds PostgreSQL gave it."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer PRIMARY KEY, number integer)")
        conn.execute("CREATE SEQUENCE invoice_numbers AS integer START 1000")
        conn.execute("CREATE SEQUENCE tiny AS smallint INCREMENT -1 OWNED BY invoices.number")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    text = (tmp_path / "spec" / "invoice_numbers.yaml").read_text()
    assert "\ntype: integer\n" in text and "max: 2147483647\n" in text, text
    tiny = (tmp_path / "spec" / "tiny.yaml").read_text()
    assert "type: smallint\n" in tiny and "min: -32768\n" in tiny and tiny.endswith('owned_by: "invoices.number"\n')


def test_a_table_in_another_schema(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """The schema is written as a `namespace:` file: the copy creates it before its tables."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute('CREATE SCHEMA "Billing"')
        conn.execute('CREATE TABLE "Billing".invoices (id integer PRIMARY KEY, total numeric(12,2) NOT NULL)')
        conn.execute("CREATE TABLE public.notes (id integer PRIMARY KEY)")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump, "public", "Billing")
    assert (tmp_path / "spec" / "Billing.Billing.yaml").read_text() == "namespace: Billing\n"


def test_parallel_functions_and_options_the_spec_lacks(
    make_db: Callable[[], str], tmp_path: Path, pg_dump: str
) -> None:
    """PARALLEL SAFE/RESTRICTED is written as `parallel:`; a routine with an option the spec lacks (a COST, a
    SET other than search_path) is listed as not imported, and the rest of the import goes on."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN a + b")
        conn.execute("CREATE FUNCTION one() RETURNS int LANGUAGE plpgsql PARALLEL RESTRICTED AS 'BEGIN RETURN 1; END'")
        conn.execute("CREATE FUNCTION costly(a int) RETURNS int LANGUAGE sql COST 5000 AS 'SELECT a'")
        conn.execute("CREATE FUNCTION tuned() RETURNS int LANGUAGE sql SET work_mem = '64MB' AS 'SELECT 1'")
    imported = cli("import", "--database-url", source, "--out", tmp_path / "spec")
    assert imported.exit_code == 2, imported.stderr
    assert "function: public.costly(a integer) (COST 5000)\n" in imported.stderr, imported.stderr
    assert "function: public.tuned() (SET work_mem)\n" in imported.stderr, imported.stderr
    assert "parallel: safe\n" in (tmp_path / "spec" / "add.yaml").read_text()
    assert "parallel: restricted\n" in (tmp_path / "spec" / "one.yaml").read_text()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("DROP FUNCTION costly, tuned")
    round_trip(source, make_db(), tmp_path / "again", pg_dump)


def test_mixed_case_enum_prisma_style(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """A type whose name needs quotes ("Role", as Prisma creates them) is spelled "Role" by format_type:
    the table using it is imported, not left out."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("""CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN')""")
        conn.execute(
            """CREATE TABLE "User" (id serial PRIMARY KEY, role "Role" NOT NULL DEFAULT 'USER', "past" "Role"[])"""
        )
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    assert '{name: role, type: "\\"Role\\""' in (tmp_path / "spec" / "User.yaml").read_text()


def test_objects_in_a_schema_the_copy_creates(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """An extension in its own schema (as Supabase installs them) and a sequence a column does not own, in a
    schema the spec creates: the copy creates the schema first (extensions and sequences ran before it)."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA extensions")
        conn.execute("CREATE EXTENSION citext SCHEMA extensions")
        conn.execute("CREATE SCHEMA sales")
        conn.execute("CREATE SEQUENCE sales.numbers")
        conn.execute(
            "CREATE TABLE t (id int PRIMARY KEY, e extensions.citext, n bigint DEFAULT nextval('sales.numbers'))"
        )
    round_trip(source, make_db(), tmp_path / "spec", pg_dump, "public", "extensions", "sales")


def test_columns_checks_and_indexes_calling_a_function(
    make_db: Callable[[], str], tmp_path: Path, pg_dump: str
) -> None:
    """A generated column, a default, a CHECK and an index expression calling functions of the spec: the copy
    creates the functions first (the table was created before them and failed)."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA util")
        conn.execute("CREATE FUNCTION util.slug(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT lower(t)$$")
        conn.execute("""CREATE FUNCTION "Next Code"() RETURNS text LANGUAGE sql AS $$SELECT 'x'$$""")
        conn.execute("CREATE FUNCTION ok(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT t <> ''$$")
        conn.execute(
            "CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL CHECK (ok(title)),"
            ' code text DEFAULT "Next Code"(), slug text GENERATED ALWAYS AS (util.slug(title)) STORED)'
        )
        conn.execute("CREATE INDEX posts_slug ON posts (util.slug(title || 'x'))")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump, "public", "util")


def test_checks_and_generated_columns_calling_sql_standard_functions(
    make_db: Callable[[], str], tmp_path: Path, pg_dump: str
) -> None:
    """An SQL-standard function (RETURN ...) that reads no table is built before the tables when the spec is
    normalized: a CHECK or generated column may call it (the plan failed: function ok(text) does not exist).
    One that reads a table, or takes its row type, is built after them, in the copy too (so is a string
    body of LANGUAGE sql: PostgreSQL checks it at creation)."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE FUNCTION ok(t text) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN t <> ''")
        conn.execute("CREATE FUNCTION slug(t text) RETURNS text LANGUAGE sql IMMUTABLE RETURN lower(t)")
        conn.execute(
            "CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL CHECK (ok(title)),"
            " slug text GENERATED ALWAYS AS (slug(title)) STORED)"
        )
        conn.execute("CREATE FUNCTION post_count() RETURNS bigint LANGUAGE sql RETURN (SELECT count(*) FROM posts)")
        conn.execute("CREATE FUNCTION post_slug(p posts) RETURNS text LANGUAGE sql RETURN slug(p.title)")
        conn.execute("CREATE FUNCTION n_posts() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.posts'")
        conn.execute(
            "CREATE FUNCTION atomic() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM posts; END"
        )
        conn.execute("CREATE FUNCTION atomic_one() RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT 1; END")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)


def test_one_schema_whose_foreign_key_leaves_it(make_db: Callable[[], str], tmp_path: Path) -> None:
    """Importing schema b alone, whose table references a.items: b.kind and a.kind both exist. The plan read
    the live side on a search path with a ahead of b (the FK target's schema), so `kind` meant a.kind there."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA a")
        conn.execute("CREATE SCHEMA b")
        conn.execute("CREATE TYPE a.kind AS ENUM ('x')")
        conn.execute("CREATE TYPE b.kind AS ENUM ('y')")
        conn.execute("CREATE TABLE a.items (id int PRIMARY KEY)")
        conn.execute("CREATE TABLE b.items (id int PRIMARY KEY, a_id int REFERENCES a.items, k b.kind, k2 a.kind)")
    imported = cli("import", "--database-url", source, "--out", tmp_path / "spec", "--schema", "b")
    assert imported.exit_code == 0, imported.stderr
    plan = cli("plan", "--spec", tmp_path / "spec", "--database-url", source, "--detailed-exitcode")
    assert plan.exit_code == 0 and "No changes" in plan.output, plan.output + plan.stderr


def test_check_no_inherit(make_db: Callable[[], str], tmp_path: Path, pg_dump: str) -> None:
    """CHECK ... NO INHERIT is written as `no_inherit: true` (it was left out, and the plan then dropped it)."""
    source = make_db()
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("CREATE TABLE checks (v int, CONSTRAINT small CHECK (v < 100) NO INHERIT, CHECK (v > 0))")
    round_trip(source, make_db(), tmp_path / "spec", pg_dump)
    assert '{name: small, expression: "v < 100", no_inherit: true}' in (tmp_path / "spec" / "checks.yaml").read_text()
