"""A CHECK equal to a partition's bound, so that ATTACH PARTITION skips its scan (ddl-partitioning).

Added NOT VALID and validated before the ATTACH (VALIDATE takes SHARE UPDATE EXCLUSIVE: writes go on),
dropped after it. Written for keys of plain columns and bounds PostgreSQL proves the same way it
checks them: LIST without NULL, RANGE on one column, HASH. Any other (DEFAULT, an expression key,
a multi-column range): None, and ATTACH scans the rows itself.
"""

from __future__ import annotations

from pglast import ast, parse_sql
from psycopg import sql

from reconcile.catalog.sqltext import qualified

from .steps import text


def bound_check(key: str | None, bounds: str | None, parent: tuple[str, str]) -> sql.Composable | None:
    """`CHECK (...)` implying the partition constraint of `bounds` under the parent's `key`
    (pg_get_partkeydef's and pg_get_expr's text, read back from the dev database), or None."""
    columns = _key_columns(key)
    spec = _bound(bounds)
    if not columns or spec is None or spec.is_default:
        return None
    cols = [sql.Identifier(c) for c in columns]
    if spec.strategy == "h":
        literal = sql.Literal(text(qualified(*parent)))
        call = sql.SQL("pg_catalog.satisfies_hash_partition({}::pg_catalog.regclass::pg_catalog.oid, {}, {}, {})")
        return sql.SQL("CHECK ({})").format(
            call.format(literal, sql.Literal(spec.modulus), sql.Literal(spec.remainder), sql.SQL(", ").join(cols))
        )
    if len(cols) != 1:
        return None
    return _one_column(spec, cols[0])


def _one_column(spec: ast.PartitionBoundSpec, col: sql.Identifier) -> sql.Composable | None:
    from pglast.stream import RawStream  # its printers cost a plan without partitions ~5 ms to import

    parts: list[sql.Composable] = [sql.SQL("{} IS NOT NULL").format(col)]
    if spec.strategy == "l":
        datums = list(spec.listdatums or ())
        if not datums or not all(_constant(d) for d in datums):
            return None
        parts.append(sql.SQL("{} IN ({})").format(col, sql.SQL(", ").join(sql.SQL(RawStream()(d)) for d in datums)))
    elif spec.strategy == "r":
        (lower,), (upper,) = spec.lowerdatums or (None,), spec.upperdatums or (None,)
        for datum, op in ((lower, ">="), (upper, "<")):
            if _constant(datum):
                parts.append(sql.SQL("{} {} {}").format(col, sql.SQL(op), sql.SQL(RawStream()(datum))))
            elif not isinstance(datum, ast.ColumnRef):  # MINVALUE / MAXVALUE: no limit on that side
                return None
    else:
        return None
    return sql.SQL("CHECK ({})").format(sql.SQL(" AND ").join(parts))


def _constant(node: object) -> bool:
    """A literal, not NULL (a NULL in a list bound makes the partition take NULLs: not written here)."""
    if isinstance(node, ast.TypeCast):
        node = node.arg
    return isinstance(node, ast.A_Const) and not node.isnull


def _key_columns(key: str | None) -> list[str]:
    """The columns of a key of plain columns (no expression, collation or operator class), else []."""
    if not key:
        return []
    try:
        stmt = parse_sql(f"CREATE TABLE p (a int) PARTITION BY {key}")[0].stmt
    except Exception:  # noqa: BLE001  (a key pglast cannot read: no helper CHECK)
        return []
    assert isinstance(stmt, ast.CreateStmt) and stmt.partspec is not None
    elems = stmt.partspec.partParams or ()
    if not all(e.name and not e.expr and not e.collation and not e.opclass for e in elems):
        return []
    return [e.name for e in elems]


def _bound(bounds: str | None) -> ast.PartitionBoundSpec | None:
    if not bounds:
        return None
    try:
        stmt = parse_sql(f"CREATE TABLE p PARTITION OF q {bounds}")[0].stmt
    except Exception:  # noqa: BLE001  (bounds were checked at load; anything else: no helper CHECK)
        return None
    return stmt.partbound if isinstance(stmt, ast.CreateStmt) else None
