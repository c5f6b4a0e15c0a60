"""The POLICIES family: row-level security flags and policies of each spec table that declares them.

Roles are cluster-wide and the dev server need not have the target's: policies are built there
`TO PUBLIC` and given the spec's role names when read back (`with_spec_roles`).
"""

from __future__ import annotations

from dataclasses import replace

from psycopg import sql

from reconcile.catalog.model import Catalog, Policy, RowSecurity, Table
from reconcile.catalog.sqltext import expr
from reconcile.spec.model import Spec, TableSpec

from .families import Phase, Statement, register


def policy_sql(schema: str, table: str, p: Policy) -> sql.Composed:
    """CREATE POLICY from catalog or spec text already checked to be one expression each."""
    roles = sql.SQL(", ").join(sql.SQL("PUBLIC") if r == "public" else sql.Identifier(r) for r in p.roles)
    parts: list[sql.Composable] = [
        sql.SQL("CREATE POLICY {} ON {} AS {} FOR {} TO {}").format(
            sql.Identifier(p.name),
            sql.Identifier(schema, table),
            sql.SQL("PERMISSIVE" if p.permissive else "RESTRICTIVE"),
            sql.SQL(p.command.upper()),
            roles,
        )
    ]
    if p.using is not None:
        parts.append(sql.SQL("USING {}").format(expr(p.using)))
    if p.with_check is not None:
        parts.append(sql.SQL("WITH CHECK {}").format(expr(p.with_check)))
    return sql.SQL(" ").join(parts)


def flags_sql(schema: str, table: str, *, enabled: bool, forced: bool) -> sql.Composed:
    return sql.SQL("ALTER TABLE {} {} ROW LEVEL SECURITY, {} ROW LEVEL SECURITY").format(
        sql.Identifier(schema, table),
        sql.SQL("ENABLE" if enabled else "DISABLE"),
        sql.SQL("FORCE" if forced else "NO FORCE"),
    )


def declared(table: TableSpec) -> RowSecurity:
    """What the spec says, before PostgreSQL normalizes the expressions (policies without
    `row_level_security:` mean it is enabled)."""
    flags = table.row_level_security
    policies = tuple(
        Policy(p.name, p.command, not p.restrictive, p.role_names(), p.using, p.with_check)
        for p in sorted(table.policies or (), key=lambda p: p.name)
    )
    return RowSecurity(flags.enabled if flags else True, flags.forced if flags else False, policies)


@register(Phase.POLICIES, "policies")
def policy_statements(spec: Spec) -> list[Statement]:
    out: list[Statement] = []
    for t in spec.tables:
        if not t.manages_row_security():
            continue
        rs = declared(t)
        at = (t.schema, t.table)
        out.append(((*at, "row_level_security"), flags_sql(*at, enabled=rs.enabled, forced=rs.forced)))
        index = {p.name: i for i, p in enumerate(t.policies or ())}
        for p in rs.policies:
            out.append(((*at, "policies", index[p.name]), policy_sql(*at, replace(p, roles=("public",)))))
    return out


def with_spec_roles(catalog: Catalog, spec: Spec) -> Catalog:
    """Each declaring table's row security as built, with the spec's roles; None where the spec is silent."""
    wanted = {(t.schema, t.table): declared(t) for t in spec.tables if t.manages_row_security()}

    def fix(table: Table) -> Table:
        want = wanted.get((table.schema, table.name))
        if want is None:
            return replace(table, row_security=None) if table.row_security is not None else table
        built = table.row_security or RowSecurity()
        roles = {p.name: p.roles for p in want.policies}
        pols = tuple(replace(p, roles=roles.get(p.name, p.roles)) for p in built.policies)
        return replace(table, row_security=replace(built, policies=pols))

    return replace(catalog, tables=tuple(fix(t) for t in catalog.tables))
