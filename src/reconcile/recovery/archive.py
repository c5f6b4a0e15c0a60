"""Archive a column's values before it is dropped, and restore them when it comes back.

Online and complete: a trigger captures writes from the moment the archive exists, a bulk copy
outside any exclusive lock fills in the rest (ON CONFLICT DO NOTHING keeps the trigger's newer
values), and the drop's own transaction removes the trigger under the ACCESS EXCLUSIVE lock it
takes anyway, so every value present at the moment of the drop is archived and the lock is held
for a time that does not grow with the table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from reconcile.catalog.model import Column, Table
from reconcile.catalog.sqltext import ident_list, qualified, sql_type
from reconcile.ddl.steps import step
from reconcile.plan.hazards import Hazard, HazardCode
from reconcile.plan.model import Step, StepKind

SCHEMA = "reconcile_archive"
PLAIN = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
         "smallserial": "smallint", "serial2": "smallint"}  # fmt: skip


def archive_name(table: str, run: str) -> str:
    name = f"{table}__{run}"
    if len(name.encode()) <= 63:
        return name
    return f"{table.encode()[:40].decode('utf-8', 'ignore')}__{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def _plain(col: Column) -> str:
    return PLAIN.get(col.type, col.type)


def archive_steps(
    schema: str, table: Table, pk: tuple[str, ...], dropped: list[Column], run: str, counts: dict[str, int]
) -> list[Step]:
    """[set up archive + capture trigger, bulk copy, drop every column in one ALTER TABLE].

    One archive table per table and column set: one scan copies all the values, one brief
    ACCESS EXCLUSIVE lock drops all the columns and the trigger together.
    """
    name = archive_name(table.name, run)
    target = qualified(SCHEMA, name)
    func = qualified(SCHEMA, f"{name[:55]}_capture")
    trigger = sql.Identifier(f"{name[:55]}_capture")
    source = qualified(schema, table.name)
    keys = ident_list(pk)
    cols = ident_list([c.name for c in dropped])
    pk_cols = [c for c in table.columns if c.name in pk]
    definitions = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql_type(_plain(c))) for c in (*pk_cols, *dropped)
    )
    new_values = sql.SQL(", ").join(
        sql.SQL("NEW.{}").format(sql.Identifier(c)) for c in (*pk, *(d.name for d in dropped))
    )
    updates = sql.SQL(", ").join(sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(d.name)) for d in dropped)
    tag = "$reconcile_" + hashlib.sha256(run.encode()).hexdigest()[:10] + "$"
    body = sql.SQL(
        "BEGIN INSERT INTO {t} ({k}, {c}) VALUES ({v}) ON CONFLICT ({k}) DO UPDATE SET {u}; RETURN NULL; END"
    ).format(t=target, k=keys, c=cols, v=new_values, u=updates)
    meta = json.dumps(
        {
            "schema": schema,
            "table": table.name,
            "columns": [d.name for d in dropped],
            "types": [d.type for d in dropped],
            "key": list(pk),
            "run": run,
        }
    )
    setup = [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)),
        sql.SQL("CREATE TABLE IF NOT EXISTS {t} ({defs}, PRIMARY KEY ({k}))").format(
            t=target, defs=definitions, k=keys
        ),
        sql.SQL("COMMENT ON TABLE {} IS {}").format(target, sql.Literal(meta)),
        sql.SQL("CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS {tag}{body}{tag}").format(
            f=func, tag=sql.SQL(tag), body=body
        ),
        sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, source),
        sql.SQL("CREATE TRIGGER {trg} AFTER INSERT OR UPDATE ON {src} FOR EACH ROW EXECUTE FUNCTION {f}()").format(
            trg=trigger, src=source, f=func
        ),
    ]
    any_value = sql.SQL(" OR ").join(sql.SQL("{} IS NOT NULL").format(sql.Identifier(d.name)) for d in dropped)
    copy = sql.SQL(
        "INSERT INTO {t} ({k}, {c}) SELECT {k}, {c} FROM {src} WHERE {any} ON CONFLICT ({k}) DO NOTHING"
    ).format(t=target, k=keys, c=cols, src=source, any=any_value)
    batches = _batched(schema, table, name, pk, dropped, (target, source, any_value))
    drops = sql.SQL(", ").join(sql.SQL("DROP COLUMN {}").format(sql.Identifier(d.name)) for d in dropped)
    finish = [_drop_captures(source, tag), sql.SQL("ALTER TABLE {} {}").format(source, drops)]
    adds = sql.SQL(", ").join(
        sql.SQL("ADD COLUMN {} {}").format(sql.Identifier(d.name), sql_type(d.type)) for d in dropped
    )
    setup_text, setup_parts = statements(setup)
    finish_text, finish_parts = statements(finish)
    names = ", ".join(d.name for d in dropped)
    values = ", ".join(f"{d.name}: {counts.get(d.name, '?')}" for d in dropped)
    return [
        step(
            StepKind.ARCHIVE,
            f"archive {schema}.{table.name} ({names}): capture writes into {SCHEMA}.{name}",
            setup_text,
            **setup_parts,
            priority=-2,
            # the key only: a dropped column is live already, and one added back under its name (a new
            # generation expression) provides that name after the drop
            requires=tuple(f"c:{schema}.{table.name}.{c}" for c in pk),
            hazards=(Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK, "brief, to add a trigger"),),
        ),
        step(
            StepKind.COPY,
            f"archive {schema}.{table.name} ({names}): copy existing values",
            copy.as_string(),
            alone=True,
            priority=-1,
            batches=batches,
        ),
        step(
            StepKind.DROP,
            f"drop columns {names} of {schema}.{table.name} (values archived in {SCHEMA}.{name})",
            finish_text,
            **finish_parts,
            hazards=(
                Hazard(HazardCode.DELETES_DATA, f"non-null values, archived first: {values}"),
                Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK),
            ),
            inverse=sql.SQL("ALTER TABLE {} {}").format(source, adds).as_string(),
            removes=tuple(f"c:{schema}.{table.name}.{d.name}" for d in dropped),
        ),
    ]


def _batched(
    schema: str,
    table: Table,
    name: str,
    pk: tuple[str, ...],
    dropped: list[Column],
    parts: tuple[sql.Composable, sql.Composable, sql.Composable],
) -> tuple[str, ...]:
    """copy_batches, or () (the one statement) when a name holds a `%`: it would read as a placeholder."""
    in_key_order = [next(c for c in table.columns if c.name == k) for k in pk]
    names = (schema, table.name, name, *pk, *(d.name for d in dropped), *(_plain(c) for c in in_key_order))
    if any("%" in n for n in names):
        return ()
    target, source, any_value = parts
    return copy_batches(target, source, in_key_order, dropped, any_value)


BATCH_ROWS = 20_000  # per statement: short enough for progress every few hundred ms, long enough to stay cheap


def copy_batches(
    target: sql.Composable,
    source: sql.Composable,
    pk_cols: list[Column],
    dropped: list[Column],
    any_value: sql.Composable,
) -> tuple[str, str]:
    """The copy as keyset batches: (first, next after the key passed as text parameters).

    The same rows end up archived as with the one statement: the capture trigger has recorded every
    write since the setup committed, and each batch (a snapshot taken after it) reads, in primary key
    order, every row that existed then and still has its key; ON CONFLICT DO NOTHING keeps the
    trigger's newer values. Each returns (rows read, rows copied, the batch's last key as text);
    no row once the table is read to its end.
    """
    keys = ident_list([c.name for c in pk_cols])
    cols = ident_list([d.name for d in dropped])
    desc = sql.SQL(", ").join(sql.SQL("{} DESC").format(sql.Identifier(c.name)) for c in pk_cols)
    last = sql.SQL(", ").join(
        sql.SQL("CAST(last.{} AS pg_catalog.text)").format(sql.Identifier(c.name)) for c in pk_cols
    )
    after = sql.SQL(", ").join(
        sql.SQL("CAST({} AS {})").format(sql.Placeholder(), sql_type(_plain(c))) for c in pk_cols
    )
    template = (
        "WITH batch AS (SELECT {k}, {c} FROM {src}{where} ORDER BY {k} LIMIT {n}), "
        "copied AS (INSERT INTO {t} ({k}, {c}) SELECT {k}, {c} FROM batch WHERE {any} "
        "ON CONFLICT ({k}) DO NOTHING RETURNING 1) "
        "SELECT (SELECT pg_catalog.count(*) FROM batch), (SELECT pg_catalog.count(*) FROM copied), {last} "
        "FROM (SELECT {k} FROM batch ORDER BY {desc} LIMIT 1) AS last"
    )
    parts = {"k": keys, "c": cols, "src": source, "t": target, "any": any_value, "n": sql.Literal(BATCH_ROWS),
             "desc": desc, "last": last}  # fmt: skip
    first = sql.SQL(template).format(where=sql.SQL(""), **parts)
    rest = sql.SQL(template).format(where=sql.SQL(" WHERE ({}) > ({})").format(keys, after), **parts)
    return first.as_string(), rest.as_string()


def _drop_captures(source: sql.Composable, tag: str) -> sql.Composed:
    """Drop every capture trigger on `source`, this run's and any an interrupted run left behind:
    once the columns are gone such a trigger would fail every INSERT ("record new has no field")."""
    do_tag = tag[:-1] + "_captures$"
    body = sql.SQL(
        "DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::pg_catalog.regprocedure AS fn "
        "FROM pg_catalog.pg_trigger t "
        "JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
        "WHERE t.tgrelid = {src}::pg_catalog.regclass AND NOT t.tgisinternal AND n.nspname = {s} LOOP "
        "EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, {src}::pg_catalog.regclass); "
        "EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END"
    ).format(src=sql.Literal(source.as_string()), s=sql.Literal(SCHEMA))
    return sql.SQL("DO {tag}{body}{tag}").format(tag=sql.SQL(do_tag), body=body)


def statements(parts: Sequence[sql.Composable]) -> tuple[str, dict[str, Any]]:
    """(display text, step fields): the executor sends each part on its own, in one transaction."""
    texts = tuple(p.as_string() for p in parts)
    return "; ".join(texts), {"statements": texts}


@dataclass(frozen=True)
class Archive:
    name: str
    schema: str
    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    run: str
    rows: int
    values: dict[str, int]  # non-null values per column


LIST_SQL = """
SELECT c.relname, pg_catalog.obj_description(c.oid, 'pg_class')
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind = 'r'
ORDER BY c.relname
"""


def list_archives(conn: psycopg.Connection) -> list[Archive]:
    out = []
    for name, comment in conn.execute(LIST_SQL, [SCHEMA]).fetchall():
        try:
            meta = json.loads(comment or "")
            columns = tuple(meta["columns"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # not one of ours
        counts = sql.SQL(", ").join(
            [sql.SQL("count(*)"), *(sql.SQL("count({})").format(sql.Identifier(c)) for c in columns)]
        )
        row = conn.execute(sql.SQL("SELECT {} FROM {}").format(counts, qualified(SCHEMA, name))).fetchone() or ()
        out.append(
            Archive(
                name,
                meta["schema"],
                meta["table"],
                columns,
                tuple(meta["key"]),
                meta["run"],
                int(row[0]),
                dict(zip(columns, (int(v) for v in row[1:]), strict=True)),
            )
        )
    return out


def drop_archive(conn: psycopg.Connection, name: str) -> bool:
    if not any(a.name == name for a in list_archives(conn)):
        return False
    conn.execute(sql.SQL("DROP TABLE {}").format(qualified(SCHEMA, name)))
    return True


def restore_step(schema: str, table: str, archive: Archive, columns: list[str]) -> Step:
    """Fill re-added columns back from an archive, by primary key, in one pass (no exclusive lock)."""
    match = sql.SQL(" AND ").join(sql.SQL("t.{k} = a.{k}").format(k=sql.Identifier(k)) for k in archive.key)
    sets = sql.SQL(", ").join(sql.SQL("{c} = a.{c}").format(c=sql.Identifier(c)) for c in columns)
    mine = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(c)) for c in columns)
    theirs = sql.SQL(", ").join(sql.SQL("a.{}").format(sql.Identifier(c)) for c in columns)
    stmt = sql.SQL(
        "UPDATE {src} AS t SET {sets} FROM {a} AS a WHERE {m} AND ROW({mine}) IS DISTINCT FROM ROW({theirs})"
    ).format(
        src=qualified(schema, table), sets=sets, a=qualified(SCHEMA, archive.name), m=match, mine=mine, theirs=theirs
    )
    return step(
        StepKind.RESTORE,
        f"restore {', '.join(columns)} of {schema}.{table} from {SCHEMA}.{archive.name}",
        stmt.as_string(),
        alone=True,
        requires=tuple(f"c:{schema}.{table}.{c}" for c in columns),
    )


LEFTOVER_SQL = """
SELECT n.nspname, c.relname, t.tgname, p.proname
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
WHERE fn.nspname = %(archive)s AND NOT t.tgisinternal
  AND (n.nspname, c.relname) IN (SELECT * FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]),
                                              pg_catalog.unnest(%(names)s::pg_catalog.text[])))
