"""Hostile-input classes of issue 15, generated: each case fails cleanly (one 'Error:' line, exit 1
or 3, no traceback, no hang) or works, and never changes the sentinel. Counted per class in the
torture summary line ("hostile classes: ...")."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..helpers import cli
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
        plan.write_bytes(b'{"format_version": 3, "x": "' + bytes([data.draw(st.integers(0x80, 0xFF))]) + b'"}')
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


CLASSES: dict[str, Case] = {
    "spec-file": _spec_file,
    "expression": _smuggled_expression,
    "plan-file": _plan_file,
    "csv": _csv,
}


def _expect_clean(result, what: str) -> None:  # type: ignore[no-untyped-def]
    assert_failed_cleanly(result, what)


@pytest.fixture
def parity_ready(make_db) -> str:  # type: ignore[no-untyped-def]
    from ..conftest import run_sql_file

    url = sentinel_db(make_db)
    run_sql_file(url, "0002.sql", "seed_rows.sql", "0003.sql")
    return url


def test_hostile_classes(parity_ready, tmp_path, torture_scale):
    url = parity_ready
    baseline = user_tables(url)

    @settings(max_examples=torture_scale(40), **HYPO)
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
