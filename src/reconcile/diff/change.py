"""A typed change between two catalogs: what happens (action) to which object (kind)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from reconcile.catalog.model import Column, Constraint, Index, Policy, RowSecurity, Table
from reconcile.catalog.objects import CatalogObject


class Action(StrEnum):
    CREATE = "create"
    ADD = "add"
    DROP = "drop"
    ALTER = "alter"
    REPLACE = "replace"
    REBUILD = "rebuild"
    VALIDATE = "validate"
    RENAME = "rename"
    SWAP = "swap"
    RESUME = "resume"  # finish an interrupted build (a partitioned index: its missing partitions)


class Kind(StrEnum):
    TABLE = "table"
    COLUMN = "column"
    INDEX = "index"
    CONSTRAINT = "constraint"
    TRIGGER = "trigger"  # `triggers:` on a table, and reconcile's own leftover capture triggers
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    ROW_SECURITY = "row_security"  # a table's ENABLE/FORCE ROW LEVEL SECURITY flags
    POLICY = "policy"
    FUNCTION = "function"
    PROCEDURE = "procedure"
    COMMENT = "comment"
    EXTENSION = "extension"
    SEQUENCE = "sequence"
    NAMESPACE = "namespace"
    ENUM = "enum"
    DOMAIN = "domain"
    COMPOSITE = "composite"
    PARTITION = "partition"  # attaching a table to a partitioned table, or detaching it
    # object families (catalog/objects.py) add their kind here, named as their spec key


# kinds whose objects belong to a table: addressed `schema.table.name`, planned after their table
TABLE_PARTS = frozenset({Kind.COLUMN, Kind.INDEX, Kind.CONSTRAINT, Kind.TRIGGER, Kind.ROW_SECURITY, Kind.POLICY})


MARKERS = {
    Action.CREATE: "+",
    Action.ADD: "+",
    Action.DROP: "-",
    Action.ALTER: "~",
    Action.REPLACE: "-/+",
    Action.REBUILD: "-/+",
    Action.VALIDATE: "~",
    Action.RENAME: "~",
    Action.SWAP: "-/+",
    Action.RESUME: "~",
}
TEMP_SUFFIX = "_reconcile_new"
BOUND_SUFFIX = "_reconcile_bound"
DEFAULT_SUFFIX = "_reconcile_not_in"  # on the DEFAULT partition: its rows are not in the attached one's bound

Obj = Table | Column | Index | Constraint | Policy | RowSecurity | CatalogObject


@dataclass(frozen=True)
class Change:
    action: Action
    kind: Kind
    schema: str
    table: str
    name: str
    before: Obj | None = None
    after: Obj | None = None
    new_table: bool = False  # the table is created in this plan: no online tricks needed
    leftover: bool = False  # reconcile's own temporary object from an interrupted run

    @property
    def marker(self) -> str:
        return MARKERS[self.action]

    @property
    def address(self) -> str:
        base = f"{self.schema}.{self.table}"  # other objects carry their own name as `table`
        return f"{base}.{self.name}" if self.kind in TABLE_PARTS else base


def temp_index_name(name: str) -> str:
    """Name a replacement index is built under before the swap (fits 63 bytes)."""
    return name.encode()[: 63 - len(TEMP_SUFFIX)].decode("utf-8", errors="ignore") + TEMP_SUFFIX


def child_index_name(index: str, partition: str) -> str:
    """The name of `index`'s copy on `partition`: `<partition>_<index>`, shortened with a hash to fit 63 bytes."""
    name = f"{partition}_{index}"
    if len(name.encode()) <= 63:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name.encode()[:54].decode(errors='ignore')}_{digest}"


def default_check_name(table: str) -> str:
    """The name of the CHECK on a DEFAULT partition that excludes the bound of `table`, made before its ATTACH."""
    return table.encode()[: 63 - len(DEFAULT_SUFFIX)].decode("utf-8", errors="ignore") + DEFAULT_SUFFIX


def bound_check_name(table: str) -> str:
    """The name of the CHECK equal to a partition's bound, made before its ATTACH (fits 63 bytes)."""
    return table.encode()[: 63 - len(BOUND_SUFFIX)].decode("utf-8", errors="ignore") + BOUND_SUFFIX
