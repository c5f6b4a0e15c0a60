"""The memo of parsed spec files and the canonical encoder behind catalog fingerprints."""

from __future__ import annotations

import json
import stat
from dataclasses import asdict, fields
from pathlib import Path

import pytest

import reconcile.spec.load as loader
from reconcile.catalog.model import (
    Catalog,
    Column,
    Constraint,
    ConstraintType,
    ForeignKeyRef,
    Index,
    IndexKey,
    Table,
)
from reconcile.errors import SpecError
from reconcile.spec.load import load_spec

from .helpers import DESIRED, write_spec

ORDERS = """table: orders
columns:
  - {name: id, type: bigint, primary_key: true}
  - {name: total, type: "numeric(12,2)", default: 0}
indexes:
  - {name: orders_total_idx, columns: [total]}
"""


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = loader.read_document
    monkeypatch.setattr(loader, "read_document", lambda f, t: seen.append(Path(f).name) or original(f, t))
    return seen


def test_a_second_load_reads_the_memo_and_gives_the_same_spec(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    first = load_spec(DESIRED)
    (memo,) = (tmp_path / "cache").glob("spec-*.json")
    assert stat.S_IMODE(memo.stat().st_mode) == 0o600
    parsed = _parses(monkeypatch)
    second = load_spec(DESIRED)
    assert parsed == []
    assert second == first
    # no line marks in the memo: a key's line is read from the file's YAML when asked for
    assert second.where("public", "users", "columns", 1) == first.where("public", "users", "columns", 1)
    assert parsed == ["users.yaml"]
    assert second.locations.resolved() == first.locations


def test_editing_one_file_parses_only_that_file(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    spec_dir = write_spec(tmp_path / "desired", orders=ORDERS, items=ORDERS.replace("orders", "items"))
    load_spec(spec_dir)
    (spec_dir / "items.yaml").write_text(ORDERS.replace("orders", "items").replace("default: 0", "default: 1"))
    parsed = _parses(monkeypatch)
    spec = load_spec(spec_dir)
    assert parsed == ["items.yaml"]
    assert {t.table: t.columns[1].default for t in spec.tables} == {"items": "1", "orders": "0"}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: {**e, "columns": [{"name": "id", "type": "int; DROP TABLE x"}]},
        lambda e: {**e, "surprise": True},
        lambda e: {**e, "columns": [{"name": "id", "type": "bigint"}, {"name": "id", "type": "text"}]},
        lambda e: [e, [[["columns", True], 3]]],  # the old format's shape
        lambda e: {},
        lambda e: "orders",
    ],
)
def test_a_tampered_memo_entry_is_parsed_again_from_the_file(tmp_path, monkeypatch, tamper):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    spec_dir = write_spec(tmp_path / "desired", orders=ORDERS)
    first = load_spec(spec_dir)
    (memo,) = (tmp_path / "cache").glob("spec-*.json")
    data = json.loads(memo.read_text())
    (key,) = data["entries"]
    data["entries"][key] = tamper(data["entries"][key])
    memo.write_text(json.dumps(data))
    parsed = _parses(monkeypatch)
    again = load_spec(spec_dir)
    assert parsed == ["orders.yaml"]
    assert again == first and again.locations == first.locations  # parsed now: every line at once


def test_an_error_on_a_memoised_file_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    other = "table: other\ncolumns:\n  - {name: id, type: bigint}\n"
    spec_dir = write_spec(tmp_path / "desired", orders=ORDERS, other=other)
    load_spec(spec_dir)
    # orders.yaml is answered by the memo; the other file now declares a second table of that name
    (spec_dir / "other.yaml").write_text(other.replace("table: other", "table: orders"))
    with pytest.raises(SpecError) as err:
        load_spec(spec_dir)
    assert "declared twice" in str(err.value)
    assert err.value.location == f"{spec_dir / 'other.yaml'}:1"  # the last file, as when both are parsed


def test_a_memo_that_is_not_json_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    spec_dir = write_spec(tmp_path / "desired", orders=ORDERS)
    first = load_spec(spec_dir)
    (memo,) = (tmp_path / "cache").glob("spec-*.json")
    memo.write_text('{"format": 1, "entries": [')
    assert load_spec(spec_dir) == first


def test_a_bad_file_is_never_memoised_and_keeps_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))
    spec_dir = write_spec(tmp_path / "desired", orders=ORDERS.replace("bigint", "big int;"))
    for _ in range(2):
        with pytest.raises(SpecError) as err:
            load_spec(spec_dir)
        assert err.value.location == f"{spec_dir / 'orders.yaml'}:3"


def _asdict_canonical(catalog: Catalog) -> dict[str, object]:
    """The canonical form as it was built with dataclasses.asdict, which golden fingerprints record."""

    def index(i: Index) -> dict[str, object]:
        data = {f.name: getattr(i, f.name) for f in fields(i) if f.compare}
        return {**data, "keys": [asdict(k) for k in i.keys], "include": list(i.include)}

    def table(t: object) -> dict[str, object]:
        # plain columns leave the generation fields out, so pre-generated-column fingerprints hold
        data = asdict(t)  # type: ignore[call-overload]
        for col in data["columns"]:
            if col["generated"] is None and not col["virtual"]:
                del col["generated"], col["virtual"]
        if data["row_security"] is None:  # and tables without row-level security leave it out
            del data["row_security"]
        if data["partitioning"] is None:  # as do tables that are not partitioned
            del data["partitioning"]
        return data

    def constraint(c: Constraint) -> dict[str, object]:
        # how a constraint is read and built (inherited, partitions) is not part of what it is
        return {k: v for k, v in asdict(c).items() if k in {f.name for f in fields(c) if f.compare}}

    return {
        "tables": [table(t) for t in sorted(catalog.tables, key=lambda t: t.key)],
        "indexes": [index(i) for i in sorted(catalog.indexes, key=lambda i: i.key)],
        "constraints": [constraint(c) for c in sorted(catalog.constraints, key=lambda c: c.key)],
    }


def test_the_fast_canonical_form_is_exactly_asdicts():
    catalog = Catalog(
        tables=(
            Table("s", "b", (Column("id", "bigint", True, None, "always"), Column("n", "text", False, "'x'::text"))),
            Table("public", "a", (Column("id", "integer"),)),
        ),
        indexes=(
            Index(
                "s",
                "b",
                "b_n",
                (IndexKey("n", None, True, True, "text_pattern_ops"), IndexKey(None, "lower(n)")),
                unique=True,
                where="(n IS NOT NULL)",
                include=("id",),
                uses=frozenset({"n"}),
            ),  # fmt: skip
        ),
        constraints=(
            Constraint("s", "b", "b_pkey", ConstraintType.PRIMARY, ("id",)),
            Constraint(
                "s",
                "b",
                "b_fk",
                ConstraintType.FOREIGN,
                ("id",),
                None,
                ForeignKeyRef("public", "a", ("id",)),
                on_delete="cascade",
                deferrable=True,
            ),  # fmt: skip
            Constraint("s", "b", "b_check", "c", (), "CHECK ((n <> ''::text))"),
        ),
        server_version=150000,
    )
    assert catalog.to_dict() == _asdict_canonical(catalog)
    encoded = json.dumps(catalog.to_dict(), sort_keys=True, separators=(",", ":"))
    assert encoded == json.dumps(_asdict_canonical(catalog), sort_keys=True, separators=(",", ":"))
