"""Loading spec sets: YAML files (or a git revision) -> Spec, with file:line errors and reference checks."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reconcile.errors import SpecError

from . import families, parse_cache
from .locations import Locations
from .model import Spec, TableSpec
from .objects import MODELS, ObjectSpec, model_for
from .project import load_rules
from .safe_read import read_utf8
from .yaml_doc import Lines, read_document, record_lines


def load_spec(path: str | Path) -> Spec:
    """Load a spec set (directory of *.yaml/*.yml, or one file); raise SpecError with file:line."""
    root = Path(path)
    if root.is_dir():
        files = sorted([*root.glob("*.yaml"), *root.glob("*.yml")])
    elif root.is_file():
        files = [root]
    else:
        raise SpecError(f"spec path {str(root)!r} does not exist")
    if not files:
        raise SpecError(f"no *.yaml table files in {root}")
    spec = load_spec_text({str(f): read_utf8(f) for f in files}, release=str(root))
    return replace(spec, rules=load_rules(root))


def load_spec_text(files: dict[str, str], release: str, *, remember: bool = True) -> Spec:
    """Load a spec set from files' texts (name -> YAML), from disk or a git revision.

    `release` names the set when no file declares one (its last path component is used).
    `remember=False` leaves the set's parse memo alone (a scoped plan loads some files of it)."""
    tables: list[TableSpec] = []
    objects: list[ObjectSpec] = []
    locations = Locations()
    digest = hashlib.sha256()
    memo = parse_cache.open_cache(release) if remember else parse_cache.ParseCache(None)
    for name in sorted(files):
        digest.update(Path(name).name.encode() + b"\0" + files[name].encode() + b"\0")
        loaded = _load_cached(Path(name), files[name], locations, memo)
        if isinstance(loaded, TableSpec):
            tables.append(loaded)
        else:
            objects.append(loaded)
    spec = Spec(
        tuple(tables),
        tuple(sorted(files)),
        digest.hexdigest(),
        _release([*tables, *objects], Path(release)),
        locations,
        objects=tuple(objects),
    )
    check_references(spec)
    memo.save()
    return spec


def _load_cached(file: Path, text: str, locations: Locations, memo: parse_cache.ParseCache) -> TableSpec | ObjectSpec:
    """The file's object, from its memoised parse when there is one; any doubt re-parses the file."""
    cached = memo.get(text)
    if cached is not None:
        try:  # validated as freshly parsed data is; without line marks, so a failure parses the file
            loaded = _load_file(file, (cached, {}), None)
            locations.later(_prefix(loaded), str(file), lambda: _parse(file, text)[1])
            return loaded
        except SpecError:
            pass  # the memo may be stale or tampered with: the file's own YAML decides, and names lines
    parsed = _parse(file, text)
    loaded = _load_file(file, parsed, locations)
    memo.put(text, parsed[0])
    return loaded


def _prefix(obj: TableSpec | ObjectSpec) -> tuple[Any, ...]:
    """Where an object's keys start in `Spec.locations`."""
    return (obj.schema, obj.table) if isinstance(obj, TableSpec) else obj.location_key()


def _release(tables: list[TableSpec | ObjectSpec], root: Path) -> str:
    releases = {t.release for t in tables if t.release}
    if len(releases) > 1:
        raise SpecError(f"spec files disagree on the release: {', '.join(sorted(releases))}")
    return releases.pop() if releases else root.stem


def _parse(file: Path, text: str) -> tuple[Any, Lines]:
    node, data = read_document(file, text)
    if node is None:
        raise SpecError("empty spec file", location=f"{file}:1")
    lines: Lines = {}
    record_lines(node, (), lines, file)
    return data, lines


def _load_file(file: Path, parsed: tuple[Any, Lines], locations: Locations | None) -> TableSpec | ObjectSpec:
    data, lines = parsed
    if not isinstance(data, dict):
        raise SpecError("a spec file must be a mapping with 'table' and 'columns'", location=f"{file}:1")
    model: type[TableSpec] | type[ObjectSpec] = TableSpec
    if "table" not in data:  # another kind's key, or a table file missing its key (pydantic names it)
        families.load()  # only here: a table file's errors are TableSpec's own (extra keys forbidden)
        declared = [k for k in data if k in MODELS]
        if len(declared) > 1:
            raise SpecError(f"a spec file declares one object, not {' and '.join(declared)}", location=f"{file}:1")
        model = model_for(data) or TableSpec
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        path = _data_path(loc, lines)
        what = ".".join(str(p) for p in path) or "spec"
        raise SpecError(f"{what}: {_message(err)}", location=f"{file}:{_line_for(loc, lines)}") from None
    if locations is not None:
        locations.record(_prefix(obj), str(file), lines)
    if isinstance(obj, TableSpec):
        _check_table(obj, lambda *p: f"{file}:{_line_for(p, lines)}")
    return obj


def _data_path(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> tuple[Any, ...]:
    """Drop pydantic's union-branch tags ("str", "IndexKeySpec") from an error location."""
    path: tuple[Any, ...] = ()
    for part in loc:
        if (*path, part) in lines or part == loc[-1] and not isinstance(part, int):
            path = (*path, part)
    return path


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    path = _data_path(loc, lines)
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}"
    if err["type"] == "missing":
        return f"missing required key {err['loc'][-1]!r}"
    return msg.removeprefix("Value error, ")


# ---- semantic checks that need no database ---------------------------------------------------


def _check_table(table: TableSpec, at: Any) -> None:
    seen: dict[str, int] = {}
    for i, col in enumerate(table.columns):
        if col.name in seen:
            raise SpecError(f"duplicate column {col.name!r}", location=at("columns", i))
        seen[col.name] = i
    if table.primary_key and any(c.primary_key for c in table.columns):
        raise SpecError("primary key declared both on columns and as 'primary_key'", location=at("primary_key"))

    def need(cols: list[str], *path: Any) -> None:
        for j, name in enumerate(cols):
            if name not in seen and table.partition_of is None:  # a partition's columns: its parent's
                raise SpecError(f"column {name!r} is not in table {table.table!r}", location=at(*path, j))

    need(table.primary_key or [], "primary_key")
    for i, uq in enumerate(table.unique):
        need(uq.columns, "unique", i, "columns")
    index_names: set[str] = set()
    for i, idx in enumerate(table.indexes):
        if idx.name in index_names:
            raise SpecError(f"duplicate index name {idx.name!r}", location=at("indexes", i, "name"))
        index_names.add(idx.name)
        for j, key in enumerate(idx.columns):  # the names as written: no IndexKeySpec built per key
            column = key if isinstance(key, str) else key.column
            if column is not None and column not in seen and table.partition_of is None:
                raise SpecError(
                    f"index {idx.name!r} uses column {column!r}, which is not in table {table.table!r}",
                    location=at("indexes", i, "columns", j),
                )
        need(idx.include, "indexes", i, "include")
    for i, fk in enumerate(table.foreign_keys):
        need(fk.columns, "foreign_keys", i, "columns")


def check_references(spec: Spec) -> None:
    """Names unique across files of one schema; FK targets in the spec are checked here."""
    owners: dict[tuple[str, str], str] = {}
    for t in spec.tables:
        key = (t.schema, t.table)
        if key in owners:
            raise SpecError(f"table {t.schema}.{t.table} is declared twice", location=spec.where(*key))
        owners[key] = t.table
    index_owner: dict[tuple[str, str], str] = {}
    for t in spec.tables:
        for i, idx in enumerate(t.indexes):
            k = (t.schema, idx.name)
            if k in index_owner or k in owners:
                raise SpecError(
                    f"relation name {idx.name!r} is used twice in schema {t.schema!r}",
                    location=spec.where(t.schema, t.table, "indexes", i, "name"),
                )
            index_owner[k] = t.table
    by_name = {(t.schema, t.table): t for t in spec.tables}
    _check_parents(spec, by_name)
    for t in spec.tables:
        for i, fk in enumerate(t.foreign_keys):
            target = by_name.get((fk.references.schema_ or t.schema, fk.references.table))
            if target is None:
                continue  # may exist in the database: checked when normalizing
            cols = {c.name for c in target.columns}
            for j, col in enumerate(fk.references.columns):
                if col not in cols:
                    raise SpecError(
                        f"foreign key references {target.table}.{col}, which is not in the spec",
                        location=spec.where(t.schema, t.table, "foreign_keys", i, "references", "columns", j),
                    )


def _check_parents(spec: Spec, by_name: dict[tuple[str, str], TableSpec]) -> None:
    """A partition's parent is a partitioned table of the spec."""
    for t in spec.tables:
        parent = t.parent()
        if parent is None:
            continue
        target = by_name.get(parent)
        if target is None or target.partition_by is None:
            what = "not declared in the spec" if target is None else "not partitioned (no 'partition_by')"
            raise SpecError(
                f"partition_of: {parent[0]}.{parent[1]} is {what}",
                location=spec.where(t.schema, t.table, "partition_of"),
            )


def load_spec_rev(path: str | Path, rev: str) -> Spec:
    """The spec set at `path` as of git revision `rev`, read without touching the working tree."""
    import subprocess

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise SpecError(
                f"git {' '.join(args[:2])}: {run.stderr.strip().splitlines()[-1] if run.stderr else 'failed'}"
            )
        return run.stdout

    prefix = git("rev-parse", "--show-prefix").strip()
    rel = (Path(prefix) / Path(path)).as_posix().rstrip("/")
    names = [n for n in git("ls-tree", "--name-only", f"{rev}:{rel}").splitlines() if n.endswith((".yaml", ".yml"))]
    if not names:
        raise SpecError(f"no *.yaml table files in {rel} at revision {rev}")
    files = {f"{rev}:{rel}/{n}": git("show", f"{rev}:{rel}/{n}") for n in names}
    return replace(load_spec_text(files, release=rel), rules=load_rules(Path(path)))  # the project file as it is now
