"""Traffic on the copy while the plan runs: a writer inserting rows and a long reader, both timed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from reconcile.connect.target import connect


@dataclass
class Timeline:
    """(start, end) in time.monotonic() seconds of every finished writer statement."""

    writes: list[tuple[float, float]] = field(default_factory=list)
    inserted: int = 0
    reads: int = 0
    errors: int = 0

    def worst_stall(self, start: float, end: float) -> float:
        """The longest writer statement that overlapped [start, end], in seconds."""
        return max((b - a for a, b in self.writes if a < end and b > start), default=0.0)


class Workload:
    """Runs a writer and a reader on `table` of the copy until stopped (a context manager)."""

    def __init__(self, url: str, table: tuple[str, str], rows: int, reader_seconds: float) -> None:
        self.url, self.table, self.rows, self.reader_seconds = url, table, rows, reader_seconds
        self.timeline = Timeline()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._guard, args=(f,), daemon=True) for f in (self._write, self._read)
        ]

    def __enter__(self) -> Workload:
        for t in self._threads:
            t.start()
        time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)

    def _guard(self, loop: Callable[[], None]) -> None:
        """A thread's loop; a connection lost (the copy dropped under it) ends the thread, counted."""
        try:
            loop()
        except psycopg.Error:
            self.timeline.errors += 1

    def _insert_sql(self, conn: psycopg.Connection) -> sql.Composed:
        """Insert a copy of a random row; keys from their sequences, timestamps shifted so uniques rarely collide."""
        rows = conn.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid), a.attidentity"
            " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            " WHERE a.attrelid = to_regclass(format('%%I.%%I', %s::text, %s::text)) AND a.attnum > 0"
            " AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum",
            list(self.table),
        ).fetchall()
        cols = [(n, t) for n, t, d, ident in rows if not ident and not (d or "").startswith("nextval(")]
        exprs = [
            sql.SQL("{} + random() * interval '1 day'").format(sql.Identifier(n))
            if t.startswith("timestamp")
            else sql.Identifier(n)
            for n, t in cols
        ]
        t = sql.Identifier(*self.table)
        return sql.SQL(
            "INSERT INTO {t} ({names}) SELECT {exprs} FROM {t} OFFSET floor(random() * {n}) LIMIT 1"
            " ON CONFLICT DO NOTHING"
        ).format(
            t=t,
            names=sql.SQL(", ").join(sql.Identifier(n) for n, _ in cols),
            exprs=sql.SQL(", ").join(exprs),
            n=sql.Literal(self.rows),
        )

    def _write(self) -> None:
        with connect(self.url) as conn:
            stmt = self._insert_sql(conn)
            while not self._stop.is_set():
                a = time.monotonic()
                try:
                    n = conn.execute(stmt).rowcount
                except psycopg.Error:  # a column the plan dropped: read the table again
                    self.timeline.errors += 1
                    stmt = self._insert_sql(conn)
                    n = 0
                b = time.monotonic()
                self.timeline.writes.append((a, b))
                self.timeline.inserted += max(n, 0)
                self._stop.wait(0.005)

    def _read(self) -> None:
        """The report query: a full scan that holds ACCESS SHARE for `reader_seconds`."""
        stmt = sql.SQL("SELECT count(*), pg_sleep({}) FROM {}").format(
            sql.Literal(self.reader_seconds), sql.Identifier(*self.table)
        )
        with connect(self.url) as conn:
            while not self._stop.is_set():
                conn.execute(stmt)
                self.timeline.reads += 1
                self._stop.wait(0.05)
