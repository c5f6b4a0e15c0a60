"""Composite types in the spec: `composite: name` with its attributes in order.

composite: address
schema: billing                 # optional, default public
attributes:
  - {name: street, type: text}
  - {name: zip, type: varchar(10)}
renamed_from: old_name          # optional: planned as ALTER TYPE ... RENAME (columns keep their values)
absent: true                    # optional: the type must not be there (DROP TYPE under --allow-drop composite)
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .functions import TypeText
from .model import Name
from .objects import ObjectSpec, register


class Attribute(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Name
    type: TypeText


@register
class CompositeSpec(ObjectSpec):
    KIND: ClassVar[str] = "composite"
    composite: Name
    attributes: list[Attribute] = Field(min_length=1)
    renamed_from: Name | None = None
    absent: bool = False

    @field_validator("attributes")
    @classmethod
    def _unique(cls, attributes: list[Attribute]) -> list[Attribute]:
        names = [a.name for a in attributes]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"attributes named twice: {', '.join(dup)}")
        return attributes
