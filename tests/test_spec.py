"""Bad spec input is a one-line error naming file and line, exit 1."""

from __future__ import annotations

import time

import pytest

from reconcile.errors import SpecError
from reconcile.spec.load import load_spec

from .helpers import DESIRED, RELEASE_0002, cli, write_spec

GOOD_COLUMNS = """
table: t
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: a, type: text}
"""


def test_shipped_spec_sets_load():
    spec = load_spec(DESIRED)
    assert spec.release == "0003_usage_event_windows"
    app_tables = {
        "users", "provider_keys", "usage_events", "openai_projects", "openai_project_members",
        "openai_service_accounts", "openai_service_account_keys", "openai_certificates",
        "openai_certificate_events", "openai_admin_cursors",
    }  # fmt: skip
    assert {t.table for t in spec.tables} == app_tables
    events = next(t for t in spec.tables if t.table == "usage_events")
    assert len(events.columns) == 26
    legacy = load_spec(RELEASE_0002)
    assert legacy.release == "0002"
    assert {t.table for t in legacy.tables} == app_tables


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("table: t\ncolumns:\n  - {name: id, type: integer\n", 4, "YAML syntax error"),
        ("table: t\ncolumns:\n  - {name: id, type: integer, colour: red}\n", 3, "unknown key 'colour'"),
        ("table: t\ncolumns:\n  - {name: id, type: integer}\n  - {name: id, type: text}\n", 4, "duplicate column 'id'"),
        (
            "table: t\ncolumns:\n  - {name: id, type: integer}\nindexes:\n  - {name: i, columns: [id]}\n"
            "  - {name: i, columns: [id]}\n",
            6,
            "duplicate index name 'i'",
        ),
        (
            "table: t\ncolumns:\n  - {name: id, type: integer}\nindexes:\n  - name: i\n    columns:\n      - id\n"
            "      - nope\n",
            8,
            "column 'nope'",
        ),
        ("table: t\ncolumns:\n  - {name: id}\n", 3, "missing required key 'type'"),
        ("table: t\nschema: s\nschema: s\ncolumns: []\n", 3, "duplicate key 'schema'"),
        ("table: t\ncolumns:\n  - {name: id, type: 'integer; drop table x'}\n", 3, "invalid type name"),
        ("table: t\ncolumns:\n  - {name: id, type: '\"Role\"; drop table x'}\n", 3, "invalid type name"),
        ('table: t\ncolumns:\n  - {name: id, type: \'"Ro"le"\'}\n', 3, "invalid type name"),
        ("table: t\ncolumns:\n  - {name: g, type: integer, virtual: true}\n", 3, "'virtual: true' needs"),
        ("table: t\ncolumns:\n  - {name: g, type: integer, generated: '1', default: 2}\n", 3, "cannot also have"),
        ("table: t\ncolumns:\n  - {name: g, type: integer, generated: '1; drop table t'}\n", 3, "generated"),
    ],
)
def test_bad_spec_names_file_and_line(tmp_path, body, line, words):
    (tmp_path / "t.yaml").write_text(body)
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 't.yaml'}:{line}:"), message
    assert words in message
    assert "\n" not in message


def test_cli_reports_spec_error_in_one_line_exit_1(tmp_path, db_url):
    write_spec(tmp_path, t="table: t\ncolumns:\n  - {name: id, type: integer, nullable: maybe}\n")
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert f"{tmp_path / 't.yaml'}:3:" in result.stderr


def test_unknown_type_is_found_by_postgres_with_line(tmp_path, db_url):
    write_spec(tmp_path, t="table: t\ncolumns:\n  - {name: id, type: integer}\n  - {name: a, type: intgr}\n")
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url)
    assert result.exit_code == 1
    assert f"{tmp_path / 't.yaml'}:4: unknown type 'intgr'" in result.stderr


def test_bad_default_expression_names_its_column_line(tmp_path, db_url):
    write_spec(
        tmp_path, t="table: t\ncolumns:\n  - {name: id, type: integer}\n  - {name: a, type: int, default: 'nope()'}\n"
    )
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url)
    assert result.exit_code == 1
    assert f"{tmp_path / 't.yaml'}:4:" in result.stderr and "column 'a'" in result.stderr


