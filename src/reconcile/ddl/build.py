"""Change -> Steps: SQL composed with psycopg.sql, online where the table already exists."""

from __future__ import annotations

import re

from psycopg import sql

from reconcile.catalog.model import Column, Constraint, Index, Table
from reconcile.catalog.sqltext import SERIAL_TYPES, ident_list, qualified, sql_type
from reconcile.diff.build import Change, temp_index_name
from reconcile.errors import ReconcileError
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step

AE = Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK)


def text(stmt: sql.Composable) -> str:
    return stmt.as_string()


def t_key(schema: str, table: str) -> str:
    return f"t:{schema}.{table}"


def c_key(schema: str, table: str, column: str) -> str:
    return f"c:{schema}.{table}.{column}"


def i_key(schema: str, name: str) -> str:
    return f"i:{schema}.{name}"


def k_key(schema: str, table: str, name: str) -> str:
    return f"k:{schema}.{table}.{name}"


def unique_key(schema: str, table: str, columns: tuple[str, ...]) -> str:
    return f"u:{schema}.{table}({','.join(columns)})"


def steps_for(change: Change) -> list[Step]:
    """The ordered steps of one change (the graph adds edges between changes)."""
    return label(change, _BUILDERS[(change.action, change.kind)](change))


def label(change: Change, steps: list[Step]) -> list[Step]:
    """Give a change's steps their stable ids, change label, table and table dependency."""
    label = f"{change.marker} {change.kind} {change.address}"
    table = f"{change.schema}.{change.table}"
    out = []
    for n, step in enumerate(steps):
        base = {f: getattr(step, f) for f in step.__dataclass_fields__}
        base.update(id=f"{change.action}:{change.kind}:{change.address}#{n}", change=label, table=table)
        base["requires"] = (
            (*step.requires, t_key(change.schema, change.table)) if change.kind != "table" else step.requires
        )
        out.append(Step(**base))
    return out


# ---- tables and columns ------------------------------------------------------------------------


def column_sql(col: Column) -> sql.Composed:
    parts: list[sql.Composable] = [sql.Identifier(col.name), sql_type(col.type)]
    if col.default is not None:
        parts += [sql.SQL("DEFAULT"), sql.SQL(col.default)]
    if col.identity:
        parts.append(sql.SQL(f"GENERATED {col.identity.upper()} AS IDENTITY"))
    if col.not_null:
        parts.append(sql.SQL("NOT NULL"))
    return sql.SQL(" ").join(parts)


def _create_table(ch: Change) -> list[Step]:
    table = ch.after
    assert isinstance(table, Table)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("CREATE TABLE {} ({})").format(name, sql.SQL(", ").join(column_sql(c) for c in table.columns))
    return [
        Step(
            "",
            "",
            f"create table {ch.address}",
            text(stmt),
            inverse=text(sql.SQL("DROP TABLE {}").format(name)),
            provides=(
                t_key(ch.schema, ch.table),
                *(c_key(ch.schema, ch.table, c.name) for c in table.columns),
            ),
        )
    ]


def _add_column(ch: Change) -> list[Step]:
    col = ch.after
    assert isinstance(col, Column)
    name = qualified(ch.schema, ch.table)
    hazards = [AE]
    if col.type in SERIAL_TYPES or col.identity:
        hazards.append(Hazard(HazardCode.REWRITES_TABLE, "fills every existing row from a sequence"))
    if col.not_null and col.default is None and not col.identity and col.type not in SERIAL_TYPES:
        hazards.append(Hazard(HazardCode.NOT_NULL_MAY_FAIL, "NOT NULL without a default fails if the table has rows"))
    stmt = sql.SQL("ALTER TABLE {} ADD COLUMN {}").format(name, column_sql(col))
    return [
        Step(
            "",
            "",
            f"add column {ch.address} {col.type}",
            text(stmt),
            lock=True,
            hazards=tuple(hazards),
            inverse=text(sql.SQL("ALTER TABLE {} DROP COLUMN {}").format(name, sql.Identifier(col.name))),
            provides=(c_key(ch.schema, ch.table, col.name),),
        )
    ]


