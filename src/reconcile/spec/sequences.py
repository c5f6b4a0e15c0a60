"""Standalone sequences in the spec: `sequence: name` with its options.

sequence: invoice_numbers
type: integer         # optional: AS smallint | integer | bigint (default bigint; min/max default to its range)
increment: 1          # optional, not 0
min: 1                # optional: PostgreSQL's default for the direction
max: 999999           # optional
start: 1000           # optional: only where a new sequence starts; never restarts a live one
cache: 1              # optional
cycle: false          # optional
owned_by: invoices.number   # optional: table.column (or schema.table.column) in the sequence's own schema,
                            # where PostgreSQL requires the owner; dropped with that column
absent: true          # optional: the sequence must not be there (DROP SEQUENCE under --allow-drop sequence)
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from .model import Name
from .objects import ObjectSpec, register

_OWNER = re.compile(r"^([^.\x00]{1,63}\.)?[^.\x00]{1,63}\.[^.\x00]{1,63}$")
BIG = 2**63 - 1


@register
class SequenceSpec(ObjectSpec):
    KIND: ClassVar[str] = "sequence"
    sequence: Name
    type: Literal["smallint", "integer", "bigint"] = "bigint"
    increment: int = Field(default=1, ge=-BIG, le=BIG)
    min: int | None = Field(default=None, ge=-BIG - 1, le=BIG)
    max: int | None = Field(default=None, ge=-BIG - 1, le=BIG)
    start: int | None = Field(default=None, ge=-BIG - 1, le=BIG)
    cache: int = Field(default=1, ge=1, le=BIG)
    cycle: bool = False
    owned_by: str | None = None
    absent: bool = False

    @model_validator(mode="after")
    def _valid(self) -> SequenceSpec:
        if self.increment == 0:
            raise ValueError("a sequence's increment cannot be 0")
        if self.owned_by is not None and not _OWNER.match(self.owned_by):
            raise ValueError("owned_by is table.column (in the sequence's schema) or schema.table.column")
        owner = self.owner()
        if owner is not None and owner[0] != self.schema:
            raise ValueError(
                f"owned_by {self.owned_by}: PostgreSQL requires the owning table in the sequence's own schema"
                f" ({self.schema}); move the sequence there (schema: {owner[0]}) or drop owned_by"
            )
        return self

    def owner(self) -> tuple[str, str, str] | None:
        """(schema, table, column) of the owning column."""
        from reconcile.catalog.sequences import owner_parts

        return owner_parts(self.schema, self.owned_by) if self.owned_by else None
