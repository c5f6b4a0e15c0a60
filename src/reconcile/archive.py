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
from dataclasses import dataclass

import psycopg
from psycopg import sql

from .diff import Change
from .hazards import Hazard, HazardCode
from .model import Column, Table
from .plan import Step
from .sqltext import ident_list, qualified, sql_type

SCHEMA = "reconcile_archive"
PLAIN = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
         "smallserial": "smallint", "serial2": "smallint"}  # fmt: skip


def archive_name(table: str, column: str, run: str) -> str:
    name = f"{table}__{column}__{run}"
    if len(name.encode()) <= 63:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{table[:24]}__{column[:16]}__{digest}"


def _plain(col: Column) -> str:
    return PLAIN.get(col.type, col.type)


def archive_steps(change: Change, table: Table, pk: tuple[str, ...], run: str, drop: Step) -> list[Step]:
    """[set up archive + capture trigger, bulk copy, drop (trigger removed in its transaction)]."""
    col = change.before
    assert isinstance(col, Column)
    name = archive_name(change.table, col.name, run)
    target = qualified(SCHEMA, name)
    func = qualified(SCHEMA, f"{name[:55]}_capture")
    trigger = sql.Identifier(f"{name[:55]}_capture")
    source = qualified(change.schema, change.table)
    keys = ident_list(pk)
    pk_cols = [c for c in table.columns if c.name in pk]
    columns = sql.SQL(", ").join(
        [sql.SQL("{} {}").format(sql.Identifier(c.name), sql_type(_plain(c))) for c in pk_cols]
        + [sql.SQL("{} {}").format(sql.Identifier(col.name), sql_type(_plain(col)))]
    )
    new_values = sql.SQL(", ").join(sql.SQL("NEW.{}").format(sql.Identifier(c)) for c in (*pk, col.name))
    tag = "$reconcile_" + hashlib.sha256(run.encode()).hexdigest()[:10] + "$"
    body = sql.SQL(
        "BEGIN INSERT INTO {t} ({k}, {c}) VALUES ({v}) ON CONFLICT ({k}) DO UPDATE SET {c} = EXCLUDED.{c}; "
        "RETURN NULL; END"
    ).format(t=target, k=keys, c=sql.Identifier(col.name), v=new_values)
    meta = json.dumps(
        {
            "schema": change.schema,
            "table": change.table,
            "column": col.name,
            "type": col.type,
            "key": list(pk),
            "run": run,
        }
    )
    setup = sql.SQL(
        "CREATE SCHEMA IF NOT EXISTS {s}; "
        "CREATE TABLE IF NOT EXISTS {t} ({cols}, PRIMARY KEY ({k})); "
        "COMMENT ON TABLE {t} IS {meta}; "
        "CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS {tag}{body}{tag}; "
        "DROP TRIGGER IF EXISTS {trg} ON {src}; "
        "CREATE TRIGGER {trg} AFTER INSERT OR UPDATE ON {src} FOR EACH ROW EXECUTE FUNCTION {f}()"
    ).format(
        s=sql.Identifier(SCHEMA),
        t=target,
        cols=columns,
        k=keys,
        meta=sql.Literal(meta),
        f=func,
        tag=sql.SQL(tag),
        body=body,
        trg=trigger,
        src=source,
    )
    copy = sql.SQL(
        "INSERT INTO {t} ({k}, {c}) SELECT {k}, {c} FROM {src} WHERE {c} IS NOT NULL ON CONFLICT ({k}) DO NOTHING"
    ).format(t=target, k=keys, c=sql.Identifier(col.name), src=source)
    finish = sql.SQL("DROP TRIGGER IF EXISTS {trg} ON {src}; DROP FUNCTION IF EXISTS {f}(); {orphans}").format(
        trg=trigger, src=source, f=func, orphans=_drop_orphan_captures(source, col.name, tag)
    )
    requires = tuple(f"c:{change.schema}.{change.table}.{c}" for c in (*pk, col.name))
    return [
        Step(
            "",
            "",
            f"archive {change.address}: capture writes into {SCHEMA}.{name}",
            setup.as_string(),
            lock=True,
            priority=-2,
            requires=requires,
            hazards=(Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK, "brief, to add a trigger"),),
        ),
        Step("", "", f"archive {change.address}: copy existing values", copy.as_string(), alone=True, priority=-1),
        Step(
            **{
                **drop.__dict__,
                "sql": finish.as_string() + drop.sql,
                "description": f"{drop.description} (values archived in {SCHEMA}.{name})",
            }
        ),
    ]


