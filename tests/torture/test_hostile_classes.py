"""Hostile-input classes of issue 15, generated: each case fails cleanly (one 'Error:' line, exit 1
or 3, no traceback, no hang) or works, and never changes the sentinel. Counted per class in the
torture summary line ("hostile classes: ...")."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.cli import main

from ..helpers import DESIRED, cli
from .conftest import STATS
from .test_hostile import FIXTURE, HYPO, assert_failed_cleanly, scalar_x, sentinel_db, user_tables

pytestmark = pytest.mark.torture

GOOD = "table: t\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n  - {name: a, type: text}\n"
ESCAPES = [
    "true), ADD COLUMN zz int DEFAULT (1",
    "1; DROP TABLE x",
    "1 -- ",
    "1) FROM x WHERE (true",
    "1), (2",
    "1 /* c */",
    "(SELECT 1) UNION SELECT (2",
]
WHERE = {
    "default": "table: t\ncolumns:\n  - {name: id, type: integer}\n  - {name: a, type: text, default: %s}\n",
    "check": "table: t\ncolumns:\n  - {name: id, type: integer}\nchecks:\n  - {expression: %s}\n",
    "index key": "table: t\ncolumns:\n  - {name: id, type: integer}\nindexes:\n"
    "  - {name: i, columns: [{expression: %s}]}\n",
    "predicate": "table: t\ncolumns:\n  - {name: id, type: integer}\nindexes:\n"
    "  - {name: i, columns: [id], where: %s}\n",
}

Case = Callable[[st.DataObject, Path, str], None]


def _spec_file(data: st.DataObject, spec: Path, url: str) -> None:
    kind = data.draw(st.sampled_from(["loop", "dangling", "dir", "dev", "fifo", "recursive", "bomb"]))
    name = spec / f"{data.draw(st.text('abcxyz', min_size=1, max_size=6))}.yaml"
    if kind == "loop":
        os.symlink(name, name)
    elif kind == "dangling":
        os.symlink(spec / "nowhere", name)
    elif kind == "dir":
        name.mkdir()
    elif kind == "dev":
        os.symlink(data.draw(st.sampled_from(["/dev/zero", "/dev/null", "/dev/urandom"])), name)
    elif kind == "fifo":
        os.mkfifo(name)
    elif kind == "recursive":
        name.write_text(data.draw(st.sampled_from(["a: &a [*a]\n", "table: r\ncolumns: &c\n  - *c\n", "&a {k: *a}\n"])))
    else:
        fan, depth = data.draw(st.integers(6, 12)), data.draw(st.integers(6, 10))
        lines = ["l0: &l0 [" + ", ".join(["x"] * fan) + "]"]
        lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan) + "]" for i in range(1, depth)]
        name.write_text("\n".join(lines) + "\n")
    _expect_clean(cli("plan", "--spec", spec, "--database-url", url), "spec file")


def _smuggled_expression(data: st.DataObject, spec: Path, url: str) -> None:
    where = data.draw(st.sampled_from(sorted(WHERE)))
    payload = data.draw(st.sampled_from(ESCAPES))
    (spec / "t.yaml").write_text(WHERE[where] % json.dumps(payload))
    _expect_clean(cli("plan", "--spec", spec, "--database-url", url), "expression")
    _expect_clean(cli("apply", "--spec", spec, "--database-url", url, "--auto-approve"), "expression")


def _plan_file(data: st.DataObject, spec: Path, url: str) -> None:
    plan = spec.parent / "p.json"
    kind = data.draw(st.sampled_from(["nested", "not-utf8", "sql", "hazards", "order"]))
    if kind == "nested":
        depth = data.draw(st.integers(2000, 200000))
        plan.write_text(data.draw(st.sampled_from(["[", '{"a":'])) * depth)
    elif kind == "not-utf8":
        plan.write_bytes(b'{"format_version": 4, "x": "' + bytes([data.draw(st.integers(0x80, 0xFF))]) + b'"}')
    else:
        (spec / "t.yaml").write_text(GOOD)
        assert cli("plan", "--spec", spec, "--database-url", url, "--out", plan).exit_code == 0
        doc = json.loads(plan.read_text())
        steps = [s for g in doc["groups"] for s in g["steps"]]
        if kind == "sql":
            step = data.draw(st.sampled_from(steps))
            step["sql"] += data.draw(st.sampled_from(["; DROP TABLE x", "; DELETE FROM x", " "]))
        elif kind == "hazards":  # blank them, or add one where there is none
            for s in steps:
                s["hazards"] = [] if s["hazards"] else [{"code": "INDEX_BUILD", "detail": ""}]
        else:
            doc["groups"] = [{"steps": [s]} for s in reversed(steps)] + [{"steps": [steps[0]]}]
        plan.write_text(json.dumps(doc))
    _expect_clean(cli("apply", plan, "--database-url", url, "--auto-approve", "--allow-drop", "all"), "plan file")
    assert ("public", "t") not in user_tables(url), "an untrusted plan file changed the database"


def _csv(data: st.DataObject, spec: Path, url: str) -> None:
    if not FIXTURE.exists():
        return
    base = FIXTURE.read_bytes()
    kind = data.draw(st.sampled_from(["cr-only", "duplicate-row", "same-file-twice"]))
    first = spec.parent / "a.csv"
    args = ["--csv", first]
    if kind == "cr-only":
        first.write_bytes(base.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    elif kind == "duplicate-row":
        lines = base.split(b"\n")
        j = data.draw(st.integers(1, max(1, len(lines) - 2)))
        first.write_bytes(b"\n".join([*lines[: j + 1], lines[j], *lines[j + 1 :]]))
    else:
        first.write_bytes(base)
        shutil.copy(first, spec.parent / "b.csv")
        args += ["--csv", spec.parent / "b.csv"]
    result = cli(
        "parity", *args, "--from", "2025-09-01", "--to", "2025-10-02", "--output", spec.parent / "r.json",
        "--database-url", url,
    )  # fmt: skip
    if result.exit_code in (0, 2):
        # a repeated empty-day row counts nothing; the same export twice always would double-count
        assert "Traceback" not in result.stderr and kind != "same-file-twice", result.output
        return
    assert_failed_cleanly(result, kind)


TRAP_DEFAULTS = ["trap_fn()", "trap_imm()", "nextval('trap_seq')", "(trap_fn() + 1)"]
TRAP_SPEC = (
    "table: trapped\ncolumns:\n  - {name: id, type: integer, primary_key: true}\n"
    "  - {name: v, type: bigint, default: %s, nullable: %s}\n%s"
)


def _traps(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 2: plan and drift of a spec whose default/check calls functions with side effects on a table
    with rows change no sequence and no row."""
    default = data.draw(st.sampled_from(TRAP_DEFAULTS))
    extra = data.draw(
        st.sampled_from(
            [
                "",
                "indexes:\n  - {name: trapped_v, columns: [v], unique: true}\n",
                "checks:\n  - {expression: 'v > trap_imm()'}\n",
            ]
        )
    )
    (spec / "trapped.yaml").write_text(
        TRAP_SPEC % (json.dumps(default), data.draw(st.sampled_from(["true", "false"])), extra)
    )
    before = _trap_state(url)
    # the dev database's stubs never fail the build: an IMMUTABLE one (folded while an expression is
    # prepared) returns NULL, a VOLATILE one is never called; so plan works and drift sees the new column
    for command, expected in ((["plan"], 0), (["drift"], 2)):
        result = cli(*command, "--spec", spec, "--database-url", url)
        assert result.exit_code == expected, result.output + result.stderr
    assert _trap_state(url) == before, "plan or drift changed the target"


