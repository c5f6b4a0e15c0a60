"""Spec files that declare one schema object other than a table (view, enum, function, ...).

A spec file holds one object; its top-level key names the kind and the object
(`table: users`, `view: active_users`, `enum: mood`, ...). Each object family registers its
pydantic model here under that key; `load.py` picks the model by the key the file uses.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .model import Name


class ObjectSpec(BaseModel):
    """Base of every non-table spec object: a kind (its file's top-level key), a schema and a name."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    KIND: ClassVar[str] = ""  # the top-level key, e.g. "view"
    schema_: Name = Field(default="public", alias="schema")
    release: str | None = None

    @property
    def schema(self) -> str:  # type: ignore[override]  # BaseModel.schema is deprecated
        return self.schema_

    @property
    def name(self) -> str:
        return str(getattr(self, self.KIND))

    def location_key(self) -> tuple[Any, ...]:
        """Prefix of this object's paths in `Spec.locations`: (kind, schema, name)."""
        return (self.KIND, self.schema, self.name)


MODELS: dict[str, type[ObjectSpec]] = {}  # top-level key -> model; families add theirs with `register`


def register(model: type[ObjectSpec]) -> type[ObjectSpec]:
    """Class decorator: make `model` the spec of files whose top-level key is `model.KIND`."""
    if model.KIND in MODELS or model.KIND == "table":
        raise ValueError(f"spec kind {model.KIND!r} registered twice")
    MODELS[model.KIND] = model
    return model


def model_for(data: dict[str, Any]) -> type[ObjectSpec] | None:
    """The registered model whose key the document uses; None for a table file (or an unknown one)."""
    found = [MODELS[k] for k in data if k in MODELS]
    return found[0] if len(found) == 1 else None
