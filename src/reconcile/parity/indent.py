"""`json.dumps(value, indent=2)`, byte for byte, faster for the report's records.

With `indent`, the standard library encodes in pure Python (its C encoder only writes without
line breaks): that was most of the time spent writing a report of 20,000 differences. Here each
run of scalar items in a dict or list (most of a record: its key, its fourteen metrics) goes
through the C encoder at once, its item separator carrying the line break and indentation; only
nested containers are laid out by hand.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

_SCALARS = (str, int, float, bool, type(None))


@cache
def _flat(pad: str) -> json.JSONEncoder:
    return json.JSONEncoder(separators=(",\n" + pad, ": "))  # ensure_ascii, NaN allowed: json.dumps's


def indented(value: Any, pad: str = "") -> str:
    """`json.dumps(value, indent=2)` with every line after the first prefixed by `pad`."""
    if isinstance(value, dict):
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        opening, closing = "[", "]"
    else:
        return _flat(pad).encode(value)
    if not value:
        return opening + closing
    inner = pad + "  "
    pieces = _items(value, inner) if opening == "{" else _elements(value, inner)
    if pieces is None:  # a nested container under a key json coerces (a number, None): json's way
        return json.dumps(value, indent=2).replace("\n", "\n" + pad)
    return opening + "\n" + inner + (",\n" + inner).join(pieces) + "\n" + pad + closing


def _items(value: dict[Any, Any], inner: str) -> list[str] | None:
    """A dict's items at indentation `inner`: each run of scalar values one C-encoded piece."""
    encode = _flat(inner).encode
    pieces: list[str] = []
    run: dict[Any, Any] = {}
    for key, item in value.items():
        if isinstance(item, _SCALARS):
            run[key] = item
            continue
        if type(key) is not str:
            return None
        if run:
            pieces.append(encode(run)[1:-1])
            run = {}
        pieces.append(encode(key) + ": " + indented(item, inner))
    if run:
        pieces.append(encode(run)[1:-1])
    return pieces


def _elements(value: list[Any] | tuple[Any, ...], inner: str) -> list[str]:
    encode = _flat(inner).encode
    pieces: list[str] = []
    run: list[Any] = []
    for item in value:
        if isinstance(item, _SCALARS):
            run.append(item)
            continue
        if run:
            pieces.append(encode(run)[1:-1])
            run = []
        pieces.append(indented(item, inner))
    if run:
        pieces.append(encode(run)[1:-1])
    return pieces
