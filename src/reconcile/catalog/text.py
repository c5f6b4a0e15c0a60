"""One-line text of catalog objects, as PostgreSQL would write their definitions (plans, drift, snapshots)."""

from __future__ import annotations

from reconcile.catalog.model import Column, Constraint, ConstraintType, Index, Policy, RowSecurity


def column_text(col: Column) -> str:
    parts = [col.type]
    if col.not_null:
        parts.append("NOT NULL")
    if col.default is not None:
        parts.append(f"DEFAULT {col.default}")
    if col.identity:
        parts.append(f"GENERATED {col.identity.upper()} AS IDENTITY")
    if col.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({col.generated}) {'VIRTUAL' if col.virtual else 'STORED'}")
    return " ".join(parts)


def index_text(idx: Index) -> str:
    keys = []
    for k in idx.keys:
        key = k.column or f"({k.expression})"
        if k.opclass:
            key += f" {k.opclass}"
        if k.descending:
            key += " DESC"
        if k.nulls_first != k.descending:
            key += " NULLS FIRST" if k.nulls_first else " NULLS LAST"
        keys.append(key)
    out = f"{'UNIQUE ' if idx.unique else ''}{idx.method} ({', '.join(keys)})"
    if idx.include:
        out += f" INCLUDE ({', '.join(idx.include)})"
    if idx.nulls_not_distinct:
        out += " NULLS NOT DISTINCT"
    if idx.where:
        out += f" WHERE {idx.where}"
    return out + ("" if idx.valid else " INVALID")


def constraint_text(con: Constraint) -> str:
    if con.type == ConstraintType.PRIMARY:
        return f"PRIMARY KEY ({', '.join(con.columns)})"
    if con.type == ConstraintType.UNIQUE:
        return f"UNIQUE ({', '.join(con.columns)})" + (" NULLS NOT DISTINCT" if con.nulls_not_distinct else "")
    if con.type == ConstraintType.CHECK:
        return (con.expression or "") + ("" if con.valid else " NOT VALID")
    ref = con.references
    assert ref is not None
    text = f"FOREIGN KEY ({', '.join(con.columns)}) REFERENCES {ref.schema}.{ref.table} ({', '.join(ref.columns)})"
    if con.on_delete != "no action":
        text += f" ON DELETE {con.on_delete.upper()}"
    if con.on_update != "no action":
        text += f" ON UPDATE {con.on_update.upper()}"
    if con.deferrable:
        text += " DEFERRABLE INITIALLY DEFERRED" if con.initially_deferred else " DEFERRABLE"
    return text + ("" if con.valid else " NOT VALID")


def object_text(obj: object) -> str:
    if isinstance(obj, Column):
        return column_text(obj)
    if isinstance(obj, Index):
        return index_text(obj)
    if isinstance(obj, Constraint):
        return constraint_text(obj)
    if isinstance(obj, Policy):
        return policy_text(obj)
    if isinstance(obj, RowSecurity):
        return ("enabled" if obj.enabled else "disabled") + (", forced" if obj.forced else "")
    return ""


def policy_text(p: Policy) -> str:
    head = f"{'PERMISSIVE' if p.permissive else 'RESTRICTIVE'} FOR {p.command.upper()} TO {', '.join(p.roles)}"
    using = f" USING ({p.using})" if p.using is not None else ""
    check = f" WITH CHECK ({p.with_check})" if p.with_check is not None else ""
    return head + using + check
