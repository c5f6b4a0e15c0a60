"""Facts to and from the plan file, so that `apply PLAN.json` can re-run the pure planner.

What is read back is untrusted: every field is type-checked and anything unexpected is an error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reconcile.catalog.model import Catalog
from reconcile.recovery.archive import Archive, Leftover

from .dependents import Dependent
from .facts import Facts
from .json_shape import listed as _list
from .json_shape import mapping as _mapping

OPTIONAL = ("dependents",)  # written only when there are any: plans without them read as before


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    data = {
        "database": facts.database,
        "server_version": facts.server_version,
        "system_identifier": facts.system_identifier,
        "database_oid": facts.database_oid,
        "run": facts.run,
        "values": [[s, t, dict(sorted(v.items()))] for (s, t), v in sorted(facts.values.items())],
        "rows": [[s, t, n] for (s, t), n in sorted(facts.rows.items())],
        "nulls": [[s, t, c, n] for (s, t, c), n in sorted(facts.nulls.items())],
        "collisions": [[a, n, sample] for a, (n, sample) in sorted(facts.collisions.items())],
        "violations": [[a, n, sample] for a, (n, sample) in sorted(facts.violations.items())],
        "volatile_defaults": sorted(facts.volatile_defaults),
        "missing_schemas": sorted(facts.missing_schemas),
        "archives": [_archive_dict(a) for a in facts.archives],
        "leftovers": [[x.schema, x.table, x.trigger, x.function] for x in facts.leftovers],
    }
    if facts.dependents:
        data["dependents"] = [[a, [d.to_list() for d in deps]] for a, deps in sorted(facts.dependents.items())]
    return data


def uses_to_list(catalog: Catalog) -> list[list[Any]]:
    """The columns each index reads (not part of a catalog's canonical dict, but of its steps' order)."""
    return [[list(i.key), sorted(i.uses)] for i in sorted(catalog.indexes, key=lambda i: i.key)]


def with_uses(catalog: Catalog, data: Any) -> Catalog:
    rows = _rows(data, 2, "uses")
    uses = {
        tuple(_str(k, "uses") for k in _list(key, "uses")): frozenset(_str(c, "uses") for c in _list(cols, "uses"))
        for key, cols in rows
    }
    return replace(catalog, indexes=tuple(replace(i, uses=uses.get(i.key, i.uses)) for i in catalog.indexes))


def _archive_dict(a: Archive) -> dict[str, Any]:
    return {
        "name": a.name,
        "schema": a.schema,
        "table": a.table,
        "columns": list(a.columns),
        "key": list(a.key),
        "run": a.run,
        "rows": a.rows,
        "values": dict(sorted(a.values.items())),
    }


def facts_from_dict(data: Any) -> Facts:
    """Raises ValueError naming the first field that is not what `facts_to_dict` writes."""
    d = _mapping(data, "facts")
    expected = set(facts_to_dict(Facts()))
    if set(d) - set(OPTIONAL) != expected:
        raise ValueError(f"facts fields {sorted((set(d) - set(OPTIONAL)) ^ expected)} unexpected or missing")
    return Facts(
        database=_str(d["database"], "database"),
        server_version=_int(d["server_version"], "server_version"),
        system_identifier=_str(d["system_identifier"], "system_identifier"),
        database_oid=_int(d["database_oid"], "database_oid"),
        run=_str(d["run"], "run"),
        values={
            (_str(s, "values"), _str(t, "values")): {
                _str(k, "values"): _int(n, "values") for k, n in _mapping(v, "values").items()
            }
            for s, t, v in _rows(d["values"], 3, "values")
        },
        rows={(_str(s, "rows"), _str(t, "rows")): _int(n, "rows") for s, t, n in _rows(d["rows"], 3, "rows")},
        nulls={
            (_str(s, "nulls"), _str(t, "nulls"), _str(c, "nulls")): _int(n, "nulls")
            for s, t, c, n in _rows(d["nulls"], 4, "nulls")
        },
        collisions=_counted(d["collisions"], "collisions"),
        violations=_counted(d["violations"], "violations"),
        volatile_defaults=frozenset(
            _str(a, "volatile_defaults") for a in _list(d["volatile_defaults"], "volatile_defaults")
        ),
        missing_schemas=frozenset(_str(s, "missing_schemas") for s in _list(d["missing_schemas"], "missing_schemas")),
        archives=tuple(_archive_from(a) for a in _list(d["archives"], "archives")),
        leftovers=tuple(Leftover(*(_str(v, "leftovers") for v in r)) for r in _rows(d["leftovers"], 4, "leftovers")),
        dependents={
            _str(a, "dependents"): tuple(Dependent.from_list(x) for x in _list(deps, "dependents"))
            for a, deps in _rows(d.get("dependents", []), 2, "dependents")
        },
    )


def _counted(value: Any, name: str) -> dict[str, tuple[int, str | None]]:
    """change address -> (count, an example or None)."""
    return {_str(a, name): (_int(n, name), None if x is None else _str(x, name)) for a, n, x in _rows(value, 3, name)}


def _archive_from(data: Any) -> Archive:
    a = _mapping(data, "archives")
    if set(a) != set(_archive_dict(Archive("", "", "", (), (), "", 0, {}))):
        raise ValueError("archives: unexpected fields")
    return Archive(
        _str(a["name"], "archives"),
        _str(a["schema"], "archives"),
        _str(a["table"], "archives"),
        tuple(_str(c, "archives") for c in _list(a["columns"], "archives")),
        tuple(_str(c, "archives") for c in _list(a["key"], "archives")),
        _str(a["run"], "archives"),
        _int(a["rows"], "archives"),
        {_str(k, "archives"): _int(v, "archives") for k, v in _mapping(a["values"], "archives").items()},
    )


def _rows(value: Any, width: int, name: str) -> list[list[Any]]:
    rows = _list(value, name)
    if not all(isinstance(r, list) and len(r) == width for r in rows):
        raise ValueError(f"{name}: expected rows of {width}")
    return rows


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected text")
    return value


def _int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name}: expected an integer")
    return value
