"""The canonical dict form of catalog dataclasses, as `dataclasses.asdict` gives it, but fast.

Fingerprints (sha256 of `Catalog.to_dict()`) are recorded in plans and golden files, so the form
is exactly asdict's: a dataclass becomes a dict of its fields in declaration order, tuples stay
tuples, lists lists, dicts dicts, everything else is kept. asdict deep-copies every leaf and
re-inspects every class on every call; at a thousand tables that was about a second per plan.
Here each class's field names are looked up once, and immutable leaves are shared.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

# leaves asdict would deep-copy into themselves (immutable): shared as they are
_ATOMS: frozenset[type] = frozenset({str, int, float, bool, type(None), bytes})
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def encode(value: Any) -> Any:
    """`dataclasses.asdict(value)` for a dataclass instance, and the same recursion for anything else."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    encoder = _ENCODERS.get(kind)
    if encoder is None:
        encoder = _ENCODERS.setdefault(kind, _encoder_for(kind))
    return encoder(value)


def _encoder_for(kind: type) -> Callable[[Any], Any]:
    if is_dataclass(kind):
        names = tuple(f.name for f in fields(kind))

        def as_dict(obj: Any) -> dict[str, Any]:
            out = {}
            for name in names:
                v = getattr(obj, name)
                out[name] = v if type(v) in _ATOMS else encode(v)
            return out

        return as_dict
    if issubclass(kind, tuple) and hasattr(kind, "_fields"):  # a namedtuple, as asdict rebuilds it
        return lambda nt: kind(*[encode(v) for v in nt])
    if issubclass(kind, list | tuple):
        return lambda seq: kind(v if type(v) in _ATOMS else encode(v) for v in seq)
    if issubclass(kind, dict):
        return lambda d: kind((encode(k), encode(v)) for k, v in d.items())
    if issubclass(kind, Enum):
        return lambda member: member  # deepcopy of an enum member is the member
    return copy.deepcopy  # namedtuples, sets and the like: what asdict does with them, at its speed
