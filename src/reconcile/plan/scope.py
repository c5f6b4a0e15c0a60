"""The tables of an explicit managed scope (the project file's `include` rules), read from the database."""

from __future__ import annotations

import psycopg

from reconcile.catalog.introspect import table_names
from reconcile.recovery.table_archive import SCHEMA as ARCHIVE_SCHEMA
from reconcile.spec.project import Rules

SCHEMAS_SQL = """
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname NOT LIKE 'pg\\_%%' AND nspname <> 'information_schema' AND nspname <> %s
ORDER BY 1
"""


def scope_tables(conn: psycopg.Connection, rules: Rules) -> set[tuple[str, str]]:
    """(schema, table) of every table the include rules select and no ignore rule leaves out.

    Empty without include rules: then the spec's own tables are the scope, and a table the spec
    does not name is not reconcile's to drop. reconcile's archive schema is never in scope."""
    if not rules.explicit:
        return set()
    schemas = [row[0] for row in conn.execute(SCHEMAS_SQL, [ARCHIVE_SCHEMA]).fetchall()]
    return {(s, t) for s, t in table_names(conn, schemas) if rules.manages_table(s, t)}
