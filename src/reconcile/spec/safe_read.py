"""Reading spec files that may be hostile: only regular files of bounded size, YAML node graphs of
bounded expanded size and without cycles (an alias bomb or a recursive alias is an error, not a hang)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from reconcile.errors import SpecError
from reconcile.regular_files import open_regular

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000  # nodes after expanding aliases; the real app's largest file has a few hundred


def read_regular(file: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `file` if it is a regular file (a FIFO, device or directory is refused unopened)."""
    with open_regular(file, SpecError) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise SpecError(f"file is {size} bytes; the limit is {limit}", location=str(file))
            data = fh.read(limit + 1)
        except OSError as exc:
            raise SpecError(f"cannot read: {exc.strerror}", location=str(file)) from None
    if len(data) > limit:
        raise SpecError(f"file is larger than the limit of {limit} bytes", location=str(file))
    return data


def read_utf8(file: Path, what: str = "") -> str:
    """`read_regular`'s bytes as UTF-8 text; a bad byte is an error at its line. `what` names the file
    in errors ("the project file")."""
    data = read_regular(file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SpecError(
            f"{what + ': ' if what else ''}not valid UTF-8 (byte {data[exc.start]:#04x})", location=f"{file}:{line}"
        ) from None


def check_node_graph(node: yaml.Node, file: Path) -> None:
    """Refuse a recursive alias, or aliases that expand to more than MAX_NODES nodes."""
    seen = 0
    stack: list[tuple[yaml.Node, frozenset[int]]] = [(node, frozenset())]
    while stack:
        current, path = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise SpecError(f"YAML expands to more than {MAX_NODES} nodes (an alias bomb?)", location=f"{file}:1")
        if id(current) in path:
            line = current.start_mark.line + 1
            raise SpecError("YAML alias refers to itself (recursive)", location=f"{file}:{line}")
        inner = path | {id(current)}
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, inner) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend((part, inner) for pair in current.value for part in pair)
