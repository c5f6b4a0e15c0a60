"""The TRIGGERS family: each spec table's `triggers:` created in the dev database, after the tables
and views (a trigger may call a function that reads them)."""

from __future__ import annotations

from psycopg import sql

from reconcile.catalog.sqltext import expr
from reconcile.spec.model import Spec, TableSpec
from reconcile.spec.triggers import TriggerSpec

from .families import Phase, Statement, register


def trigger_sql(t: TableSpec, trg: TriggerSpec) -> sql.Composed:
    """CREATE TRIGGER with names as identifiers; the WHEN condition is the one expression the spec parsed."""
    events: list[sql.Composable] = []
    for e in trg.events:
        word: sql.Composable = sql.SQL(e.upper())
        if e == "update" and trg.update_of:
            word = sql.SQL("UPDATE OF {}").format(sql.SQL(", ").join(sql.Identifier(c) for c in trg.update_of))
        events.append(word)
    parts: list[sql.Composable] = [
        sql.SQL("CREATE TRIGGER {} {} {} ON {}").format(
            sql.Identifier(trg.name),
            sql.SQL(trg.timing.upper()),
            sql.SQL(" OR ").join(events),
            sql.Identifier(t.schema, t.table),
        ),  # fmt: skip
        sql.SQL("FOR EACH {}").format(sql.SQL(trg.for_each.upper())),
    ]
    if trg.when is not None:
        parts.append(sql.SQL("WHEN {}").format(expr(trg.when)))
    parts.append(sql.SQL("EXECUTE FUNCTION {}()").format(sql.Identifier(*trg.function_name(t.schema))))
    return sql.SQL(" ").join(parts)


@register(Phase.TRIGGERS, "triggers")
def trigger_statements(spec: Spec) -> list[Statement]:
    return [
        ((t.schema, t.table, "triggers", i), trigger_sql(t, trg))
        for t in spec.tables
        for i, trg in enumerate(t.triggers)
    ]
