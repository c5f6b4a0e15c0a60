"""What lock a step takes and how its duration scales with the table's size, from its kind and hazards."""

from __future__ import annotations

from reconcile.plan.hazards import HazardCode
from reconcile.plan.model import Step, StepKind

# steps whose work grows with the rows of their table: scans, index builds, rewrites, archive copies
LINEAR_KINDS = frozenset({StepKind.BUILD, StepKind.VALIDATE, StepKind.COPY, StepKind.RESTORE})
LINEAR_HAZARDS = frozenset({HazardCode.REWRITES_TABLE, HazardCode.VALIDATE_SCAN, HazardCode.INDEX_BUILD})

# the lock each kind takes on its table, unless a hazard says more
KIND_LOCKS = {
    StepKind.CREATE: "ACCESS EXCLUSIVE (new object)",
    StepKind.ADD: "ACCESS EXCLUSIVE",
    StepKind.ALTER: "ACCESS EXCLUSIVE",
    StepKind.BUILD: "SHARE UPDATE EXCLUSIVE",
    StepKind.ATTACH: "SHARE UPDATE EXCLUSIVE",
    StepKind.VALIDATE: "SHARE UPDATE EXCLUSIVE",
    StepKind.DROP: "ACCESS EXCLUSIVE",
    StepKind.RENAME: "ACCESS EXCLUSIVE",
    StepKind.ARCHIVE: "SHARE ROW EXCLUSIVE",
    StepKind.COPY: "ACCESS SHARE",
    StepKind.RESTORE: "ROW EXCLUSIVE",
    StepKind.CLEANUP: "ACCESS EXCLUSIVE",
}

# locks under which inserts into the table wait
BLOCKS_WRITERS = frozenset({"ACCESS EXCLUSIVE", "SHARE ROW EXCLUSIVE"})


def lock_of(step: Step) -> str:
    codes = {h.code for h in step.hazards}
    if codes & {HazardCode.ACCESS_EXCLUSIVE_LOCK, HazardCode.REWRITES_TABLE}:
        return "ACCESS EXCLUSIVE"
    if step.kind == StepKind.DROP and step.object_kind == "index" and not step.transactional:
        return "SHARE UPDATE EXCLUSIVE"  # DROP INDEX CONCURRENTLY
    return KIND_LOCKS.get(step.kind, "ACCESS EXCLUSIVE")


def blocks_writers(step: Step) -> bool:
    return lock_of(step) in BLOCKS_WRITERS


def scales_linearly(step: Step) -> bool:
    return step.kind in LINEAR_KINDS or any(h.code in LINEAR_HAZARDS for h in step.hazards)
