"""A partitioned table's key (pg_get_partkeydef) as the spec's `partition_by:`, when the spec can say it."""

from __future__ import annotations

from typing import Any

from pglast import parser
from pglast.stream import RawStream

from reconcile.catalog.model import Catalog, Table

_STRATEGIES = {"r": "range", "l": "list", "h": "hash"}


def partition_by(key: str) -> dict[str, Any] | None:
    """{strategy, columns} or {strategy, expression}; None for a key the spec cannot spell
    (opclasses, collations, columns mixed with expressions)."""
    try:
        stmt: Any = parser.parse_sql(f"CREATE TABLE t (x int) PARTITION BY {key}")[0].stmt
    except parser.ParseError:
        return None
    spec = stmt.partspec
    params: tuple[Any, ...] = spec.partParams or ()
    if any(p.collation or p.opclass for p in params):
        return None
    strategy = _STRATEGIES.get(str(spec.strategy.value))
    if strategy is None:
        return None
    if all(p.name for p in params):
        return {"strategy": strategy, "columns": [p.name for p in params]}
    if len(params) == 1:
        return {"strategy": strategy, "expression": RawStream()(params[0].expr)}
    return None


def partition_of_fields(table: Table) -> dict[str, Any]:
    """`partition_of:` and `bounds:` of a partition (written before everything else but its name)."""
    part = table.partitioning
    if part is None or part.parent is None:
        return {}
    ps, pt = part.parent
    return {"partition_of": pt if ps == table.schema else f"{ps}.{pt}", "bounds": part.bounds}


def partition_by_fields(table: Table) -> dict[str, Any]:
    """`partition_by:` of a partitioned table (after its columns and primary key)."""
    key = partition_by(table.partition_key) if table.partition_key else None
    return {"partition_by": key} if key else {}


def unspellable_keys(catalog: Catalog) -> set[tuple[str, str]]:
    """Partitioned tables whose key the spec cannot spell, and every partition below them."""
    out = {(t.schema, t.name) for t in catalog.tables if t.partition_key and partition_by(t.partition_key) is None}
    grown = True
    while grown:
        below = {(t.schema, t.name) for t in catalog.tables if t.parent in out} - out
        grown = bool(below)
        out |= below
    return out
