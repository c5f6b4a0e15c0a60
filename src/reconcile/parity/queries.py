"""The parity SQL: static files under sql/, composed with psycopg.sql (identifiers, never user text)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from psycopg import sql

from .columns import DIMENSIONS, METRICS, STAGE_COLUMNS

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


def csv_rows() -> sql.Composed:
    """The CSV side when no bucket key repeats: rows as they are, nothing grouped."""
    return _file("csv_rows.sql").format(metrics=_join([sql.Identifier(m) for m in METRICS]))


def db_rows(table: str = USAGE_TABLE) -> sql.Composed:
    """The database side when usage_admin_bucket_idx makes each row a bucket of its own."""
    values = [
        sql.SQL("COALESCE({}, 0)::bigint AS {}").format(sql.Identifier(db), sql.Identifier(csv))
        for csv, db in METRICS.items()
    ]
    return _file("db_rows.sql").format(metrics=_join(values), table=sql.Identifier(table))


def lone_key(table: str = USAGE_TABLE) -> sql.Composed:
    return _file("lone_key.sql").format(table=sql.Identifier(table))


def _carried(alias: str, prefix: str) -> sql.Composed:
    return _join([sql.SQL("{} AS {}").format(sql.Identifier(alias, m), sql.Identifier(prefix + m)) for m in METRICS])


def diff(table: str = USAGE_TABLE, *, csv_unique: bool = False, db_unique: bool = False) -> sql.Composed:
    """pg_temp.parity_diff: the differing buckets, one row each, and one row for all matched ones.

    A side known to hold each bucket once is read row by row instead of grouped (the same columns).
    """

    def side(alias: str) -> list[sql.Composable]:
        return [sql.Identifier(alias, m) for m in METRICS]

    def sums(prefix: str) -> sql.Composed:
        return _join([sql.SQL("sum({0}) AS {0}").format(sql.Identifier(prefix + m)) for m in METRICS])

    if db_unique:  # rows are buckets: counted by a scan of their own, cheaper than numbering each
        db_side: sql.Composable = db_rows(table)
        joined_read: sql.Composable = sql.SQL("NULL::bigint AS db_read")
        db_read: sql.Composable = sql.SQL("(SELECT pg_catalog.count(*) FROM ({}) r)").format(db_rows(table))
    else:  # grouped: numbered as read, the last number is the count
        db_side = sql.SQL("SELECT b.*, pg_catalog.row_number() OVER () AS db_read FROM ({}) b").format(
            db_buckets(table)
        )
        joined_read, db_read = sql.SQL("d.db_read"), sql.SQL("pg_catalog.max(db_read)")
    return _file("diff.sql").format(
        csv_buckets=csv_rows() if csv_unique else csv_buckets(),
        db_buckets=db_side,
        joined_read=joined_read,
        db_read=db_read,
        csv_values=_join(side("c")),
        db_values=_join(side("d")),
        csv_columns=_carried("c", "csv_"),
        db_columns=_carried("d", "db_"),
        csv_sums=sums("csv_"),
        db_sums=sums("db_"),
    )


def repeats() -> sql.SQL:
    """After a diff with the CSV rows as buckets of one: true when a bucket key repeats after all."""
    return _file("repeats.sql")


def compare_settings() -> sql.SQL:
    return _file("compare_settings.sql")


def restore_settings() -> sql.SQL:
    return _file("restore_settings.sql")


def compare() -> sql.Composed:
    """The report rows from pg_temp.parity_diff (run `diff` first)."""

    def metrics_json(prefix: str) -> sql.Composed:
        pairs = [(m, sql.Identifier(prefix + m)) for m in METRICS]
        return sql.SQL("CASE WHEN {} IS NULL THEN NULL ELSE {} END").format(
            sql.Identifier(prefix + "count"), _json_object(pairs)
        )

    def totals(prefix: str) -> sql.Composed:
        pairs = [(m, sql.SQL("COALESCE(sum({}), 0)").format(sql.Identifier(prefix + m))) for m in METRICS]
        return _json_object(pairs)

    return _file("compare.sql").format(
        csv_metrics=metrics_json("csv_"),
        db_metrics=metrics_json("db_"),
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


# --- bulk staging: the raw file COPYed as is, converted in one statement ----------------------------


def raw_column(position: int) -> sql.Identifier:
    """parity_raw's column for the header field at `position` (header names are not trusted as SQL)."""
    return sql.Identifier(f"f{position}")