def _drop_column(ch: Change) -> list[Step]:
    col = ch.before
    assert isinstance(col, Column)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} DROP COLUMN {}").format(name, sql.Identifier(col.name))
    return [
        Step(
            "",
            "",
            f"drop column {ch.address}",
            text(stmt),
            lock=True,
            drop_kind="column",
            hazards=(Hazard(HazardCode.DELETES_DATA, f"column {col.name} and its values"), AE),
            inverse=text(sql.SQL("ALTER TABLE {} ADD COLUMN {}").format(name, column_sql(col))),
            removes=(c_key(ch.schema, ch.table, col.name),),
        )
    ]


_VARCHAR = re.compile(r"character varying(?:\((\d+)\))?$")
_NUMERIC = re.compile(r"numeric(?:\((\d+),(\d+)\))?$")


def rewrites(old: str, new: str) -> bool:
    """Whether ALTER COLUMN TYPE rewrites the table (PostgreSQL skips it for binary-compatible widening)."""
    v_old, v_new = _VARCHAR.match(old), _VARCHAR.match(new)
    if v_old and (new == "text" or v_new):
        if v_new is None or v_new.group(1) is None:
            return False
        return v_old.group(1) is None or int(v_new.group(1)) < int(v_old.group(1))
    n_old, n_new = _NUMERIC.match(old), _NUMERIC.match(new)
    if n_old and n_new:
        if n_new.group(1) is None:
            return False
        if n_old.group(1) is None:
            return True
        return not (n_new.group(2) == n_old.group(2) and int(n_new.group(1)) >= int(n_old.group(1)))
    return True


def _alter_column(ch: Change) -> list[Step]:
    old, new = ch.before, ch.after
    assert isinstance(old, Column) and isinstance(new, Column)
    name = qualified(ch.schema, ch.table)
    col = sql.Identifier(new.name)
    key = c_key(ch.schema, ch.table, new.name)
    if old.identity != new.identity or (old.type in SERIAL_TYPES) != (new.type in SERIAL_TYPES):
        raise ReconcileError(
            f"changing serial/identity of column {ch.address} is not supported; migrate it by hand or add a new column"
        )
    steps: list[Step] = []
    alter = sql.SQL("ALTER TABLE {} ALTER COLUMN {} ").format(name, col)
    if old.type != new.type:
        stmt = alter + sql.SQL("TYPE {} USING {}::{}").format(sql_type(new.type), col, sql_type(new.type))
        steps.append(
            Step(
                "",
                "",
                f"change type of {ch.address}: {old.type} -> {new.type}",
                text(stmt),
                lock=True,
                hazards=(Hazard(HazardCode.REWRITES_TABLE, f"{old.type} -> {new.type}"), AE)
                if rewrites(old.type, new.type)
                else (AE,),
                inverse=text(alter + sql.SQL("TYPE {}").format(sql_type(old.type))),
                requires=(key,),
            )
        )
    if old.default != new.default:
        stmt = alter + (
            sql.SQL("SET DEFAULT {}").format(sql.SQL(new.default))
            if new.default is not None
            else sql.SQL("DROP DEFAULT")
        )
        undo = alter + (
            sql.SQL("SET DEFAULT {}").format(sql.SQL(old.default))
            if old.default is not None
            else sql.SQL("DROP DEFAULT")
        )
        steps.append(
            Step(
                "",
                "",
                f"set default of {ch.address}",
                text(stmt),
                lock=True,
                hazards=(AE,),
                inverse=text(undo),
                requires=(key,),
            )
        )
    if old.not_null != new.not_null:
        steps += (
            _set_not_null(ch, name, col)
            if new.not_null
            else [
                Step(
                    "",
                    "",
                    f"drop NOT NULL on {ch.address}",
                    text(alter + sql.SQL("DROP NOT NULL")),
                    lock=True,
                    hazards=(AE,),
                    inverse=text(alter + sql.SQL("SET NOT NULL")),
                    requires=(key,),
                )
            ]
        )
    return steps


