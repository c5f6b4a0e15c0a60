"""Schemas and enum types: create, add enum values, recreate an enum, rename, drop.

Their steps run before the tables' (a lower priority among the steps ready at once), so a table
created or altered in the same plan finds its schema and types. ADD VALUE is a step of its own,
outside any transaction: a value added in a transaction cannot be used before it commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from psycopg import sql

from reconcile.catalog.typerefs import type_refs
from reconcile.catalog.types import Enum, Namespace, Use
from reconcile.diff.change import TEMP_SUFFIX, Action, Change, Kind
from reconcile.normalize.types import enum_sql, schema_sql
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import s_key
from .steps import AE, step, text

SCHEMA_FIRST, TYPES_FIRST = -20, -10  # before the archives (-3..-1) and everything else
OLD_SUFFIX = "_reconcile_old"


def _enum(obj: object) -> Enum:
    assert isinstance(obj, Enum)
    return obj


def y_key(schema: str, name: str) -> str:
    return f"y:{schema}.{name}"


def _create_schema(ch: Change) -> list[Step]:
    assert isinstance(ch.after, Namespace)
    name = ch.after.name
    return [
        step(
            StepKind.CREATE,
            f"create schema {name}",
            text(schema_sql(name)),
            inverse=text(sql.SQL("DROP SCHEMA {}").format(sql.Identifier(name))),
            provides=(s_key(name),),
            priority=SCHEMA_FIRST,
        )
    ]


def drop_enum_sql(e: Enum) -> str:
    return text(sql.SQL("DROP TYPE {}").format(sql.Identifier(e.schema, e.name)))


def _create_enum(ch: Change) -> list[Step]:
    e = _enum(ch.after)
    return [
        step(
            StepKind.CREATE,
            f"create enum {ch.address}",
            text(enum_sql(e.schema, e.name, e.values)),
            inverse=drop_enum_sql(e),
            provides=(y_key(e.schema, e.name),),
            requires=(s_key(e.schema),),
            priority=TYPES_FIRST,
        )
    ]


def added_values(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
    """(value, "BEFORE"|"AFTER"|"", neighbour) for each value of `new` missing from `old` (a subsequence of it),
    in order: after its predecessor once there is one, else before the first value already there."""
    out: list[tuple[str, str, str | None]] = []
    for i, v in enumerate(new):
        if v in old:
            continue
        if i > 0:
            out.append((v, "AFTER", new[i - 1]))
        elif old:
            out.append((v, "BEFORE", old[0]))
        else:
            out.append((v, "", None))
    return out


def _add_values(ch: Change) -> list[Step]:
    old, new = _enum(ch.before), _enum(ch.after)
    target = sql.Identifier(new.schema, new.name)
    steps = []
    for value, where, neighbour in added_values(old.values, new.values):
        stmt = sql.SQL("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}").format(target, sql.Literal(value))
        if neighbour is not None:
            stmt = sql.SQL("{} {} {}").format(stmt, sql.SQL(where), sql.Literal(neighbour))
        steps.append(
            step(
                StepKind.ALTER,
                f"add value {value!r} to enum {ch.address}",
                text(stmt),
                transactional=False,  # the value is usable only once committed
                priority=TYPES_FIRST,
            )
        )
    return steps


def temp_name(name: str) -> str:
    raw = name.encode()[: 63 - len(OLD_SUFFIX)].decode("utf-8", errors="ignore")
    return raw + OLD_SUFFIX


def _removed_in(default: str, removed: frozenset[str]) -> bool:
    """Whether a column default names a value the recreated enum no longer has (pglast's string constants)."""
    from pglast import parser

    def strings(node: object) -> list[str]:
        if isinstance(node, (list, tuple)):
            return [s for item in node for s in strings(item)]
        if not isinstance(node, dict):
            return []
        own = [node["sval"]] if node.get("@") == "String" and "sval" in node else []
        return own + [s for value in node.values() for s in strings(value)]

    try:
        tree = [s.stmt(skip_none=True) for s in parser.parse_sql(f"SELECT ({default}\n)") if s.stmt is not None]
    except parser.ParseError:
        return False
    return bool(set(strings(tree)) & removed)


class Recreated(Protocol):
    """What a recreate reads of the type it replaces (an enum, a domain, a composite type)."""

    @property
    def schema(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def columns(self) -> tuple[Use, ...]: ...


def recreate_statements(old: Enum, new: Enum) -> list[str]:
    """Rename the old type away, create the new one, convert every column (and array column) through text,
    drop the old type. A column's default is dropped around the conversion (it cannot be cast) and set
    again as it was, unless it names a removed value (the column's own diff then sets the spec's default)."""
    removed = frozenset(old.values) - set(new.values)
    create = enum_sql(new.schema, new.name, new.values)
    return recreate_sql("TYPE", old, new.name, create, "::pg_catalog.text", removed)


def recreate_sql(
    word: str,
    old: Recreated,
    name: str,
    create: sql.Composable,
    through: str = "",
    removed: frozenset[str] = frozenset(),
) -> list[str]:
    """A recreate's statements: ALTER `word` (TYPE or DOMAIN) `old` RENAME TO its temporary name, `create` (the new
    type, `name` in its schema), each of old's columns converted to it (`convert_columns`), DROP `word` of the old
    one under its temporary name."""
    keyword, temp = sql.SQL(word), temp_name(old.name)
    out = [
        sql.SQL("ALTER {} {} RENAME TO {}").format(keyword, sql.Identifier(old.schema, old.name), sql.Identifier(temp)),
        create,
        *convert_columns(old.columns, sql.Identifier(old.schema, name), through, removed),
        sql.SQL("DROP {} {}").format(keyword, sql.Identifier(old.schema, temp)),
    ]
    return [text(s) for s in out]


def convert_columns(
    columns: tuple[Use, ...], new_type: sql.Composable, through: str = "", removed: frozenset[str] = frozenset()
) -> list[sql.Composable]:
    """ALTER COLUMN ... TYPE the recreated type (or its array) USING column[::through]::type, for each column
    (`through`: a fixed cast of ours, never input); a default dropped around the conversion and set again
    (unless it names a `removed` enum value)."""
    out: list[sql.Composable] = []
    for schema, table, column, default, array in columns:
        alter = sql.SQL("ALTER TABLE {} ALTER COLUMN {} ").format(sql.Identifier(schema, table), sql.Identifier(column))
        typed = sql.SQL("{}{}").format(new_type, sql.SQL(array))
        if default:
            out.append(alter + sql.SQL("DROP DEFAULT"))
        via = sql.SQL(through + array if through else "")
        using = sql.SQL("TYPE {} USING {}{}::{}").format(typed, sql.Identifier(column), via, typed)
        out.append(alter + using)
        if default and not _removed_in(default, removed):
            out.append(alter + sql.SQL("SET DEFAULT {}").format(sql.SQL(default)))  # the catalog's own rendering
    return out


def _recreate(ch: Change) -> list[Step]:
    # what else uses the type (`used_by`) was refused at plan time unless managed: dropped and created again
    # around this step (plan/dependents.py)
    old, new = _enum(ch.before), _enum(ch.after)
    gone = [v for v in old.values if v not in new.values]
    why = f"values removed: {', '.join(gone)}" if gone else "values reordered"
    forth, back = recreate_statements(old, new), recreate_statements(new, old)
    return [recreate_type_step("enum", ch.address, why, old, forth, back, done="rows keep their values")]


def rename_type_step(what: str, schema: str, old: str, new: str, *, word: str = "TYPE") -> list[Step]:
    """ALTER TYPE|DOMAIN ... RENAME TO of an enum, domain or composite type: metadata only, columns keep values."""
    stmt = sql.SQL("ALTER {} {} RENAME TO {}").format(sql.SQL(word), sql.Identifier(schema, old), sql.Identifier(new))
    undo = sql.SQL("ALTER {} {} RENAME TO {}").format(sql.SQL(word), sql.Identifier(schema, new), sql.Identifier(old))
    return [
        step(
            StepKind.RENAME,
            f"rename {what} {schema}.{old} to {new}",
            text(stmt),
            inverse=text(undo),
            removes=(y_key(schema, old),),
            provides=(y_key(schema, new),),
            priority=TYPES_FIRST,
        )
    ]


def _rename_enum(ch: Change) -> list[Step]:
    old, new = _enum(ch.before), _enum(ch.after)
    return rename_type_step("enum", old.schema, old.name, new.name)


def type_keys(schema: str, type_texts: Iterable[str]) -> tuple[str, ...]:
    """The keys of the types these type texts name (an unqualified name: in `schema` or public, where the
    search path finds a managed one): a type built from them comes after them, and goes before them."""
    keys = {
        y_key(s, name)
        for text in type_texts
        for ref, name in type_refs(text)
        if ref != "pg_catalog"
        for s in ((ref,) if ref else (schema, "public"))
    }
    return tuple(sorted(keys))


def recreate_type_step(
    what: str,
    address: str,
    why: str,
    old: Recreated,
    statements: list[str],
    undo: list[str],
    *,
    done: str = "columns converted",
    priority: int = TYPES_FIRST,
) -> Step:
    """The one step that recreates a type (`recreate_sql`: rename away, create, convert the columns, drop): it
    drops the type (and rewrites the tables whose columns it converts) under an ACCESS EXCLUSIVE lock; `undo`
    (the same the other way) is its inverse while no column uses it. `address`: the type as it is named
    after the step, which it provides and requires (a rename to it in the same plan runs first: the recreate
    finds the type under that name); `why`: the kind's reason, `done`: what the rows see."""
    hazards = [Hazard(HazardCode.DROPS_OBJECT, f"{what} {old.schema}.{old.name} recreated ({why})"), AE]
    if old.columns:
        cols = ", ".join(f"{s}.{t}.{c}" for s, t, c, _, _ in old.columns)
        hazards.insert(1, Hazard(HazardCode.REWRITES_TABLE, f"columns converted: {cols}"))
    return step(
        StepKind.ALTER,
        f"recreate {what} {address} ({why}; {done})",
        ";\n".join(statements),
        statements=tuple(statements),
        hazards=tuple(hazards),
        inverse=";\n".join(undo) if undo and not old.columns else None,
        provides=(f"y:{address}",),
        requires=(f"y:{address}",),  # no edge to itself: one that is not renamed needs nothing
        priority=priority,
    )


def drop_type_step(
    what: str, address: str, schema: str, name: str, drop_sql: str, create_sql: str, uses: tuple[str, ...] = ()
) -> list[Step]:
    """DROP of a type-like object (enum, domain, composite): a destructive step whose inverse creates it.
    `uses`: the keys of the types it is built from (dropped after it)."""
    return [
        step(
            StepKind.DROP,
            f"drop {what} {address}",
            drop_sql,
            hazards=(Hazard(HazardCode.DROPS_OBJECT, f"{what} {address}"),),
            inverse=create_sql,
            removes=(y_key(schema, name),),
            releases=uses,
        )
    ]


def _drop_enum(ch: Change) -> list[Step]:
    e = _enum(ch.before)
    return drop_type_step(
        "enum", ch.address, e.schema, e.name, drop_enum_sql(e), text(enum_sql(e.schema, e.name, e.values))
    )


BUILDERS = {
    (Action.CREATE, Kind.NAMESPACE): _create_schema,
    (Action.CREATE, Kind.ENUM): _create_enum,
    (Action.ALTER, Kind.ENUM): _add_values,
    (Action.REPLACE, Kind.ENUM): _recreate,
    (Action.RENAME, Kind.ENUM): _rename_enum,
    (Action.DROP, Kind.ENUM): _drop_enum,
}
assert TEMP_SUFFIX != OLD_SUFFIX  # an enum's temporary name never collides with an index's
