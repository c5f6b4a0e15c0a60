"""Keys and foreign keys added to an existing partitioned table, one partition at a time.

A key: `ALTER TABLE ONLY parent ADD ...` (INVALID), each leaf's unique index built concurrently and
made its key (`USING INDEX`), then attached to the parent's (ddl-partitioning in the manual). A
foreign key: NOT VALID and validated on each leaf, then added on the parent, which adopts them
(PostgreSQL cannot add a NOT VALID foreign key to a partitioned table).
"""

from __future__ import annotations

from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import UNIQUE_KINDS, Constraint, ConstraintType
from reconcile.catalog.sqltext import qualified
from reconcile.diff.change import child_index_name
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

from .indexes import key_index_sql, using_index_sql
from .steps import AE, step, text


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
    build = key_index_sql(ident, table, con)
    use = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(table, ident, using_index_sql(ident, con))
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
