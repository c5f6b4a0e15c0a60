"""A catalog trigger as the fields of a table's `triggers:` item, read from pg_get_triggerdef with pglast."""

from __future__ import annotations

from typing import Any

from pglast import ast, parser
from pglast.stream import RawStream

# pg_trigger.tgtype bits (PostgreSQL's trigger.h)
_BEFORE, _INSTEAD = 2, 64
_EVENTS = ((4, "insert"), (16, "update"), (8, "delete"), (32, "truncate"))


def trigger_fields(obj: Any) -> dict[str, Any] | None:
    """The spec item of a Trigger, or None when the spec cannot say it (arguments, transition tables)."""
    stmt = parser.parse_sql(obj.definition)[0].stmt
    assert isinstance(stmt, ast.CreateTrigStmt)
    if stmt.args or stmt.transitionRels or stmt.isconstraint:
        return None
    timing = int(stmt.timing or 0)
    events = int(stmt.events or 0)
    out: dict[str, Any] = {
        "name": obj.trigger,
        "timing": "before" if timing & _BEFORE else "instead of" if timing & _INSTEAD else "after",
        "events": [name for bit, name in _EVENTS if events & bit],
    }
    columns = [c.sval for c in stmt.columns or ()]
    if columns:
        out["update_of"] = columns
    if not stmt.row:
        out["for_each"] = "statement"
    if stmt.whenClause is not None:
        out["when"] = RawStream()(stmt.whenClause)
    schema, _, name = obj.function.partition(".")
    out["function"] = name if schema == obj.schema else obj.function
    return out
