"""Spec data -> YAML text in the style of `desired/*.yaml`: one line per column, flow-style maps."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

WIDTH = 120  # a list item longer than this is written as a block mapping
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z0-9_]+)*$")
_ALWAYS_QUOTED = {"release"}


def table_text(data: dict[str, Any], release: str | None) -> str:
    """One table's spec file; `release` first when given."""
    lines = [f"release: {_quoted(release)}"] if release else []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{key}:")
            lines += [_item(v, "  ") for v in value]
        else:
            lines.append(f"{key}: {_quoted(value) if key in _ALWAYS_QUOTED else flow(value)}")
    return "\n".join(lines) + "\n"


def _item(value: dict[str, Any], indent: str) -> str:
    """A list item: a flow mapping when it fits, else a block mapping of flow values."""
    line = f"{indent}- {flow(value)}"
    if len(line) <= WIDTH:
        return line
    pad = indent + "  "
    out = []
    for key, sub in value.items():
        head = f"{pad}{key}:"
        if isinstance(sub, list) and len(f"{head} {flow(sub)}") > WIDTH:
            out.append(head)
            out += [f"{pad}  - {flow(v)}" for v in sub]
        else:
            out.append(f"{head} {flow(sub)}")
    return f"{indent}- " + "\n".join(out)[len(pad) :]


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return scalar(str(value))


def scalar(text: str) -> str:
    """Plain when YAML reads it back as the same string, else double-quoted."""
    if _PLAIN.match(text) and yaml.safe_load(text) == text:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON escapes, plus escapes for what YAML would fold or refuse."""
    body = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in body)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def object_text(obj: Any, release: str | None, comment: str | None = None) -> str:
    """One non-table object's spec file (a view: its query as a literal block, options and comment when set;
    a routine: its comment when set)."""
    data: dict[str, Any] = {obj.KIND: obj.name}
    if obj.schema != "public":
        data["schema"] = obj.schema
    lines = [f"release: {_quoted(release)}"] if release else []
    if obj.KIND in ("function", "procedure"):
        note = [f"comment: {flow(comment)}"] if comment is not None else []
        return "\n".join(lines + _routine_lines(data, obj) + note) + "\n"
    if obj.KIND == "sequence":
        return "\n".join([*lines, *_sequence_lines(obj)]) + "\n"
    if obj.KIND == "extension":
        version = f"version: {json.dumps(obj.version)}"  # quoted: 1.10 is not the number 1.1
        return "\n".join([*lines, f"extension: {flow(obj.name)}", f"schema: {flow(obj.schema)}", version]) + "\n"
    if obj.KIND == "composite":
        head = [f"composite: {flow(obj.name)}"] + ([f"schema: {flow(obj.schema)}"] if obj.schema != "public" else [])
        attrs = [f"  - {{name: {flow(n)}, type: {flow(t)}}}" for n, t in obj.attributes]
        return "\n".join([*lines, *head, "attributes:", *attrs]) + "\n"
    if obj.KIND == "domain":
        return "\n".join([*lines, *_domain_lines(obj)]) + "\n"
    if obj.KIND == "namespace":  # its own schema: no schema line
        return "\n".join([*lines, f"namespace: {flow(obj.name)}"]) + "\n"
    if obj.KIND == "enum":
        data["values"] = list(obj.values)
        return "\n".join(lines + [f"{key}: {flow(value)}" for key, value in data.items()]) + "\n"
    lines += [f"{key}: {flow(value)}" for key, value in data.items()]
    for option in getattr(obj, "options", ()):
        key, value = option.split("=", 1)
        lines.append(f"{key}: {'true' if value == 'true' else flow(value)}")
    if comment is not None:
        lines.append(f"comment: {flow(comment)}")
    lines.append(f"query: {block(obj.definition)}")
    indexes = getattr(obj, "indexes", ())
    if indexes:
        from .to_spec import index_data

        lines.append("indexes:")
        lines += [_item(index_data(i), "  ") for i in indexes]
    return "\n".join(lines) + "\n"


def block(text: str) -> str:
    """A literal block scalar when YAML reads it back as `text`, else a quoted scalar."""
    candidate = "|-\n" + "\n".join(f"  {line}" if line else "" for line in text.splitlines())
    try:
        if yaml.safe_load(f"q: {candidate}") == {"q": text}:
            return candidate
    except yaml.YAMLError:
        pass
    return json.dumps(text)


def _routine_lines(data: dict[str, Any], obj: Any) -> list[str]:
    from .routine_text import routine_fields

    data.update(routine_fields(obj))
    return [f"{key}: {block(value) if key == 'body' else flow(value)}" for key, value in data.items()]


def _domain_lines(d: Any) -> list[str]:
    lines = [f"domain: {flow(d.name)}"] + ([f"schema: {flow(d.schema)}"] if d.schema != "public" else [])
    lines += [f"type: {flow(d.base_type)}"] + ([f"collation: {flow(d.collation)}"] if d.collation else [])
    lines += ["nullable: false"] if d.not_null else []
    lines += [f"default: {_quoted(d.default)}"] if d.default else []
    if d.checks:
        lines.append("checks:")
        lines += [f"  - {{name: {flow(n)}, expression: {_quoted(x)}}}" for n, x in d.checks]
    return lines


def _sequence_lines(q: Any) -> list[str]:
    """Every option written out (PostgreSQL's defaults depend on the direction: explicit is exact)."""
    lines = [f"sequence: {flow(q.name)}"] + ([f"schema: {flow(q.schema)}"] if q.schema != "public" else [])
    lines += [f"type: {q.data_type}"] if q.data_type != "bigint" else []
    lines += [f"increment: {q.increment}", f"min: {q.minvalue}", f"max: {q.maxvalue}", f"start: {q.start}"]
    lines += [f"cache: {q.cache}", f"cycle: {flow(q.cycle)}"]
    return lines + ([f"owned_by: {flow(q.owned_by)}"] if q.owned_by else [])