def test_fk_to_table_missing_everywhere_names_line(tmp_path, db_url):
    write_spec(
        tmp_path,
        t="""
        table: t
        columns:
          - {name: id, type: integer}
        foreign_keys:
          - columns: [id]
            references: {table: ghost, columns: [id]}
        """,
    )
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url)
    assert result.exit_code == 1
    assert f"{tmp_path / 't.yaml'}:6:" in result.stderr and "ghost" in result.stderr


def test_fk_to_table_outside_spec_but_in_database_is_fine(tmp_path, db_0002):
    write_spec(
        tmp_path,
        t="""
        table: notes
        columns:
          - {name: id, type: integer, primary_key: true}
          - {name: user_id, type: text}
        foreign_keys:
          - {columns: [user_id], references: {table: users, columns: [id]}, on_delete: set null}
        """,
    )
    result = cli("plan", "--spec", tmp_path, "--database-url", db_0002)
    assert result.exit_code == 0, result.output
    assert "notes_user_id_fkey" in result.output


def test_spec_errors_raise_before_touching_database(tmp_path):
    write_spec(tmp_path, t=GOOD_COLUMNS + "indexes:\n  - {name: i, columns: [zzz]}\n")
    result = cli("plan", "--spec", tmp_path, "--database-url", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "zzz" in result.stderr


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"\x00table: t\n", 1, "not allowed"),  # found by the torture suite: a ReaderError traceback
        (b"table: t\ncolumns:\n  - {name: \x07, type: int}\n", 3, "not allowed"),
        (b"table: t\ncolumns:\n  - {name: \xe9, type: int}\n", 3, "UTF-8"),  # was a UnicodeDecodeError traceback
    ],
)
def test_unreadable_yaml_is_a_spec_error_with_line(tmp_path, data, line, words):
    (tmp_path / "t.yaml").write_bytes(data)
    with pytest.raises(SpecError) as err:
        load_spec(tmp_path)
    assert f"t.yaml:{line}" in str(err.value) and words in str(err.value)
    result = cli("plan", "--spec", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("body", "words"),
    [
        # found by the torture suite: 32 x 'é' is 32 characters but 64 bytes; PostgreSQL truncates to 63,
        # so the table planned "No changes" on an empty database and a column converged under another name
        ("table: " + "é" * 32 + "\ncolumns:\n  - {name: id, type: int}\n", "64 bytes"),
        ("table: t\ncolumns:\n  - {name: " + "é" * 32 + ", type: int}\n", "64 bytes"),
        (
            "table: t\ncolumns:\n  - {name: a, type: int}\nindexes:\n  - {name: " + "é" * 32 + ", columns: [a]}\n",
            "64 bytes",
        ),
        ('table: t\ncolumns:\n  - {name: "a\\0b", type: int}\n', "NUL"),
    ],
)
def test_names_over_63_bytes_or_with_nul_are_refused(tmp_path, db_url, body, words):
    write_spec(tmp_path, t=body)
    result = cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode")
    assert result.exit_code == 1, result.output
    assert words in result.stderr and "t.yaml:" in result.stderr


def test_a_63_byte_name_is_fine(tmp_path, db_url):
    write_spec(tmp_path, t="table: " + "é" * 31 + "x\ncolumns:\n  - {name: " + "b" * 63 + ", type: int}\n")
    assert cli("apply", "--spec", tmp_path, "--database-url", db_url, "--auto-approve").exit_code == 0
    assert cli("plan", "--spec", tmp_path, "--database-url", db_url, "--detailed-exitcode").exit_code == 0


def test_a_quoted_type_name_is_checked_in_linear_time():
    """Quoted identifiers in a type name are matched possessively: an inner "" never splits one, so a long
    run of them cannot make the check backtrack (it took seconds at 25 pairs)."""
    from reconcile.catalog.sqltext import type_text_ok

    started = time.monotonic()
    assert not type_text_ok('"' + 'a""' * 200 + "a;")
    assert type_text_ok('"Ro""le"[]') and type_text_ok('app."Role"')
    assert time.monotonic() - started < 0.1
