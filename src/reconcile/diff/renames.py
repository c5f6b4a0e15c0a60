"""Pairing objects that differ only by name: a metadata-only RENAME instead of a drop and a re-add."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def pair_renames(
    have: Iterable[T],
    want: Iterable[T],
    name: Callable[[T], str],
    same_but_name: Callable[[T, T], bool],
) -> list[tuple[T, T]]:
    """(live, wanted) pairs: a live object no wanted one names, equal but for the name to a wanted object
    no live one names. One to one, deterministic: candidates are taken in name order."""
    have, want = list(have), list(want)
    wanted_names = {name(o) for o in want}
    live_names = {name(o) for o in have}
    spare = sorted((o for o in have if name(o) not in wanted_names), key=name)
    pairs: list[tuple[T, T]] = []
    for obj in sorted((o for o in want if name(o) not in live_names), key=name):
        match = next((cur for cur in spare if same_but_name(cur, obj)), None)
        if match is not None:
            spare.remove(match)
            pairs.append((match, obj))
    return pairs
