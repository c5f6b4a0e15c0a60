"""Schemas and enum types in the spec.

namespace: billing              # a schema (PostgreSQL's pg_namespace): created when missing

enum: mood
schema: billing                 # optional, default public
values: [sad, ok, happy]        # in sort order: a value added in between is ALTER TYPE ... ADD VALUE;
                                # removing or reordering recreates the type (--allow-drop enum)
renamed_from: feeling           # optional: planned as ALTER TYPE ... RENAME (no recreate)
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from .model import Name
from .objects import ObjectSpec, register

ENUM_LABEL_MAX = 63  # NAMEDATALEN - 1 bytes


@register
class NamespaceSpec(ObjectSpec):
    KIND: ClassVar[str] = "namespace"
    namespace: Name

    @model_validator(mode="before")
    @classmethod
    def _own_schema(cls, data: Any) -> Any:
        """A schema lives in itself: its `schema` is its name (a different one is an error)."""
        if isinstance(data, dict) and isinstance(data.get("namespace"), str):
            if data.get("schema", data["namespace"]) != data["namespace"]:
                raise ValueError("a namespace file takes no other 'schema' (the namespace is its own schema)")
            data = {**data, "schema": data["namespace"]}
        return data


@register
class EnumSpec(ObjectSpec):
    KIND: ClassVar[str] = "enum"
    enum: Name
    values: list[str] = Field(min_length=1)
    renamed_from: Name | None = None

    @field_validator("values")
    @classmethod
    def _labels(cls, values: list[str]) -> list[str]:
        for v in values:
            if not v or len(v.encode()) > ENUM_LABEL_MAX or "\x00" in v:
                raise ValueError(f"enum value {v!r} must be 1 to {ENUM_LABEL_MAX} bytes")
        dup = sorted({v for v in values if values.count(v) > 1})
        if dup:
            raise ValueError(f"enum values listed twice: {', '.join(dup)}")
        return values
