"""Indexes: built CONCURRENTLY on existing tables; a replace keeps the name (build, drop, rename)."""

from __future__ import annotations

from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import Catalog, Constraint, ConstraintType, Index
from reconcile.catalog.sqltext import ident_list, qualified
from reconcile.diff.change import Action, Change, Kind, temp_index_name
from reconcile.plan.dependents import recreatable
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import c_key, i_key, pi_key
from .partitions import partitioned_build
from .steps import AE, step, text


def index_sql(idx: Index, name: str, *, concurrently: bool, only: bool = False) -> sql.Composed:
    """CREATE INDEX; `only`: ON ONLY a partitioned table (its partitions' indexes are attached later)."""
    keys = []
    for k in idx.keys:
        part: list[sql.Composable] = [
            sql.Identifier(k.column) if k.column else sql.SQL("({})").format(sql.SQL(k.expression or ""))
        ]
        if k.opclass:
            part.append(sql.Identifier(k.opclass))
        if k.descending:
            part.append(sql.SQL("DESC"))
        if k.nulls_first != k.descending:  # only when not the default for the direction
            part.append(sql.SQL("NULLS FIRST" if k.nulls_first else "NULLS LAST"))
        keys.append(sql.SQL(" ").join(part))
    stmt = sql.SQL("CREATE {}INDEX {}{} ON {}{} USING {} ({})").format(
        sql.SQL("UNIQUE " if idx.unique else ""),
        sql.SQL("CONCURRENTLY " if concurrently else ""),
        sql.Identifier(name),
        sql.SQL("ONLY " if only else ""),
        qualified(idx.schema, idx.table),
        sql.Identifier(idx.method),
        sql.SQL(", ").join(keys),
    )
    if idx.include:
        stmt += sql.SQL(" INCLUDE ({})").format(ident_list(idx.include))
    if idx.nulls_not_distinct:
        stmt += sql.SQL(" NULLS NOT DISTINCT")
    if idx.where:
        stmt += sql.SQL(" WHERE ({})").format(sql.SQL(idx.where))
    return stmt


def _uses(idx: Index) -> tuple[str, ...]:
    cols = set(idx.uses) | {k.column for k in idx.keys if k.column} | set(idx.include)
    return tuple(c_key(idx.schema, idx.table, c) for c in sorted(cols))


def _build(idx: Index, name: str, *, online: bool) -> list[Step]:
    """One build; on an existing partitioned table: ON ONLY, each partition's, attached (ddl/partitions.py)."""
    if idx.partitioned and online:
        return partitioned_build(idx, name, _uses(idx))
    hazards = [Hazard(HazardCode.INDEX_BUILD)] if online else []
    what = "unique index" if idx.unique else "index"
    built = (pi_key(idx.schema, idx.table),) if idx.partitioned else ()
    return [
        step(
            StepKind.BUILD,
            f"build {what} {idx.schema}.{name}" + (" concurrently" if online else ""),
            text(index_sql(idx, name, concurrently=online)),
            transactional=not online,
            hazards=tuple(hazards),
            inverse=text(drop_index_sql(idx.schema, name, online)),
            requires=_uses(idx),
            provides=(i_key(idx.schema, name), *built),
        )
    ]


def drop_index_sql(schema: str, name: str, online: bool) -> sql.Composed:
    return sql.SQL("DROP INDEX {}IF EXISTS {}").format(
        sql.SQL("CONCURRENTLY " if online else ""), qualified(schema, name)
    )


def key_index_sql(index: sql.Identifier, table: sql.Composable, con: Constraint) -> sql.Composed:
    """The unique index a key is built on online (then made the key with `using_index_sql`)."""
    return sql.SQL("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({}){}").format(
        index,
        table,
        ident_list(con.columns),
        sql.SQL(" NULLS NOT DISTINCT" if con.nulls_not_distinct else ""),
    )


def using_index_sql(index: sql.Identifier, con: Constraint) -> sql.Composed:
    """`PRIMARY KEY USING INDEX i` or `UNIQUE USING INDEX i`: the tail of the ADD CONSTRAINT that adopts it."""
    kind = "PRIMARY KEY" if con.type == ConstraintType.PRIMARY else "UNIQUE"
    return sql.SQL("{} USING INDEX {}").format(sql.SQL(kind), index)


def _drop(idx: Index, name: str, *, inverse: bool = True) -> Step:
    """Concurrently, except on a partitioned table (PostgreSQL cannot): a brief lock instead."""
    online = not idx.partitioned
    return step(
        StepKind.DROP,
        f"drop index {idx.schema}.{name}" + (" concurrently" if online else ""),
        text(drop_index_sql(idx.schema, name, online)),
        transactional=not online,
        hazards=() if online else (AE,),
        inverse=text(index_sql(idx, name, concurrently=online)) if inverse else None,
        releases=_uses(idx),
        removes=(i_key(idx.schema, name),),
    )


