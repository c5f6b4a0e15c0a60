"""One YAML document read safely, with the line that declares each key: spec files and targets files.

libyaml when available (about 10x faster on many files); its nodes carry the same line marks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reconcile.errors import SpecError

from .safe_read import check_node_graph

Lines = dict[tuple[Any, ...], int]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def loader_name() -> str:
    """Which YAML loader parses (part of the parse memo's key)."""
    return f"{_Loader.__name__} {yaml.__version__}"


def read_document(file: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """(node, data) of the file's single document; alias bombs and YAML errors are file:line SpecErrors."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                check_node_graph(node, file)
            return node, (loader.construct_document(node) if node is not None else None)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SpecError(f"YAML syntax error: {exc.problem or exc}", location=f"{file}:{line}") from None
    except yaml.reader.ReaderError as exc:  # a control character (NUL, ...) YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        raise SpecError(
            f"YAML syntax error: character {exc.character!r} is not allowed", location=f"{file}:{line}"
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"YAML error: {type(exc).__name__}", location=f"{file}:1") from None


def record_lines(node: yaml.Node, path: tuple[Any, ...], lines: Lines, file: Path) -> None:
    """Map each data path (keys and list indexes) to the line that declares it; duplicate keys are errors."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise SpecError(f"duplicate key {key!r}", location=f"{file}:{key_node.start_mark.line + 1}")
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            record_lines(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, value_node in enumerate(node.value):
            lines[(*path, i)] = value_node.start_mark.line + 1
            record_lines(value_node, (*path, i), lines, file)
