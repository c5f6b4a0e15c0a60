"""Parity's fast paths (issue 18) give what the careful ones give: plain exports staged with
double-precision metrics, and sides read row by row when their buckets are unique."""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg
import pytest

from reconcile.parity import ParityRequest, Window, bulk, run_parity, unique
from reconcile.parity.compare import compare
from reconcile.parity.load import stage_exports

from . import test_parity
from .helpers import scalar
from .test_parity import HEADER_24, WINDOW, _staged, insert_event, parity, usage, write_csv

db_empty = test_parity.db_empty  # the fixture: a 0003 database with an empty usage_events


def _plain_bytes(path: Path) -> bytes:
    return path.read_bytes().split(b"\n", 1)[1]


def test_plain_export_stages_what_the_reader_stages(db_empty, tmp_path):
    odd = usage(4, batch="TRUE", input_tokens=7)
    odd.update(output_tokens="4", input_cached_tokens="", input_audio_tokens="2.00", num_model_requests="1e1")
    big = usage(5) | {"input_tokens": "9007199254740.0", "output_tokens": "-0", "input_text_tokens": "+3"}
    path = write_csv(tmp_path / "plain.csv", [usage(3), odd, big, test_parity.empty_day(6)])
    assert bulk._plain(_plain_bytes(path))  # this file takes the double-precision way
    took, rows = _staged(db_empty, path, bulk_path=True)
    assert took
    assert rows == _staged(db_empty, path, bulk_path=False)[1]


@pytest.mark.parametrize(
    ("cell", "whole"),
    [("9007199254740993.0", True), ("1.0000000000000001", False), ("123.0000000000000000001", False)],
    ids=["beyond 2**53", "a fraction double rounds away", "a long fraction"],
)
def test_cells_double_precision_could_round_take_the_numeric_way(db_empty, tmp_path, cell, whole):
    path = write_csv(tmp_path / "long.csv", [usage(3) | {"input_tokens": cell}])
    assert not bulk._plain(_plain_bytes(path))
    took, rows = _staged(db_empty, path, bulk_path=True)
    if whole:  # staged exactly, as the reader would
        assert took and rows == _staged(db_empty, path, bulk_path=False)[1]
        assert rows[0][11] == 9007199254740993
    else:  # the reader names it as a bad row: the bulk path stages nothing
        assert (took, rows) == (False, [])


@pytest.mark.parametrize(
    "cell", ["0x10", "+0X1p3", " 0o17", "0b101", "NaN", "Infinity", "-Infinity", "1.5", "-1", "1e400"]
)
def test_plain_refusals_leave_the_file_to_the_reader(db_empty, tmp_path, cell):
    path = write_csv(tmp_path / "odd.csv", [usage(3), usage(4) | {"output_tokens": cell}])
    took, rows = _staged(db_empty, path, bulk_path=True)
    assert (took, rows) == (False, [])


def test_bad_value_deep_in_a_big_plain_export_names_its_line(db_empty, tmp_path):
    rows = [usage(1 + n % 28, model=f"m{n}") for n in range(30_000)]  # several 1 MB blocks
    rows[24_998]["output_tokens"] = "12x"  # data row 24,999 is line 25,000
    path = write_csv(tmp_path / "big.csv", rows)
    assert path.stat().st_size > 3 * bulk.CHUNK_BYTES
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 1 and report is None
    [line] = [x for x in result.stderr.splitlines() if x.strip()]
    assert f"{path}:25000: output_tokens '12x' is not a number" in line


