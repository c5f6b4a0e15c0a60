"""Domains in the spec: `domain: name`, a base type with an optional default, NOT NULL and checks.

domain: positive_amount
schema: billing                 # optional, default public
type: numeric(12,2)             # the base type; changing it recreates the domain (--allow-drop domain)
collation: C                    # optional: COLLATE (a collation name); changing it recreates the domain too
nullable: false                 # optional, default true: false is NOT NULL
default: "0"                    # optional: one SQL expression
checks:                         # optional: each added NOT VALID, then validated (online)
  - {name: amount_positive, expression: "VALUE >= 0"}
renamed_from: old_name          # optional: planned as ALTER DOMAIN ... RENAME (columns keep their values)
absent: true                    # optional: the domain must not be there (DROP DOMAIN under --allow-drop domain)
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, field_validator

from .functions import TypeText
from .model import Expression, Name
from .objects import ObjectSpec, register


class DomainCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Name
    expression: Expression


@register
class DomainSpec(ObjectSpec):
    KIND: ClassVar[str] = "domain"
    domain: Name
    type: TypeText
    collation: Name | None = None
    nullable: bool = True
    default: Expression | None = None
    checks: list[DomainCheck] = []
    renamed_from: Name | None = None
    absent: bool = False

    @field_validator("checks")
    @classmethod
    def _unique(cls, checks: list[DomainCheck]) -> list[DomainCheck]:
        names = [c.name for c in checks]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"domain checks named twice: {', '.join(dup)}")
        return checks
