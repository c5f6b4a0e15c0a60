"""A foreign key whose name differs from the spec's (an ORM push's `_fk` against PostgreSQL's `_fkey`):
what the change costs before and after reconcile learned to rename.

Two variants on identical clones of one template database (`events`, default 500,000 rows, each
referencing one of 1,000 `parents`, foreign key `events_parent_id_parents_id_fk`):

  (a) replace  what reconcile planned before renames: DROP CONSTRAINT, ADD CONSTRAINT ... NOT VALID,
               VALIDATE CONSTRAINT (a full scan of events), run as those three statements
  (b) rename   what it plans now: ALTER TABLE ... RENAME CONSTRAINT (metadata only)

Reported: the database time of the change's statements and the ratio (b)/(a); and, for (b), the
plan `reconcile plan --format json` makes (its step kinds: a rename only).

    .venv/bin/python bench/renames.py [--rows N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from _common import (
    DEFAULT_URL,
    bench_db,
    drop_db,
    machine_info,
    print_table,
    ratio,
    reconcile_cmd,
    recreate_db,
    write_json,
)
from psycopg import sql

SETUP = """
CREATE TABLE parents (id integer PRIMARY KEY);
INSERT INTO parents SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE events (id bigint PRIMARY KEY, parent_id integer NOT NULL, payload text);
INSERT INTO events SELECT g, 1 + g % 1000, md5(g::text) FROM generate_series(1, {rows}) g;
ALTER TABLE events ADD CONSTRAINT events_parent_id_parents_id_fk FOREIGN KEY (parent_id) REFERENCES parents (id);
"""
SPEC = """
table: events
columns:
  - {name: id, type: bigint, primary_key: true}
  - {name: parent_id, type: integer, nullable: false}
  - {name: payload, type: text}
foreign_keys:
  - {columns: [parent_id], references: {table: parents, columns: [id]}}
"""
REPLACE = [
    "ALTER TABLE events DROP CONSTRAINT events_parent_id_parents_id_fk",
    "ALTER TABLE events ADD CONSTRAINT events_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID",
    "ALTER TABLE events VALIDATE CONSTRAINT events_parent_id_fkey",
]
RENAME = ["ALTER TABLE events RENAME CONSTRAINT events_parent_id_parents_id_fk TO events_parent_id_fkey"]


TPL, DB_A, DB_B = (bench_db(f"bench_renames_{k}") for k in ("template", "a", "b"))


def timed(url: str, statements: list[str]) -> float:
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for s in statements:
            conn.execute(s)  # type: ignore[call-overload]
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--url", default=DEFAULT_URL)
    args = parser.parse_args()
    template = recreate_db(args.url, TPL)
    with psycopg.connect(template, autocommit=True) as conn:
        conn.execute(sql.SQL(SETUP).format(rows=sql.Literal(args.rows)))  # type: ignore[arg-type]
        conn.execute("VACUUM ANALYZE events")
    try:
        a_url = recreate_db(args.url, DB_A, TPL)
        b_url = recreate_db(args.url, DB_B, TPL)
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "events.yaml").write_text(SPEC)
            out = subprocess.run(
                [*reconcile_cmd(), "plan", "--spec", tmp, "--database-url", b_url, "--format", "json"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
        plan = json.loads(out.stdout)
        kinds = sorted({s["kind"] for g in plan["groups"] for s in g["steps"]})
        planned = [s["sql"] for g in plan["groups"] for s in g["steps"]]
        a = timed(a_url, REPLACE)
        b = timed(b_url, planned)
    finally:
        for name in (DB_A, DB_B, TPL):
            drop_db(args.url, name)
    rows = [["(a) drop + add NOT VALID + validate", a], ["(b) rename (reconcile's plan)", b]]
    print_table(["variant", "seconds"], rows)
    print(f"ratio (b)/(a): {ratio(b, a)}; planned step kinds: {kinds}")
    write_json(
        "renames",
        {"machine": machine_info(args.url), "rows": args.rows, "replace_s": a, "rename_s": b,
         "ratio": ratio(b, a), "planned_step_kinds": kinds, "planned_sql": planned},
    )  # fmt: skip


if __name__ == "__main__":
    main()
