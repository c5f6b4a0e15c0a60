"""The planner is pure after facts are gathered: these tests need no database."""

from __future__ import annotations

from reconcile.catalog.model import Catalog, Column, Constraint, Index, IndexKey, Table
from reconcile.diff import diff
from reconcile.plan.build import PlanInputs, build_plan
from reconcile.plan.facts import Facts
from reconcile.plan.hazards import HazardCode
from reconcile.plan.model import StepKind
from reconcile.recovery.archive import Leftover

ID = Column("id", "integer", True)
PK = Constraint("public", "t", "t_pkey", "p", ("id",))
INPUTS = PlanInputs("postgresql://h/db", "r1", "", (("public", "t"),))


def catalog(*columns: Column, indexes: tuple[Index, ...] = ()) -> Catalog:
    return Catalog((Table("public", "t", (ID, *columns)),), indexes, (PK,))


def plan_of(live: Catalog, desired: Catalog, facts: Facts):
    return build_plan(live, desired, diff(live, desired), facts, INPUTS).plan


def codes(step) -> set[HazardCode]:
    return {h.code for h in step.hazards}


def test_unique_collisions_mark_the_build_step_and_only_it():
    idx = Index("public", "t", "t_a", (IndexKey(column="a"),), unique=True)
    live, desired = catalog(Column("a", "text")), catalog(Column("a", "text"), indexes=(idx,))
    plan = plan_of(live, desired, Facts(collisions={"public.t.t_a": (3, "(x)")}))
    (build,) = plan.steps
    assert build.kind == StepKind.BUILD
    assert any(h.code == HazardCode.UNIQUE_MAY_FAIL and "3 colliding keys" in h.detail for h in build.hazards)
    clean = plan_of(live, desired, Facts())
    assert HazardCode.UNIQUE_MAY_FAIL not in codes(clean.steps[0])


def test_not_null_add_hazard_is_dropped_on_an_empty_table_and_counted_otherwise():
    live, desired = catalog(), catalog(Column("b", "text", not_null=True))
    empty = plan_of(live, desired, Facts())
    assert HazardCode.NOT_NULL_MAY_FAIL not in codes(empty.steps[0])
    full = plan_of(live, desired, Facts(rows={("public", "t"): 7}))
    (hazard,) = [h for h in full.steps[0].hazards if h.code == HazardCode.NOT_NULL_MAY_FAIL]
    assert hazard.detail == "7 existing rows would need a value"


def test_set_not_null_with_nulls_marks_the_check_step_not_the_validation():
    live, desired = catalog(Column("b", "text")), catalog(Column("b", "text", not_null=True))
    plan = plan_of(live, desired, Facts(nulls={("public", "t", "b"): 2}))
    marked = [s for s in plan.steps if HazardCode.NOT_NULL_MAY_FAIL in codes(s)]
    assert [s.kind for s in marked] == [StepKind.ADD]


def test_column_drop_is_archived_with_the_counted_values_and_needs_allow_drop_column():
    live, desired = catalog(Column("b", "text")), catalog()
    plan = plan_of(live, desired, Facts(run="20260101000000", values={("public", "t"): {"b": 5}}))
    kinds = [s.kind for s in plan.steps]
    assert kinds == [StepKind.ARCHIVE, StepKind.COPY, StepKind.DROP]
    drop = plan.steps[-1]
    assert drop.drop_kind == "column" and drop.lock
    assert "b: 5" in next(h.detail for h in drop.hazards if h.code == HazardCode.DELETES_DATA)
    assert "reconcile_archive.t__20260101000000" in plan.steps[0].description


def test_leftover_capture_triggers_become_cleanup_steps_first():
    live = desired = catalog()
    plan = plan_of(live, desired, Facts(leftovers=(Leftover("public", "t", "t__1_capture", "t__1_capture"),)))
    (step,) = plan.steps
    assert step.kind == StepKind.CLEANUP and step.drop_kind is None
    assert [c.kind for c in plan.changes] == ["trigger"]


def test_statements_an_older_server_cannot_run_are_refusals_with_the_version_they_need():
    """NULLS NOT DISTINCT (15) and VIRTUAL columns (18): a SERVER_VERSION hazard, which apply refuses."""
    nnd = Index("public", "t", "t_a", (IndexKey(column="a"),), unique=True, nulls_not_distinct=True)
    uq = Constraint("public", "t", "t_b_key", "u", ("b",), nulls_not_distinct=True)
    virtual = Column("c", "integer", generated="(id * 2)", virtual=True)
    live = catalog(Column("a", "text"), Column("b", "text"))
    desired = Catalog(
        (Table("public", "t", (ID, Column("a", "text"), Column("b", "text"), virtual)),), (nnd,), (PK, uq)
    )
    old = plan_of(live, desired, Facts(server_version=140011))
    reasons = sorted(r.reason for r in old.refusals())
    assert reasons == [
        "SERVER_VERSION: NULLS NOT DISTINCT of constraint public.t.t_b_key needs PostgreSQL 15; the server is"
        " PostgreSQL 14 (drop 'nulls_not_distinct')",
        "SERVER_VERSION: NULLS NOT DISTINCT of index public.t.t_a needs PostgreSQL 15; the server is"
        " PostgreSQL 14 (drop 'nulls_not_distinct')",
        "SERVER_VERSION: VIRTUAL generated column public.t.c needs PostgreSQL 18; the server is"
        " PostgreSQL 14 (declare it STORED: drop 'virtual: true')",
    ]
    assert {r.fix for r in old.refusals()} == {
        "upgrade the server, or change the spec as the reason says, then plan again"
    }
    on_17 = [r.reason for r in plan_of(live, desired, Facts(server_version=170004)).refusals()]
    assert on_17 == [reasons[2].replace("PostgreSQL 14", "PostgreSQL 17")]
    assert not plan_of(live, desired, Facts(server_version=180001)).refusals()
