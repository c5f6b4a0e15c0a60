"""What the spec uses from the target without declaring it: extensions, types, functions.

Read from the target's catalogs (read only; nothing of the target runs), then created again in the
dev database before the spec is built there, so a column of a live enum type or a default calling a
live function normalizes as it would on the target. Functions are stubs (signature only); types and
signatures come from the target's own catalog renderings (format_type, pg_get_function_arguments,
pg_get_constraintdef) and run only in the dev database, one per extended-protocol message; one that
fails there is skipped (the spec's own statement that needed it then names its line).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reconcile.catalog.sqltext import execute_one
from reconcile.spec.expressions import function_names, sequence_names
from reconcile.spec.model import Spec


@dataclass(frozen=True)
class Prerequisites:
    extensions: tuple[dict[str, Any], ...] = ()
    types: tuple[dict[str, Any], ...] = ()
    functions: tuple[dict[str, Any], ...] = ()
    sequences: tuple[dict[str, Any], ...] = ()

    def digest(self) -> str:
        """Part of the memo key: the same spec over other live types normalizes anew."""
        data = [list(self.extensions), list(self.types), list(self.functions), list(self.sequences)]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


PARTS = ("extensions", "types", "functions", "sequences")


@cache
def _query(name: str) -> str:
    return resources.files(__package__).joinpath("sql", f"{name}.sql").read_text()


@cache
def _all_in_one() -> sql.Composed:
    """live_prerequisites.sql with the four queries in it: one round trip per plan, not four."""
    parts = {part: sql.SQL(_query(f"live_{part}")) for part in PARTS}  # noqa: S608 - our own files
    return sql.SQL(_query("live_prerequisites")).format(**parts)


def gather(target: psycopg.Connection, spec: Spec) -> Prerequisites:
    declared = {(o.schema, o.name) for o in spec.objects}
    texts = _expressions(spec)
    functions = sorted({name for text in texts for name in function_names(text)})
    sequences = sorted({name for text in texts for name in sequence_names(text)})
    with target.cursor(row_factory=dict_row) as cur:
        row = cur.execute(_all_in_one(), {"functions": functions, "sequences": sequences}).fetchone()
    assert row is not None  # one row, always
    found = {part: [r for r in row[part] if (r["schema"], r["name"]) not in declared] for part in PARTS}
    found["extensions"] = row["extensions"]  # an extension is never declared as a spec object
    return Prerequisites(*(tuple(found[part]) for part in PARTS))


def _expressions(spec: Spec) -> list[str]:
    """The spec's expressions (defaults, checks, index keys and predicates): what they call must exist."""
    texts: list[str] = []
    for t in spec.tables:
        texts += [c.default for c in t.columns if c.default]
        texts += [ck.expression for ck in t.checks]
        for idx in t.indexes:
            texts += [k.expression for k in idx.columns if not isinstance(k, str) and k.expression]
            texts += [idx.where] if idx.where else []
    return texts


def reproduce(dev: psycopg.Connection, needed: Prerequisites, schemas: set[str]) -> list[str]:
    """Create them in the dev database; returns the extensions the dev server could not create."""
    wanted = schemas | {e["schema"] for e in needed.extensions} | {t["schema"] for t in needed.types}
    wanted |= {f["schema"] for f in needed.functions} | {q["schema"] for q in needed.sequences}
    for schema in sorted(wanted):
        _try(dev, sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    missing = [
        e["name"]
        for e in needed.extensions
        if not _try(
            dev,
            sql.SQL("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {}").format(
                sql.Identifier(e["name"]), sql.Identifier(e["schema"])
            ),
        )
    ]
    for q in needed.sequences:  # options do not matter here: a default only names the sequence
        _try(dev, sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(q["schema"], q["name"])))
    pending = [_type_statement(t) for t in needed.types]
    for _ in range(3):  # types may use each other: retry what failed until nothing more succeeds
        pending = [stmt for stmt in pending if not _try(dev, stmt)]
        if not pending:
            break
    for f in needed.functions:
        _try(dev, _stub(f))
    return missing


VOLATILITY = {"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}
STUB_BODY = "BEGIN RAISE EXCEPTION 'reconcile: a stub of the target''s function, for normalization only'; END"


def _stub(f: dict[str, Any]) -> sql.Composable:
    """The function's signature with a PL/pgSQL body of ours: an expression calling it resolves and
    renders as on the target, and nothing of the target's code is copied or inlined."""
    return sql.SQL("CREATE FUNCTION {}({}) RETURNS {} LANGUAGE plpgsql {} AS {}").format(
        sql.Identifier(f["schema"], f["name"]),
        sql.SQL(f["arguments"]),
        sql.SQL(f["result"]),
        sql.SQL(VOLATILITY.get(f["volatility"], "VOLATILE")),
        sql.Literal(_stub_body(f)),
    )


def _stub_body(f: dict[str, Any]) -> str:
    """An IMMUTABLE stub returns NULL: PostgreSQL folds a call with constant arguments while it only
    prepares an expression, with no row involved (ADD CHECK's scan of the empty table, an index's
    expressions and predicate), and a stub that raised would fail the build (a live domain it returns is
    reproduced without the constraints that would refuse the NULL). NULL is never stored: the catalog
    keeps the call. Every other stub raises, as nothing in the build may call it."""
    if f["volatility"] != "i":
        return STUB_BODY
    return "BEGIN RETURN; END" if f.get("bare_return") else "BEGIN RETURN NULL; END"


def _type_statement(t: dict[str, Any]) -> sql.Composable:
    name = sql.Identifier(t["schema"], t["name"])
    kind = t["kind"]
    if kind == "e":
        labels = sql.SQL(", ").join(sql.Literal(v) for v in t["labels"] or ())
        return sql.SQL("CREATE TYPE {} AS ENUM ({})").format(name, labels)
    if kind == "c":
        attrs = [
            sql.SQL("{} {}").format(sql.Identifier(a), sql.SQL(ty))
            for a, ty in zip(t["attributes"] or (), t["attribute_types"] or (), strict=True)
        ]
        return sql.SQL("CREATE TYPE {} AS ({})").format(name, sql.SQL(", ").join(attrs))
    if kind == "r":
        return sql.SQL("CREATE TYPE {} AS RANGE (subtype = {})").format(name, sql.SQL(t["subtype"]))
    return _domain_statement(name, t)


def _domain_statement(name: sql.Identifier, t: dict[str, Any]) -> sql.Composable:
    """A live domain without its NOT NULL and CHECKs: in the dev database it is a type the spec's
    expressions resolve against, and its constraints never change how they render; kept, they would
    refuse the NULL an IMMUTABLE stub returns when a call with constant arguments is folded (a NOT NULL
    domain as a live function's result)."""
    parts: list[sql.Composable] = [sql.SQL("CREATE DOMAIN {} AS {}").format(name, sql.SQL(t["base"]))]
    if t["default"] is not None:
        parts.append(sql.SQL("DEFAULT {}").format(sql.SQL(t["default"])))
    return sql.SQL(" ").join(parts)


def _try(dev: psycopg.Connection, stmt: sql.Composable) -> bool:
    try:
        with dev.transaction():
            execute_one(dev, stmt)
        return True
    except psycopg.Error:
        return False
