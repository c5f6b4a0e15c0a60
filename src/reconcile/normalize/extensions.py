"""The EXTENSIONS family: each spec extension created in the dev database first (the spec's types and
functions from it then resolve there), and its desired state, which the dev server cannot tell: the
schema and version the spec names, else the target's own (so an undeclared one never plans a change)."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from reconcile.catalog.extensions import Extension
from reconcile.catalog.model import Catalog
from reconcile.spec.model import Spec

from .families import Phase, Statement, register


def create_sql(name: str, schema: str, version: str) -> sql.Composed:
    stmt = sql.SQL("CREATE EXTENSION IF NOT EXISTS {} SCHEMA {}").format(sql.Identifier(name), sql.Identifier(schema))
    return stmt + sql.SQL(" VERSION {}").format(sql.Literal(version)) if version else stmt


@register(Phase.SCHEMAS, "extensions")
def extension_statements(spec: Spec) -> list[Statement]:
    """No version in the dev database: it may not ship the target's, and only the objects matter there."""
    wanted = [e for e in spec.of("extension") if not e.absent]
    return [((e.KIND, e.schema, e.name, "extension"), create_sql(e.name, e.schema, "")) for e in wanted]


def desired_extensions(spec: Spec, live: Catalog) -> tuple[Extension, ...]:
    found = {o.name: o for o in live.of("extension") if isinstance(o, Extension)}
    out = []
    for e in (e for e in spec.of("extension") if not e.absent):
        have: Any = found.get(e.name)
        schema = e.schema if e.declares_schema() or have is None else have.schema
        out.append(Extension(schema, e.name, e.version or (have.version if have is not None else "")))
    return tuple(out)