def _both_ways(url: str, path: Path, key_id: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison with each side read row by row where it can, and with both grouped: the same."""
    window = Window.parse("2025-09-01", "2025-10-02")
    fast = run_parity(ParityRequest(files=[(path, "x.csv")], window=window, key_id=key_id), url)
    with monkeypatch.context() as patched, psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        patched.setattr(unique, "db_key", lambda conn, key_id: None)
        stage_exports(conn, [(path, "x.csv")], bad_rows=None, progress=False)
        slow = compare(conn, window, key_id, csv_unique=False)
    assert fast.comparison.counts == slow.counts
    assert (fast.comparison.csv_totals, fast.comparison.db_totals) == (slow.csv_totals, slow.db_totals)
    assert fast.comparison.records == slow.records


def test_unique_sides_compare_as_the_grouped_ones(db_empty, tmp_path, monkeypatch):
    key_id = int(scalar(db_empty, "SELECT min(id) FROM provider_keys"))  # type: ignore[arg-type]
    path = write_csv(tmp_path / "u.csv", [usage(3), usage(4, input_tokens=5), usage(6, tier="flex")])
    insert_event(db_empty, 4, key_id=key_id)
    insert_event(db_empty, 5, key_id=key_id)
    insert_event(db_empty, 6, key_id=key_id, tier="flex", tokens_out=3)
    with psycopg.connect(db_empty) as conn:
        assert unique.db_key(conn, None) == key_id  # one key: its rows are read as they are
    _both_ways(db_empty, path, None, monkeypatch)
    _both_ways(db_empty, path, key_id, monkeypatch)


def test_one_bucket_under_two_provider_keys_is_summed(db_empty, tmp_path, monkeypatch):
    first, second = 1, 2  # the seeded provider keys
    insert_event(db_empty, 3, key_id=first, tokens_in=60)
    insert_event(db_empty, 3, key_id=second, tokens_in=40, tokens_out=0, num_model_requests=0)
    with psycopg.connect(db_empty) as conn:
        assert unique.db_key(conn, None) is None  # two keys share the bucket: grouped
    path = write_csv(tmp_path / "two.csv", [usage(3, input_tokens=100)])
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 0, result.output  # 60 + 40: the two keys' rows are one bucket
    assert report is not None and report["summary"]["matched"] == 1
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW, "--key-id", str(first))
    assert result.exit_code == 2 and report is not None
    [mismatch] = report["mismatched"]
    assert mismatch["deltas"] == {"input_tokens": 40}
    _both_ways(db_empty, path, None, monkeypatch)


def test_a_split_bucket_is_summed_on_the_fast_path_too(db_empty, tmp_path):
    path = tmp_path / "split.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER_24)
        for row in (usage(3, input_tokens=30), usage(3, input_tokens=70)):
            writer.writerow([row[c] for c in HEADER_24])
    insert_event(db_empty, 3, tokens_in=100, tokens_out=20, num_model_requests=2)
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 0, result.output
    assert report is not None and report["summary"]["matched"] == 1


def test_the_comparison_settings_end_with_its_statements(db_empty, tmp_path):
    """enable_sort off (and work_mem, jit) for the diff only: the rest of the run's transaction
    (the duplicates' ordered queries, a backfill) plans with the settings it had."""
    path = write_csv(tmp_path / "s.csv", [usage(3), usage(4)])
    insert_event(db_empty, 3)
    window = Window.parse("2025-09-01", "2025-10-02")
    show = "SELECT current_setting('enable_sort'), current_setting('work_mem'), current_setting('jit')"
    with psycopg.connect(db_empty, autocommit=True) as conn, conn.transaction():
        conn.execute("SET LOCAL work_mem = '5MB'")
        before = conn.execute(show).fetchone()
        stage_exports(conn, [(path, "s.csv")], bad_rows=None, progress=False)
        result = compare(conn, window, None)
        assert result.counts["missingInDb"] == 1 and result.counts["matched"] == 1
        assert conn.execute(show).fetchone() == before


def _column_types(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'pg_temp.parity_csv'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
    ).fetchall()


def test_the_first_bulk_file_creates_the_staged_table_as_declared(db_empty, tmp_path):
    """The first file staged the bulk way creates parity_csv (CREATE TABLE AS): the same columns and
    types as stage_table.sql, and later files, either way, add to it."""
    from reconcile.parity import queries

    first = write_csv(tmp_path / "a.csv", [usage(3), usage(4)])
    second = write_csv(tmp_path / "b.csv", [usage(5)])
    quoted = tmp_path / "c.csv"  # a quote: read row by row
    quoted.write_text(second.read_text().replace("proj_A", '"proj_A"'))
    with psycopg.connect(db_empty, autocommit=True) as conn:
        conn.execute(queries.stage_table())
        declared = _column_types(conn)
        assert bulk.stage_file(conn, first, "a.csv")
        assert _column_types(conn) == declared
        stage_exports(conn, [(first, "a.csv"), (second, "b.csv"), (quoted, "c.csv")], bad_rows=None, progress=False)
        assert _column_types(conn) == declared
        rows = conn.execute("SELECT source, line, project_id FROM pg_temp.parity_csv ORDER BY 1, 2").fetchall()
    assert rows == [("a.csv", 2, "proj_A"), ("a.csv", 3, "proj_A"), ("b.csv", 2, "proj_A"), ("c.csv", 2, "proj_A")]
