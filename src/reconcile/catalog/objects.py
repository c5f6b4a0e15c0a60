"""Catalog objects other than tables and what hangs off them: views, enums, functions, ...

Each object family defines a frozen dataclass subclassing `CatalogObject` (with its `KIND`),
registers it with `@register`, and registers a reader with `@reader(KIND)` that reads the
managed objects of that kind in one set-based query. `Catalog.objects` holds them all;
`Catalog.to_dict()` lists them under "objects" only when there are any, so catalogs without
them keep their canonical form (and fingerprint) unchanged.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import psycopg

from .canonical import encode

Key = tuple[str, ...]


@dataclass(frozen=True)
class CatalogObject:
    KIND: ClassVar[str] = ""
    schema: str
    name: str

    @property
    def key(self) -> Key:
        return (self.KIND, self.schema, self.name)

    def to_dict(self) -> dict[str, Any]:
        """Canonical form; families with nested objects or defaults to omit override it."""
        return dict(encode(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogObject:
        """Inverse of `to_dict`; `data` is untrusted (a plan, a snapshot, a cache): raise ValueError/TypeError."""
        return cls(**data)


T = TypeVar("T", bound=type[CatalogObject])
Reader = Callable[[psycopg.Connection, list[tuple[str, str]]], list[CatalogObject]]
TYPES: dict[str, type[CatalogObject]] = {}
READERS: dict[str, Reader] = {}
# the modules that define object families (imported on first use); each family adds its module here
MODULES: tuple[str, ...] = (
    "reconcile.catalog.views",
    "reconcile.catalog.functions",
    "reconcile.catalog.triggers",
    "reconcile.catalog.comments",
    "reconcile.catalog.extensions",
    "reconcile.catalog.sequences",
    "reconcile.catalog.types",
    "reconcile.catalog.domains",
    "reconcile.catalog.composites",
)


def register(cls: T) -> T:
    """Class decorator: objects of `cls.KIND` can be read back from a catalog's dict form."""
    if cls.KIND in TYPES:
        raise ValueError(f"catalog kind {cls.KIND!r} registered twice")
    TYPES[cls.KIND] = cls
    return cls


def reader(kind: str) -> Callable[[Reader], Reader]:
    """Decorator: `read(conn, [(schema, name), ...])` returns the live objects of `kind` among those names."""

    def add(read: Reader) -> Reader:
        READERS[kind] = read
        return read

    return add


def load() -> None:
    for module in MODULES:
        importlib.import_module(module)


def read_objects(
    conn: psycopg.Connection, wanted: Iterable[tuple[str, str, str]], trace: list[str] | None
) -> tuple[CatalogObject, ...]:
    """The managed objects (kind, schema, name) that exist: one query per kind asked for."""
    load()
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for kind, schema, name in sorted(set(wanted)):
        by_kind.setdefault(kind, []).append((schema, name))
    out: list[CatalogObject] = []
    for kind, names in by_kind.items():
        if kind not in READERS:
            continue  # a kind this build cannot read yet is not managed
        if trace is not None:
            trace.append(kind)
        out += READERS[kind](conn, names)
    return tuple(out)


def object_dict(obj: CatalogObject) -> dict[str, Any]:
    return {"kind": obj.KIND, **obj.to_dict()}


def object_from(data: dict[str, Any]) -> CatalogObject:
    load()
    d = dict(data)
    kind = d.pop("kind")
    if kind not in TYPES:
        raise ValueError(f"unknown catalog object kind {kind!r}")
    return TYPES[kind].from_dict(d)
