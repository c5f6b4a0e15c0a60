"""diff() is pure: catalogs in, changes out."""

from __future__ import annotations

from dataclasses import replace

from reconcile.catalog.model import Catalog, Column, Constraint, Index, IndexKey, Table
from reconcile.diff import diff
from reconcile.diff.change import temp_index_name

T = Table("public", "t", (Column("id", "integer", True), Column("a", "text")))
IDX = Index("public", "t", "t_a", (IndexKey(column="a"),), unique=True)


def cat(table=T, indexes=(IDX,), constraints=()) -> Catalog:
    return Catalog((table,), tuple(indexes), tuple(constraints))


def actions(current: Catalog, desired: Catalog) -> list[tuple[str, str, str]]:
    return [(c.action, c.kind, c.name) for c in diff(current, desired)]


def test_equal_catalogs_have_no_changes():
    assert diff(cat(), cat()) == []


def test_missing_table_is_created_with_its_indexes_as_new_table_changes():
    changes = diff(Catalog(), cat())
    assert [(c.action, c.kind) for c in changes] == [("create", "table"), ("add", "index")]
    assert all(c.new_table for c in changes)


def test_column_add_drop_and_alter():
    want = replace(T, columns=(Column("id", "bigint", True), Column("b", "text")))
    assert actions(cat(), cat(table=want, indexes=())) == [
        ("alter", "column", "id"), ("add", "column", "b"), ("drop", "column", "a"), ("drop", "index", "t_a"),
    ]  # fmt: skip


def test_same_name_new_definition_is_a_replace_and_invalid_is_a_rebuild():
    changed = replace(IDX, where="a IS NOT NULL")
    assert actions(cat(), cat(indexes=(changed,))) == [("replace", "index", "t_a")]
    assert actions(cat(indexes=(replace(IDX, valid=False),)), cat()) == [("rebuild", "index", "t_a")]


def test_interrupted_replace_leftovers():
    built = replace(IDX, name=temp_index_name("t_a"))
    # old index dropped, new one built: only the rename is left
    assert actions(cat(indexes=(built,)), cat()) == [("rename", "index", "t_a")]
    # both present, old differs: drop old and rename (no second build)
    old = replace(IDX, keys=(IndexKey(column="id"),))
    assert actions(cat(indexes=(old, built)), cat()) == [("swap", "index", "t_a")]
    # half-built leftover: dropped without --allow-drop, then the normal replace
    broken = replace(built, valid=False)
    changes = diff(cat(indexes=(old, broken)), cat())
    assert [(c.action, c.name, c.leftover) for c in changes] == [
        ("drop", built.name, True), ("replace", "t_a", False),
    ]  # fmt: skip


def test_not_valid_constraint_is_validated_and_changed_one_replaced():
    check = Constraint("public", "t", "t_check", "c", expression="CHECK ((id > 0))")
    assert actions(cat(constraints=(replace(check, valid=False),)), cat(constraints=(check,))) == [
        ("validate", "constraint", "t_check")
    ]
    other = replace(check, expression="CHECK ((id > 1))")
    assert actions(cat(constraints=(other,)), cat(constraints=(check,))) == [("replace", "constraint", "t_check")]
    assert actions(cat(constraints=(check,)), cat()) == [("drop", "constraint", "t_check")]


def test_long_names_keep_the_temporary_suffix_within_63_bytes():
    name = "x" * 63
    tmp = temp_index_name(name)
    assert len(tmp.encode()) <= 63 and tmp.endswith("_reconcile_new")
