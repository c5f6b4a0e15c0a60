"""`\\d TABLE` as psql 15 prints it, from catalog queries: the runbook's constraint-verification text.

`describe_table` renders an ordinary table (title, columns, then the Indexes / Check constraints /
Foreign-key constraints / Referenced by / Publications / Triggers footers); a table carrying
something it does not render (policies, rules, statistics objects, inheritance or partitioning,
a typed table, a non-default tablespace) is refused with a ReconcileError rather than described
incompletely. `index_check` prints the runbook's `SELECT indexname FROM pg_indexes ...` result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from reconcile.connect.failures import ConnectionLost, is_lost
from reconcile.describe.aligned import render_table, rows_footer
from reconcile.errors import ReconcileError

if TYPE_CHECKING:
    import psycopg

MIN_SERVER_VERSION = 130000  # pg_trigger.tgparentid
COLUMN_HEADERS = ("Column", "Type", "Collation", "Nullable", "Default")
RELKIND_NAMES = {
    "i": "an index",
    "S": "a sequence",
    "v": "a view",
    "m": "a materialized view",
    "c": "a composite type",
    "t": "a TOAST table",
    "f": "a foreign table",
    "p": "a partitioned table",
    "I": "a partitioned index",
}
TRIGGER_CATEGORIES = (
    ("Triggers:", lambda enabled, internal: enabled in "Ot"),
    ("Disabled user triggers:", lambda enabled, internal: enabled in "Df" and not internal),
    ("Disabled internal triggers:", lambda enabled, internal: enabled in "Df" and internal),
    ("Triggers firing always:", lambda enabled, internal: enabled == "A"),
    ("Triggers firing on replica only:", lambda enabled, internal: enabled == "R"),
)


@cache
def _sql(kind: str) -> str:
    return resources.files(__package__).joinpath("sql", f"{kind}.sql").read_text()


def _rows(conn: psycopg.Connection, kind: str, **params: Any) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(_sql(kind), params)  # SQL text from the package's describe_sql/ files
        return cur.fetchall()


def _rows_each(conn: psycopg.Connection, kinds: Sequence[str], **params: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Several reads in one pipeline: one round trip, still one statement per extended-protocol message."""
    from reconcile.connect.failures import quiet_pipeline_exit

    with quiet_pipeline_exit(), conn.pipeline():
        cursors = [(kind, conn.cursor()) for kind in kinds]
        for kind, cur in cursors:
            cur.execute(_sql(kind), params)  # SQL text from the package's describe_sql/ files
        return {kind: cur.fetchall() for kind, cur in cursors}


def parse_name(name: str) -> tuple[str | None, str]:
    """Split a psql-style name into (schema or None, relation): unquoted parts fold to lower
    case, double quotes keep case and dots (`""` is a quote inside them)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == '"':
            if quoted and name[i + 1 : i + 2] == '"':
                current.append('"')
                i += 1
            else:
                quoted = not quoted
        elif quoted:
            current.append(ch)
        elif ch == ".":
            parts.append("".join(current))
            current = []
        elif ch in "*?":
            raise ReconcileError(f"describe takes one table name, not a pattern: {name}")
        else:
            current.append(ch.lower() if ch.isascii() else ch)
        i += 1
    parts.append("".join(current))
    if quoted or len(parts) > 2 or not all(parts):
        raise ReconcileError(f"improper table name: {name}")
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def resolve_table(conn: psycopg.Connection, name: str) -> tuple[int, str, str]:
    """(oid, schema, table) of the relation `name` denotes, resolved like psql's `\\d name`."""
    schema, relname = parse_name(name)
    found = _rows(conn, "resolve", name=relname, schema=schema)
    if not found:
        raise ReconcileError(f'table "{name}" not found')
    oid, nspname, found_name = found[0]
    return int(oid), nspname, found_name


def describe_table(conn: psycopg.Connection, name: str) -> str:
    """The exact text `psql -c '\\d NAME'` (psql 15, default settings) prints for a table."""
    if is_lost(conn):  # a dead connection reports server_version 0: not an old server
        raise ConnectionLost("lost the database connection before describing the table")
    version = conn.info.server_version
    if version < MIN_SERVER_VERSION:
        raise ReconcileError(f"describe needs PostgreSQL 13 or later (the server is {version // 10000})")
    oid, schema, relname = resolve_table(conn, name)
    (info,) = _rows(conn, "table", oid=oid)
    (relkind, persistence, relchecks, *_rest) = info
    qualified = f"{schema}.{relname}"
    if relkind != "r":
        what = RELKIND_NAMES.get(relkind, f"a relation of kind {relkind!r}")
        raise ReconcileError(f'"{qualified}" is {what}; describe renders ordinary tables only')
    _refuse_unrendered(qualified, info)

    title = f'{"Unlogged table" if persistence == "u" else "Table"} "{qualified}"'
    publications = "publications" if version >= 150000 else "publications_pre15"
    kinds = ["columns", "indexes", *(["checks"] if relchecks else []), "foreign_keys", "referenced_by", publications]
    read = _rows_each(conn, [*kinds, "triggers"], oid=oid)
    rows = [_column_cells(row) for row in read["columns"]]
    footers: list[str] = []
    footers += _index_footers(qualified, read["indexes"])
    if relchecks:
        footers += _section("Check constraints:", (f'    "{n}" {d}' for n, d in read["checks"]))
    footers += _section("Foreign-key constraints:", (f'    "{n}" {d}' for n, d in read["foreign_keys"]))
    footers += _section(
        "Referenced by:", (f'    TABLE "{t}" CONSTRAINT "{n}" {d}' for n, t, d in read["referenced_by"])
    )
    footers += _section("Publications:", (_publication_line(*row) for row in read[publications]))
    footers += _trigger_footers(read["triggers"])
    return render_table(COLUMN_HEADERS, rows, title=title, footers=footers)


