"""Partitions: CREATE TABLE ... PARTITION OF, ATTACH and DETACH, and indexes of partitioned tables.

An index on an existing partitioned table is built so that no step blocks writes on a partition
for long: `CREATE INDEX ... ON ONLY parent` (instant, INVALID), then on each partition
`CREATE INDEX CONCURRENTLY` (a sub-partitioned one: ON ONLY again) and
`ALTER INDEX parent_idx ATTACH PARTITION part_idx`; the parent index turns valid when the last
partition's is attached. New partitions are created after their parent's indexes and inherit them.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import UNIQUE_KINDS, Constraint, ConstraintType, Index, Table
from reconcile.catalog.sqltext import qualified
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import i_key, p_key, pi_key, t_key
from .steps import AE, step, text


def create_sql(table: Table, columns: sql.Composable) -> sql.Composed:
    """CREATE TABLE of a plain or partitioned table, or of a partition (its columns: its parent's)."""
    name = qualified(table.schema, table.name)
    part = table.partitioning
    if part is not None and part.parent is not None:
        stmt = sql.SQL("CREATE TABLE {} PARTITION OF {} {}").format(
            name, qualified(*part.parent), sql.SQL(part.bounds or "DEFAULT")
        )
    else:
        stmt = sql.SQL("CREATE TABLE {} ({})").format(name, columns)
    if part is not None and part.key is not None:  # pg_get_partkeydef's text, read back from the dev database
        stmt += sql.SQL(" PARTITION BY {}").format(sql.SQL(part.key))
    return stmt


def create_requires(table: Table) -> tuple[str, ...]:
    """A partition after its parent and its parent's indexes (which it then inherits)."""
    if table.parent is None:
        return ()
    return (t_key(*table.parent), pi_key(*table.parent))


def _attach(ch: Change) -> list[Step]:
    want = ch.after
    assert isinstance(want, Table) and want.parent is not None and want.partitioning is not None
    parent = qualified(*want.parent)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} ATTACH PARTITION {} {}").format(
        parent, name, sql.SQL(want.partitioning.bounds or "DEFAULT")
    )
    return [
        step(
            StepKind.ALTER,
            f"attach {ch.schema}.{ch.table} to {want.parent[0]}.{want.parent[1]} as a partition",
            text(stmt),
            hazards=(AE, Hazard(HazardCode.VALIDATE_SCAN)),
            inverse=text(sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(parent, name)),
            requires=(t_key(ch.schema, ch.table), t_key(*want.parent)),
            provides=(p_key(ch.schema, ch.table),),
        )
    ]


def detach_step(live: Table, what: str) -> Step:
    """DETACH PARTITION: the table and its rows stay, but leave the parent (an operator's choice)."""
    assert live.parent is not None and live.partitioning is not None
    parent = qualified(*live.parent)
    name = qualified(live.schema, live.name)
    where = f"{live.parent[0]}.{live.parent[1]}"
    return step(
        StepKind.ALTER,
        f"detach partition {live.schema}.{live.name} from {where}",
        text(sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(parent, name)),
        hazards=(Hazard(HazardCode.DROPS_OBJECT, f"{what}: its rows no longer read through {where}"), AE),
        inverse=text(
            sql.SQL("ALTER TABLE {} ATTACH PARTITION {} {}").format(
                parent, name, sql.SQL(live.partitioning.bounds or "DEFAULT")
            )
        ),
        removes=(p_key(live.schema, live.name),),
    )


def _detach(ch: Change) -> list[Step]:
    assert isinstance(ch.before, Table)
    return [detach_step(ch.before, f"partition {ch.schema}.{ch.table} detached (the table is kept)")]


BUILDERS = {
    (Action.ADD, Kind.PARTITION): _attach,
    (Action.DROP, Kind.PARTITION): _detach,
}


# ---- indexes of partitioned tables -----------------------------------------------------------


def child_index_name(index: str, partition: str) -> str:
    """The name of `index`'s copy on `partition`: `<partition>_<index>`, shortened with a hash to fit 63 bytes."""
    name = f"{partition}_{index}"
    if len(name.encode()) <= 63:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name.encode()[:54].decode(errors='ignore')}_{digest}"


def partitioned_build(idx: Index, name: str, uses: tuple[str, ...]) -> list[Step]:
    """ON ONLY the parent, then each partition (concurrently, or ON ONLY when sub-partitioned), attached."""
    from .indexes import drop_index_sql, index_sql

    def only(i: Index, n: str) -> sql.Composed:
        return index_sql(i, n, concurrently=False, only=True)

    steps = [
        step(
            StepKind.BUILD,
            f"create index {idx.schema}.{name} on only {idx.schema}.{idx.table} (INVALID until its partitions attach)",
            text(only(idx, name)),
            inverse=text(drop_index_sql(idx.schema, name, False)),
            requires=uses,
            provides=(i_key(idx.schema, name),),
        )
    ]
    names = {(idx.schema, idx.table): name}
    for schema, part, parent_schema, parent, sub in idx.partitions:
        child = child_index_name(name, part)
        names[(schema, part)] = child
        on = replace(idx, schema=schema, table=part)
        if sub:
            what = f"create index {schema}.{child} on only {schema}.{part}"
            build = step(StepKind.BUILD, what, text(only(on, child)))
        else:
            build = step(
                StepKind.BUILD,
                f"build index {schema}.{child} concurrently on partition {schema}.{part}",
                text(index_sql(on, child, concurrently=True)),
                transactional=False,
                hazards=(Hazard(HazardCode.INDEX_BUILD),),
                inverse=text(drop_index_sql(schema, child, True)),
            )
        steps.append(replace(build, provides=(i_key(schema, child),)))
        parent_index = qualified(parent_schema, names[(parent_schema, parent)])
        attach = sql.SQL("ALTER INDEX {} ATTACH PARTITION {}").format(parent_index, qualified(schema, child))
        steps.append(step(StepKind.ALTER, f"attach index {schema}.{child} to {parent_index.as_string()}", text(attach)))
    last = steps[-1]  # provides "the parent's indexes are in place": new partitions come after
    return [*steps[:-1], replace(last, provides=(*last.provides, pi_key(idx.schema, idx.table)))]