def _set_not_null(ch: Change, name: sql.Identifier, col: sql.Identifier) -> list[Step]:
    """CHECK NOT VALID, VALIDATE (no exclusive lock), then SET NOT NULL uses the proven check."""
    check = sql.Identifier(f"{ch.name[:40]}_reconcile_not_null")
    key = c_key(ch.schema, ch.table, ch.name)
    return [
        Step(
            "",
            "",
            f"add NOT VALID null check on {ch.address}",
            text(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID").format(name, check, col)),
            lock=True,
            hazards=(AE,),
            requires=(key,),
        ),
        Step(
            "",
            "",
            f"validate null check on {ch.address}",
            text(sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(name, check)),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
        ),
        Step(
            "",
            "",
            f"set NOT NULL on {ch.address}",
            text(sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL, DROP CONSTRAINT {}").format(name, col, check)),
            lock=True,
            hazards=(AE,),
            inverse=text(sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(name, col)),
        ),
    ]


# ---- indexes -----------------------------------------------------------------------------------


def index_sql(idx: Index, name: str, *, concurrently: bool) -> sql.Composed:
    keys = []
    for k in idx.keys:
        part: list[sql.Composable] = [
            sql.Identifier(k.column) if k.column else sql.SQL("({})").format(sql.SQL(k.expression or ""))
        ]
        if k.opclass:
            part.append(sql.Identifier(k.opclass))
        if k.descending:
            part.append(sql.SQL("DESC"))
        if k.nulls_first != k.descending:  # only when not the default for the direction
            part.append(sql.SQL("NULLS FIRST" if k.nulls_first else "NULLS LAST"))
        keys.append(sql.SQL(" ").join(part))
    stmt = sql.SQL("CREATE {}INDEX {}{} ON {} USING {} ({})").format(
        sql.SQL("UNIQUE " if idx.unique else ""),
        sql.SQL("CONCURRENTLY " if concurrently else ""),
        sql.Identifier(name),
        qualified(idx.schema, idx.table),
        sql.Identifier(idx.method),
        sql.SQL(", ").join(keys),
    )
    if idx.include:
        stmt += sql.SQL(" INCLUDE ({})").format(ident_list(idx.include))
    if idx.nulls_not_distinct:
        stmt += sql.SQL(" NULLS NOT DISTINCT")
    if idx.where:
        stmt += sql.SQL(" WHERE ({})").format(sql.SQL(idx.where))
    return stmt


def _uses(idx: Index) -> tuple[str, ...]:
    cols = set(idx.uses) | {k.column for k in idx.keys if k.column} | set(idx.include)
    return tuple(c_key(idx.schema, idx.table, c) for c in sorted(cols))


def _build(idx: Index, name: str, *, online: bool) -> Step:
    hazards = [Hazard(HazardCode.INDEX_BUILD)] if online else []
    what = "unique index" if idx.unique else "index"
    return Step(
        "",
        "",
        f"build {what} {idx.schema}.{name}" + (" concurrently" if online else ""),
        text(index_sql(idx, name, concurrently=online)),
        transactional=not online,
        hazards=tuple(hazards),
        inverse=text(_drop_index_sql(idx.schema, name, online)),
        requires=_uses(idx),
        provides=(i_key(idx.schema, name),),
    )


def _drop_index_sql(schema: str, name: str, online: bool) -> sql.Composed:
    return sql.SQL("DROP INDEX {}IF EXISTS {}").format(
        sql.SQL("CONCURRENTLY " if online else ""), qualified(schema, name)
    )


def _drop(idx: Index, name: str, *, inverse: bool = True) -> Step:
    return Step(
        "",
        "",
        f"drop index {idx.schema}.{name} concurrently",
        text(_drop_index_sql(idx.schema, name, True)),
        transactional=False,
        inverse=text(index_sql(idx, name, concurrently=True)) if inverse else None,
        releases=_uses(idx),
        removes=(i_key(idx.schema, name),),
    )


def _add_index(ch: Change) -> list[Step]:
    assert isinstance(ch.after, Index)
    return [_build(ch.after, ch.name, online=not ch.new_table)]


def _drop_index(ch: Change) -> list[Step]:
    assert isinstance(ch.before, Index)
    step = _drop(ch.before, ch.name)
    if ch.leftover:  # reconcile's own half-built replacement: no --allow-drop needed
        return [Step(**{**step.__dict__, "description": f"drop leftover index {ch.schema}.{ch.name} concurrently"})]
    return [
        Step(
            **{
                **step.__dict__,
                "drop_kind": "index",
                "hazards": (Hazard(HazardCode.DROPS_OBJECT, f"index {ch.name}"),),
            }
        )
    ]


def _rebuild_index(ch: Change) -> list[Step]:
    """An INVALID index (failed or killed concurrent build): drop it and build again."""
    assert isinstance(ch.before, Index) and isinstance(ch.after, Index)
    drop = _drop(ch.before, ch.name, inverse=False)
    return [
        Step(**{**drop.__dict__, "description": f"drop INVALID index {ch.schema}.{ch.name} concurrently"}),
        _build(ch.after, ch.name, online=True),
    ]


def _rename_into_place(schema: str, built: str, name: str) -> Step:
    """The last move of every replace: the built index takes the wanted name."""
    stmt = sql.SQL("ALTER INDEX {} RENAME TO {}").format(qualified(schema, built), sql.Identifier(name))
    return Step(
        "",
        "",
        f"rename {schema}.{built} to {name}",
        text(stmt),
        lock=True,
        hazards=(AE,),
        provides=(i_key(schema, name),),
    )


def _replace_index(ch: Change) -> list[Step]:
    """Build the new definition under a temporary name, drop the old, rename: never without an index."""
    old, new = ch.before, ch.after
    assert isinstance(old, Index) and isinstance(new, Index)
    tmp = temp_index_name(ch.name)
    build = _build(new, tmp, online=True)
    return [
        Step(**{**build.__dict__, "provides": (i_key(ch.schema, tmp),)}),
        _drop(old, ch.name),
        _rename_into_place(ch.schema, tmp, ch.name),
    ]


def _rename_index(ch: Change) -> list[Step]:
    """Finish a replace that was interrupted after its old index was dropped."""
    assert isinstance(ch.before, Index)
    return [_rename_into_place(ch.schema, ch.before.name, ch.name)]


def _swap_index(ch: Change) -> list[Step]:
    """A replacement was built before an interruption: drop the old index and rename the new one."""
    assert isinstance(ch.before, Index) and isinstance(ch.after, Index)
    return [_drop(ch.before, ch.name), _rename_into_place(ch.schema, ch.after.name, ch.name)]


# ---- constraints -------------------------------------------------------------------------------


def constraint_body(con: Constraint) -> sql.Composable:
    if con.type == "p":
        return sql.SQL("PRIMARY KEY ({})").format(ident_list(con.columns))
    if con.type == "u":
        nnd = " NULLS NOT DISTINCT" if con.nulls_not_distinct else ""
        return sql.SQL("UNIQUE{} ({})").format(sql.SQL(nnd), ident_list(con.columns))
    if con.type == "c":
        return sql.SQL(con.expression or "")
    assert con.references is not None
    ref = con.references
    body = sql.SQL("FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}").format(
        ident_list(con.columns),
        qualified(ref.schema, ref.table),
        ident_list(ref.columns),
        sql.SQL(con.on_delete.upper()),
        sql.SQL(con.on_update.upper()),
    )
    if con.deferrable:
        body += sql.SQL(" DEFERRABLE INITIALLY DEFERRED" if con.initially_deferred else " DEFERRABLE")
    return body


def _con_keys(con: Constraint) -> dict[str, tuple[str, ...]]:
    requires = tuple(c_key(con.schema, con.table, c) for c in con.columns)
    provides: tuple[str, ...] = (k_key(con.schema, con.table, con.name),)
    if con.type in "pu":
        provides += (unique_key(con.schema, con.table, con.columns),)
    if con.references is not None:
        ref = con.references
        requires += (t_key(ref.schema, ref.table), unique_key(ref.schema, ref.table, ref.columns))
    return {"requires": requires, "provides": provides}


def _add_constraint(ch: Change) -> list[Step]:
    con = ch.after
    assert isinstance(con, Constraint)
    name = qualified(ch.schema, ch.table)
    ident = sql.Identifier(con.name)
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(name, ident)
    drop = text(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, ident))
    keys = _con_keys(con)
    what = {"p": "primary key", "u": "unique constraint", "c": "check", "f": "foreign key"}[con.type]
    if ch.new_table:
        return [
            Step(
                "",
                "",
                f"add {what} {ch.address}",
                text(add + constraint_body(con)),
                inverse=drop,
                requires=keys["requires"],
                provides=keys["provides"],
            )
        ]
    if con.type in "pu":  # build the unique index online, then attach it
        idx = Index(ch.schema, ch.table, con.name, tuple(), unique=True, nulls_not_distinct=con.nulls_not_distinct)
        build = sql.SQL("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({}){}").format(
            ident,
            name,
            ident_list(con.columns),
            sql.SQL(" NULLS NOT DISTINCT" if con.nulls_not_distinct else ""),
        )
        attach = add + sql.SQL("{} USING INDEX {}").format(
            sql.SQL("PRIMARY KEY" if con.type == "p" else "UNIQUE"), ident
        )
        return [
            Step(
                "",
                "",
                f"build unique index for {ch.address} concurrently",
                text(build),
                transactional=False,
                hazards=(Hazard(HazardCode.INDEX_BUILD),),
                requires=keys["requires"],
                inverse=text(_drop_index_sql(idx.schema, con.name, True)),
            ),
            Step(
                "",
                "",
                f"attach {what} {ch.address}",
                text(attach),
                lock=True,
                hazards=(AE,),
                inverse=drop,
                requires=keys["requires"],
                provides=keys["provides"],
            ),
        ]
    # CHECK / FOREIGN KEY: add NOT VALID under a brief lock, validate without blocking writes
    validate = sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(name, ident)
    return [
        Step(
            "",
            "",
            f"add {what} {ch.address} NOT VALID",
            text(add + constraint_body(con) + sql.SQL(" NOT VALID")),
            lock=True,
            hazards=(AE,),
            inverse=drop,
            requires=keys["requires"],
            provides=keys["provides"],
        ),
        Step(
            "",
            "",
            f"validate {what} {ch.address}",
            text(validate),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
        ),
    ]


def _drop_constraint(ch: Change) -> list[Step]:
    con = ch.before
    assert isinstance(con, Constraint)
    name = qualified(ch.schema, ch.table)
    stmt = sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, sql.Identifier(con.name))
    keys = _con_keys(con)
    return [
        Step(
            "",
            "",
            f"drop constraint {ch.address}",
            text(stmt),
            lock=True,
            drop_kind="constraint",
            hazards=(Hazard(HazardCode.DROPS_OBJECT, f"constraint {con.name}"), AE),
            inverse=text(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(name, sql.Identifier(con.name))
                + constraint_body(con)
            ),
            removes=keys["provides"],
            releases=keys["requires"],
        )
    ]


