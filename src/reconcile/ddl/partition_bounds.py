"""A CHECK equal to a partition's bound, so that ATTACH PARTITION skips its scan (ddl-partitioning).

Added NOT VALID and validated before the ATTACH (VALIDATE takes SHARE UPDATE EXCLUSIVE: writes go on),
dropped after it. Written for keys of plain columns and bounds PostgreSQL proves the same way it
checks them: LIST on one column without NULL, RANGE (on any number of columns: the constraint as
PostgreSQL builds it), HASH. Any other (DEFAULT, an expression key): None, and ATTACH scans the rows itself.
The parent's DEFAULT partition gets the negation (`default_check`): ATTACH then skips scanning it too.
"""

from __future__ import annotations

from pglast import ast, parse_sql
from psycopg import sql

from reconcile.catalog.sqltext import qualified

from .steps import text


def bound_check(key: str | None, bounds: str | None, parent: tuple[str, str]) -> sql.Composable | None:
    """`CHECK (...)` implying the partition constraint of `bounds` under the parent's `key`
    (pg_get_partkeydef's and pg_get_expr's text, read back from the dev database), or None."""
    expression = bound_expression(key, bounds, parent)
    return None if expression is None else sql.SQL("CHECK ({})").format(expression)


def default_check(key: str | None, bounds: str | None, parent: tuple[str, str]) -> sql.Composable | None:
    """`CHECK (NOT (...))` on the parent's DEFAULT partition: none of its rows in `bounds`. PostgreSQL proves from
    it the DEFAULT partition's new constraint (the negation of the bound's, which it pushes down the same way), so
    ATTACH skips scanning that partition. Never NULL: a row with a NULL key passes, as the DEFAULT keeps those."""
    expression = bound_expression(key, bounds, parent)
    return None if expression is None else sql.SQL("CHECK (NOT ({}))").format(expression)


def bound_expression(key: str | None, bounds: str | None, parent: tuple[str, str]) -> sql.Composable | None:
    """The expression of `bound_check`: the partition constraint as PostgreSQL writes it, or None."""
    columns = _key_columns(key)
    spec = _bound(bounds)
    if not columns or spec is None or spec.is_default:
        return None
    cols = [sql.Identifier(c) for c in columns]
    if spec.strategy == "h":
        literal = sql.Literal(text(qualified(*parent)))
        call = sql.SQL("pg_catalog.satisfies_hash_partition({}::pg_catalog.regclass::pg_catalog.oid, {}, {}, {})")
        return call.format(literal, sql.Literal(spec.modulus), sql.Literal(spec.remainder), sql.SQL(", ").join(cols))
    parts: list[sql.Composable] | None = None
    if spec.strategy == "l" and len(cols) == 1:
        parts = _list(spec, cols[0])
    elif spec.strategy == "r":
        parts = _range(list(spec.lowerdatums or ()), list(spec.upperdatums or ()), cols)
    return None if parts is None else sql.SQL(" AND ").join(parts)


def _list(spec: ast.PartitionBoundSpec, col: sql.Identifier) -> list[sql.Composable] | None:
    datums = list(spec.listdatums or ())
    if not datums or not all(_constant(d) for d in datums):
        return None
    from pglast.stream import RawStream  # its printers cost a plan without partitions ~5 ms to import

    values = sql.SQL(", ").join(sql.SQL(RawStream()(d)) for d in datums)
    return [sql.SQL("{} IS NOT NULL").format(col), sql.SQL("{} IN ({})").format(col, values)]


Datum = tuple[str | None, str]  # a range bound's value as text (None for MINVALUE / MAXVALUE), and that word or ""


def _range(lower: list[object], upper: list[object], cols: list[sql.Identifier]) -> list[sql.Composable] | None:
    """The range partition constraint as PostgreSQL writes it (get_qual_for_range in partbounds.c), so that its
    proof that a CHECK implies it (predtest.c) matches clause for clause: each column NOT NULL; `col = value` for
    the leading columns whose bounds are equal; then an OR of arms for each side (`_arms`)."""
    lo, hi = [_datum(d) for d in lower], [_datum(d) for d in upper]
    if len(lo) != len(cols) or len(hi) != len(cols) or None in lo or None in hi:
        return None
    lows, highs = [d for d in lo if d is not None], [d for d in hi if d is not None]
    parts: list[sql.Composable] = [sql.SQL("{} IS NOT NULL").format(c) for c in cols]
    i = 0
    while i < len(cols) and lows[i][0] is not None and lows[i] == highs[i]:
        if i == len(cols) - 1:
            return None  # an empty range: PostgreSQL refuses it
        parts.append(_cmp(cols[i], "=", lows[i][0]))
        i += 1
    for side, is_lower in ((lows, True), (highs, False)):
        arms = _arms(side, cols, i, lower=is_lower)
        if arms:
            parts.append(_joined(arms, "OR"))
    return parts


def _arms(side: list[Datum], cols: list[sql.Identifier], i: int, *, lower: bool) -> list[sql.Composable]:
    """Arm k: the columns i..i+k-1 equal to their bound, column i+k beyond it (> or <; >= on the last column or
    before a MINVALUE, <= before a MAXVALUE); no arm past an unbounded column."""
    n, arms = len(cols), []
    for j in range(i, n):
        value = side[j][0]
        if value is None:
            break
        after = side[j + 1][1] if j + 1 < n else None
        closed = (lower and j == n - 1) or after == (_MIN if lower else _MAX)
        op = (">" if lower else "<") + ("=" if closed else "")
        equal = [_cmp(cols[m], "=", side[m][0]) for m in range(i, j)]
        arms.append(_joined([*equal, _cmp(cols[j], op, value)], "AND"))
        if after != "":
            break
    return arms


_MIN, _MAX = "minvalue", "maxvalue"


def _datum(node: object) -> Datum | None:
    """A range bound's datum, or None for anything but a constant, MINVALUE or MAXVALUE (no CHECK)."""
    if _constant(node):
        from pglast.stream import RawStream  # see _list

        assert isinstance(node, ast.Node)
        return RawStream()(node), ""
    word = next((w for w in (_MIN, _MAX) if _is(node, w)), None)
    return (None, word) if word else None


def _is(node: object, word: str) -> bool:
    return isinstance(node, ast.ColumnRef) and [getattr(f, "sval", None) for f in node.fields or ()] == [word]


def _cmp(col: sql.Identifier, op: str, value: str | None) -> sql.Composable:
    assert value is not None
    return sql.SQL("{} {} {}").format(col, sql.SQL(op), sql.SQL(value))


def _joined(items: list[sql.Composable], word: str) -> sql.Composable:
    return items[0] if len(items) == 1 else sql.SQL("({})").format(sql.SQL(f" {word} ").join(items))


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