def index_check(conn: psycopg.Connection, table: str, index_names: Sequence[str]) -> str:
    """What psql prints for the runbook's step-4 query, once per index name:
    `SELECT indexname FROM pg_indexes WHERE tablename = '<table>' AND indexname = '<index>';`
    (`table` is taken literally, as the runbook's query does)."""
    out = []
    for index in index_names:
        rows = _rows(conn, "index_check", table=table, index=index)
        out.append(render_table(("indexname",), [(r[0],) for r in rows], footers=[rows_footer(len(rows))]))
    return "".join(out)


def _refuse_unrendered(qualified: str, info: tuple[Any, ...]) -> None:
    (_, _, _, _, hasrules, _, rowsec, forcerowsec, ispartition, tablespace, oftype, *flags) = info
    has_policies, has_statistics, has_inheritance = flags
    reasons = [
        (bool(rowsec or forcerowsec or has_policies), "row security policies"),
        (bool(hasrules), "rules"),
        (bool(has_statistics), "extended statistics objects"),
        (bool(ispartition or has_inheritance), "inheritance or partitions"),
        (bool(oftype), "a row type (typed table)"),
        (bool(tablespace), "a non-default tablespace"),
    ]
    for present, what in reasons:
        if present:
            raise ReconcileError(f'cannot describe "{qualified}" as psql does: it has {what}, not rendered')


def _column_cells(row: tuple[Any, ...]) -> tuple[str, str, str, str, str]:
    attname, type_, collation, notnull, default, identity, generated = row
    if identity == "a":
        default_text = "generated always as identity"
    elif identity == "d":
        default_text = "generated by default as identity"
    elif generated == "s":
        default_text = f"generated always as ({default}) stored"
    else:
        default_text = default or ""  # psql 15 shows PG 18's virtual columns as a plain default
    return attname, type_, collation or "", "not null" if notnull else "", default_text


def _index_footers(qualified: str, rows: list[tuple[Any, ...]]) -> list[str]:
    lines = []
    for row in rows:
        (name, primary, unique, clustered, valid, indexdef, condef, contype, deferrable, deferred) = row[:10]
        replident, tablespace = row[10:]
        if tablespace:
            raise ReconcileError(
                f'cannot describe "{qualified}" as psql does: index "{name}" has a non-default tablespace'
            )
        line = f'    "{name}"'
        if contype == "x":
            line += f" {condef}"
        else:
            if primary:
                line += " PRIMARY KEY,"
            elif unique:
                line += " UNIQUE CONSTRAINT," if contype == "u" else " UNIQUE,"
            # psql echoes what follows the first " USING " of the definition
            using = indexdef.find(" USING ")
            line += " " + (indexdef[using + 7 :] if using >= 0 else indexdef)
            if deferrable:
                line += " DEFERRABLE"
            if deferred:
                line += " INITIALLY DEFERRED"
        if clustered:
            line += " CLUSTER"
        if not valid:
            line += " INVALID"
        if replident:
            line += " REPLICA IDENTITY"
        lines.append(line)
    return _section("Indexes:", lines)


def _publication_line(name: str, qual: str | None, columns: str | None) -> str:
    line = f'    "{name}"'
    if columns is not None:
        line += f" ({columns})"
    if qual is not None:
        line += f" WHERE {qual}"
    return line


def _trigger_footers(rows: list[tuple[Any, ...]]) -> list[str]:
    footers: list[str] = []
    for heading, belongs in TRIGGER_CATEGORIES:
        lines = []
        for _name, tgdef, enabled, internal, parent in rows:
            if not belongs(enabled, internal):
                continue
            # psql echoes what follows the first " TRIGGER " of the definition
            at = tgdef.find(" TRIGGER ")
            line = "    " + (tgdef[at + 9 :] if at >= 0 else tgdef)
            if parent is not None:
                line += f", ON TABLE {parent}"
            lines.append(line)
        footers += _section(heading, lines)
    return footers


def _section(heading: str, lines: Iterable[str]) -> list[str]:
    body = list(lines)
    return [heading, *body] if body else []