ORDER BY 1, 2, 3
"""


@dataclass(frozen=True)
class Leftover:
    """A capture trigger an interrupted column drop left on a managed table."""

    schema: str
    table: str
    trigger: str
    function: str


def leftover_captures(conn: psycopg.Connection, managed: tuple[tuple[str, str], ...]) -> tuple[Leftover, ...]:
    """Capture triggers an interrupted drop left behind: they would archive every write forever."""
    rows = conn.execute(
        LEFTOVER_SQL, {"archive": SCHEMA, "schemas": [s for s, _ in managed], "names": [t for _, t in managed]}
    ).fetchall()
    return tuple(Leftover(*row) for row in rows)


def cleanup_step(left: Leftover) -> Step:
    text, parts = statements(
        [
            sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(
                sql.Identifier(left.trigger), qualified(left.schema, left.table)
            ),
            sql.SQL("DROP FUNCTION IF EXISTS {}()").format(qualified(SCHEMA, left.function)),
        ]
    )
    where = f"{left.schema}.{left.table}"
    return Step(
        f"cleanup:trigger:{where}.{left.trigger}#0",
        f"- trigger {where}.{left.trigger}",
        f"drop leftover capture trigger {left.trigger} on {where}",
        text,
        **parts,
        kind=StepKind.CLEANUP,
        hazards=(Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK),),
        object_kind="trigger",
        table=where,
        priority=-3,
    )
