"""`reconcile import`: files, scope, overwrite policy, what is reported, `--from-sql` input handling."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import yaml

from reconcile.inventory.from_sql import migration_files
from reconcile.inventory.run import file_name
from reconcile.inventory.statements import split
from reconcile.inventory.yaml_text import flow, scalar
from reconcile.spec.load import load_spec

from .conftest import SQL_DIR, run_sql_file
from .helpers import cli

IMPORT_SQL = SQL_DIR / "import"


def execute(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[call-overload]


def test_writes_one_sorted_file_per_table_and_the_same_bytes_twice(db_url, tmp_path):
    run_sql_file(db_url, "import/every_kind.sql")
    first = cli("import", "--database-url", db_url, "--out", tmp_path / "a", "--release", "r1")
    second = cli("import", "--database-url", db_url, "--out", tmp_path / "b", "--release", "r1")
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr
    assert first.stderr == ""
    assert "Imported 6 tables and 14 other objects" in first.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    tables = ["Odd%20Name.yaml", "accounts.yaml", "orders.yaml", "gen_lines.yaml", "ext_attrs.yaml", "priced.yaml"]
    views = ["Odd%20View.yaml", "account_counts.yaml", "big_order_totals.yaml", "big_orders.yaml"]
    routines = ["bump.yaml", "doubled.yaml", "order_count.yaml", "orders_stamp.yaml", "with_tax.yaml"]
    others = ["hstore.yaml", "ticket_numbers.yaml", "gen_line_refs.yaml", "money_amount.yaml", "price_tag.yaml"]
    assert names == sorted([*tables, *views, *routines, *others])
    assert (
        tmp_path / "a" / "hstore.yaml"
    ).read_text() == 'release: "r1"\nextension: hstore\nschema: public\nversion: "1.7"\n'
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    spec = load_spec(tmp_path / "a")
    assert spec.release == "r1"
    orders = (tmp_path / "a" / "orders.yaml").read_text()
    # a name PostgreSQL would choose is left to it; any other name is written
    assert "name: orders_account_fk" in orders and "orders_odd_fkey" not in orders
    assert "  - {name: amount, type: numeric, nullable: false}\n" in orders
    assert (
        "triggers:\n"
        "  - {name: orders_count, timing: after, events: [delete], for_each: statement, function: orders_stamp}\n"
        "  - name: orders_stamp\n    timing: before\n    events: [insert, update]\n    update_of: [amount]\n"
        '    when: "new.amount IS NOT NULL"\n    function: orders_stamp\n'
    ) in orders
    with_tax = (tmp_path / "a" / "with_tax.yaml").read_text()
    assert '{name: rate, type: numeric, default: "0.2"}]\n' in with_tax and "strict: true\n" in with_tax
    assert with_tax.endswith('\ncomment: "adds the tax: 20% unless told"\n'), with_tax
    assert "comment: one more\n" in (tmp_path / "a" / "bump.yaml").read_text()
    assert "search_path: [public, pg_temp]\n" in (tmp_path / "a" / "order_count.yaml").read_text()
    assert "body: |-\n  RETURN (x * 2)" in (tmp_path / "a" / "doubled.yaml").read_text()


def test_refuses_to_overwrite_without_force(db_url, tmp_path):
    execute(db_url, "CREATE TABLE t (id int PRIMARY KEY)")
    out = tmp_path / "spec"
    out.mkdir()
    (out / "t.yaml").write_text("keep me\n")
    (out / "old.yaml").write_text("table: old\ncolumns: [{name: a, type: int}]\n")
    refused = cli("import", "--database-url", db_url, "--out", out)
    assert refused.exit_code == 1
    assert "already holds spec files" in refused.stderr and "--force" in refused.stderr
    assert (out / "t.yaml").read_text() == "keep me\n"
    forced = cli("import", "--database-url", db_url, "--out", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / "t.yaml").read_text().startswith("table: t\n")
    assert f"Left in place (not part of this import): {out / 'old.yaml'}" in forced.stderr


def test_schema_and_table_globs_choose_the_scope(db_url, tmp_path):
    execute(
        db_url,
        "CREATE SCHEMA app",
        "CREATE TABLE app.users (id int PRIMARY KEY)",
        "CREATE TABLE app.user_keys (id int PRIMARY KEY, user_id int REFERENCES app.users)",
        "CREATE TABLE app.audit (id int)",
        "CREATE TABLE public.users (id text)",
        "CREATE VIEW app.user_names AS SELECT id FROM app.users",
        "CREATE VIEW app.audit_view AS SELECT id FROM app.audit",
    )
    result = cli("import", "--database-url", db_url, "--schema", "app", "--table", "user*", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr  # the schema is written as a namespace: nothing left out
    names = ["app.app.yaml", "app.user_keys.yaml", "app.user_names.yaml", "app.users.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    assert (tmp_path / "app.app.yaml").read_text() == "namespace: app\n"
    assert "audit" not in result.stderr and "schema" not in result.stderr
    spec = load_spec(tmp_path)
    assert {(t.schema, t.table) for t in spec.tables} == {("app", "users"), ("app", "user_keys")}
    plan = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output + plan.stderr


def test_everything_it_cannot_express_is_listed_by_kind_and_name(db_url, tmp_path):
    run_sql_file(db_url, "import/unsupported.sql")
    result = cli("import", "--database-url", db_url, "--out", tmp_path)
    assert result.exit_code == 2
    expected = [
        "exclusion constraint: public.people_span_excl on public.people",
        'column collation: public.people.name (COLLATE "C")',
        "column statistics target: public.people.name (500)",
        "column options: public.people.name (n_distinct=100)",
        "comment on a primary key or not-null constraint: public.people_pkey on public.people (left out)",
        "statistics: public.people_stats",
        "unlogged table: public.scratch (written as a logged table)",
        "table storage parameters: public.scratch (fillfactor=70)",
        "table inheritance: public.child (inherits scratch)",
        "table without columns: public.nocols (left out)",
        "constraint NOT VALID: public.c_pos2 on public.renamed (written as valid: a plan validates it)",
        "primary key name: public.renamed_pk on public.renamed (written as renamed_pkey)",
        "index storage parameters: public.renamed_c on public.renamed (fillfactor=50)",
        "sequence options: public.renamed_id_seq on public.renamed",
    ]
    lines = result.stderr.splitlines()
    assert lines[0] == "Not imported (the spec cannot express these yet):"
    for item in expected:
        assert any(line.strip().startswith(item) for line in lines), item
    assert not any("touch()" in line for line in lines)  # a trigger function is imported as a function
    assert "returns: trigger" in (tmp_path / "touch.yaml").read_text()
    assert not any("people_touch" in line for line in lines)  # written as the table's `triggers:`
    assert "privileges: public.people" in result.stderr
    assert "generated column" not in result.stderr  # written as `generated:` (kinds-tables)
    assert "NO INHERIT" not in result.stderr  # written as `no_inherit: true`
    assert '{expression: "c > 0", no_inherit: true}' in (tmp_path / "renamed.yaml").read_text()
    assert lines[1:] == sorted(lines[1:], key=lambda line: line.split(":")[0])  # grouped by kind
    assert not any(line.strip().startswith(("view:", "materialized view:")) for line in lines)  # imported now
    assert "query: |-" in (tmp_path / "people_v.yaml").read_text()
    assert "enum type:" not in result.stderr  # written as `enum:` (kinds-types)
    assert "domain:" not in result.stderr  # written as `domain:`
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "btree_gist.yaml", "child.yaml", "measurements.yaml", "measurements_2025.yaml", "mood.yaml",
        "other_seq.yaml", "people.yaml", "people_mv.yaml", "people_v.yaml", "posint.yaml", "renamed.yaml",
        "scratch.yaml", "standalone_seq.yaml", "touch.yaml",
    ]  # fmt: skip
    people = (tmp_path / "people.yaml").read_text()
    assert "triggers:\n  - {name: people_touch, timing: before, events: [update], function: touch}" in people
    assert '{name: doubled, type: integer, generated: "(id * 2)"}' in people  # generated, not a default
    assert "row level security" not in result.stderr and "policy:" not in result.stderr  # imported now
    assert "row_level_security: {enabled: true}" in people and "name: people_self" in people


def test_nothing_to_import_is_an_error(db_url, tmp_path):
    execute(db_url, "CREATE TYPE intrange4 AS RANGE (subtype = integer)")
    result = cli("import", "--database-url", db_url, "--out", tmp_path)
    assert result.exit_code == 1
    assert "no tables to import in schema public" in result.stderr
    assert "range type: public.intrange4" in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_password_never_shows(db_url, tmp_path):
    url = db_url.replace("user=postgres", "user=postgres password=hunter2") if "user=" in db_url else db_url
    execute(db_url, "CREATE TABLE t (id int)")
    result = cli("import", "--database-url", url, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "hunter2" not in result.output + result.stderr


def test_options_that_do_not_go_together(tmp_path):
    sql_file = tmp_path / "a.sql"
    sql_file.write_text("CREATE TABLE t (id int);\n")
    assert "needs migration files" in cli("import", "--from-sql").stderr
    assert "only with --from-sql" in cli("import", sql_file).stderr
    both = cli("import", "--from-sql", sql_file, "--database-url", "postgresql://x@h/db")
    assert both.exit_code == 1 and "--database-url does not apply" in both.stderr


# ---- --from-sql: reading migration folders as they are -------------------------------------------


def test_split_knows_what_hides_a_semicolon():
    text = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;\n"
        "select 'a;b', E'x\\';y', \"q;\"\"\", $$ ; $$, $t$ ;$$; $t$ /* a /* ; */ ; */ ;  -- c;\n"
        "ALTER TABLE t ADD COLUMN a int;--> statement-breakpoint\n"
        "CREATE TABLE u (a int)\n--> statement-breakpoint\n"
        "-- only a comment;\nselect 1 -- tail"
    )
    statements = split(text)
    assert [s.line for s in statements] == [1, 3, 4, 5, 8]
    assert statements[0].text.endswith("SELECT 2; END;")
    assert statements[3].text == "CREATE TABLE u (a int)"
    assert statements[4].text == "select 1 -- tail"


def test_directories_stand_for_their_sql_files_in_version_order(tmp_path):
    for name in ["V10__c.sql", "V2__b.sql", "V1__a.sql", "notes.txt"]:
        (tmp_path / name).write_text("")
    (tmp_path / "meta").mkdir()
    (tmp_path / "meta" / "0000_snapshot.sql").write_text("")
    extra = tmp_path / "meta" / "0000_snapshot.sql"
    assert [p.name for p in migration_files([tmp_path, extra])] == [
        "V1__a.sql",
        "V2__b.sql",
        "V10__c.sql",
        "0000_snapshot.sql",
    ]


def test_from_sql_runs_on_a_scratch_database_and_drops_it(server_url, tmp_path):
    out = tmp_path / "spec"
    result = cli("import", "--from-sql", SQL_DIR / "app", "--dev-url", server_url, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "Imported 10 tables from 4 migration files" in result.output
    with psycopg.connect(server_url) as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'reconcile_scratch_%'").fetchone()
    assert left == (0,)


def test_a_failing_statement_names_file_and_line(server_url, tmp_path):
    (tmp_path / "0000_ok.sql").write_text("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n")
    (tmp_path / "0001_bad.sql").write_text(
        "CREATE TABLE b (id int);\n--> statement-breakpoint\n"
        "ALTER TABLE b\n  ADD COLUMN c int REFERENCES nowhere(id);\n"
    )
    result = cli("import", "--from-sql", tmp_path, "--dev-url", server_url, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == f'Error: {tmp_path / "0001_bad.sql"}:3: relation "nowhere" does not exist\n'
    syntax = tmp_path / "syntax.sql"
    syntax.write_text("CREATE TABLE c (\n  id int,\n  oops oops oops\n);\n")
    result = cli("import", "--from-sql", syntax, "--dev-url", server_url, "--out", tmp_path / "out")
    assert result.stderr == f'Error: {syntax}:3: syntax error at or near "oops"\n'
    assert not (tmp_path / "out").exists()


def test_an_unfinished_transaction_is_an_error(server_url, tmp_path):
    (tmp_path / "open.sql").write_text("BEGIN;\nCREATE TABLE a (id int);\n")
    result = cli("import", "--from-sql", tmp_path / "open.sql", "--dev-url", server_url, "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert "BEGIN without COMMIT" in result.stderr


def test_from_sql_uses_the_embedded_server_by_default(tmp_path, monkeypatch):
    """The default scratch server: the embedded one (started here in its own data directory)."""
    from reconcile.connect.embedded import stop

    pgdata = tmp_path / "pgdata"
    monkeypatch.setenv("RECONCILE_PGDATA", str(pgdata))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    try:
        result = cli("import", "--from-sql", SQL_DIR / "app", "--out", tmp_path / "spec")
    finally:
        stop(pgdata)
    assert result.exit_code == 0, result.stderr
    assert len(load_spec(tmp_path / "spec").tables) == 10


# ---- YAML text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["id", "yes", "null", "0002", "1e3", "a b", "a: b", "x #y", "now()", "'x'::text", 'q"q', "tab\tnl\n", "ü",
     "\u2028", "\x85", "\ufeff", "-", "~", "", " lead", "trail ", "[x]", "{x}", "&a", "*a", "!t", "%p", "@a", "`b"],
)  # fmt: skip
def test_scalars_read_back_as_written(text):
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}
    assert yaml.safe_load(f"k: {flow({'a': [text, {'b': text}]})}") == {"k": {"a": [text, {"b": text}]}}


@pytest.mark.parametrize(
    ("schema", "table", "name"),
    [("public", "users", "users.yaml"), ("app", "users", "app.users.yaml"), ("public", "a.b", "a%2Eb.yaml"),
     ("public", "../x", "%2E%2E%2Fx.yaml"), ("public", "Odd Name", "Odd%20Name.yaml"), ("public", "ü", "%C3%BC.yaml")],
)  # fmt: skip
def test_file_names_are_safe_and_distinct(schema, table, name):
    assert file_name(schema, table) == name
    assert Path(name).name == name


def test_a_type_the_spec_cannot_spell_leaves_its_table_out(db_url, tmp_path):
    """A quoted type name is spelled as format_type writes it ("my-mood"); one holding `--` is not (the type
    text check refuses anything that could read as a comment)."""
    execute(db_url, "CREATE TYPE \"my-mood\" AS ENUM ('ok')", 'CREATE TABLE feelings (id int, m "my-mood")')
    execute(db_url, "CREATE TYPE \"odd--type\" AS ENUM ('ok')", 'CREATE TABLE odd (id int, m "odd--type")')
    execute(db_url, "CREATE TABLE plain (id int)")
    result = cli("import", "--database-url", db_url, "--out", tmp_path)
    assert result.exit_code == 2
    assert 'column type the spec cannot spell: public.odd.m ("odd--type": table left out)' in result.stderr
    assert "feelings" not in result.stderr
    assert "enum type" not in result.stderr  # the enum itself is written (kinds-types), its name quoted
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "feelings.yaml",
        "my-mood.yaml",
        "odd--type.yaml",
        "plain.yaml",
    ]
    assert '{name: m, type: "\\"my-mood\\""}' in (tmp_path / "feelings.yaml").read_text()
    plan = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output + plan.stderr
    assert 'enum: "my-mood"\nvalues: [ok]\n' == (tmp_path / "my-mood.yaml").read_text()


def test_comments_the_files_cannot_carry_are_listed(db_url, tmp_path):
    """A comment on a type, domain (and its constraint), composite attribute, sequence, trigger, policy or view
    column was dropped silently: the copy lost it and plan said "No changes". Each is listed now."""
    execute(
        db_url,
        "CREATE TYPE mood AS ENUM ('a')",
        "CREATE DOMAIN pos AS int CHECK (VALUE > 0)",
        "CREATE TYPE pair AS (a int)",
        "CREATE SEQUENCE s",
        "CREATE TABLE t (id int)",
        "CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
        "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()",
        "CREATE POLICY pol ON t USING (true)",
        "CREATE VIEW v AS SELECT id FROM t",
        "COMMENT ON TYPE mood IS 'x'",
        "COMMENT ON DOMAIN pos IS 'x'",
        "COMMENT ON CONSTRAINT pos_check ON DOMAIN pos IS 'x'",
        "COMMENT ON COLUMN pair.a IS 'x'",
        "COMMENT ON SEQUENCE s IS 'x'",
        "COMMENT ON TRIGGER trg ON t IS 'x'",
        "COMMENT ON POLICY pol ON t IS 'x'",
        "COMMENT ON COLUMN v.id IS 'x'",
        "COMMENT ON TABLE t IS 'carried'",
    )
    result = cli("import", "--database-url", db_url, "--out", tmp_path)
    assert result.exit_code == 2, result.stderr
    for line in [
        "comment on an enum type: public.mood (left out)",
        "comment on a domain: public.pos (left out)",
        "comment on a domain constraint: public.pos_check on public.pos (left out)",
        "comment on a composite type attribute: public.pair.a (left out)",
        "comment on a sequence: public.s (left out)",
        "comment on a trigger: public.trg on public.t (left out)",
        "comment on a policy: public.pol on public.t (left out)",
        "comment on a view column: public.v.id (left out)",
    ]:
        assert f"  {line}\n" in result.stderr, result.stderr
    assert ": public.t (left out)\n" not in result.stderr  # the table's own comment is written
