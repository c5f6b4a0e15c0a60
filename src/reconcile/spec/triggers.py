"""`triggers:` on a table: timing, events (UPDATE OF columns), row or statement, WHEN, function."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, model_validator

from .model import Expression, Name, _Strict

Event = Literal["insert", "update", "delete", "truncate"]


class TriggerSpec(_Strict):
    name: Name
    timing: Literal["before", "after", "instead of"]
    events: list[Event] = Field(min_length=1)
    update_of: list[Name] = []  # UPDATE OF these columns (needs `update` among the events)
    for_each: Literal["row", "statement"] = "row"
    when: Expression | None = None  # WHEN (...): OLD/NEW columns, parsed as one expression
    function: Name  # "name" or "schema.name": a function returning trigger, called without arguments

    @model_validator(mode="after")
    def _consistent(self) -> TriggerSpec:
        if len(set(self.events)) != len(self.events):
            raise ValueError("events: each event once")
        if self.update_of and "update" not in self.events:
            raise ValueError("update_of needs 'update' among the events")
        if "truncate" in self.events and self.for_each == "row":
            raise ValueError("a truncate trigger is for_each: statement")
        if self.function.count(".") > 1:
            raise ValueError("function: 'name' or 'schema.name'")
        return self

    def function_name(self, schema: str) -> tuple[str, str]:
        """(schema, name) of the function; unqualified: the table's schema."""
        fs, _, fn = self.function.rpartition(".")
        return (fs or schema, fn)


def trigger_keys(tables: Iterable[Any]) -> list[tuple[str, str, str]]:
    """("trigger", schema, "table.*") for each spec table that declares `triggers:` (even empty)."""
    return [("trigger", t.schema, f"{t.table}.*") for t in tables if "triggers" in t.model_fields_set]
