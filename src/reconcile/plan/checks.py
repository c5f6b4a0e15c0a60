"""One check per data hazard, keyed on typed changes: pure functions of (change, steps, facts).

`facts.py` asks the database only what these checks say they need (`unique_definition`,
`needs_row_count`, `needs_null_count`), so the two can never disagree about which changes matter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from reconcile.catalog.model import UNIQUE_KINDS, Column, Constraint, ConstraintType, Index, IndexKey, Table
from reconcile.ddl.columns import needs_value
from reconcile.diff.change import Action, Change, Kind
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

if TYPE_CHECKING:
    from .facts import Facts

Check = Callable[[Change, list[Step], "Facts"], list[Step]]

# the step that first makes the new definition exist carries the data hazard
_MAKES = {StepKind.CREATE, StepKind.ADD, StepKind.BUILD, StepKind.ATTACH}


def unique_definition(ch: Change) -> Index | None:
    """The unique index whose collisions decide whether this change can succeed, if any."""
    if ch.new_table:
        return None
    after = ch.after
    if ch.kind == Kind.INDEX and isinstance(after, Index) and after.unique:
        return after if ch.action in (Action.ADD, Action.REPLACE, Action.REBUILD, Action.RESUME) else None
    if ch.kind == Kind.CONSTRAINT and isinstance(after, Constraint) and ch.action in (Action.ADD, Action.REPLACE):
        if after.type in UNIQUE_KINDS:
            keys = tuple(IndexKey(column=c) for c in after.columns)
            nnd = after.nulls_not_distinct or after.type == ConstraintType.PRIMARY
            return Index(after.schema, after.table, after.name, keys, unique=True, nulls_not_distinct=nnd)
    return None


def validated_constraint(ch: Change) -> Constraint | None:
    """The CHECK or FOREIGN KEY this change makes hold for existing rows (added, replaced or validated), if any."""
    after = ch.after
    if ch.new_table or ch.kind != Kind.CONSTRAINT or not isinstance(after, Constraint):
        return None
    if after.type not in (ConstraintType.CHECK, ConstraintType.FOREIGN) or not after.valid:
        return None
    return after if ch.action in (Action.ADD, Action.REPLACE, Action.VALIDATE) else None


def needs_row_count(ch: Change) -> bool:
    """An added NOT NULL column without a default fails on any existing row."""
    after = ch.after
    return ch.kind == Kind.COLUMN and ch.action == Action.ADD and isinstance(after, Column) and needs_value(after)


def needs_null_count(ch: Change) -> bool:
    """A column becoming NOT NULL fails on its NULLs."""
    before, after = ch.before, ch.after
    return (
        ch.kind == Kind.COLUMN
        and ch.action == Action.ALTER
        and isinstance(after, Column)
        and isinstance(before, Column)
        and after.not_null
        and not before.not_null
    )


def check_unique(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    count, sample = facts.collisions.get(ch.address, (0, None))
    if count < 0:  # not checked: the build itself finds out
        return _on_first_maker(steps, Hazard(HazardCode.UNIQUE_UNCHECKED, sample or ""))
    if not count:
        return steps
    return _on_first_maker(steps, Hazard(HazardCode.UNIQUE_MAY_FAIL, f"{count} colliding keys, e.g. {sample}"))


def check_not_null_add(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    rows = facts.rows.get((ch.schema, ch.table), 0)
    detail = f"{rows} existing rows would need a value" if rows else None
    return [_set_detail(s, HazardCode.NOT_NULL_MAY_FAIL, detail) for s in steps]


def check_not_null_alter(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    nulls = facts.nulls.get((ch.schema, ch.table, ch.name), 0)
    if not nulls:
        return steps
    return _on_first_maker(steps, Hazard(HazardCode.NOT_NULL_MAY_FAIL, f"{nulls} rows hold NULL in {ch.name}"))


def check_violations(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    count, sample = facts.violations.get(ch.address, (0, None))
    if not count:
        return steps
    con = validated_constraint(ch)
    if con is not None and con.type == ConstraintType.FOREIGN:
        hazard = Hazard(HazardCode.FOREIGN_KEY_MAY_FAIL, f"{count} rows reference no row, e.g. {sample}")
    else:
        hazard = Hazard(HazardCode.CHECK_MAY_FAIL, f"{count} rows violate the check, e.g. {sample}")
    return _on_first_maker(steps, hazard)


def check_removed_enum_values(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    count, sample = facts.violations.get(ch.address, (0, None))
    if not count:
        return steps
    detail = f"{count} rows hold a value the recreated enum removes, e.g. in {sample}: change them first"
    return _on_first_maker(steps, Hazard(HazardCode.CHECK_MAY_FAIL, detail))


def check_volatile_default(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    if ch.address not in facts.volatile_defaults:
        return steps
    hazard = Hazard(HazardCode.REWRITES_TABLE, "a volatile default is evaluated for every existing row")
    return _on_first_maker(steps, hazard)


def check_dropped_values(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    values = facts.values.get((ch.schema, ch.table), {}).get(ch.name, 0)
    return [_set_detail(s, HazardCode.DELETES_DATA, f"column {ch.name}: {values} non-null values") for s in steps]


# (which changes, check) pairs; a new hazard is a new function and a new line here
CHECKS: tuple[tuple[Callable[[Change], bool], Check], ...] = (
    (lambda ch: unique_definition(ch) is not None, check_unique),
    (lambda ch: validated_constraint(ch) is not None, check_violations),
    (lambda ch: ch.kind == Kind.ENUM and ch.action == Action.REPLACE, check_removed_enum_values),
    (needs_row_count, check_not_null_add),
    (lambda ch: ch.kind == Kind.COLUMN and ch.action == Action.ADD, check_volatile_default),
    (needs_null_count, check_not_null_alter),
    (lambda ch: ch.kind == Kind.COLUMN and ch.action == Action.DROP, check_dropped_values),
)


def run_checks(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    for what, version, hint in version_needs(ch):
        if facts.server_version and facts.server_version < version:
            server = facts.server_version // 10000
            detail = f"{what} needs PostgreSQL {version // 10000}; the server is PostgreSQL {server} ({hint})"
            steps = _on_first_maker(steps, Hazard(HazardCode.SERVER_VERSION, detail))
    return _data_checks(ch, steps, facts)


# what the statements of a change use that older servers lack (the oldest supported is 14): the
# plan refuses them before apply sends one. ALTER COLUMN ... SET EXPRESSION (17) needs no entry:
# on older servers diff/columns.py drops and adds the column instead.
NULLS_NOT_DISTINCT = 150000
VIRTUAL_COLUMNS = 180000


def version_needs(ch: Change) -> list[tuple[str, int, str]]:
    """(what, server_version_num it needs, the spec's way around it) for each version-dependent feature
    the change's statements use."""
    after = ch.after
    if ch.action in (Action.DROP, Action.RENAME) or after is None:
        return []
    if isinstance(after, Table):
        return [_virtual(after.schema, after.name, c) for c in after.columns if c.virtual]
    if isinstance(after, Column) and after.virtual:
        return [_virtual(ch.schema, ch.table, after)]
    if isinstance(after, Index | Constraint) and after.nulls_not_distinct:
        return [(f"NULLS NOT DISTINCT of {ch.kind} {ch.address}", NULLS_NOT_DISTINCT, "drop 'nulls_not_distinct'")]
    return []


def _virtual(schema: str, table: str, col: Column) -> tuple[str, int, str]:
    what = f"VIRTUAL generated column {schema}.{table}.{col.name}"
    return what, VIRTUAL_COLUMNS, "declare it STORED: drop 'virtual: true'"


def _data_checks(ch: Change, steps: list[Step], facts: Facts) -> list[Step]:
    if ch.kind == Kind.TABLE and ch.action == Action.CREATE and ch.schema in facts.missing_schemas:
        return _on_first_maker(steps, Hazard(HazardCode.SCHEMA_MISSING, f"schema {ch.schema} does not exist"))
    if ch.new_table or ch.kind == Kind.TABLE:
        return steps  # an empty table: nothing to collide, hold NULLs or lose
    for applies, check in CHECKS:
        if applies(ch):
            steps = check(ch, steps, facts)
    return steps


def _on_first_maker(steps: list[Step], hazard: Hazard) -> list[Step]:
    first = next((n for n, s in enumerate(steps) if s.kind in _MAKES), 0)
    return [s.with_hazard(hazard) if n == first else s for n, s in enumerate(steps)]


def _set_detail(step: Step, code: HazardCode, detail: str | None) -> Step:
    """Set the detail of `code` on the step, or remove the hazard when detail is None."""
    hazards = tuple(
        h if h.code != code else Hazard(code, detail or "")
        for h in step.hazards
        if h.code != code or detail is not None
    )
    return replace(step, hazards=hazards)
