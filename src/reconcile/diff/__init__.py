"""diff(current, desired) -> Changes. Pure: no I/O, no SQL text; one module per object family."""

from __future__ import annotations

from reconcile.catalog.model import Catalog, Constraint, Index, Table

from . import views as _views  # materialized views' indexes (its differ registers at first use: objects.py)
from .change import Action, Change, Kind
from .comments import fix_comments
from .constraints import constraint_changes
from .extensions import moved_extensions
from .indexes import index_changes
from .objects import object_changes
from .partition_attach import (
    attach_copies,
    attaching,
    created_partition,
    leftover_key_builds,
    not_null_columns,
    pending_default_checks,
    prepared,
)
from .partition_builds import resumed_builds
from .partitions import live_parts, on_live_partitions, table_changes
from .policies import row_security_changes
from .renames import NO_RENAMES, Renames, renamed_columns, renamed_tables
from .typenames import renamed_types


def diff(current: Catalog, desired: Catalog, renames: Renames = NO_RENAMES) -> list[Change]:
    """`renames`: old names the spec declares; renamed tables and columns are diffed under their new names."""
    current = renamed_types(current, desired, renames.objects)  # an enum's columns follow its rename
    current, changes = renamed_tables(current, desired, renames)
    current, more = renamed_columns(current, desired, renames)
    changes += more
    pending = pending_default_checks(current, desired)
    for table in desired.tables:
        key = (table.schema, table.name)
        live = current.table(*key)
        if live is None:
            changes.append(
                Change(
                    Action.CREATE,
                    Kind.TABLE,
                    table.schema,
                    table.name,
                    table.name,
                    after=created_partition(current, desired, table),
                    new_table=True,
                )  # fmt: skip
            )
        else:
            changes += table_changes(live, table, current.server_version or desired.server_version)
        copies: tuple[tuple[Index, ...], tuple[Constraint, ...]] = ((), ())
        if live is not None and attaching(live, table):
            copies = attach_copies(desired, table, (*current.indexes_of(*key), *current.constraints_of(*key)))
            columns = not_null_columns(desired, live, table)
            changes = prepared(changes + columns, current, desired, table, (*copies[0], *copies[1], *columns))
        changes += row_security_changes(live, table)
        changes += _parts(
            current, desired, live, table, renames, copies, pending.get((table.schema, table.name), set())
        )
    old_names = {(s, old) for (s, _), old in renames.tables.items()}
    for table in current.tables:  # only an explicit managed scope reads tables the spec does not name
        if desired.table(table.schema, table.name) is None and (table.schema, table.name) not in old_names:
            changes.append(Change(Action.DROP, Kind.TABLE, table.schema, table.name, table.name, before=table))
    changes = resumed_builds(changes, current)
    changes += moved_extensions(object_changes(current, desired, renames.objects))
    return fix_comments(_views.with_materialized_view_indexes(changes, current, desired), desired)


def _parts(
    current: Catalog,
    desired: Catalog,
    live: Table | None,
    table: Table,
    renames: Renames,
    copies: tuple[tuple[Index, ...], tuple[Constraint, ...]],
    helpers: set[str],
) -> list[Change]:
    """A table's index and constraint changes; a table being attached gets its parent's `copies` too. `helpers`:
    CHECKs of an ATTACH's (on a DEFAULT partition), which its steps drop and add again."""
    key = (table.schema, table.name)
    indexes, constraints = live_parts(current, desired, live, table)
    constraints = tuple(c for c in constraints if c.name not in helpers)
    want_indexes, want_constraints = desired.indexes_of(*key) + copies[0], desired.constraints_of(*key) + copies[1]
    new = live is None
    out = on_live_partitions(index_changes(indexes, want_indexes, new, renames.on(renames.indexes, *key)), live)
    out = leftover_key_builds(out, copies[1])
    return out + on_live_partitions(
        constraint_changes(constraints, want_constraints, new, renames.on(renames.constraints, *key)), live
    )
