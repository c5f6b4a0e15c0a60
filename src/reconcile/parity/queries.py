"""The parity SQL: static files under sql/, composed with psycopg.sql (identifiers, never user text)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from psycopg import sql

from .columns import METRICS, STAGE_COLUMNS

USAGE_TABLE = "usage_events"


@cache
def _text(name: str) -> str:
    return resources.files(__package__).joinpath("sql", name).read_text(encoding="utf-8")


def _file(name: str) -> sql.SQL:
    return sql.SQL(_text(name).strip())


def _join(parts: Sequence[sql.Composable]) -> sql.Composed:
    return sql.SQL(", ").join(parts)


def _json_object(pairs: Sequence[tuple[str, sql.Composable]]) -> sql.Composed:
    return sql.SQL("json_build_object({})").format(
        _join([sql.SQL("{}, {}").format(sql.Literal(key), value) for key, value in pairs])
    )


def stage_table() -> sql.SQL:
    return _file("stage_table.sql")


def copy_stage() -> sql.Composed:
    columns = _join([sql.Identifier(column) for column in STAGE_COLUMNS])
    return sql.SQL("COPY pg_temp.parity_csv ({}) FROM STDIN").format(columns)


def csv_buckets() -> sql.Composed:
    sums = [sql.SQL("sum({0})::bigint AS {0}").format(sql.Identifier(m)) for m in METRICS]
    return _file("csv_buckets.sql").format(sums=_join(sums))


def db_buckets(table: str = USAGE_TABLE) -> sql.Composed:
    sums = [
        sql.SQL("COALESCE(sum({}), 0)::bigint AS {}").format(sql.Identifier(db), sql.Identifier(csv))
        for csv, db in METRICS.items()
    ]
    return _file("db_buckets.sql").format(sums=_join(sums), table=sql.Identifier(table))


def compare(table: str = USAGE_TABLE) -> sql.Composed:
    def side(alias: str) -> list[sql.Composable]:
        return [sql.Identifier(alias, m) for m in METRICS]

    def metrics_json(alias: str) -> sql.Composed:
        pairs = list(zip(METRICS, side(alias), strict=True))
        return sql.SQL("CASE WHEN {}.record_count IS NULL THEN NULL ELSE {} END").format(
            sql.Identifier(alias), _json_object(pairs)
        )

    def carried(alias: str, prefix: str) -> sql.Composed:
        return _join(
            [sql.SQL("{} AS {}").format(sql.Identifier(alias, m), sql.Identifier(prefix + m)) for m in METRICS]
        )

    def totals(prefix: str) -> sql.Composed:
        pairs = [(m, sql.SQL("COALESCE(sum({}), 0)").format(sql.Identifier(prefix + m))) for m in METRICS]
        return _json_object(pairs)

    return _file("compare.sql").format(
        csv_buckets=csv_buckets(),
        db_buckets=db_buckets(table),
        csv_metrics=metrics_json("c"),
        db_metrics=metrics_json("d"),
        csv_values=_join(side("c")),
        db_values=_join(side("d")),
        csv_columns=carried("c", "csv_"),
        db_columns=carried("d", "db_"),
        csv_totals=totals("csv_"),
        db_totals=totals("db_"),
    )


def bucket_key() -> sql.SQL:
    return _file("bucket_key.sql")


def upsert(table: str = USAGE_TABLE) -> sql.Composed:
    db_columns = [sql.Identifier(db) for db in METRICS.values()]
    return _file("upsert.sql").format(
        csv_buckets=csv_buckets(),
        table=sql.Identifier(table),
        db_columns=_join(db_columns),
        csv_columns=_join([sql.Identifier(m) for m in METRICS]),
        bucket_key=bucket_key(),
        assignments=_join([sql.SQL("{0} = EXCLUDED.{0}").format(column) for column in db_columns]),
        current_values=_join([sql.SQL("COALESCE({}, 0)").format(sql.Identifier("u", db)) for db in METRICS.values()]),
        excluded_values=_join([sql.SQL("EXCLUDED.{}").format(column) for column in db_columns]),
    )


def columns_check() -> sql.SQL:
    return _file("columns_check.sql")


def index_probe(table: str = USAGE_TABLE) -> sql.Composed:
    return _file("index_probe.sql").format(table=sql.Identifier(table), bucket_key=bucket_key())


def index_check() -> sql.SQL:
    return _file("index_check.sql")
