"""Steps that change objects the spec does not manage, said on the step (a hazard of its own).

A type's recreate converts every column of the type, in managed tables or not (PostgreSQL cannot drop
the old type while one uses it). A column of a table outside the spec is named as such, so the plan says
loudly what it touches beyond the spec; the step still needs its --allow-drop like any recreate.
"""

from __future__ import annotations

from collections.abc import Iterable

from reconcile.diff.change import Change

from .dependents import TYPES
from .hazards import Hazard, HazardCode
from .model import Step


def unmanaged_columns(ch: Change, managed: Iterable[tuple[str, str]]) -> str:
    """ "schema.table.column, ..." of the columns using the type `ch` changes whose tables the spec does not
    manage ("" when none, or not a type)."""
    tables = set(managed)
    columns = getattr(ch.before, "columns", ()) if ch.kind in TYPES else ()
    return ", ".join(f"{s}.{t}.{c}" for s, t, c, _, _ in columns if (s, t) not in tables)


def outside_spec(steps: list[Step], changes: Iterable[Change], managed: Iterable[tuple[str, str]]) -> list[Step]:
    """The type recreate steps (those that rewrite tables: REWRITES_TABLE) with an OUTSIDE_SPEC hazard naming
    the converted columns of unmanaged tables."""
    managed = tuple(managed)
    unmanaged = {
        f"{ch.marker} {ch.kind} {ch.address}": names for ch in changes if (names := unmanaged_columns(ch, managed))
    }
    return [_marked(s, unmanaged[s.change]) if s.change in unmanaged else s for s in steps]


def change_note(ch: Change, recreated: list[Step], managed: Iterable[tuple[str, str]]) -> str:
    """What a change's line adds when its recreate step converts columns outside the spec."""
    mine = f"{ch.marker} {ch.kind} {ch.address}"
    if not any(s.change == mine and any(h.code == HazardCode.OUTSIDE_SPEC for h in s.hazards) for s in recreated):
        return ""
    return f"; converts columns outside the spec: {unmanaged_columns(ch, managed)}"


def _marked(s: Step, names: str) -> Step:
    if not any(h.code == HazardCode.REWRITES_TABLE for h in s.hazards):
        return s  # not the recreate: an ALTER DOMAIN, a rename
    return s.with_hazard(
        Hazard(HazardCode.OUTSIDE_SPEC, f"converts columns of tables the spec does not manage: {names}")
    )