def raw_table(numeric: Sequence[bool], *, plain: bool = False) -> sql.Composed:
    """Metric cells numeric, or double precision for a plain file (bulk.py says when that is exact)."""
    metric = sql.SQL("double precision" if plain else "numeric")
    columns = [
        sql.SQL("{} {}").format(raw_column(i), metric if is_numeric else sql.SQL("text"))
        for i, is_numeric in enumerate(numeric)
    ]
    return _file("raw_table.sql").format(columns=_join(columns))


def copy_raw(numeric: Sequence[bool]) -> sql.Composed:
    """COPY the file's data lines (no header) into parity_raw; empty text cells read as '' not NULL."""
    columns = _join([raw_column(i) for i in range(len(numeric))])
    text = [raw_column(i) for i, is_numeric in enumerate(numeric) if not is_numeric]
    return sql.SQL("COPY pg_temp.parity_raw ({}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({}))").format(
        columns,
        _join(text),  # never empty: the four time columns are text
    )


def _time_columns(index: dict[str, int]) -> dict[str, sql.Identifier]:
    return {
        "start_epoch": raw_column(index["start_time"]),
        "end_epoch": raw_column(index["end_time"]),
        "start_iso": raw_column(index["start_time_iso"]),
        "end_iso": raw_column(index["end_time_iso"]),
    }


def raw_times(index: dict[str, int]) -> sql.Composed:
    return _file("raw_times.sql").format(**_time_columns(index))


def times_table() -> sql.SQL:
    return _file("times_table.sql")


def copy_times() -> sql.SQL:
    return sql.SQL(
        "COPY pg_temp.parity_times (start_epoch, end_epoch, start_iso, end_iso, window_start, window_end) FROM STDIN"
    )


# What Python's str.strip() removes (the reader strips every cell): btrim() must remove the same.
_WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())


# Whole numbers below 2**53 are exact in double precision.
_DOUBLE_EXACT = 2**53


def raw_convert(index: dict[str, int], *, plain: bool = False, create: bool = False) -> sql.Composed:
    """`index`: header name -> position. Absent dimensions read as '', absent metrics as 0.

    `plain`: the file has no whitespace to strip and its metrics are double precision (raw_table).
    `create`: parity_csv is created by the statement (dropped before: it holds no row yet).
    """

    def cell(column: str) -> sql.Composable | None:
        return sql.Identifier("r", f"f{index[column]}") if column in index else None

    def trimmed(found: sql.Composable) -> sql.Composable:
        return found if plain else sql.SQL("btrim({}, {})").format(found, sql.Literal(_WHITESPACE))

    def dimension(column: str) -> sql.Composable:
        found = cell(column)
        return trimmed(found) if found is not None else sql.Literal("")

    def metric(column: str) -> sql.Composable:
        found = cell(column)
        return found if found is not None else sql.SQL("NULL::double precision" if plain else "NULL::numeric")

    batch = cell("batch")
    cells = [metric(m) for m in METRICS]
    present = [c for c in cells if isinstance(c, sql.Identifier)]
    if plain:  # NULL (an empty cell) is whole; a fraction is not
        fractions = [sql.SQL("trunc({0}) <> {0}").format(c) for c in present] or [sql.SQL("false").format()]
        whole = sql.SQL("({}) IS NOT TRUE").format(sql.SQL(" OR ").join(fractions))
    else:
        whole = sql.SQL("COALESCE({}, {}) = 0").format(
            sql.SQL(" + ").join([sql.SQL("min_scale({})").format(c) for c in cells]),
            sql.SQL(" + ").join([sql.SQL("COALESCE(min_scale({}), 0)").format(c) for c in cells]),
        )
    head = "CREATE TEMP TABLE pg_temp.parity_csv ({}) AS {}" if create else "INSERT INTO pg_temp.parity_csv ({}) {}"
    select = _file("raw_convert.sql").format(
        dimensions=_join([sql.SQL("{} AS {}").format(dimension(c), sql.Identifier(c)) for c in DIMENSIONS]),
        batch=sql.SQL("lower({})").format(trimmed(batch)) if batch is not None else sql.Literal(""),
        metric_cells=_join(cells),
        metrics=_join([sql.SQL("{} AS {}").format(c, sql.Identifier(m)) for c, m in zip(cells, METRICS, strict=True)]),
        metrics_bigint=_join([sql.SQL("COALESCE({}::bigint, 0)").format(sql.Identifier(m)) for m in METRICS]),
        whole=whole,
        high_limit=sql.Literal(_DOUBLE_EXACT if plain else 2**63),
        **_time_columns(index),
    )
    return sql.SQL(head).format(_join([sql.Identifier(c) for c in STAGE_COLUMNS]), select)
