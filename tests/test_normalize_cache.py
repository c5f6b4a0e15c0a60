"""The normalization memo: same answer as PostgreSQL, no catalog churn on a repeated plan."""

from __future__ import annotations

import shutil

import psycopg

from reconcile.catalog.introspect import introspect
from reconcile.normalize.build import normalize
from reconcile.spec.load import load_spec, load_spec_text

from .helpers import DESIRED

TABLES = [("public", "users"), ("public", "provider_keys"), ("public", "usage_events")]


def test_second_normalize_uses_the_memo_and_gives_the_same_catalog(db_0002, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    spec = load_spec(DESIRED)
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, TABLES)
        first = normalize(conn, spec, live)
        assert len(list(tmp_path.glob("normalized-*.json"))) == 1
        traced: list[str] = []
        import reconcile.normalize.build as nm

        original = nm._build_and_read
        monkeypatch.setattr(nm, "_build_and_read", lambda *a: traced.append("built") or original(*a))
        second = normalize(conn, spec, live)
    assert traced == []  # answered from the memo: no temporary tables this time
    assert second == first
    assert {i.name: i.uses for i in second.indexes} == {i.name: i.uses for i in first.indexes}


def test_memo_off_and_unwritable_dirs_fall_back_to_postgres(db_0002, tmp_path, monkeypatch):
    spec = load_spec(DESIRED)
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, TABLES)
        monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
        off = normalize(conn, spec, live)
        blocker = tmp_path / "file"
        blocker.write_text("not a directory")
        monkeypatch.setenv("RECONCILE_CACHE_DIR", str(blocker / "sub"))
        unwritable = normalize(conn, spec, live)
    assert off == unwritable


def _counting(monkeypatch) -> list[int]:
    import reconcile.normalize.build as nm

    built: list[int] = []
    original = nm._build_and_read
    monkeypatch.setattr(
        nm, "_build_and_read", lambda c, s, *a, **k: built.append(len(s.tables)) or original(c, s, *a, **k)
    )
    return built


def test_editing_one_table_normalizes_only_that_table(db_0002, tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    spec_dir = tmp_path / "desired"
    shutil.copytree(DESIRED, spec_dir)
    with psycopg.connect(db_0002, autocommit=True) as conn:
        live = introspect(conn, TABLES)
        normalize(conn, load_spec(spec_dir), live)
        users = spec_dir / "users.yaml"
        users.write_text(
            users.read_text().replace("columns:\n", "columns:\n  - {name: nickname, type: varchar(20)}\n", 1)
        )
        built = _counting(monkeypatch)
        edited = normalize(conn, load_spec(spec_dir), live)
        monkeypatch.setenv("RECONCILE_CACHE_DIR", "off")
        fresh = normalize(conn, load_spec(spec_dir), live)
    assert built == [1, len(fresh.tables)]  # the edited table alone, then (memo off) the whole spec
    assert edited == fresh
    assert edited.fingerprint() == fresh.fingerprint()
    assert (
        next(c.type for c in edited.table("public", "users").columns if c.name == "nickname") == "character varying(20)"
    )


class _Counting(psycopg.Cursor):
    sent = 0

    def execute(self, *args, **kwargs):
        _Counting.sent += 1
        return super().execute(*args, **kwargs)


def test_what_the_spec_uses_from_the_target_is_read_in_one_query(db_url):
    from reconcile.normalize.prerequisites import gather

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TYPE public.mood AS ENUM ('sad', 'ok'); CREATE SEQUENCE public.user_seq;"
            "CREATE FUNCTION public.make_code() RETURNS text LANGUAGE sql AS 'SELECT 1::text'"
        )
    spec = load_spec_text(
        {
            "users.yaml": "table: users\ncolumns:\n  - {name: id, type: integer}\n"
            '  - {name: code, type: text, default: "public.make_code()"}\n'
            "  - {name: n, type: bigint, default: \"nextval('public.user_seq')\"}\n"
        },
        release="r",
    )
    with psycopg.connect(db_url, autocommit=True, cursor_factory=_Counting) as conn:
        _Counting.sent = 0
        needed = gather(conn, spec)
        assert _Counting.sent == 1
    assert ("public", "mood", ["sad", "ok"]) in [(t["schema"], t["name"], t["labels"]) for t in needed.types]
    assert [(f["name"], f["result"]) for f in needed.functions] == [("make_code", "text")]
    assert [(q["schema"], q["name"]) for q in needed.sequences] == [("public", "user_seq")]


GENERATED = """table: lines
columns:
  - {name: id, type: integer, primary_key: true}
  - {name: price, type: numeric, nullable: false}
  - {name: qty, type: integer, nullable: false}
  - {name: total, type: numeric, generated: "price * qty"}
"""


def test_a_warm_plan_keeps_generated_columns(db_url, tmp_path, monkeypatch):
    """A memoised table part holds a column's generation expression: a warm plan must not read it as
    a plain column (which would plan it for DROP and ADD)."""
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    spec = load_spec_text({"lines.yaml": GENERATED}, "gen")
    with psycopg.connect(db_url, autocommit=True) as conn:
        cold = normalize(conn, spec, introspect(conn, []))
        built = _counting(monkeypatch)
        warm = normalize(conn, spec, introspect(conn, []))
    assert built == []  # answered from the memo
    total = warm.table("public", "lines").column("total")
    assert total is not None and total.generated == "(price * (qty)::numeric)" and total.default is None
    assert not total.virtual
    assert warm == cold and warm.fingerprint() == cold.fingerprint()
