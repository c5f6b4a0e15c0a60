"""Tables built over several dev sessions read back exactly as one session builds them; any doubt
(an error, a name two sessions both took) and one session decides, with its own message."""

from __future__ import annotations

import psycopg
import pytest

from reconcile.catalog.introspect import introspect
from reconcile.errors import SpecError
from reconcile.normalize import parallel
from reconcile.normalize.build import normalize
from reconcile.spec.load import load_spec_text

TABLES = {
    "accounts.yaml": """table: accounts
columns:
  - {name: id, type: serial, primary_key: true}
  - {name: email, type: "varchar(200)", nullable: false, unique: true}
  - {name: born, type: date, default: "CURRENT_DATE"}
  - {name: score, type: "numeric(8,2)", default: "0"}
checks:
  - {expression: "score >= 0"}
indexes:
  - {name: accounts_lower_email_idx, columns: [{expression: "lower((email)::text)"}, born]}
""",
    "events.yaml": """table: events
columns:
  - {name: id, type: bigint, identity: always, primary_key: true}
  - {name: account_id, type: integer, nullable: false}
  - {name: kind, type: text, default: "'click'"}
  - {name: at, type: timestamptz, default: "now()", nullable: false}
unique:
  - {columns: [account_id, at]}
indexes:
  - {name: events_kind_at_idx, columns: [kind, at], where: "kind <> 'noise'"}
""",
    "lines.yaml": """table: lines
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: price, type: numeric, nullable: false}
  - {name: qty, type: integer, nullable: false}
  - {name: total, type: numeric, generated: "price * qty"}
""",
    "notes.yaml": """table: notes
columns:
  - {name: body, type: text}
  - {name: tags, type: "text[]", default: "'{}'"}
""",
}


HELPER = parallel._helper


def _normalized(db_url: str, files: dict[str, str], sessions: int, helpers: list[int], monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
    monkeypatch.setattr(parallel, "MIN_TABLES", 2 if sessions > 1 else 10**9)
    monkeypatch.setattr(parallel, "SESSIONS", sessions)
    monkeypatch.setattr(parallel, "_helper", lambda *a: helpers.append(1) or HELPER(*a))
    spec = load_spec_text(files, release="par")
    with psycopg.connect(db_url, autocommit=True) as conn:
        return normalize(conn, spec, introspect(conn, []))


def test_tables_built_over_several_sessions_read_back_as_in_one(db_url, monkeypatch):
    helpers: list[int] = []
    one = _normalized(db_url, TABLES, 1, helpers, monkeypatch)
    assert helpers == []
    several = _normalized(db_url, TABLES, 4, helpers, monkeypatch)
    assert helpers == [1, 1, 1]  # a table a session: three beside the dev connection
    assert several == one
    assert several.fingerprint() == one.fingerprint()
    assert [t.name for t in several.tables] == ["accounts", "events", "lines", "notes"]
    assert {c.name for c in several.constraints} >= {"accounts_pkey", "accounts_email_key", "events_account_id_at_key"}


# "a" with unique column "b_c" and "a_b" with unique column "c" both want the implicit name a_b_c_key:
# one session gives the second a_b_c_key1; two sessions would each take a_b_c_key
CLASH = {
    "a.yaml": "table: a\ncolumns:\n  - {name: b_c, type: integer, unique: true}\n",
    "a_b.yaml": "table: a_b\ncolumns:\n  - {name: c, type: integer, unique: true}\n",
}


def test_an_implicit_name_two_sessions_took_is_chosen_as_one_session_does(db_url, monkeypatch):
    helpers: list[int] = []
    one = _normalized(db_url, CLASH, 1, helpers, monkeypatch)
    several = _normalized(db_url, CLASH, 2, helpers, monkeypatch)
    assert helpers == [1]  # tried, then left to one session
    assert several == one
    assert sorted(c.name for c in several.constraints) == ["a_b_c_key", "a_b_c_key1"]


def test_a_bad_table_in_another_session_is_named_as_one_session_names_it(db_url, monkeypatch):
    bad = {**TABLES, "notes.yaml": TABLES["notes.yaml"].replace("'{}'", "no_such_function()")}
    messages = []
    for sessions in (1, 4):
        with pytest.raises(SpecError) as caught:
            _normalized(db_url, bad, sessions, [], monkeypatch)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "notes.yaml" in messages[0] and "no_such_function" in messages[0]


def test_a_session_that_cannot_connect_leaves_the_build_to_one(db_url, monkeypatch):
    from reconcile.errors import ConnectionFailed

    one = _normalized(db_url, TABLES, 1, [], monkeypatch)

    def refused(*_):
        raise ConnectionFailed("cannot connect to the database: sorry, too many clients already")

    monkeypatch.setattr(parallel.dev, "helper_connection", refused)
    assert _normalized(db_url, TABLES, 4, [], monkeypatch) == one
