"""Which server and database a plan is for, and the refusal to apply it anywhere else."""

from __future__ import annotations

import psycopg

from reconcile.errors import SafetyRefused

from .model import Plan


def server_identity(conn: psycopg.Connection) -> tuple[str, int]:
    """(system_identifier or "" when this role may not read pg_control_system(), database oid)."""
    row = conn.execute(
        "SELECT pg_catalog.has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE'), "
        "(SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())"
    ).fetchone()
    assert row is not None
    system = ""
    if row[0]:
        got = conn.execute("SELECT system_identifier::pg_catalog.text FROM pg_catalog.pg_control_system()").fetchone()
        system = str(got[0]) if got else ""
    return system, int(row[1])


def check_same_database(conn: psycopg.Connection, plan: Plan) -> None:
    """Refuse (exit 3) a plan made for another server or database."""
    system, oid = server_identity(conn)
    database = str(conn.execute("SELECT pg_catalog.current_database()").fetchone()[0])  # type: ignore[index]
    version = int(conn.info.server_version)
    t = plan.target
    problems = []
    if t.database != database:
        problems.append(f"database {t.database!r}, this is {database!r}")
    if t.system_identifier and system and t.system_identifier != system:
        problems.append(f"server {t.system_identifier}, this is {system}")
    if t.database_oid != oid:
        problems.append(f"database oid {t.database_oid}, this is {oid}")
    if t.server_version // 10000 != version // 10000:
        problems.append(f"PostgreSQL {t.server_version // 10000}, this is {version // 10000}")
    if problems:
        raise SafetyRefused("the plan was made for another database (" + "; ".join(problems) + "); plan again here")
