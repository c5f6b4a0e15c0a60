"""The spec's `renamed_from:` keys as the diff's Renames (new name -> old name)."""

from __future__ import annotations

from reconcile.diff.renames import Renames
from reconcile.spec.model import Spec


def renames_of(spec: Spec) -> Renames:
    tables: dict[tuple[str, str], str] = {}
    columns: dict[tuple[str, str, str], str] = {}
    indexes: dict[tuple[str, str, str], str] = {}
    constraints: dict[tuple[str, str, str], str] = {}
    for t in spec.tables:
        s, name = t.schema, t.table
        if t.renamed_from:
            tables[(s, name)] = t.renamed_from
        columns.update({(s, name, c.name): c.renamed_from for c in t.columns if c.renamed_from})
        indexes.update({(s, name, i.name): i.renamed_from for i in t.indexes if i.renamed_from})
        for con in (*t.unique, *t.checks, *t.foreign_keys):
            if con.renamed_from and con.name:
                constraints[(s, name, con.name)] = con.renamed_from
    objects = {o.location_key(): old for o in spec.objects if (old := getattr(o, "renamed_from", None))}
    return Renames(tables, columns, indexes, constraints, objects)


def old_table_names(spec: Spec) -> set[tuple[str, str]]:
    """Tables the spec renames: read with the managed ones, so their rename can be planned."""
    return {(t.schema, t.renamed_from) for t in spec.tables if t.renamed_from}
