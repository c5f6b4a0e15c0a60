"""Partitions: CREATE TABLE ... PARTITION OF, ATTACH and DETACH, and indexes of partitioned tables.

An index on an existing partitioned table is built so that no step blocks writes on a partition
for long: `CREATE INDEX ... ON ONLY parent` (instant, INVALID), then on each partition
`CREATE INDEX CONCURRENTLY` (a sub-partitioned one: ON ONLY again) and
`ALTER INDEX parent_idx ATTACH PARTITION part_idx`; the parent index turns valid when the last
partition's is attached. New partitions are created after their parent's indexes and inherit them.
"""

from __future__ import annotations

from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import Index, Table
from reconcile.catalog.sqltext import qualified
from reconcile.diff.change import Action, Change, Kind, bound_check_name, child_index_name, default_check_name
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .keys import i_key, k_key, kv_key, nn_key, p_key, pi_key, s_key, t_key
from .partition_bounds import bound_check, default_check
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
        return (s_key(table.schema),)
    return (s_key(table.schema), t_key(*table.parent), pi_key(*table.parent))


def _attach(ch: Change) -> list[Step]:
    """ATTACH PARTITION after the table's copies of its parent's indexes and constraints (diff/partition_attach.py),
    and after a validated CHECK equal to the bound (dropped after), so that it neither builds nor scans."""
    want = ch.after
    assert isinstance(want, Table) and want.parent is not None and want.partitioning is not None
    part = want.partitioning
    parent = qualified(*want.parent)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} ATTACH PARTITION {} {}").format(parent, name, sql.SQL(part.bounds or "DEFAULT"))
    copies = tuple(key for kind, n in part.adopts for key in _made(ch.schema, ch.table, kind, n))
    check = bound_check(part.parent_key, part.bounds, want.parent)
    default = default_check(part.parent_key, part.bounds, want.parent) if part.default else None
    attach = step(
        StepKind.ALTER,
        f"attach {ch.schema}.{ch.table} to {want.parent[0]}.{want.parent[1]} as a partition",
        text(stmt),
        hazards=(AE, *_scans(ch, check is not None, part.default, default is not None)),
        inverse=text(sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(parent, name)),
        requires=(t_key(ch.schema, ch.table), t_key(*want.parent), *copies),
        provides=(p_key(ch.schema, ch.table),),
    )
    steps = [attach] if check is None else _with_bound_check(ch.schema, ch.table, check, attach)
    if part.default is None or default is None:
        return steps
    return _with_default_check(part.default, ch.table, default, steps, at=steps.index(attach))


def _scans(ch: Change, proven: bool, default: tuple[str, str] | None, excluded: bool) -> tuple[Hazard, ...]:
    """What ATTACH scans under its ACCESS EXCLUSIVE lock: the table, when no CHECK can prove its bound (a key
    of expressions, a DEFAULT bound, a NULL in a list); the parent's DEFAULT partition, unless a CHECK there
    excludes the bound."""
    out = []
    if not proven:
        out.append(f"ATTACH reads every row of {ch.schema}.{ch.table} under its lock (no CHECK can prove this bound)")
    if default is not None and not excluded:
        out.append(f"ATTACH reads every row of the DEFAULT partition {default[0]}.{default[1]} under its lock")
    return tuple(Hazard(HazardCode.VALIDATE_SCAN, why) for why in out)


def _made(schema: str, table: str, kind: str, name: str) -> tuple[str, ...]:
    """The keys of a copy made before the ATTACH (the last step of each provides one)."""
    if kind == "index":
        return (i_key(schema, name),)
    if kind == "column":
        return (nn_key(schema, table, name),)
    return (k_key(schema, table, name), kv_key(schema, table, name))


def _with_bound_check(schema: str, table: str, check: sql.Composable, attach: Step) -> list[Step]:
    """The bound's CHECK, validated before ATTACH and dropped once ATTACH has used it."""
    before, after = _temporary_check(
        (schema, table), bound_check_name(table), check, ("(the partition bound)", "ATTACH then skips its scan")
    )
    return [*before, attach, after]


def _temporary_check(
    on: tuple[str, str], constraint: str, check: sql.Composable, words: tuple[str, str], used: str = "ATTACH used it"
) -> tuple[list[Step], Step]:
    """A CHECK that exists only for the steps between: dropped first if an interrupted run left it, added
    NOT VALID, validated (SHARE UPDATE EXCLUSIVE: writes go on); and the step that drops it after.
    `words`: what the check is and why it is validated, for the steps' descriptions."""
    what, why = words
    name, ident = qualified(*on), sql.Identifier(constraint)
    drop = sql.SQL("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}").format(name, ident)
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID").format(name, ident, check)
    where, locked = f"{on[0]}.{on[1]}.{constraint}", f"{on[0]}.{on[1]}"  # a lock wait watches `on`'s holders
    leftover = f"drop check {where} if an interrupted run left it"
    before = [
        step(StepKind.DROP, leftover, text(drop), hazards=(AE,), table=locked),
        step(StepKind.ADD, f"add check {where} {what} NOT VALID", text(add), hazards=(AE,), table=locked),
        step(
            StepKind.VALIDATE,
            f"validate check {where}: {why}",
            text(sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(name, ident)),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
            table=locked,
        ),
    ]
    return before, step(StepKind.DROP, f"drop check {where} ({used})", text(drop), hazards=(AE,), table=locked)


