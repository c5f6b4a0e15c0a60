"""The COMMENTS family: the spec's comments set in the dev database after everything they describe,
then read back with the live query. Foreign keys are not built there, so their comments are derived
(`foreign_key_comments`): PostgreSQL stores a comment's text verbatim either way.

A comment is managed only where the spec object declares `comment:` (`comment_keys`); `comment: null`
then means no comment, and a live comment on an object that is silent about it is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconcile.catalog.comments import Comment, comment_name
from reconcile.spec.model import Spec, TableSpec

from .families import Phase, Statement, register

Declared = tuple[tuple[Any, ...], str, str, str, str, str | None]  # (spec path, schema, on, relation, sub, text)


def _declares(obj: Any) -> bool:
    return "comment" in obj.model_fields_set


def _table_comments(t: TableSpec) -> Iterator[Declared]:
    at, s, name = (t.schema, t.table), t.schema, t.table
    if _declares(t):
        yield (*at, "comment"), s, "table", name, "", t.comment
    for i, col in enumerate(t.columns):
        if _declares(col):
            yield (*at, "columns", i, "comment"), s, "column", name, col.name, col.comment
    for i, idx in enumerate(t.indexes):
        if _declares(idx):
            yield (*at, "indexes", i, "comment"), s, "index", name, idx.name, idx.comment
    for group in ("unique", "checks", "foreign_keys"):
        for i, con in enumerate(getattr(t, group)):
            if _declares(con) and con.name:
                yield (*at, group, i, "comment"), s, "constraint", name, con.name, con.comment


def declared(spec: Spec, *, tables_only: bool = False) -> list[Declared]:
    """Every comment the spec manages (text None: declared `comment: null`), with where it is declared."""
    out = [d for t in spec.tables for d in _table_comments(t)]
    if tables_only:
        return out
    for kind in ("view", "materialized_view", "function", "procedure"):
        out += [
            ((kind, v.schema, v.name, "comment"), v.schema, kind, v.name, "", v.comment)
            for v in spec.of(kind)
            if _declares(v)
        ]
    return out


def comment_keys(spec: Spec, *, tables_only: bool = False) -> list[tuple[str, str, str]]:
    """("comment", schema, name) of every managed comment (of the tables alone): what introspection reads."""
    return [
        ("comment", s, comment_name(on, rel, sub)) for _, s, on, rel, sub, _ in declared(spec, tables_only=tables_only)
    ]


def foreign_key_comments(spec: Spec) -> tuple[Comment, ...]:
    """The comments of the spec's foreign keys (they are not built in the dev database)."""
    return tuple(
        Comment.make(t.schema, "constraint", t.table, fk.name, fk.comment)
        for t in spec.tables
        for fk in t.foreign_keys
        if fk.name and fk.comment is not None
    )


@register(Phase.COMMENTS, "comments")
def comment_statements(spec: Spec) -> list[Statement]:
    from reconcile.ddl.comments import comment_sql

    fks = {(t.schema, t.table, fk.name) for t in spec.tables for fk in t.foreign_keys}
    return [
        (path, comment_sql(Comment.make(s, on, rel, sub, text), text, bare=True))
        for path, s, on, rel, sub, text in declared(spec)
        if text is not None and (s, rel, sub) not in fks
    ]