def partitioned_constraint(con: Constraint, what: str, keys: dict[str, tuple[str, ...]]) -> list[Step]:
    """A key or foreign key on an existing partitioned table, one partition at a time (ddl-partitioning):
    a key ONLY on the parent, each leaf's built concurrently and attached; a foreign key added NOT VALID
    and validated on each leaf, then on the parent, which adopts them (PostgreSQL cannot add it NOT VALID)."""
    from .constraints import constraint_body

    parent = qualified(con.schema, con.table)
    body = constraint_body(con)
    if con.type == ConstraintType.FOREIGN:
        steps = [s for p in _leaves(con) for s in _leaf_foreign_key(con, p, body)]
        add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(parent, sql.Identifier(con.name), body)
        last = step(StepKind.ADD, f"add {what} {con.schema}.{con.table}.{con.name}", text(add), hazards=(AE,))
        last = replace(last, requires=keys["requires"], provides=keys["provides"])
        return [replace(s, requires=keys["requires"]) for s in steps] + [last]
    only = sql.SQL("ALTER TABLE ONLY {} ADD CONSTRAINT {} {}").format(parent, sql.Identifier(con.name), body)
    steps = [
        step(
            StepKind.ADD,
            f"add {what} {con.schema}.{con.table}.{con.name} on only the parent (INVALID until its partitions attach)",
            text(only),
            hazards=(AE,),
            **keys,
        )
    ]
    names = {(con.schema, con.table): con.name}
    for schema, part, parent_schema, parent_table, sub in con.partitions:
        child = child_index_name(con.name, part)
        names[(schema, part)] = child
        steps += _partition_key(con, schema, part, child, sub, body)
        attach = sql.SQL("ALTER INDEX {} ATTACH PARTITION {}").format(
            qualified(parent_schema, names[(parent_schema, parent_table)]), qualified(schema, child)
        )
        steps.append(step(StepKind.ATTACH, f"attach {schema}.{child} to {con.name}", text(attach)))
    return steps


def _leaves(con: Constraint) -> list[tuple[str, str]]:
    return [(schema, part) for schema, part, _, _, sub in con.partitions if not sub]


def _leaf_foreign_key(con: Constraint, leaf: tuple[str, str], body: sql.Composable) -> list[Step]:
    table = qualified(*leaf)
    ident = sql.Identifier(con.name)  # the parent's name: its copies on the partitions share it
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID").format(table, ident, body)
    validate = sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(table, ident)
    where = f"{leaf[0]}.{leaf[1]}.{con.name}"
    return [
        step(StepKind.ADD, f"add foreign key {where} NOT VALID", text(add), hazards=(AE,)),
        step(
            StepKind.VALIDATE,
            f"validate foreign key {where}",
            text(validate),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
        ),
    ]


def _partition_key(con: Constraint, schema: str, part: str, child: str, sub: bool, body: sql.Composable) -> list[Step]:
    """A partition's copy of a key: ONLY (sub-partitioned), or its unique index built concurrently, attached."""
    table, ident = qualified(schema, part), sql.Identifier(child)
    if sub:
        only = sql.SQL("ALTER TABLE ONLY {} ADD CONSTRAINT {} {}").format(table, ident, body)
        return [step(StepKind.ADD, f"add {schema}.{part}.{child} on only {schema}.{part}", text(only), hazards=(AE,))]
    assert con.type in UNIQUE_KINDS
    build = sql.SQL("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({}){}").format(
        ident,
        table,
        sql.SQL(", ").join(sql.Identifier(c) for c in con.columns),
        sql.SQL(" NULLS NOT DISTINCT" if con.nulls_not_distinct else ""),
    )
    kind = sql.SQL("PRIMARY KEY" if con.type == ConstraintType.PRIMARY else "UNIQUE")
    use = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {} USING INDEX {}").format(table, ident, kind, ident)
    return [
        step(
            StepKind.BUILD,
            f"build unique index {schema}.{child} concurrently on partition {schema}.{part}",
            text(build),
            transactional=False,
            hazards=(Hazard(HazardCode.INDEX_BUILD),),
        ),
        step(StepKind.ATTACH, f"make {schema}.{child} the key of {schema}.{part}", text(use), hazards=(AE,)),
    ]
