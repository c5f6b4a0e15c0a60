"""`reconcile parity`: OpenAI usage CSV exports against usage_events on a real PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner, Result
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconcile.cli import main
from reconcile.errors import InputError
from reconcile.parity import ParityRequest, Window, run_parity
from reconcile.parity.report import stream_document

FIXTURE = (
    Path(__file__).resolve().parents[1].parent / "shared/fixtures/openai/completions_usage_2025-09-01_2025-10-01.csv"
)

# The 2025 export header, spelled out here (not imported) so a wrong column map in src is caught.
HEADER_24 = (
    "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,"
    "model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,"
    "input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,"
    "input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,"
    "output_image_tokens"
).split(",")
# The newer export: two more columns, here deliberately in the middle and in another order.
HEADER_26 = [*HEADER_24[:5], "project_name", *HEADER_24[5:8], "api_key_name", *reversed(HEADER_24[8:])]
HEADER_EMPTY = ["start_time", "end_time", "start_time_iso", "end_time_iso"]
WINDOW = ["--from", "2025-09-01", "--to", "2025-10-02"]


# --- helpers -------------------------------------------------------------------------------------


def day(n: int) -> datetime:
    return datetime(2025, 9, 1, tzinfo=UTC) + timedelta(days=n - 1)


def usage(n: int, *, tier: str = "default", batch: str = "False", model: str = "gpt-5", **metrics: int) -> dict:
    """One export row for 2025-09-<n>, numbers written the way the export writes them (`4.0`)."""
    start, end = day(n), day(n + 1)
    values = {"input_tokens": 100, "output_tokens": 10, "num_model_requests": 1, **metrics}
    row = {
        "start_time": str(int(start.timestamp())),
        "end_time": str(int(end.timestamp())),
        "start_time_iso": start.isoformat(),
        "end_time_iso": end.isoformat(),
        "project_id": "proj_A",
        "user_id": "user-A",
        "api_key_id": "key_A",
        "model": model,
        "batch": batch,
        "service_tier": tier,
        "project_name": "Project A",
        "api_key_name": "ci key",
    }
    for column in HEADER_24[11:] + ["num_model_requests"]:
        row[column] = f"{float(values.get(column, 0))}"
    return row


def empty_day(n: int) -> dict:
    start, end = day(n), day(n + 1)
    return {
        "start_time": str(int(start.timestamp())),
        "end_time": str(int(end.timestamp())),
        "start_time_iso": start.isoformat(),
        "end_time_iso": end.isoformat(),
    }


def write_csv(
    path: Path,
    rows: list[dict],
    header: list[str] = HEADER_24,
    *,
    bom: bool = False,
    crlf: bool = False,
    quote_all: bool = False,
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write("\ufeff")
        writer = csv.writer(
            handle,
            lineterminator="\r\n" if crlf else "\n",
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        )
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def insert_event(url: str, n: int, *, key_id: int = 1, tier: str = "default", **metrics: int) -> None:
    values = {"tokens_in": 100, "tokens_out": 10, "num_model_requests": 1, **metrics}
    columns = ", ".join(values)
    placeholders = ", ".join(["%s"] * len(values))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO usage_events (key_id, model, timestamp, window_start, window_end, project_id,"  # noqa: S608
            f" openai_user_id, openai_api_key_id, service_tier, batch, {columns})"
            f" VALUES (%s, 'gpt-5', %s, %s, %s, 'proj_A', 'user-A', 'key_A', %s, false, {placeholders})",
            [key_id, day(n), day(n), day(n + 1), tier, *values.values()],
        )


def scalar(url: str, query: str) -> Any:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[call-overload]
        return row[0] if row else None


def parity(url: str, tmp_path: Path, *args: str) -> tuple[Result, dict | None]:
    """Run the CLI; return the result and the JSON report it wrote (None when it wrote none)."""
    out = tmp_path / "report.json"
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["parity", "--database-url", url, "--output", str(out), *args])
    assert not isinstance(result.exception, AssertionError | TypeError | AttributeError), result.exception
    return result, json.loads(out.read_text()) if out.exists() else None


@pytest.fixture
def db_empty(db_0003: str) -> str:
    """A 0003 database whose usage_events is empty (provider keys still there)."""
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute("DELETE FROM usage_events")
    return db_0003


@pytest.fixture
def real_export() -> Path:
    if not FIXTURE.is_file():
        pytest.skip(f"the real OpenAI export is not beside the repo: {FIXTURE}")
    return FIXTURE


# --- acceptance: the real export -----------------------------------------------------------------


def test_real_export_against_empty_table_then_backfill_to_parity(db_empty, real_export, tmp_path):
    csv_arg = ["--csv", str(real_export)]
    result, report = parity(db_empty, tmp_path, *csv_arg, *WINDOW)
    assert result.exit_code == 2, result.output
    assert report is not None
    summary = report["summary"]
    assert (summary["missingInDb"], summary["emptyBuckets"]) == (31, 15)
    assert (summary["mismatched"], summary["missingInCsv"], summary["inParity"]) == (0, 0, False)
    assert len(report["missingInDb"]) == 31
    csv_totals = report["totals"]["csv"]
    assert csv_totals["input_tokens"] == 173264675
    assert csv_totals["output_tokens"] == 2630441
    assert csv_totals["num_model_requests"] == 1437
    assert set(report["totals"]["db"].values()) == {0}
    assert report["inspectedCsvFiles"] == [str(real_export)]
    first = report["missingInDb"][0]
    assert first["windowStartIso"] == "2025-09-01T00:00:00.000Z"
    assert first["serviceTier"] == "incentivized-tier"
    assert first["metrics"]["input_tokens"] == 25076 and first["recordCount"] == 1
    assert first["csvSource"] == str(real_export)

    key_id = scalar(db_empty, "SELECT min(id) FROM provider_keys")
    dry, report = parity(db_empty, tmp_path, *csv_arg, *WINDOW, "--backfill", "--key-id", str(key_id))
    assert dry.exit_code == 2, dry.output
    assert report is not None
    assert (report["backfill"]["applied"], report["backfill"]["wouldInsert"]) == (False, 31)
    assert len(report["backfill"]["sample"]) == 5
    assert "would insert 31" in dry.stdout
    assert scalar(db_empty, "SELECT count(*) FROM usage_events") == 0

    applied, report = parity(db_empty, tmp_path, *csv_arg, *WINDOW, "--backfill", "--key-id", str(key_id), "--apply")
    assert applied.exit_code == 0, applied.output
    assert report is not None
    assert (report["backfill"]["inserted"], report["backfill"]["updated"]) == (31, 0)
    assert report["summary"]["inParity"] is True
    assert report["totals"]["db"] == report["totals"]["csv"]
    assert scalar(db_empty, "SELECT count(*) FROM usage_events WHERE timestamp = window_start") == 31
    assert scalar(db_empty, "SELECT sum(tokens_in) FROM usage_events") == 173264675

    again, report = parity(db_empty, tmp_path, *csv_arg, *WINDOW, "--backfill", "--key-id", str(key_id), "--apply")
    assert again.exit_code == 0, again.output
    assert report is not None
    assert (report["backfill"]["inserted"], report["backfill"]["updated"]) == (0, 0)

    plain, report = parity(db_empty, tmp_path, *csv_arg, *WINDOW, "--format", "json")
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout)["summary"]["matched"] == 31


def test_window_is_half_open_on_the_bucket_start(db_empty, real_export, tmp_path):
    # To 2025-10-01 excludes the empty 2025-10-01 bucket; from 2025-09-02 excludes the first row.
    result, report = parity(db_empty, tmp_path, "--csv", str(real_export), "--from", "2025-09-02", "--to", "2025-10-01")
    assert result.exit_code == 2
    assert report is not None
    assert (report["summary"]["missingInDb"], report["summary"]["emptyBuckets"]) == (30, 14)
    assert report["summary"]["outsideWindow"] == 2
    assert report["totals"]["csv"]["input_tokens"] == 173264675 - 25076


# --- comparison cases ----------------------------------------------------------------------------


def test_mismatch_carries_both_sides_and_the_delta(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3, output_tokens=15), usage(4)])
    insert_event(db_empty, 3, tokens_out=10)
    insert_event(db_empty, 4)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 2, result.output
    assert report is not None
    assert report["summary"]["matched"] == 1
    [entry] = report["mismatched"]
    assert entry["deltas"] == {"output_tokens": 5}
    assert entry["csv"]["metrics"]["output_tokens"] == 15
    assert entry["db"]["metrics"]["output_tokens"] == 10
    assert entry["key"]["windowStartIso"] == "2025-09-03T00:00:00.000Z"
    assert entry["key"]["apiKeyId"] == "key_A" and entry["key"]["userId"] == "user-A"
    assert report["missingInDb"] == [] and report["missingInCsv"] == []


def test_rows_only_in_the_database_are_missing_in_csv(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    insert_event(db_empty, 3)
    insert_event(db_empty, 5, tier="flex", tokens_in=7)
    insert_event(db_empty, 40)  # 2025-10-10: outside the window, not reported
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 2
    assert report is not None
    [record] = report["missingInCsv"]
    assert (record["serviceTier"], record["metrics"]["input_tokens"]) == ("flex", 7)
    assert record["csvSource"] is None and record["recordCount"] == 1
    assert report["summary"]["dbBuckets"] == 2
    assert report["totals"]["db"]["input_tokens"] == 107


def test_rows_with_the_same_key_are_summed(db_empty, tmp_path):
    first = write_csv(tmp_path / "a.csv", [usage(3, input_tokens=40), usage(3, input_tokens=50)])
    second = write_csv(tmp_path / "b.csv", [usage(3, input_tokens=10)])
    insert_event(db_empty, 3, tokens_in=100, tokens_out=30, num_model_requests=3)
    result, report = parity(db_empty, tmp_path, "--csv", str(first), "--csv", str(second), *WINDOW)
    assert result.exit_code == 0, result.output
    assert report is not None
    assert report["summary"]["csvBuckets"] == 1 and report["summary"]["matched"] == 1
    # Now make the database disagree to see the summed record and its recordCount.
    insert_event(db_empty, 3, key_id=2, tokens_in=1, tokens_out=0, num_model_requests=0)
    result, report = parity(db_empty, tmp_path, "--csv", str(first), "--csv", str(second), *WINDOW)
    assert result.exit_code == 2
    assert report is not None
    [entry] = report["mismatched"]
    assert entry["csv"]["recordCount"] == 3 and entry["db"]["recordCount"] == 2
    assert entry["csv"]["metrics"]["input_tokens"] == 100
    assert entry["csv"]["csvSource"] == f"{first}, {second}"
    assert entry["deltas"] == {"input_tokens": -1}


def test_key_id_scopes_the_database_side(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    insert_event(db_empty, 3, key_id=1)
    insert_event(db_empty, 3, key_id=2)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW, "--key-id", "1")
    assert result.exit_code == 0, result.output
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 2


def test_backfill_updates_mismatched_and_keeps_rows_missing_in_csv(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3, output_tokens=15), usage(4)])
    insert_event(db_empty, 3, tokens_out=10)
    insert_event(db_empty, 9)  # only in the database: backfill never deletes
    args = ["--csv", str(export), *WINDOW, "--backfill", "--key-id", "1"]
    dry, report = parity(db_empty, tmp_path, *args)
    assert dry.exit_code == 2
    assert report is not None
    assert (report["backfill"]["wouldInsert"], report["backfill"]["wouldUpdate"]) == (1, 1)
    applied, report = parity(db_empty, tmp_path, *args, "--apply")
    assert applied.exit_code == 2  # still not in parity: the 2025-09-09 row is missing in the CSV
    assert report is not None
    assert (report["backfill"]["inserted"], report["backfill"]["updated"]) == (1, 1)
    assert (report["summary"]["mismatched"], report["summary"]["missingInDb"]) == (0, 0)
    assert report["summary"]["missingInCsv"] == 1
    assert scalar(db_empty, "SELECT tokens_out FROM usage_events WHERE window_start = '2025-09-03'") == 15
    assert scalar(db_empty, "SELECT count(*) FROM usage_events") == 3


# --- formats -------------------------------------------------------------------------------------


def test_newer_26_column_header_is_mapped_by_name(db_empty, tmp_path):
    export = write_csv(tmp_path / "new.csv", [usage(3, input_cached_tokens=20)], header=HEADER_26)
    insert_event(db_empty, 3, input_cached_tokens=20)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 0, result.output
    insert_event(db_empty, 3, key_id=2, input_cached_tokens=1, tokens_in=0, tokens_out=0, num_model_requests=0)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert report is not None
    assert report["mismatched"][0]["deltas"] == {"input_cached_tokens": -1}


def test_four_column_empty_export_counts_empty_buckets(db_empty, tmp_path):
    export = write_csv(tmp_path / "empty.csv", [empty_day(1), empty_day(2), empty_day(3)], header=HEADER_EMPTY)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 0, result.output
    assert report is not None
    assert (report["summary"]["emptyBuckets"], report["summary"]["csvBuckets"]) == (3, 0)


def test_bom_crlf_and_quoted_fields(db_empty, tmp_path):
    rows = [usage(3, batch="True"), empty_day(4), usage(5, model='gpt-5 "mini", eval')]
    export = write_csv(tmp_path / "excel.csv", rows, bom=True, crlf=True, quote_all=True)
    assert export.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in export.read_bytes()
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 2, result.output
    assert report is not None
    assert report["summary"]["emptyBuckets"] == 1
    records = report["missingInDb"]
    assert [r["batch"] for r in records] == [True, False]
    assert records[1]["model"] == 'gpt-5 "mini", eval'


def test_csv_dir_reads_every_csv_once(db_empty, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    write_csv(folder / "a.csv", [usage(3)])
    write_csv(folder / "b.CSV", [usage(4)])
    (folder / "notes.txt").write_text("not an export")
    result, report = parity(db_empty, tmp_path, "--csv-dir", str(folder), "--csv", str(folder / "a.csv"), *WINDOW)
    assert result.exit_code == 2
    assert report is not None
    assert report["inspectedCsvFiles"] == [str(folder / "a.csv"), str(folder / "b.CSV")]
    assert report["summary"]["missingInDb"] == 2


# --- bad input -----------------------------------------------------------------------------------

BAD_ROWS = {
    "wrong field count": (lambda rows: rows[1].pop("output_image_tokens"), "expected 24 fields, got 23"),
    "non-numeric metric": (
        lambda rows: rows[1].update(output_tokens="12x"),
        "output_tokens '12x' is not a number",
    ),
    "unparseable time": (
        lambda rows: rows[1].update(start_time="", start_time_iso="2025-09-31T00:00:00"),
        "unparseable time: start_time_iso",
    ),
}


def _bad_export(tmp_path: Path, case: str) -> Path:
    rows = [usage(3), usage(4), usage(5)]
    damage, _ = BAD_ROWS[case]
    damage(rows)
    header = HEADER_24
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header if column in row])
    return path


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_strict_mode_stops_at_the_bad_row_with_file_and_line(db_empty, tmp_path, case):
    export = _bad_export(tmp_path, case)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 1, result.output
    assert report is None
    assert f"{export}:3: " in result.stderr  # header is line 1; the damaged row is the second
    assert BAD_ROWS[case][1] in result.stderr


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_skip_bad_rows_reports_them_and_goes_on(db_empty, tmp_path, case):
    export = _bad_export(tmp_path, case)
    insert_event(db_empty, 3)
    insert_event(db_empty, 5)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW, "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    assert report is not None
    [bad] = report["badRows"]
    assert (bad["file"], bad["line"]) == (str(export), 3)
    assert BAD_ROWS[case][1] in bad["error"]
    assert report["summary"]["badRows"] == 1 and report["summary"]["matched"] == 2


def test_library_raises_input_error_with_location(db_empty, tmp_path):
    export = _bad_export(tmp_path, "non-numeric metric")
    request = ParityRequest(files=[(export, "bad.csv")], window=Window.parse("2025-09-01", "2025-10-01"))
    with pytest.raises(InputError, match=r"^bad\.csv:3: output_tokens '12x' is not a number$"):
        run_parity(request, db_empty)


def test_library_returns_the_comparison(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3), usage(4), empty_day(5)])
    insert_event(db_empty, 4, tokens_in=99)
    request = ParityRequest(files=[(export, "usage.csv")], window=Window.parse("2025-09-01", "2025-10-01"))
    outcome = run_parity(request, db_empty)
    assert (outcome.in_parity, outcome.exit_code) == (False, 2)
    comparison = outcome.comparison
    assert [r["windowStartIso"] for r in comparison.missing_in_db] == ["2025-09-03T00:00:00.000Z"]
    assert comparison.mismatched[0]["deltas"] == {"input_tokens": 1}
    assert comparison.counts["empty_buckets"] == 1


def test_header_that_is_not_an_export_is_refused(db_empty, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("start_time,end_time,start_time_iso,end_time_iso,model\n")
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 1 and report is None
    assert f"{path}:1: " in result.stderr and "project_id" in result.stderr


# --- database state ------------------------------------------------------------------------------


def test_unreachable_database_is_an_error_not_a_report(tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, report = parity("postgresql://postgres@127.0.0.1:1/postgres", tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 1
    assert report is None
    assert "cannot connect" in result.stderr


def test_backfill_is_refused_on_a_0002_database(db_0002, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, report = parity(db_0002, tmp_path, "--csv", str(export), *WINDOW, "--backfill", "--key-id", "1")
    assert result.exit_code == 3, result.output
    assert report is None
    assert "window_start" in result.stderr and "reconcile apply" in result.stderr
    before = scalar(db_0002, "SELECT count(*) FROM usage_events")
    result, _ = parity(db_0002, tmp_path, "--csv", str(export), *WINDOW, "--backfill", "--key-id", "1", "--apply")
    assert result.exit_code == 3
    assert scalar(db_0002, "SELECT count(*) FROM usage_events") == before


def test_backfill_is_refused_when_the_index_is_not_the_0003_one(db_0003, tmp_path):
    with psycopg.connect(db_0003, autocommit=True) as conn:
        conn.execute("DROP INDEX usage_admin_bucket_idx")
        conn.execute("CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events (key_id, model, window_start)")
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, _ = parity(db_0003, tmp_path, "--csv", str(export), *WINDOW, "--backfill", "--key-id", "1", "--apply")
    assert result.exit_code == 3, result.output
    assert "usage_admin_bucket_idx" in result.stderr


def test_plain_parity_on_a_0002_database_is_an_error(db_0002, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, report = parity(db_0002, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 1 and report is None
    assert "0003 columns" in result.stderr


def test_backfill_needs_an_existing_key(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW, "--backfill")
    assert result.exit_code == 1 and "--key-id" in result.stderr
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW, "--backfill", "--key-id", "999999")
    assert result.exit_code == 1 and "provider key 999999" in result.stderr


def test_target_password_is_redacted(db_empty, tmp_path):
    params = conninfo_to_dict(db_empty)
    params["password"] = "s3cret-pw"
    url = make_conninfo(**params)
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    result, report = parity(url, tmp_path, "--csv", str(export), *WINDOW)
    if result.exit_code == 1 and "authentication" in result.stderr:
        pytest.skip("this server checks passwords")
    assert result.exit_code == 2, result.output
    assert report is not None
    assert "s3cret-pw" not in json.dumps(report) and "s3cret-pw" not in result.output
    assert "***" in report["summary"]["target"]


def test_buckets_starting_at_to_are_outside_on_both_sides(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3), usage(10)])
    insert_event(db_empty, 3)
    insert_event(db_empty, 10, tier="flex")  # exactly at --to, like the CSV's 2nd row
    window = ["--from", "2025-09-03", "--to", "2025-09-10"]
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *window)
    assert result.exit_code == 0, result.output
    assert report is not None
    assert (report["summary"]["matched"], report["summary"]["outsideWindow"]) == (1, 1)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), "--from", "2025-09-03", "--to", "2025-09-12")
    assert report is not None
    assert (report["summary"]["missingInDb"], report["summary"]["missingInCsv"]) == (1, 1)


def test_null_dimensions_in_the_database_match_empty_csv_fields(db_empty, tmp_path):
    row = usage(3, tier="")
    row.update(project_id="", user_id="", api_key_id="", batch="")  # grouped by model only
    export = write_csv(tmp_path / "usage.csv", [row])
    with psycopg.connect(db_empty, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO usage_events (key_id, model, timestamp, window_start, window_end, tokens_in,"
            " tokens_out, num_model_requests) VALUES (1, 'gpt-5', %s, %s, %s, 100, 10, 1)",
            [day(3), day(3), day(4)],
        )
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 0, result.output
    assert report is not None
    assert (report["summary"]["matched"], report["summary"]["emptyBuckets"]) == (1, 0)


def test_usage_without_any_dimension_is_a_bad_row(db_empty, tmp_path):
    row = usage(3)
    row.update(project_id="", user_id="", api_key_id="", model="")
    export = write_csv(tmp_path / "usage.csv", [usage(2), row])
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW)
    assert result.exit_code == 1
    assert f"{export}:3: usage without project_id" in result.stderr


def test_backfill_that_does_not_converge_is_rolled_back(db_empty, tmp_path):
    # A trigger that rewrites the values: the upsert "succeeds" but parity would not hold.
    with psycopg.connect(db_empty, autocommit=True) as conn:
        conn.execute(
            "CREATE FUNCTION halve() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN NEW.tokens_in := NEW.tokens_in / 2; RETURN NEW; END $$;"
            " CREATE TRIGGER halve BEFORE INSERT ON usage_events FOR EACH ROW EXECUTE FUNCTION halve()"
        )
    export = write_csv(tmp_path / "usage.csv", [usage(3), usage(4)])
    args = ["--csv", str(export), *WINDOW, "--backfill", "--key-id", "1", "--apply"]
    result, report = parity(db_empty, tmp_path, *args)
    assert result.exit_code == 1, result.output
    assert report is None
    assert "did not converge" in result.stderr
    assert scalar(db_empty, "SELECT count(*) FROM usage_events") == 0


@pytest.mark.parametrize(
    "names",
    [
        (),
        ("missingInCsv",),
        ("mismatched", "missingInCsv"),
        ("mismatched", "missingInDb", "missingInDb", "missingInCsv"),
    ],
)
def test_streamed_report_is_the_document_written_whole(tmp_path, names):
    records = [(name, {"n": i, "nested": {"a": [1, 2]}}) for i, name in enumerate(names)]
    path = tmp_path / "deep" / "report.json"
    stream_document(path, {"inParity": not names}, iter(records), lambda: {"totals": {"csv": {}}, "x": [1]})
    expected = {
        "summary": {"inParity": not names},
        **{name: [r for n, r in records if n == name] for name in ("mismatched", "missingInDb", "missingInCsv")},
        "totals": {"csv": {}},
        "x": [1],
    }
    text = path.read_text()
    assert json.loads(text) == expected
    assert list(json.loads(text)) == list(expected)
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]  # no temp file left behind


def test_report_file_holds_every_record_while_memory_keeps_a_sample(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(n) for n in range(1, 9)])
    insert_event(db_empty, 1, tokens_in=1)
    insert_event(db_empty, 20)
    request = ParityRequest(files=[(export, "usage.csv")], window=Window.parse("2025-09-01", "2025-10-01"))
    whole = run_parity(request, db_empty)
    streamed = run_parity(request, db_empty, output=tmp_path / "r.json")
    written = json.loads((tmp_path / "r.json").read_text())
    for name in ("mismatched", "missingInDb", "missingInCsv"):
        assert written[name] == whole.document[name]
    assert len(written["missingInDb"]) == 7 and len(streamed.comparison.missing_in_db) == 5
    assert streamed.comparison.counts["missingInDb"] == 7
    assert "missingInDb" not in streamed.document
    assert written["summary"] | {"generatedAt": None} == whole.document["summary"] | {"generatedAt": None}


def test_bytes_that_are_not_utf8_name_their_line(db_empty, tmp_path):
    path = write_csv(tmp_path / "latin1.csv", [usage(3), usage(4)])
    path.write_bytes(path.read_bytes().replace(b"proj_A", b"proj_\xe9", 1))
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 1 and report is None
    assert f"{path}:2: not UTF-8" in result.stderr


def test_malformed_quoting_is_a_bad_row(db_empty, tmp_path):
    path = write_csv(tmp_path / "quotes.csv", [usage(3), usage(4), usage(5)])
    lines = path.read_text().splitlines(keepends=True)
    lines[2] = lines[2].replace("proj_A", '"proj_A"x', 1)
    path.write_text("".join(lines))
    result, _ = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW)
    assert result.exit_code == 1
    assert f"{path}:3: malformed CSV" in result.stderr
    result, report = parity(db_empty, tmp_path, "--csv", str(path), *WINDOW, "--skip-bad-rows")
    assert result.exit_code == 2 and report is not None
    assert [(b["line"], b["error"].split(":")[0]) for b in report["badRows"]] == [(3, "malformed CSV")]
    assert report["summary"]["missingInDb"] == 2


def test_progress_bar_does_not_change_the_result(db_empty, real_export, capsys):
    request = ParityRequest(
        files=[(real_export, "export.csv")], window=Window.parse("2025-09-01", "2025-10-02"), progress=True
    )
    outcome = run_parity(request, db_empty)
    assert outcome.comparison.counts["missingInDb"] == 31
    assert capsys.readouterr().out == ""  # the bar goes to stderr only


# --- the bulk path (raw COPY + one set-based convert) stages exactly what the reader would ----------


def _staged(url: str, path: Path, *, bulk_path: bool) -> tuple[bool, list[tuple]]:
    from reconcile.parity import bulk, queries
    from reconcile.parity.reader import read_export

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(queries.stage_table())
        took = bulk.stage_file(conn, path, "x.csv") if bulk_path else False
        if not bulk_path:
            with conn.cursor() as cur, cur.copy(queries.copy_stage()) as copy:
                for row in read_export(path, "x.csv", bad_rows=None):
                    copy.write_row(row)
        rows = conn.execute("SELECT * FROM pg_temp.parity_csv ORDER BY line").fetchall()
    return took, rows


def test_bulk_path_stages_what_the_reader_stages(db_empty, tmp_path):
    odd = usage(4, batch="1", tier=" flex ", input_tokens=7)
    odd.update(output_tokens="4", input_cached_tokens="", input_audio_tokens=" 2.00 ", num_model_requests="1e1")
    odd.update(start_time="", project_id="proj_B\t", batch=" TRUE")
    nulls = usage(5, batch="", model="gpt-4.0")
    nulls.update(project_id="", user_id="", api_key_id="", service_tier="")
    cases = {
        "24": write_csv(tmp_path / "a.csv", [usage(3), odd, nulls, empty_day(6)]),
        "26": write_csv(tmp_path / "b.csv", [usage(3), odd, empty_day(6)], header=HEADER_26),
        "4": write_csv(tmp_path / "c.csv", [empty_day(1), empty_day(2)], header=HEADER_EMPTY),
        "crlf+bom": write_csv(tmp_path / "d.csv", [usage(3), odd], bom=True, crlf=True),
        "spaces only": write_csv(tmp_path / "e.csv", [usage(3, tier=" flex ", batch=" True", model="gpt 5 ")]),
    }
    for name, path in cases.items():
        took, bulk_rows = _staged(db_empty, path, bulk_path=True)
        assert took, name
        assert bulk_rows == _staged(db_empty, path, bulk_path=False)[1], name


def test_bulk_path_leaves_to_the_reader_what_it_cannot_vouch_for(db_empty, tmp_path):
    quoted = write_csv(tmp_path / "q.csv", [usage(3)], quote_all=True)
    fraction = write_csv(tmp_path / "f.csv", [usage(3), usage(4) | {"output_tokens": "1.5"}])
    negative = write_csv(tmp_path / "n.csv", [usage(3) | {"output_tokens": "-1"}])
    bad_batch = write_csv(tmp_path / "b.csv", [usage(3, batch="yes")])
    no_dimension = write_csv(
        tmp_path / "d.csv", [usage(3) | {"project_id": "", "user_id": "", "api_key_id": "", "model": ""}]
    )
    for path in (quoted, fraction, negative, bad_batch, no_dimension, _bad_export(tmp_path, "unparseable time")):
        took, rows = _staged(db_empty, path, bulk_path=True)
        assert (took, rows) == (False, []), path.name


# --- the per-day Markdown beside the JSON report ------------------------------------------------


def day_table(markdown: str) -> dict[str, tuple[int, int, int]]:
    """The per-day table of the Markdown report: day -> (missing in DB, missing in CSV, mismatched)."""
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0][:4].isdigit():
            rows[cells[0]] = (int(cells[1]), int(cells[2]), int(cells[3]))
    return rows


def days_in(report: dict) -> dict[str, tuple[int, int, int]]:
    """The same counts, from the JSON report's own lists."""
    counts: dict[str, list[int]] = {}
    for i, name in enumerate(("missingInDb", "missingInCsv", "mismatched")):
        for record in report[name]:
            start = (record["csv"] if name == "mismatched" else record)["windowStartIso"]
            counts.setdefault(start[:10], [0, 0, 0])[i] += 1
    return {d: (a, b, c) for d, (a, b, c) in counts.items()}


