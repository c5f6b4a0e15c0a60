"""Domains as the catalog holds them: base type, collation, NOT NULL, default and named CHECK constraints."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .objects import CatalogObject, reader, register
from .types import Use, enum_columns

Check = tuple[str, str]  # (name, expression as PostgreSQL renders it)


@register
@dataclass(frozen=True)
class Domain(CatalogObject):
    """`not_valid`: the names of checks not validated yet (a live one differs from the spec's, validated)."""

    KIND: ClassVar[str] = "domain"
    base_type: str = ""
    not_null: bool = False
    default: str = ""  # "" for none
    checks: tuple[Check, ...] = ()
    not_valid: tuple[str, ...] = ()
    collation: str = ""  # "" for the base type's own: a name, not qualified
    # the table columns of this domain, which a base type change converts (as an enum's): never a difference
    columns: tuple[Use, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """`collation` and `columns` only when set (a domain without them keeps its canonical form)."""
        data = ({"collation": self.collation} if self.collation else {}) | {
            "schema": self.schema,
            "name": self.name,
            "base_type": self.base_type,
            "not_null": self.not_null,
            "default": self.default,
            "checks": [list(c) for c in self.checks],
            "not_valid": list(self.not_valid),
        }
        if self.columns:
            data["columns"] = [list(c) for c in self.columns]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """`data` is untrusted: every field typed; the default and each check parsed as one expression."""
        from reconcile.catalog.sqltext import type_text_ok
        from reconcile.spec.expressions import expression_problem

        fields = {"schema", "name", "base_type", "not_null", "default", "checks", "not_valid"}
        if not fields <= set(data) <= fields | {"collation", "columns"} or data.get("collation") == "":
            raise ValueError("domain: unexpected or missing fields")
        columns = enum_columns(data, "domain")
        checks = [tuple(c) for c in data["checks"]] if isinstance(data["checks"], list) else None
        texts = [data["schema"], data["name"], data["base_type"], data["default"], data.get("collation", ""),
                 *data["not_valid"]]  # fmt: skip
        if (
            checks is None
            or not all(isinstance(t, str) for t in texts)
            or not isinstance(data["not_null"], bool)
            or not all(len(c) == 2 and all(isinstance(x, str) for x in c) for c in checks)
        ):
            raise ValueError(f"domain {data.get('name')!r}: fields of the wrong type")
        if not type_text_ok(data["base_type"]):
            raise ValueError(f"domain {data['name']!r}: invalid base type {data['base_type']!r}")
        for text in [data["default"] or "0", *(c[1] for c in checks)]:
            if expression_problem(text):
                raise ValueError(f"domain {data['name']!r}: {text!r} is not one expression")
        return cls(
            data["schema"],
            data["name"],
            data["base_type"],
            data["not_null"],
            data["default"],
            tuple((n, x) for n, x in checks),
            tuple(data["not_valid"]),
            data.get("collation", ""),
            columns,
        )


def domain_text(obj: object) -> str:
    """One line for a plan: `numeric(12,2) NOT NULL DEFAULT 0 CHECK amount_positive (VALUE >= 0)`."""
    if not isinstance(obj, Domain):
        return ""
    parts = [obj.base_type] + ([f'COLLATE "{obj.collation}"'] if obj.collation else [])
    parts += (["NOT NULL"] if obj.not_null else []) + ([f"DEFAULT {obj.default}"] if obj.default else [])
    parts += [f"CHECK {n} ({x}){' NOT VALID' if n in obj.not_valid else ''}" for n, x in obj.checks]
    return " ".join(parts)


@cache
def _query() -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", "domains.sql").read_text())


@reader("domain")
def read_domains(conn: psycopg.Connection, names: list[tuple[str, str]]) -> list[CatalogObject]:
    params = {"schemas": [s for s, _ in names], "names": [n for _, n in names]}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(), params).fetchall()
    return [
        Domain(
            r["schema"],
            r["name"],
            r["base_type"],
            r["not_null"],
            r["default"],
            tuple((c[0], c[1]) for c in r["checks"]),
            tuple(c[0] for c in r["checks"] if c[2]),
            r["collation"],
            tuple((s, t, c, d, a) for s, t, c, d, a in r["columns"]),
        )
        for r in rows
    ]
