"""The project file (`reconcile.yaml` beside the spec directory or above it, or `--project FILE`): the managed scope.

    include:                       # tables reconcile manages (default: the spec's own tables)
      - {schema: public}
    ignore:                        # never planned, dropped or reported as drift
      - {table: "tmp_*"}
      - {kind: index, name: "*_reconcile_*"}

A rule matches an object when every field it gives matches (shell-style globs, case-sensitive):
`schema`, `table`, `kind` (table, column, index, constraint) and `name` (the object's own name; a
table's name is its table name). `include` rules select tables: they take `schema` and `table` only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reconcile.catalog.model import Catalog
from reconcile.errors import SpecError

# kept in a module of their own so the no-change shortcut finds the project file without YAML or pydantic
from .project_file import FILE_NAME as FILE_NAME
from .project_file import find_project as find_project
from .project_file import project_file as project_file
from .safe_read import read_utf8
from .yaml_doc import read_document, record_lines

ObjectKind = Literal["table", "column", "index", "constraint"]


@dataclass(frozen=True)
class Rule:
    schema: str = "*"
    table: str = "*"
    kind: str | None = None
    name: str = "*"

    def matches(self, kind: str, schema: str, table: str, name: str) -> bool:
        return (
            (self.kind is None or self.kind == kind)
            and fnmatchcase(schema, self.schema)
            and fnmatchcase(table, self.table)
            and fnmatchcase(name, self.name)
        )


@dataclass(frozen=True)
class Rules:
    """The managed scope: `include` (explicit when given) minus `ignore`."""

    include: tuple[Rule, ...] = ()
    ignore: tuple[Rule, ...] = ()
    source: str = ""  # the project file, for messages

    @property
    def explicit(self) -> bool:
        """Whether the project names the managed tables itself (else: the spec's tables are the scope)."""
        return bool(self.include)

    def manages(self, kind: str, schema: str, table: str, name: str) -> bool:
        if self.include and not any(r.matches("table", schema, table, table) for r in self.include):
            return False
        return not any(r.matches(kind, schema, table, name) for r in self.ignore)

    def manages_table(self, schema: str, table: str) -> bool:
        return self.manages("table", schema, table, table)

    def filter(self, catalog: Catalog) -> Catalog:
        """Only what the scope manages: ignored tables, columns, indexes and constraints left out."""
        if not self.include and not self.ignore:
            return catalog
        tables = tuple(
            replace(t, columns=tuple(c for c in t.columns if self.manages("column", t.schema, t.name, c.name)))
            for t in catalog.tables
            if self.manages_table(t.schema, t.name)
        )
        return replace(
            catalog,
            tables=tables,
            indexes=tuple(i for i in catalog.indexes if self.manages("index", i.schema, i.table, i.name)),
            constraints=tuple(c for c in catalog.constraints if self.manages("constraint", c.schema, c.table, c.name)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"include": [asdict(r) for r in self.include], "ignore": [asdict(r) for r in self.ignore]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rules:
        return cls(
            tuple(Rule(**r) for r in data.get("include", ())),
            tuple(Rule(**r) for r in data.get("ignore", ())),
        )


EVERYTHING = Rules()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Include(_Strict):
    schema_: str = Field(default="*", alias="schema", min_length=1)
    table: str = Field(default="*", min_length=1)


class _Ignore(_Include):
    kind: ObjectKind | None = None
    name: str = Field(default="*", min_length=1)


class _Project(_Strict):
    include: list[_Include] = []
    ignore: list[_Ignore] = []


# --project FILE, set by the command line for the duration of one command
def load_rules(spec_root: Path) -> Rules:
    path = find_project(spec_root)
    return EVERYTHING if path is None else load_project(path)


def load_project(path: Path) -> Rules:
    """Read a project file; bad input is a SpecError naming the file and line."""
    # the hardened reader of spec files: a FIFO, a symlink loop, NUL bytes, deep nesting, an alias
    # bomb or a duplicate key is a one-line error here too
    node, data = read_document(path, read_utf8(path))
    if node is not None:
        record_lines(node, (), {}, path)
    if data is None:
        return Rules(source=str(path))
    try:
        project = _Project.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        what = ".".join(str(p) for p in loc) or "project"
        msg = f"unknown key {loc[-1]!r}" if err["type"] == "extra_forbidden" else str(err["msg"])
        raise SpecError(f"{what}: {msg}", location=f"{path}:{_line(node, loc)}") from None
    return Rules(
        tuple(Rule(r.schema_, r.table) for r in project.include),
        tuple(Rule(r.schema_, r.table, r.kind, r.name) for r in project.ignore),
        str(path),
    )


def _line(node: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node of `loc` present in the document."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == part), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
