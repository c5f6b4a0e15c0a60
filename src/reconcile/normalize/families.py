"""What each object family builds to normalize the spec, and in which phase.

Normalization builds the whole spec in a scratch database (never the target) inside one
transaction that is rolled back, then reads it back with the live database's catalog queries.
Each family contributes the statements that create its spec objects under their real schema
and names; `statements(spec)` runs them phase by phase (function bodies are not checked at
creation, so functions may precede the tables they read).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from psycopg import sql

from reconcile.spec.model import Spec

Statement = tuple[tuple[Any, ...], sql.Composable]  # (spec path, for file:line errors; exactly one statement)
Builder = Callable[[Spec], list[Statement]]


class Phase(IntEnum):
    SCHEMAS = 10  # schemas, extensions
    TYPES = 20  # enums, domains, composite types
    SEQUENCES = 30
    FUNCTIONS = 40  # functions, procedures
    TABLES = 50  # tables with columns, keys, checks, indexes; partitions after their parents
    VIEWS = 60  # views, materialized views and their indexes
    TRIGGERS = 70
    POLICIES = 80  # row-level security and policies
    COMMENTS = 90


FAMILIES: list[tuple[Phase, str, Builder]] = []
# the modules that register a family (imported on first use); each family adds its module here
MODULES: tuple[str, ...] = (
    "reconcile.normalize.tables",
    "reconcile.normalize.views",
    "reconcile.normalize.policies",
    "reconcile.normalize.functions",
    "reconcile.normalize.triggers",
    "reconcile.normalize.comments",
    "reconcile.normalize.extensions",
    "reconcile.normalize.sequences",
    "reconcile.normalize.types",
    "reconcile.normalize.domains",
)


def register(phase: Phase, name: str) -> Callable[[Builder], Builder]:
    """Decorator: `builder(spec)` returns the statements of family `name`, run in `phase`."""

    def add(builder: Builder) -> Builder:
        if any(n == name for _, n, _ in FAMILIES):
            raise ValueError(f"normalization family {name!r} registered twice")
        FAMILIES.append((phase, name, builder))
        return builder

    return add


def statements(spec: Spec) -> list[tuple[tuple[Any, ...], sql.Composable, Phase]]:
    """Every family's statements with their phase, phase by phase (registration order within a phase)."""
    for module in MODULES:
        importlib.import_module(module)
    ordered = sorted(enumerate(FAMILIES), key=lambda item: (item[1][0], item[0]))
    return [(path, stmt, phase) for _, (phase, _, builder) in ordered for path, stmt in builder(spec)]