def test_per_day_markdown_of_the_real_export_sums_to_the_json(db_empty, real_export, tmp_path):
    key_id = scalar(db_empty, "SELECT min(id) FROM provider_keys")
    args = ["--csv", str(real_export), *WINDOW]
    applied, _ = parity(db_empty, tmp_path, *args, "--backfill", "--key-id", str(key_id), "--apply")
    assert applied.exit_code == 0, applied.output
    with psycopg.connect(db_empty, autocommit=True) as conn:  # one of each difference, on known days
        conn.execute("UPDATE usage_events SET tokens_in = tokens_in + 1 WHERE window_start = '2025-09-02'")
        conn.execute("DELETE FROM usage_events WHERE window_start = '2025-09-05'")
    insert_event(db_empty, 3, key_id=key_id)

    result, report = parity(db_empty, tmp_path, *args)

    assert result.exit_code == 2 and report is not None
    markdown_file = tmp_path / "report.md"
    assert f"per day: {markdown_file}" in result.output
    assert markdown_file.stat().st_mode & 0o777 == 0o600
    markdown = markdown_file.read_text()
    table = day_table(markdown)
    assert len(table) == 31 and min(table) == "2025-09-01" and max(table) == "2025-10-01"  # every day of WINDOW
    head = report["summary"]
    sums = tuple(sum(row[i] for row in table.values()) for i in range(3))
    assert sums == (head["missingInDb"], head["missingInCsv"], head["mismatched"])
    assert head["missingInDb"] >= 1 and head["missingInCsv"] == 1 and head["mismatched"] >= 1
    assert {d: c for d, c in table.items() if any(c)} == days_in(report)
    assert table["2025-09-03"][1] == 1 and table["2025-09-02"][2] >= 1 and table["2025-09-05"][0] >= 1
    assert f"| **total** | {sums[0]} | {sums[1]} | {sums[2]} |" in markdown
    chart = markdown.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert chart.startswith("xychart-beta\n")
    bars = [line.strip() for line in chart.splitlines() if line.strip().startswith("bar ")]
    ordered = [table[d] for d in sorted(table)]
    assert bars == [
        "bar [" + ", ".join(str(a + b + c) for a, b, c in ordered) + "]",
        "bar [" + ", ".join(str(a + b) for a, b, _ in ordered) + "]",
        "bar [" + ", ".join(str(a) for a, _, _ in ordered) + "]",
    ]


def test_per_day_markdown_when_in_parity_has_zero_rows_and_no_missing_days(db_empty, tmp_path):
    export = write_csv(tmp_path / "usage.csv", [usage(3)])
    insert_event(db_empty, 3)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), "--from", "2025-09-01", "--to", "2025-09-04")
    assert result.exit_code == 0 and report is not None
    table = day_table((tmp_path / "report.md").read_text())
    assert table == {f"2025-09-0{n}": (0, 0, 0) for n in (1, 2, 3)}
