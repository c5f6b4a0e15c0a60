"""Shape checks for JSON read back from a file (a plan, its recorded facts): a wrong shape is a
one-line ValueError naming the field, not a TypeError deep in apply."""

from __future__ import annotations

from typing import Any


def mapping(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{name}: expected an object")
    return value


def listed(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{name}: expected a list")
    return value
