"""The one generic differ: two lists of named objects, one callback per case (pg-schema-diff's diffLists)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .change import Change

T = TypeVar("T")


def diff_named(
    have: Iterable[T],
    want: Iterable[T],
    name: Callable[[T], str],
    wanted: Callable[[T | None, T], Change | None],
    unwanted: Callable[[T], Change],
) -> list[Change]:
    """`wanted(present or None, desired)` for each desired object in order, then `unwanted` for the rest."""
    present = {name(o): o for o in have}
    names = set()
    out: list[Change] = []
    for obj in want:
        names.add(name(obj))
        change = wanted(present.get(name(obj)), obj)
        if change is not None:
            out.append(change)
    out += [unwanted(o) for n, o in present.items() if n not in names]
    return out