def created_partition_steps(table: Table, steps: list[Step]) -> list[Step]:
    """A partition's CREATE (`steps[0]`) scans its parent's DEFAULT partition for rows of its bound, under an
    ACCESS EXCLUSIVE lock on it, unless a CHECK there excludes the bound: made first, as for an ATTACH."""
    part = table.partitioning
    if part is None or part.default is None or table.parent is None:
        return steps
    check = default_check(part.parent_key, part.bounds, table.parent)
    if check is None:
        where = f"{part.default[0]}.{part.default[1]}"
        scan = Hazard(
            HazardCode.VALIDATE_SCAN, f"CREATE reads every row of the DEFAULT partition {where} under its lock"
        )
        return [steps[0].with_hazard(scan), *steps[1:]]
    return _with_default_check(part.default, table.name, check, steps, at=0)


def _with_default_check(
    default: tuple[str, str], table: str, check: sql.Composable, steps: list[Step], *, at: int
) -> list[Step]:
    """The DEFAULT partition's CHECK that none of its rows is in the bound, validated before `steps[at]` (the
    ATTACH or CREATE) and dropped right after it (the DEFAULT's new partition constraint says it now)."""
    before, after = _temporary_check(
        default,
        default_check_name(table),
        check,
        (
            f"(rows not in the bound of {table})",
            "the new partition's bound is then not searched for in the DEFAULT partition",
        ),
        used="used",
    )
    return [*before, *steps[: at + 1], after, *steps[at + 1 :]]


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


def partitioned_build(idx: Index, name: str, uses: tuple[str, ...]) -> list[Step]:
    """ON ONLY the parent, then each partition (concurrently, or ON ONLY when sub-partitioned), attached.
    Resuming an interrupted build (`idx.copies`): only the partitions' missing copies, then attached."""
    from .indexes import drop_index_sql, index_sql

    steps = []
    if not idx.copies:
        what = f"create index {idx.schema}.{name} on only {idx.schema}.{idx.table}"
        steps.append(
            step(
                StepKind.BUILD,
                what + " (INVALID until its partitions attach)",
                text(index_sql(idx, name, concurrently=False, only=True)),
                inverse=text(drop_index_sql(idx.schema, name, False)),
            )
        )
    copies = {(s, p): (n, state) for s, p, n, state in idx.copies}
    names = {(idx.schema, idx.table): name}
    for schema, part, parent_schema, parent, sub in idx.partitions:
        child, state = copies.get((schema, part), (child_index_name(name, part), "missing"))
        names[(schema, part)] = child
        if state == "attached":
            continue
        if state == "invalid":
            drop = step(
                StepKind.DROP,
                f"drop leftover INVALID index {schema}.{child} concurrently",
                text(drop_index_sql(schema, child, True)),
                transactional=False,
                removes=(i_key(schema, child),),
            )
            steps.append(drop)
        if state != "built":
            steps.append(_partition_build(replace(idx, schema=schema, table=part), child, sub))
        parent_index = qualified(parent_schema, names[(parent_schema, parent)])
        attach = sql.SQL("ALTER INDEX {} ATTACH PARTITION {}").format(parent_index, qualified(schema, child))
        steps.append(step(StepKind.ALTER, f"attach index {schema}.{child} to {parent_index.as_string()}", text(attach)))
    if not steps:
        return []
    first = steps[0]
    steps[0] = replace(first, requires=(*first.requires, *uses), provides=(*first.provides, i_key(idx.schema, name)))
    last = steps[-1]  # provides "the parent's indexes are in place": new partitions come after
    return [*steps[:-1], replace(last, provides=(*last.provides, pi_key(idx.schema, idx.table)))]


def _partition_build(on: Index, child: str, sub: bool) -> Step:
    """One partition's copy: concurrently on a leaf, ON ONLY on a sub-partitioned one (its own partitions follow)."""
    from .indexes import drop_index_sql, index_sql

    if sub:
        what = f"create index {on.schema}.{child} on only {on.schema}.{on.table}"
        built = step(StepKind.BUILD, what, text(index_sql(on, child, concurrently=False, only=True)))
    else:
        built = step(
            StepKind.BUILD,
            f"build index {on.schema}.{child} concurrently on partition {on.schema}.{on.table}",
            text(index_sql(on, child, concurrently=True)),
            transactional=False,
            hazards=(Hazard(HazardCode.INDEX_BUILD),),
            inverse=text(drop_index_sql(on.schema, child, True)),
        )
    return replace(built, provides=(i_key(on.schema, child),))
