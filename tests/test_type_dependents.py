"""What depends on a type the plan recreates (an enum's values removed or reordered, a domain's base type,
a composite's attribute retyped): managed views and functions dropped and created again in the recreate's
transaction, equal to their spec afterwards; anything else refuses the plan naming it, nothing applied."""

from __future__ import annotations

from pathlib import Path

import psycopg

from .helpers import cli, scalar, write_spec

MOOD = "enum: mood\nvalues: [sad, happy]\n"
PEOPLE = """
    table: people
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: feeling, type: mood, nullable: false}
"""
SAD = "view: sad_people\nquery: SELECT id, feeling FROM people WHERE feeling = 'sad'\n"
COUNT = "view: sad_count\nquery: SELECT count(*) AS n FROM sad_people\n"


def _people(url: str, *extra: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy')")
        conn.execute("CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL)")
        conn.execute("INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood"
                     " FROM generate_series(1, 6) g")  # fmt: skip
        for stmt in extra:
            conn.execute(stmt)  # type: ignore[call-overload]


def _values(url: str) -> object:
    return scalar(url, "SELECT array_to_string(enum_range(NULL::mood), ',')")


def test_views_on_a_recreated_enum_equal_their_spec_after_one_apply(db_url: str, tmp_path: Path) -> None:
    _people(
        db_url,
        "CREATE VIEW sad_people AS SELECT id, feeling FROM people WHERE feeling = 'sad'",
        "CREATE VIEW sad_count AS SELECT count(*) AS n FROM sad_people",
    )
    spec = write_spec(tmp_path / "spec", mood=MOOD, people=PEOPLE, sad_people=SAD, sad_count=COUNT)
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "enum")
    assert done.exit_code == 0, done.output + done.stderr
    assert _values(db_url) == "sad,happy"
    assert scalar(db_url, "SELECT n FROM sad_count") == 3
    # the views PostgreSQL holds are the spec's queries, as it renders them (a reference view made from each)
    for view, query in (("sad_people", SAD), ("sad_count", COUNT)):
        spec_query = query.split("query: ", 1)[1].strip()
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(f"CREATE VIEW ref_{view} AS {spec_query}")  # type: ignore[call-overload]
        got, want = (scalar(db_url, f"SELECT pg_get_viewdef('{v}'::regclass)") for v in (view, f"ref_{view}"))
        assert got == want, (got, want)
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(f"DROP VIEW ref_{view}")  # type: ignore[call-overload]
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0 and "No changes" in again.output, again.output


def test_an_unmanaged_function_taking_the_enum_refuses_naming_it(db_url: str, tmp_path: Path) -> None:
    _people(db_url, "CREATE FUNCTION cheer(m mood) RETURNS text LANGUAGE sql AS $$SELECT m::text$$")
    spec = write_spec(tmp_path / "spec", mood=MOOD, people=PEOPLE)
    out = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve", "--allow-drop", "enum")
    assert out.exit_code == 1, out.output
    assert "function public.cheer(public.mood) depends on enum public.mood, which the plan recreates" in out.output
    assert "not managed by the spec" in out.output
    assert _values(db_url) == "sad,meh,happy"  # nothing applied


def test_a_managed_domain_over_the_enum_refuses_as_not_carried_yet(db_url: str, tmp_path: Path) -> None:
    _people(db_url, "CREATE DOMAIN glum AS mood CHECK (VALUE <> 'happy')")
    spec = write_spec(tmp_path / "spec", mood=MOOD, people=PEOPLE, glum="domain: glum\ntype: mood\n"
                      "checks:\n  - {name: glum_check, expression: \"VALUE <> 'happy'\"}\n")  # fmt: skip
    out = cli("plan", "--spec", spec, "--database-url", db_url, "--allow-drop", "enum")
    assert out.exit_code == 1, out.output
    assert "type public.glum depends on enum public.mood" in out.output
    assert "cannot drop and recreate a type around it yet" in out.output


def test_a_saved_plan_refuses_a_view_made_on_the_column_since(db_url: str, tmp_path: Path) -> None:
    _people(db_url)
    spec = write_spec(tmp_path / "spec", mood=MOOD, people=PEOPLE)
    saved = tmp_path / "plan.json"
    made = cli("plan", "--spec", spec, "--database-url", db_url, "--out", str(saved))
    assert made.exit_code == 0, made.output + made.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE VIEW late AS SELECT id FROM people WHERE feeling IS NULL")
    out = cli("apply", str(saved), "--database-url", db_url, "--auto-approve", "--allow-drop", "enum")
    assert out.exit_code == 3, out.output + out.stderr
    assert "view public.late" in out.output + out.stderr
    assert _values(db_url) == "sad,meh,happy"


def test_a_view_on_a_retyped_composite_attribute_is_created_again(db_url: str, tmp_path: Path) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TYPE pair AS (a integer, b text)")
        conn.execute("CREATE VIEW one AS SELECT (ROW(1, 'x')::pair).a AS a")
    spec = write_spec(
        tmp_path / "spec",
        pair="composite: pair\nattributes:\n  - {name: a, type: bigint}\n  - {name: b, type: text}\n",
        one="view: one\nquery: SELECT (ROW(1, 'x')::pair).a AS a\n",
    )
    done = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert done.exit_code == 0, done.output + done.stderr
    assert scalar(db_url, "SELECT pg_typeof(a)::text FROM one") == "bigint"
    again = cli("plan", "--spec", spec, "--database-url", db_url)
    assert again.exit_code == 0 and "No changes" in again.output, again.output
