"""Objects outside a table that depend on what the plan retypes, drops or moves (pg_depend, pg_rewrite).

`ALTER COLUMN ... TYPE` and `DROP COLUMN` fail on a column a view, policy or SQL-standard
function reads, and moving a table into the archive would take its views along silently.
Planning reads those dependents first (`read_dependents`), so `plan` names them and `apply`
never discovers one half-way. A managed dependent of a kind that is registered `@recreatable`
is dropped and recreated around the change by its family; any other dependent refuses the plan.
A type's recreate (an enum's, a domain's for a new base type, a composite's attribute retypes) reads
its dependents with type_dependents.sql; some kinds (functions, a table's CHECKs, indexes, triggers)
are carried across that only, where their own dependents are followed too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from reconcile.catalog.model import Catalog, Column
from reconcile.diff.change import Action, Change, Kind
from reconcile.errors import ReconcileError
from reconcile.plan.model import Step, StepKind

# pg_identify_object's type -> the spec kind that declares such an object
SPEC_KIND = {
    "view": "view",
    "materialized view": "materialized_view",
    "function": "function",
    "procedure": "procedure",
    "policy": "policy",
    "trigger": "trigger",
    # around a type recreate only (a constant of the old type): else the table's own diff plans these
    "check constraint": "check",  # type_dependents.sql's name for a table's CHECK
    "index": "index",
}
Sql = Callable[[Any], str]
Creates = Callable[[Any], str | tuple[str, ...]]  # one statement, or several sent one by one
RECREATABLE: dict[str, tuple[Sql, Creates]] = {}  # spec kind -> (drop, create) of a managed dependent
# kinds recreated only around a type's recreate (their own dependents are read then, through pg_proc too)
AROUND_TYPES_ONLY: set[str] = set()
# kinds that live on a table (policies): how to find one in a catalog, and the managed key that manages it
Finder = Callable[[Catalog, str, str, str], Any]  # (catalog, schema, name, "schema.table") -> object or None
FINDERS: dict[str, tuple[Finder, Callable[[str], tuple[str, str, str]]]] = {}
# parts of a managed table that the table's own diff already plans (or PostgreSQL rebuilds)
TABLE_OWNED = {"table constraint", "index"}
TYPE_OBJECTS = {"type", "composite type"}  # pg_identify_object's names for a domain or composite over a type


def recreatable(
    kind: str,
    drop: Sql,
    create: Creates,
    find: Finder | None = None,
    managed_by: Callable[[str], Any] | None = None,
    *,
    around_types_only: bool = False,
) -> None:
    """Register how a managed `kind` is dropped before a change it depends on and created after it.
    A kind that sits on a table gives `find` (the object in a catalog) and `managed_by` (from the
    table "schema.table", the managed-object key under which the spec manages it)."""
    RECREATABLE[kind] = (drop, create)
    if around_types_only:
        AROUND_TYPES_ONLY.add(kind)
    if find is not None and managed_by is not None:
        FINDERS[kind] = (find, managed_by)


def _managed(dep: Dependent, managed_objects: set[tuple[str, str, str]], around_type: bool = False) -> bool:
    kind = SPEC_KIND.get(dep.kind)
    if kind not in RECREATABLE or (kind in AROUND_TYPES_ONLY and not around_type):
        return False
    if kind in FINDERS:
        return FINDERS[kind][1](dep.on_table) in managed_objects
    return (kind, dep.schema, dep.name) in managed_objects


def _find(catalog: Catalog, key: tuple[str, str, str, str]) -> Any:
    kind, schema, name, on_table = key
    if kind in FINDERS:
        return FINDERS[kind][0](catalog, schema, name, on_table)
    return catalog.get(kind, schema, name)


class DependentsRefused(ReconcileError):
    """An object outside the managed scope depends on what the plan changes (exit 1, at plan time)."""


@dataclass(frozen=True)
class Dependent:
    kind: str  # pg_identify_object's type: "view", "materialized view", "policy", "function", ...
    schema: str
    name: str
    identity: str  # as PostgreSQL names it: "public.v", "p on public.t", "public.f(integer)"
    on_table: str = ""  # "schema.table" a constraint, policy or trigger sits on
    depth: int = 1  # 1: reads the changed object itself; 2: a view on such a view ...

    def to_list(self) -> list[Any]:
        return [self.kind, self.schema, self.name, self.identity, self.on_table, self.depth]

    @classmethod
    def from_list(cls, row: Any) -> Dependent:
        """`row` is untrusted (a plan file): ValueError unless it is what `to_list` writes."""
        if not isinstance(row, list) or len(row) != 6:
            raise ValueError("dependents: expected rows of 6")
        kind, schema, name, identity, on_table, depth = row
        texts = (kind, schema, name, identity, on_table)
        if not all(isinstance(t, str) for t in texts) or not isinstance(depth, int) or isinstance(depth, bool):
            raise ValueError("dependents: expected five texts and a depth")
        return cls(kind, schema, name, identity, on_table, depth)


def what_it_does(ch: Change) -> str | None:
    """How `ch` affects objects that depend on it, or None when PostgreSQL lets them follow."""
    if ch.kind == Kind.COLUMN and ch.action == Action.DROP:
        return "drops"
    if ch.kind == Kind.COLUMN and ch.action == Action.ALTER:
        before, after = ch.before, ch.after
        if isinstance(before, Column) and isinstance(after, Column) and before.type != after.type:
            return "retypes"
    if ch.kind == Kind.TABLE and ch.action == Action.DROP:
        return "archives"
    if ch.kind in ROUTINES and ch.action in (Action.DROP, Action.REPLACE):
        return "drops" if ch.action == Action.DROP else "drops and creates again"
    return _type_recreate(ch)


def _type_recreate(ch: Change) -> str | None:
    """A type change its dependents cannot stay across: an enum recreate, a domain's base type or collation,
    attribute retypes."""
    if ch.kind == Kind.ENUM and ch.action == Action.REPLACE:
        return "recreates"
    before, after = ch.before, ch.after
    if ch.kind == Kind.DOMAIN and ch.action == Action.ALTER:
        fields = ("base_type", "collation")  # ALTER DOMAIN can change neither: ddl/domains recreates it
        if any(getattr(before, f, None) != getattr(after, f, None) for f in fields):
            return "recreates"
    if ch.kind == Kind.COMPOSITE and ch.action == Action.ALTER:
        old, new = dict(getattr(before, "attributes", ())), dict(getattr(after, "attributes", ()))
        if any(name in new and new[name] != t for name, t in old.items()):
            return "retypes attributes of"
    return None


# a function's dependents are never recreated around it: its drop and create are two steps
ROUTINES = frozenset({Kind.FUNCTION, Kind.PROCEDURE})
TYPES = frozenset({Kind.ENUM, Kind.DOMAIN, Kind.COMPOSITE})


@cache
def _query(name: str = "dependents") -> sql.SQL:
    return sql.SQL(resources.files(__package__).joinpath("sql", f"{name}.sql").read_text())


def read_dependents(conn: psycopg.Connection, changes: Iterable[Change]) -> dict[str, tuple[Dependent, ...]]:
    """change address -> what depends on it, for the changes `what_it_does`; one query per target kind."""
    changes = list(changes)
    wanted = [ch for ch in changes if what_it_does(ch) is not None]
    live = _live_type_names(changes)
    out: dict[str, list[Dependent]] = {}
    for query, kinds in _QUERIES:
        mine = [ch for ch in wanted if (ch.kind in kinds if kinds else ch.kind not in ROUTINES | TYPES)]
        if mine:
            _collect(conn, query, _params(query, mine, live), mine, out)
    return {a: tuple(deps) for a, deps in out.items()}


# which changes each query reads the dependents of (empty: a table or column change)
_QUERIES: tuple[tuple[str, frozenset[Kind]], ...] = (
    ("dependents", frozenset()),
    ("routine_dependents", ROUTINES),
    ("type_dependents", TYPES),
)


def _live_type_names(changes: list[Change]) -> dict[tuple[str, str, str], str]:
    """(kind, schema, new name) -> the name a type still has in the database: one renamed in this plan is
    found under its old name (an enum's REPLACE carries it as `before`, a RENAME and an ALTER come apart)."""
    return {(str(ch.kind), ch.schema, ch.name): str(getattr(ch.before, "name", ch.name)) for ch in changes
            if ch.kind in TYPES and ch.action in (Action.RENAME, Action.REPLACE)}  # fmt: skip


def _params(
    query: str, changes: list[Change], live: Mapping[tuple[str, str, str], str] | None = None
) -> dict[str, list[Any]]:
    schemas: list[Any] = [ch.schema for ch in changes]
    if query == "dependents":
        return {
            "schemas": schemas,
            "tables": [ch.table for ch in changes],
            "columns": [ch.name if ch.kind == Kind.COLUMN else None for ch in changes],
        }
    if query == "routine_dependents":
        identities = [getattr(ch.before, "identity", "") for ch in changes]
        return {"schemas": schemas, "names": [ch.name for ch in changes], "identities": identities}
    return {
        "schemas": schemas,
        "names": [(live or {}).get((str(ch.kind), ch.schema, ch.name), ch.name) for ch in changes],
    }


def _collect(conn: psycopg.Connection, query: str, params: dict[str, list[Any]], wanted: list[Change],
             out: dict[str, list[Dependent]]) -> None:  # fmt: skip
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(_query(query), params).fetchall()
    for r in rows:
        dep = Dependent(r["kind"], r["schema"], r["name"], r["identity"], r["on_table"], int(r["depth"]))
        out.setdefault(wanted[int(r["n"]) - 1].address, []).append(dep)


def handled(
    dep: Dependent, managed: set[tuple[str, str]], managed_objects: set[tuple[str, str, str]], around_type: bool = False
) -> bool:
    """Whether the plan takes care of `dep`: a part of a managed table (which a type's recreate does not
    rebuild: a check comparing with a constant of the old type), or a managed recreatable object."""
    if not around_type and dep.kind in TABLE_OWNED and tuple(dep.on_table.split(".", 1)) in managed:
        return True
    return _managed(dep, managed_objects, around_type)


def refuse_unhandled(
    changes: Iterable[Change],
    dependents: Mapping[str, tuple[Dependent, ...]],
    managed: Iterable[tuple[str, str]],
    managed_objects: Iterable[tuple[str, str, str]],
) -> None:
    """Raise DependentsRefused naming the first dependent the plan does not take care of, and how many."""
    tables, objects = set(managed), _with_tables(managed_objects, managed)
    blocked = [
        (ch, dep)
        for ch in changes
        if what_it_does(ch) is not None
        for dep in dependents.get(ch.address, ())
        if ch.kind in ROUTINES or not handled(dep, tables, objects, ch.kind in TYPES)
    ]
    if not blocked:
        return
    ch, dep = blocked[0]
    more = f" (and {len(blocked) - 1} more)" if len(blocked) > 1 else ""
    target = f"{ch.kind} {ch.address}"
    kind = SPEC_KIND.get(dep.kind)
    # a part of a managed table (a trigger) whose kind the table's own keys do not manage (policies do)
    carried = kind in FINDERS and (kind not in AROUND_TYPES_ONLY or ch.kind in TYPES)
    mine = bool(dep.on_table) and not carried and tuple(dep.on_table.split(".", 1)) in tables
    mine = mine or any((str(k), dep.schema, dep.name) in objects for k in TYPES if dep.kind in TYPE_OBJECTS)
    if (kind is not None and ((kind, dep.schema, dep.name) in objects or _managed(dep, objects))) or mine:
        why = f"reconcile cannot drop and recreate a {dep.kind} around it yet{more}: change it in two plans"
    else:
        why = f"is not managed by the spec{more}: add it to the spec (`reconcile import` writes it) or drop it first"
    does = what_it_does(ch)
    raise DependentsRefused(f"{dep.kind} {dep.identity} depends on {target}, which the plan {does}, and {why}")


def recheck(conn: psycopg.Connection, changes: list[Change], plan_managed: Iterable[tuple[str, str]],
            plan_objects: Iterable[tuple[str, str, str]]) -> None:  # fmt: skip
    """Before a saved plan runs: refuse (exit 3) if an unmanaged dependent appeared since it was made."""
    from reconcile.errors import SafetyRefused

    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        try:
            refuse_unhandled(changes, read_dependents(conn, changes), plan_managed, plan_objects)
        except DependentsRefused as exc:
            raise SafetyRefused(f"plan is stale: {exc}; run `reconcile plan` again") from None


def _with_tables(
    managed_objects: Iterable[tuple[str, str, str]], managed: Iterable[tuple[str, str]]
) -> set[tuple[str, str, str]]:
    """The managed objects and ("table", schema, name) of each managed table: what a table part's finder names."""
    return set(managed_objects) | {("table", schema, name) for schema, name in managed}


def recreated(
    changes: Iterable[Change],
    dependents: Mapping[str, tuple[Dependent, ...]],
    managed_objects: Iterable[tuple[str, str, str]],
    managed: Iterable[tuple[str, str]] = (),
) -> dict[str, list[Dependent]]:
    """change address -> the managed dependents its executing step drops and creates again."""
    objects = _with_tables(managed_objects, managed)
    out: dict[str, list[Dependent]] = {}
    for ch in changes:
        if what_it_does(ch) is None or ch.kind in ROUTINES:
            continue
        for dep in dependents.get(ch.address, ()):
            if _managed(dep, objects, ch.kind in TYPES):
                out.setdefault(ch.address, []).append(dep)
    return out


def recreated_keys(wrapped: Mapping[str, list[Dependent]]) -> set[tuple[str, str, str]]:
    """Objects recreated around a change: their own alter or replace is then not planned separately."""
    return {(SPEC_KIND[d.kind], d.schema, d.name) for deps in wrapped.values() for d in deps}


def wrap_steps(
    steps: list[Step], changes: list[Change], wrapped: Mapping[str, list[Dependent]], live: Catalog, desired: Catalog
) -> list[Step]:
    """Put the drops and re-creations of managed dependents into the step that executes each change
    (one transaction: never a moment without the view, never a view on the old definition)."""
    if not wrapped:
        return steps
    by_step: dict[str, dict[tuple[str, str, str, str], int]] = {}
    for ch in changes:
        deps = wrapped.get(ch.address)
        target = _executing_step(steps, ch) if deps else None
        if target is not None:
            mine = by_step.setdefault(target.id, {})
            for d in deps or ():
                key = (SPEC_KIND[d.kind], d.schema, d.name, d.on_table)
                mine[key] = max(mine.get(key, 0), d.depth)
    return [_wrapped(s, by_step[s.id], live, desired) if s.id in by_step else s for s in steps]


def _executing_step(steps: list[Step], ch: Change) -> Step | None:
    if ch.kind in TYPES:  # its first step recreates the type or retypes its attributes (ddl/types, domains, composites)
        label = f"{ch.marker} {ch.kind} {ch.address}"
        return next((s for s in steps if s.change == label and s.kind == StepKind.ALTER), None)
    table = f"{ch.schema}.{ch.table}"
    for s in steps:
        if s.table != table:
            continue
        if ch.kind == Kind.COLUMN and ch.action == Action.ALTER and s.kind == StepKind.ALTER:
            if s.change == f"{ch.marker} {ch.kind} {ch.address}":
                return s  # the type change is a retype's first step
        elif ch.kind == Kind.COLUMN and s.kind == StepKind.DROP and s.object_kind == "column":
            return s  # one ALTER TABLE drops all archived columns of a table
        elif ch.kind == Kind.TABLE and s.kind == StepKind.ARCHIVE and s.object_kind == "table":
            return s
    return None


def _statements(made: str | tuple[str, ...]) -> tuple[str, ...]:
    """A create may take several statements (a materialized view and its indexes), sent one by one."""
    return (made,) if isinstance(made, str) else made


def _wrapped(s: Step, deps: dict[tuple[str, str, str, str], int], live: Catalog, desired: Catalog) -> Step:
    deepest_first = sorted(deps, key=lambda k: (-deps[k], k))
    drops = [RECREATABLE[k[0]][0](obj) for k in deepest_first if (obj := _find(live, k)) is not None]
    creates = [
        one
        for k in reversed(deepest_first)
        if (obj := _find(desired, k)) is not None
        for one in _statements(RECREATABLE[k[0]][1](obj))
    ]
    statements = (*drops, *s.commands, *creates)
    names = ", ".join(
        f"{k[0].replace('_', ' ')} {k[2]} on {k[3]}" if k[0] in FINDERS else f"{k[0].replace('_', ' ')} {k[1]}.{k[2]}"
        for k in reversed(deepest_first)
    )
    return replace(
        s,
        description=f"{s.description} (dropping and re-creating {names})",
        sql=";\n".join(statements),
        statements=statements,
    )
