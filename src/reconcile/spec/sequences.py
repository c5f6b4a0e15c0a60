"""Standalone sequences in the spec: `sequence: name` with its options.

sequence: invoice_numbers
increment: 1          # optional, not 0
min: 1                # optional: PostgreSQL's default for the direction
max: 999999           # optional
start: 1000           # optional: only where a new sequence starts; never restarts a live one
cache: 1              # optional
cycle: false          # optional
owned_by: invoices.number   # optional: table.column in the same schema (dropped with that column)
absent: true          # optional: the sequence must not be there (DROP SEQUENCE under --allow-drop sequence)
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import Field, model_validator

from .model import Name
from .objects import ObjectSpec, register

_OWNER = re.compile(r"^[^.\x00]{1,63}\.[^.\x00]{1,63}$")
BIG = 2**63 - 1


@register
class SequenceSpec(ObjectSpec):
    KIND: ClassVar[str] = "sequence"
    sequence: Name
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
            raise ValueError("owned_by is table.column (in the sequence's schema)")
        return self

    def owner(self) -> tuple[str, str] | None:
        if self.owned_by is None:
            return None
        table, column = self.owned_by.split(".")
        return table, column