def _replace_constraint(ch: Change) -> list[Step]:
    assert isinstance(ch.before, Constraint)
    drop = _drop_constraint(Change("drop", "constraint", ch.schema, ch.table, ch.name, before=ch.before))[0]
    drop = Step(**{**drop.__dict__, "drop_kind": None, "hazards": (AE,)})  # the name stays: a change, not a drop
    return [drop, *_add_constraint(Change("add", "constraint", ch.schema, ch.table, ch.name, after=ch.after))]


def _validate_constraint(ch: Change) -> list[Step]:
    stmt = sql.SQL("ALTER TABLE {} VALIDATE CONSTRAINT {}").format(
        qualified(ch.schema, ch.table), sql.Identifier(ch.name)
    )
    return [
        Step(
            "",
            "",
            f"validate {ch.address}",
            text(stmt),
            alone=True,
            hazards=(Hazard(HazardCode.VALIDATE_SCAN),),
        )
    ]


_BUILDERS = {
    ("create", "table"): _create_table,
    ("add", "column"): _add_column,
    ("drop", "column"): _drop_column,
    ("alter", "column"): _alter_column,
    ("add", "index"): _add_index,
    ("drop", "index"): _drop_index,
    ("rebuild", "index"): _rebuild_index,
    ("replace", "index"): _replace_index,
    ("rename", "index"): _rename_index,
    ("swap", "index"): _swap_index,
    ("add", "constraint"): _add_constraint,
    ("drop", "constraint"): _drop_constraint,
    ("replace", "constraint"): _replace_constraint,
    ("validate", "constraint"): _validate_constraint,
}
