"""The targets file: named databases (a URL or a libpq service name) and groups of them; `--limit` selection.

    targets:
      staging: postgresql://reconcile@staging-db/app
      prod-eu: {service: prod_eu}           # a section of pg_service.conf
      prod-us: {url: postgresql://reconcile@us-db/app}
    groups:
      prod: [prod-eu, prod-us]

Errors are SpecError with the file:line of the offending entry; URLs (and their passwords) are never
part of a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from reconcile.connect.redact import redact_url
from reconcile.errors import SpecError
from reconcile.spec.safe_read import read_utf8
from reconcile.spec.yaml_doc import read_document, record_lines

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"  # also a folder name under EVIDENCE_DIR


class _TargetEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = None
    service: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> _TargetEntry:
        if (self.url is None) == (self.service is None):
            raise ValueError("give exactly one of 'url' or 'service'")
        return self


class _TargetsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    targets: dict[str, str | _TargetEntry] = Field(min_length=1)
    groups: dict[str, list[str]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    name: str
    conninfo: str  # a URL or `service=NAME`; may carry a password: print `shown`, never this

    @property
    def shown(self) -> str:
        return redact_url(self.conninfo)


@dataclass(frozen=True)
class Fleet:
    targets: tuple[Target, ...]
    groups: dict[str, tuple[str, ...]]
    source: str

    def select(self, limits: tuple[str, ...]) -> tuple[Target, ...]:
        """Targets named by `limits` (group or target names; none = all), in the file's order."""
        if not limits:
            return self.targets
        by_name = {t.name: t for t in self.targets}
        wanted: set[str] = set()
        for limit in limits:
            if limit in self.groups:
                wanted.update(self.groups[limit])
            elif limit in by_name:
                wanted.add(limit)
            else:
                known = ", ".join(sorted({*self.groups, *by_name}))
                raise SpecError(f"--limit {limit!r} is neither a group nor a target of {self.source} (known: {known})")
        return tuple(t for t in self.targets if t.name in wanted)


def load_targets(path: str | Path) -> Fleet:
    """Read and check a targets file; raise SpecError naming file:line."""
    file = Path(path)
    text = read_utf8(file, "the targets file")  # a FIFO or device is refused unopened, not read forever
    lines: dict[tuple[Any, ...], int] = {}
    data = _parse(file, text, lines)
    try:
        model = _TargetsFile.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, file, lines) from None
    _check_names(model, lambda *path: f"{file}:{lines.get(path, 1)}")
    targets = tuple(Target(name, _conninfo(entry)) for name, entry in model.targets.items())
    return Fleet(targets, {g: tuple(m) for g, m in model.groups.items()}, str(file))


def _located(exc: ValidationError, file: Path, lines: dict[tuple[Any, ...], int]) -> SpecError:
    errors = exc.errors()
    err = next((e for e in errors if e["type"] != "string_type"), errors[0])  # the mapping branch's own
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and (p == "str" or "_TargetEntry" in p)))
    where = " ".join(str(p) for p in loc) or "file"
    return SpecError(f"{where}: {_message(err)}", location=f"{file}:{_line_for(loc, lines)}")


def _check_names(model: _TargetsFile, at: Callable[..., str]) -> None:
    for name in model.targets:
        if not re.match(NAME_PATTERN, name):
            where = at("targets", name)
            raise SpecError(f"target name {name!r} must be letters, digits, '.', '_' or '-'", location=where)
    for group, members in model.groups.items():
        if group in model.targets:
            raise SpecError(f"group {group!r} has the name of a target", location=at("groups", group))
        for i, member in enumerate(members):
            if member not in model.targets:
                where = at("groups", group, i)
                raise SpecError(f"group {group!r} names unknown target {member!r}", location=where)


def _conninfo(entry: str | _TargetEntry) -> str:
    if isinstance(entry, str):
        return entry
    if entry.url is not None:
        return entry.url
    return make_conninfo(service=entry.service)


def _parse(file: Path, text: str, lines: dict[tuple[Any, ...], int]) -> Any:
    node, data = read_document(file, text)
    if node is not None:
        record_lines(node, (), lines, file)
    return data


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}"
    if err["type"] == "too_short":
        return "name at least one target"
    if err["type"] == "missing":
        return f"missing required key {err['loc'][-1]!r}"
    if err["type"] in ("model_type", "dict_type", "string_type", "list_type", "model_attributes_type"):
        return (
            "expected a URL string or a mapping with 'url' or 'service'"
            if "targets" in err["loc"][:1] and len(err["loc"]) > 1
            else str(err["msg"])
        )
    return str(err["msg"]).removeprefix("Value error, ")