def _drop_orphan_captures(source: sql.Composable, column: str, tag: str) -> sql.Composed:
    """Drop every capture trigger on `source` that writes `column`, from any run.

    A run killed between its archive setup and its drop leaves its trigger behind; once the column
    is gone that trigger would make every INSERT/UPDATE of the table fail ("record new has no field").
    """
    marker = sql.SQL("NEW.{}) ON CONFLICT").format(sql.Identifier(column)).as_string()
    do_tag = tag[:-1] + "_orphans$"
    body = sql.SQL(
        "DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::regprocedure AS fn FROM pg_trigger t "
        "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE t.tgrelid = {src}::regclass AND NOT t.tgisinternal AND n.nspname = {s} "
        "AND strpos(p.prosrc, {m}) > 0 LOOP "
        "EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, {src}::regclass); "
        "EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END"
    ).format(src=sql.Literal(source.as_string()), s=sql.Literal(SCHEMA), m=sql.Literal(marker))
    return sql.SQL("DO {tag}{body}{tag}; ").format(tag=sql.SQL(do_tag), body=body)


@dataclass(frozen=True)
class Archive:
    name: str
    schema: str
    table: str
    column: str
    key: tuple[str, ...]
    run: str
    rows: int


LIST_SQL = """
SELECT c.relname, obj_description(c.oid, 'pg_class'), coalesce(s.n_live_tup, 0)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE n.nspname = %s AND c.relkind = 'r'
ORDER BY c.relname
"""


def list_archives(conn: psycopg.Connection) -> list[Archive]:
    out = []
    for name, comment, rows in conn.execute(LIST_SQL, [SCHEMA]).fetchall():
        try:
            meta = json.loads(comment or "")
        except json.JSONDecodeError:
            continue
        count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(qualified(SCHEMA, name))).fetchone()
        out.append(
            Archive(
                name,
                meta["schema"],
                meta["table"],
                meta["column"],
                tuple(meta["key"]),
                meta["run"],
                int(count[0]) if count else int(rows),
            )
        )
    return out


def drop_archive(conn: psycopg.Connection, name: str) -> bool:
    if not any(a.name == name for a in list_archives(conn)):
        return False
    conn.execute(sql.SQL("DROP TABLE {}").format(qualified(SCHEMA, name)))
    return True


def restore_step(change: Change, archive: Archive) -> Step:
    """Fill a re-added column back from its newest archive, by primary key (no exclusive lock)."""
    col = sql.Identifier(change.name)
    match = sql.SQL(" AND ").join(sql.SQL("t.{k} = a.{k}").format(k=sql.Identifier(k)) for k in archive.key)
    stmt = sql.SQL("UPDATE {src} AS t SET {c} = a.{c} FROM {a} AS a WHERE {m} AND t.{c} IS DISTINCT FROM a.{c}").format(
        src=qualified(change.schema, change.table), c=col, a=qualified(SCHEMA, archive.name), m=match
    )
    return Step("", "", f"restore {change.address} from {SCHEMA}.{archive.name}", stmt.as_string(), alone=True)


LEFTOVER_SQL = """
SELECT n.nspname, c.relname, t.tgname, p.proname
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = p.pronamespace
WHERE fn.nspname = %(archive)s AND NOT t.tgisinternal
  AND (n.nspname, c.relname) IN (SELECT * FROM unnest(%(schemas)s::text[], %(names)s::text[]))
ORDER BY 1, 2, 3
"""


def leftover_captures(conn: psycopg.Connection, managed: tuple[tuple[str, str], ...]) -> list[Step]:
    """Capture triggers an interrupted drop left behind: they would archive every write forever."""
    rows = conn.execute(
        LEFTOVER_SQL, {"archive": SCHEMA, "schemas": [s for s, _ in managed], "names": [t for _, t in managed]}
    ).fetchall()
    steps = []
    for schema, table, trigger, function in rows:
        stmt = sql.SQL("DROP TRIGGER IF EXISTS {} ON {}; DROP FUNCTION IF EXISTS {}()").format(
            sql.Identifier(trigger), qualified(schema, table), qualified(SCHEMA, function)
        )
        steps.append(
            Step(
                f"cleanup:trigger:{schema}.{table}.{trigger}#0",
                f"- trigger {schema}.{table}.{trigger}",
                f"drop leftover capture trigger {trigger} on {schema}.{table}",
                stmt.as_string(),
                lock=True,
                hazards=(Hazard(HazardCode.ACCESS_EXCLUSIVE_LOCK),),
                table=f"{schema}.{table}",
                priority=-3,
            )
        )
    return steps
