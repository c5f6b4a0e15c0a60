"""The pure planner: (live, desired, changes, facts) -> Plan. No database, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from reconcile.catalog.model import Catalog, Column, ConstraintType
from reconcile.ddl import steps_for
from reconcile.ddl.steps import label
from reconcile.ddl.tables import with_detach
from reconcile.diff.change import Action, Change, Kind
from reconcile.recovery.archive import Archive, archive_steps, cleanup_step, restore_step
from reconcile.recovery.table_archive import archive_table_step

from .calls import after_called_routines
from .checks import run_checks
from .dependents import recreated, recreated_keys, refuse_unhandled, wrap_steps
from .facts import Facts
from .facts_record import facts_to_dict, uses_to_list
from .model import ChangeLine, Plan, Step, Target
from .order import build_graph, group, order_steps
from .outside import change_note, outside_spec
from .render import change_detail

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Planned:
    plan: Plan
    live: Catalog
    desired: Catalog
    changes: tuple[Change, ...]

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The step graph (built on demand: a plan without steps never imports networkx)."""
        return build_graph(list(self.plan.steps))


@dataclass(frozen=True)
class PlanInputs:
    """What a plan is about, besides the catalogs: recorded in the plan as it is."""

    url: str  # password already removed
    release: str
    spec_sha256: str
    managed: tuple[tuple[str, str], ...]
    created_at: str = ""
    scope: dict[str, Any] = field(default_factory=dict)  # the project's include/ignore rules, when any
    managed_objects: tuple[tuple[str, str, str], ...] = ()  # (kind, schema, name) of non-table objects
    renames: tuple[tuple[str, ...], ...] = ()  # the spec's renamed_from, as Renames.to_rows: apply re-derives with them


def build_plan(live: Catalog, desired: Catalog, changes: list[Change], facts: Facts, inputs: PlanInputs) -> Planned:
    refuse_unhandled(changes, facts.dependents, inputs.managed, inputs.managed_objects)
    wrapped = recreated(changes, facts.dependents, inputs.managed_objects, inputs.managed)
    again = recreated_keys(wrapped)
    handled, steps = _archived_drops(changes, live, facts)
    handled |= {ch for ch in changes if (str(ch.kind), ch.schema, ch.name) in again and ch.action in _RECREATED}
    # a materialized view created again around a change brings its desired indexes along
    handled |= {ch for ch in changes if ch.kind == Kind.INDEX and ("materialized_view", ch.schema, ch.table) in again}
    for ch in changes:  # a table leaving the managed scope is moved into the archive, stamped with this run
        if ch.kind == Kind.TABLE and ch.action == Action.DROP:
            handled.add(ch)
            steps += label(ch, with_detach(ch, archive_table_step(ch.schema, ch.table, facts.run)))
    steps += [s for ch in changes if ch not in handled for s in run_checks(ch, steps_for(ch), facts)]
    steps = outside_spec(wrap_steps(steps, changes, wrapped, live, desired), changes, inputs.managed)
    steps += _restores(changes, facts.archives)
    cleanups = [cleanup_step(left) for left in facts.leftovers]
    steps += cleanups
    steps = after_called_routines(steps)
    ordered_steps = order_steps(steps) if steps else []
    plan = Plan(
        target=Target(
            database=facts.database,
            server_version=facts.server_version,
            url=inputs.url,
            system_identifier=facts.system_identifier,
            database_oid=facts.database_oid,
        ),
        release=inputs.release,
        spec_sha256=inputs.spec_sha256,
        live_fingerprint=live.fingerprint(),
        desired_fingerprint=desired.fingerprint(),
        managed=inputs.managed,
        managed_objects=inputs.managed_objects,
        changes=tuple(
            ChangeLine(c.marker, c.action, c.kind, c.address, change_detail(c) + change_note(c, steps, inputs.managed))
            for c in changes
        )
        + tuple(_cleanup_line(s) for s in cleanups),
        groups=tuple(group(ordered_steps)),
        desired=desired.to_dict(),
        live=live.to_dict(),
        facts={**facts_to_dict(facts), "uses": {"live": uses_to_list(live), "desired": uses_to_list(desired)}},
        created_at=inputs.created_at,
        scope=inputs.scope,
        renames=inputs.renames,
    )
    return Planned(plan, live, desired, tuple(changes))


_RECREATED = (Action.ALTER, Action.REPLACE)  # a recreated dependent gets its desired form in the wrapped step


def _cleanup_line(step: Step) -> ChangeLine:
    name = step.id.split(".")[-1].split("#")[0]
    return ChangeLine(
        "-", "drop", "trigger", f"{step.table}.{name}", "leftover capture trigger of an interrupted column drop"
    )


def _archived_drops(changes: list[Change], live: Catalog, facts: Facts) -> tuple[set[Change], list[Step]]:
    """Column drops of a table with a primary key become: archive, copy, one ALTER TABLE dropping all."""
    by_table: dict[tuple[str, str], list[Change]] = {}
    for ch in changes:
        if ch.kind == Kind.COLUMN and ch.action == Action.DROP and isinstance(ch.before, Column):
            by_table.setdefault((ch.schema, ch.table), []).append(ch)
    handled: set[Change] = set()
    steps: list[Step] = []
    for (schema, name), drops in by_table.items():
        table = live.table(schema, name)
        pk = next((c.columns for c in live.constraints_of(schema, name) if c.type == ConstraintType.PRIMARY), ())
        drops = [d for d in drops if d.name not in pk]
        if table is None or not pk or not drops:
            continue  # nothing to key an archive by: the DELETES_DATA hazard stands alone
        handled.update(drops)
        columns = [d.before for d in drops if isinstance(d.before, Column)]
        pseudo = Change(Action.DROP, Kind.COLUMN, schema, name, f"({','.join(c.name for c in columns)})")
        counts = dict(facts.values.get((schema, name), {}))
        steps += label(pseudo, archive_steps(schema, table, pk, columns, facts.run, counts))
    return handled, steps


def _restores(changes: list[Change], archives: tuple[Archive, ...]) -> list[Step]:
    """Re-added columns filled from the newest archive holding them: one UPDATE per archive."""
    wanted: dict[tuple[str, str, str], list[str]] = {}
    for ch in changes:
        if ch.kind != Kind.COLUMN or ch.action != Action.ADD or ch.new_table:
            continue
        found = [a for a in archives if (a.schema, a.table) == (ch.schema, ch.table) and ch.name in a.columns]
        if found:
            newest = max(found, key=lambda a: a.run)
            wanted.setdefault((ch.schema, ch.table, newest.name), []).append(ch.name)
    by_name = {a.name: a for a in archives}
    steps: list[Step] = []
    for (schema, table, name), columns in wanted.items():
        pseudo = Change(Action.ADD, Kind.COLUMN, schema, table, f"({','.join(columns)})")
        steps += label(pseudo, [restore_step(schema, table, by_name[name], columns)])
    return steps
