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

from reconcile.catalog.model import Index, Table
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
        releases=(t_key(*live.parent),),  # before the parent is archived or renamed
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