def _trap_state(url: str) -> tuple[object, ...]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT (SELECT (last_value, is_called)::text FROM trap_seq), (SELECT count(*) FROM trapped),"
            " (SELECT count(*) FROM trap_calls)"
        ).fetchone()  # type: ignore[return-value]


def _lock_held(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 3: a read path gives up within --lock-wait naming the blocking pid."""
    shutil.copy(DESIRED / "usage_events.yaml", spec)
    shutil.copy(DESIRED / "provider_keys.yaml", spec)
    command = data.draw(
        st.sampled_from(
            [
                ["plan", "--spec", spec],
                ["drift", "--spec", spec],
                ["verify", "--spec", spec],
                ["describe", "usage_events"],
            ]
        )
    )
    mode = data.draw(
        st.sampled_from(["ACCESS EXCLUSIVE", "EXCLUSIVE"] if command[0] != "describe" else ["ACCESS EXCLUSIVE"])
    )
    with psycopg.connect(url) as holder:
        holder.execute("SET idle_in_transaction_session_timeout = '60s'")
        pid = holder.info.backend_pid
        holder.execute(f"LOCK TABLE usage_events IN {mode} MODE")
        started = time.monotonic()
        result = cli(*command, "--database-url", url, "--lock-wait", "0.3")
        elapsed = time.monotonic() - started
        holder.rollback()
    if result.exit_code in (0, 2):  # EXCLUSIVE lets plain reads through
        assert mode != "ACCESS EXCLUSIVE", result.output
        return
    assert_failed_cleanly(result, "lock held")
    assert f"pid {pid}" in result.stderr and elapsed < 15, (elapsed, result.stderr)


def _no_target(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 4: drift, verify and parity with no database configured exit 1, never start a server."""
    (spec / "t.yaml").write_text(GOOD)
    command = data.draw(
        st.sampled_from(
            [
                ["drift", "--spec", spec],
                ["verify", "--spec", spec],
                ["parity", "--from", "2025-09-01", "--to", "2025-10-01", "--csv", spec / "t.yaml"],
            ]
        )
    )
    env = {k: None for k in os.environ if k == "DATABASE_URL" or k.startswith("PG")}
    result = CliRunner().invoke(main, [str(a) for a in command], env=env, catch_exceptions=False)
    assert_failed_cleanly(result, "no target")
    assert "no database configured" in result.stderr


def _password(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 5: no spelling of a password reaches the output, in errors included."""
    (spec / "t.yaml").write_text(GOOD)
    secret = "s3cr" + data.draw(st.text("abcxyz", min_size=4, max_size=8))
    info = conninfo_to_dict(url)
    host, port, user = info.get("host", "127.0.0.1"), info.get("port", "5432"), info.get("user", "postgres")
    spelled = data.draw(
        st.sampled_from(
            [
                f"POSTGRESQL://{user}:{secret}@{host}:{port}/no_such_db",
                f"postgres://{user}:{secret[:3]}%20{secret[3:]}@{host}:{port}/no_such_db",
                f"postgresql://{user}@{host}:{port}/no_such_db?pass%77ord={secret}",
                f"postgresql:///no_such_db?host={host}&port={port}&user={user}&password={secret}",
                f"host={host} port={port} user={user} password='{secret[:3]} {secret[3:]}' dbname=no_such_db",
            ]
        )
    )
    command = data.draw(
        st.sampled_from(
            [
                ["plan", "--spec", spec],
                ["drift", "--spec", spec],
                ["verify", "--spec", spec],
                ["describe", "t"],
                ["archive", "list"],
            ]
        )
    )
    result = cli(*command, "--database-url", spelled)
    assert_failed_cleanly(result, "password")
    for piece in (secret, secret[3:]):
        assert piece not in result.output + result.stderr, (spelled, result.stderr)


def _catalog_shadow(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 6: tables named like catalogs and types (they would shadow them in pg_temp) plan cleanly."""
    names = data.draw(
        st.lists(
            st.sampled_from(["pg_class", "text", "oid", "pg_attribute", "int4", "pg_namespace", "regclass"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    for name in names:
        (spec / f"{name}.yaml").write_text(
            f"table: {name}\ncolumns:\n  - {{name: id, type: integer, primary_key: true}}\n"
            "  - {name: oid, type: text}\n"
        )
    for command in ("plan", "drift"):
        result = cli(command, "--spec", spec, "--database-url", url)
        assert "Traceback" not in result.stderr and result.exit_code in (0, 2), (command, result.stderr)
        assert all(name in result.output for name in names), result.output


def _dropped(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 6: the connection dropped, or a statement timeout, during plan, apply or verify: one line."""
    shutil.copy(DESIRED / "usage_events.yaml", spec)
    shutil.copy(DESIRED / "provider_keys.yaml", spec)
    command = data.draw(st.sampled_from(["plan", "verify", "drift", "apply"]))
    args = [command, "--spec", spec] + (["--auto-approve", "--no-evidence"] if command == "apply" else [])
    if data.draw(st.booleans()):
        target = make_conninfo(url, options=f"-c statement_timeout={data.draw(st.integers(1, 30))}")
        result = cli(*args, "--database-url", target)
    else:
        delay = data.draw(st.floats(0.0, 1.5))
        stop = threading.Event()
        killer = threading.Thread(target=_terminate_others, args=(url, delay, stop))
        killer.start()
        try:
            result = cli(*args, "--database-url", url)
        finally:
            stop.set()
            killer.join()
    if result.exit_code in (0, 2):
        assert "Traceback" not in result.stderr, result.stderr
        return
    assert_failed_cleanly(result, f"{command} interrupted")


def _terminate_others(url: str, delay: float, stop: threading.Event) -> None:
    if stop.wait(delay):
        return
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _written_files(data: st.DataObject, spec: Path, url: str) -> None:
    """Item 8: reports and evidence are written owner-only and never through a symlink."""
    outside = spec.parent / "outside.txt"
    outside.write_text("keep me")
    (spec / "t.yaml").write_text(GOOD)
    kind = data.draw(st.sampled_from(["parity-output", "drift-output", "evidence-dir"]))
    if kind == "parity-output":
        if not FIXTURE.exists():
            return
        report = spec.parent / "r.json"
        os.symlink(outside, report)
        result = cli(
            "parity",
            "--csv",
            FIXTURE,
            "--from",
            "2025-09-01",
            "--to",
            "2025-10-02",
            "--output",
            report,
            "--database-url",
            url,
        )
        written = [report]
    elif kind == "drift-output":
        report = spec.parent / "d.json"
        os.symlink(outside, report)
        result = cli("drift", "--spec", spec, "--database-url", url, "--output", report)
        written = [report]
    else:
        evidence = spec.parent / "ev"
        os.symlink(spec.parent, evidence)
        result = cli("drift", "--spec", spec, "--database-url", url, "--evidence-dir", evidence)
        written = []
    assert "Traceback" not in result.stderr, result.stderr
    assert outside.read_text() == "keep me", f"{kind}: written through a symlink"
    for path in written:
        if path.exists() and not path.is_symlink():
            assert path.stat().st_mode & 0o077 == 0, f"{kind}: {oct(path.stat().st_mode)}"


CLASSES: dict[str, Case] = {
    "spec-file": _spec_file,  # item 6
    "expression": _smuggled_expression,  # item 2
    "plan-file": _plan_file,  # item 1 (and 6: nested, not UTF-8)
    "csv": _csv,  # items 6 (CR-only) and 7
    "traps": _traps,  # item 2
    "lock-held": _lock_held,  # item 3
    "no-target": _no_target,  # item 4
    "password": _password,  # item 5
    "catalog-shadow": _catalog_shadow,  # item 6
    "dropped": _dropped,  # item 6
    "files": _written_files,  # item 8
}


def _expect_clean(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert_failed_cleanly(result, what)


@pytest.fixture
def parity_ready(make_db) -> str:  # type: ignore[no-untyped-def]
    from ..conftest import run_sql_file

    url = sentinel_db(make_db)
    run_sql_file(url, "0002.sql", "seed_rows.sql", "0003.sql")
    with psycopg.connect(url, autocommit=True) as conn:  # item 2's traps: every call leaves a trace
        conn.execute(
            "CREATE SEQUENCE trap_seq; CREATE TABLE trap_calls (at timestamptz DEFAULT now());"
            " CREATE TABLE trapped (id integer PRIMARY KEY); INSERT INTO trapped SELECT generate_series(1, 5);"
            " CREATE FUNCTION trap_fn() RETURNS bigint LANGUAGE sql VOLATILE"
            "  AS 'INSERT INTO trap_calls DEFAULT VALUES; SELECT nextval(''trap_seq'')';"
            " CREATE FUNCTION trap_imm() RETURNS bigint LANGUAGE plpgsql IMMUTABLE"
            "  AS 'BEGIN INSERT INTO trap_calls DEFAULT VALUES; RETURN nextval(''trap_seq''); END'"
        )
    return url


def test_hostile_classes(parity_ready, tmp_path, torture_scale):
    url = parity_ready
    baseline = user_tables(url)

    @settings(max_examples=torture_scale(60), **HYPO)
    @given(name=st.sampled_from(sorted(CLASSES)), data=st.data())
    def case(name: str, data: st.DataObject) -> None:
        STATS["inputs"] += 1
        STATS[f"class:{name}"] += 1
        work = tmp_path / "case"
        shutil.rmtree(work, ignore_errors=True)
        spec = work / "spec"
        spec.mkdir(parents=True)
        try:
            CLASSES[name](data, spec, url)
        finally:
            assert scalar_x(url) == 1, "the sentinel table x lost its row"
            assert user_tables(url) == baseline

    case()


def test_every_class_of_issue_15_has_a_generator():
    """Items 1-8 of issue 15, each produced by at least one generator above (and so counted in the summary)."""
    items = {
        1: {"plan-file"},
        2: {"expression", "traps"},
        3: {"lock-held"},
        4: {"no-target"},
        5: {"password"},
        6: {"spec-file", "plan-file", "csv", "catalog-shadow", "dropped"},
        7: {"csv"},
        8: {"files"},
    }
    assert set().union(*items.values()) == set(CLASSES)
