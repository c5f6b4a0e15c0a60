"""`triggers:` on a table (the model, TriggerSpec, lives in spec/model.py beside the other table parts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .model import TriggerSpec

__all__ = ["TriggerSpec", "trigger_keys"]


def trigger_keys(tables: Iterable[Any]) -> list[tuple[str, str, str]]:
    """("trigger", schema, "table.*") for each spec table that declares `triggers:` (even empty)."""
    return [("trigger", t.schema, f"{t.table}.*") for t in tables if "triggers" in t.model_fields_set]