def _add_index(ch: Change) -> list[Step]:
    assert isinstance(ch.after, Index)
    return _build(ch.after, ch.name, online=not ch.new_table)


def _drop_index(ch: Change) -> list[Step]:
    assert isinstance(ch.before, Index)
    step = _drop(ch.before, ch.name)
    if ch.leftover:  # reconcile's own half-built replacement: no --allow-drop needed
        return [replace(step, description=step.description.replace("drop index", "drop leftover index", 1))]
    return [replace(step, hazards=(*step.hazards, Hazard(HazardCode.DROPS_OBJECT, f"index {ch.name}")))]


def _rebuild_index(ch: Change) -> list[Step]:
    """An INVALID index (failed or killed concurrent build): drop it and build again."""
    assert isinstance(ch.before, Index) and isinstance(ch.after, Index)
    drop = _drop(ch.before, ch.name, inverse=False)
    return [
        replace(drop, description=drop.description.replace("drop index", "drop INVALID index", 1)),
        *_build(ch.after, ch.name, online=True),
    ]


def _resume_index(ch: Change) -> list[Step]:
    """An interrupted build on a partitioned table: only its partitions' missing copies (ddl/partitions.py)."""
    assert isinstance(ch.after, Index)
    return partitioned_build(ch.after, ch.name, _uses(ch.after))


def _rename_into_place(schema: str, built: str, name: str) -> Step:
    """The last move of every replace: the built index takes the wanted name."""
    stmt = sql.SQL("ALTER INDEX {} RENAME TO {}").format(qualified(schema, built), sql.Identifier(name))
    return step(
        StepKind.RENAME,
        f"rename {schema}.{built} to {name}",
        text(stmt),
        hazards=(AE,),
        provides=(i_key(schema, name),),
    )


def _replace_index(ch: Change) -> list[Step]:
    """Build the new definition under a temporary name, drop the old, rename: never without an index."""
    old, new = ch.before, ch.after
    assert isinstance(old, Index) and isinstance(new, Index)
    tmp = temp_index_name(ch.name)
    return [
        *_build(new, tmp, online=True),
        _drop(old, old.name),  # a declared rename (renamed_from) drops the old name
        _rename_into_place(ch.schema, tmp, ch.name),
    ]


def _rename_index(ch: Change) -> list[Step]:
    """Same definition under another name (metadata only, no rebuild), or finish a replace that was
    interrupted after its old index was dropped."""
    assert isinstance(ch.before, Index)
    renamed = _rename_into_place(ch.schema, ch.before.name, ch.name)
    undo = sql.SQL("ALTER INDEX {} RENAME TO {}").format(qualified(ch.schema, ch.name), sql.Identifier(ch.before.name))
    return [replace(renamed, inverse=text(undo), removes=(i_key(ch.schema, ch.before.name),))]


def _swap_index(ch: Change) -> list[Step]:
    """A replacement was built before an interruption: drop the old index and rename the new one."""
    assert isinstance(ch.before, Index) and isinstance(ch.after, Index)
    return [_drop(ch.before, ch.name), _rename_into_place(ch.schema, ch.after.name, ch.name)]


BUILDERS = {
    (Action.ADD, Kind.INDEX): _add_index,
    (Action.DROP, Kind.INDEX): _drop_index,
    (Action.REBUILD, Kind.INDEX): _rebuild_index,
    (Action.REPLACE, Kind.INDEX): _replace_index,
    (Action.RENAME, Kind.INDEX): _rename_index,
    (Action.SWAP, Kind.INDEX): _swap_index,
    (Action.RESUME, Kind.INDEX): _resume_index,
}


def _index_on(catalog: Catalog, schema: str, name: str, on_table: str) -> Index | None:
    """An index `name` on `on_table` ("schema.table") as `catalog` has it."""
    s, t = on_table.split(".", 1)
    return next((i for i in catalog.indexes_of(s, t) if i.name == name), None)


def _drop_index_if_exists(idx: Index) -> str:
    return text(drop_index_sql(idx.schema, idx.name, online=False))


# an index whose predicate or expression holds a constant of a recreated type: dropped before the recreate,
# built again after it in its transaction (not concurrently: the table is being rewritten under its lock)
recreatable(
    "index",
    _drop_index_if_exists,
    lambda idx: text(index_sql(idx, idx.name, concurrently=False)),
    find=_index_on,
    managed_by=lambda on_table: ("table", *on_table.split(".", 1)),
    around_types_only=True,
)
