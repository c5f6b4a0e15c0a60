"""Comments (COMMENT ON) as the catalog holds them: one object per commented table, column, index,
constraint, view, materialized view, function or procedure, keyed by the object's kind and identity.

A comment belongs to a relation (`relation`): the table or view itself, or the table of its column,
index or constraint; for a routine, the routine's name. That keeps a table's comments with the table
in the normalization memo. A routine's comment carries its identity arguments (`args`), which COMMENT
ON FUNCTION names it by; they are not part of the comment's identity or value.
Only managed comments are read: those whose object declares `comment:` in the spec (reader names
from `comment_name`), or every comment of a relation for import (reader name "relation.*").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql

from .objects import CatalogObject, reader, register

ON = ("table", "column", "index", "constraint", "view", "materialized_view", "function", "procedure")
WHOLE = ("table", "view", "materialized_view", "function", "procedure")  # no sub-object
ROUTINES = ("function", "procedure")
ALL = "*"  # reader name "relation.*": every comment of the relation and its parts (import)


def comment_name(on: str, relation: str, sub: str) -> str:
    """`items (table)`, `items.qty (column)`, `items.items_qty_idx (index)`, `items.items_pkey (constraint)`:
    plan lines read `comment public.items.qty (column)`."""
    return (f"{relation}.{sub}" if sub else relation) + f" ({on.replace('_', ' ')})"


@register
@dataclass(frozen=True)
class Comment(CatalogObject):
    """`name` is the identity; `on` the commented kind; `sub` the column, index or constraint ("" else)."""

    KIND: ClassVar[str] = "comment"
    on: str = "table"
    relation: str = ""
    sub: str = ""
    text: str = ""
    args: str = field(default="", compare=False)  # a routine's identity arguments: "a integer, b text"

    @classmethod
    def make(cls, schema: str, on: str, relation: str, sub: str, text: str, args: str = "") -> Comment:
        return cls(schema, comment_name(on, relation, sub), on, relation, sub, text, args)

    def to_dict(self) -> dict[str, Any]:
        """`args` only on a routine's comment (a relation's keeps its canonical form)."""
        out = {k: getattr(self, k) for k in ("schema", "name", "on", "relation", "sub", "text")}
        return out | ({"args": self.args} if self.on in ROUTINES else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: exactly these text fields, a known kind, the identity they imply, a
        routine's arguments a valid argument list."""
        fields = ("schema", "name", "on", "relation", "sub", "text") + (("args",) if data.get("on") in ROUTINES else ())
        if set(data) != set(fields) or not all(isinstance(data[f], str) for f in fields):
            raise ValueError("comment: unexpected, missing or mistyped fields")
        if data["on"] not in ON or "\x00" in data["text"]:
            raise ValueError(f"comment {data['name']!r}: unknown kind or NUL in text")
        if (data["sub"] == "") != (data["on"] in WHOLE):
            raise ValueError(f"comment {data['name']!r}: a part's comment needs its name, a relation's none")
        if data["on"] in ROUTINES and not _arguments_ok(data["args"]):
            raise ValueError(f"comment {data['name']!r}: invalid arguments")
        made = cls.make(data["schema"], data["on"], data["relation"], data["sub"], data["text"], data.get("args", ""))
        if made.name != data["name"]:
            raise ValueError(f"comment {data['name']!r}: identity does not match its object")
        return made


def _arguments_ok(args: str) -> bool:
    from reconcile.spec.routine_check import routine_problem

    return routine_problem(f"CREATE FUNCTION x({args}) RETURNS int LANGUAGE sql AS ''", None, "") is None


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "comments.sql").read_text())


def _relations(name: str) -> set[str]:
    """The relations a reader name may be about: the whole name before its kind, or any prefix
    ending before a dot (names may hold dots; the exact match is checked after reading)."""
    if name.endswith("." + ALL):
        return {name[: -len(ALL) - 1]}
    base = name.rpartition(" (")[0]
    return {base} | {base[:i] for i, ch in enumerate(base) if ch == "."}


@reader("comment")
def read_comments(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    """`names`: (schema, comment_name) of each managed comment, or (schema, "relation.*")."""
    wanted = set(names)
    relations = sorted({(s, r) for s, n in names for r in _relations(n)})
    params = {"schemas": [s for s, _ in relations], "names": [n for _, n in relations]}
    rows = conn.execute(_query(), params).fetchall()
    found = (Comment.make(schema, on, rel, sub, text, args) for schema, on, rel, sub, text, args in rows)
    return [c for c in found if (c.schema, c.name) in wanted or (c.schema, f"{c.relation}.{ALL}") in wanted]


def comments_in(objects: Iterable[CatalogObject]) -> list[Comment]:
    """The comments among `objects`, typed."""
    return [o for o in objects if isinstance(o, Comment)]
