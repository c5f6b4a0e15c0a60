"""Parity never double-counts (issue 15, item 7): a bucket row repeated exactly, or the same export
given twice under two names, is reported with file:line and refused unless --duplicates says how."""

from __future__ import annotations

import shutil

import pytest

from . import test_parity
from .helpers import scalar
from .test_parity import WINDOW, insert_event, parity, usage, write_csv

db_empty = test_parity.db_empty  # the fixture: a 0003 database with an empty usage_events


def _backfill(url: str) -> list[str]:
    return [*WINDOW, "--backfill", "--key-id", str(scalar(url, "SELECT min(id) FROM provider_keys")), "--apply"]


def test_a_repeated_bucket_row_is_refused_with_its_file_and_line(db_empty, tmp_path):
    export = write_csv(tmp_path / "a.csv", [usage(3, input_tokens=40), usage(4), usage(3, input_tokens=40)])
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), *_backfill(db_empty))
    assert result.exit_code == 3, result.output
    assert f"{export}:4 repeats the bucket of {export}:2" in result.output
    assert scalar(db_empty, "SELECT count(*) FROM usage_events") == 0


def test_the_same_export_under_two_names_is_refused(db_empty, tmp_path):
    export = write_csv(tmp_path / "a.csv", [usage(3, input_tokens=40), usage(4)])
    copy = tmp_path / "copy.csv"
    shutil.copy(export, copy)
    result, _ = parity(db_empty, tmp_path, "--csv", str(export), "--csv", str(copy), *_backfill(db_empty))
    assert result.exit_code == 3 and f"{copy}: the same export as {export}" in result.output
    assert scalar(db_empty, "SELECT count(*) FROM usage_events") == 0


@pytest.mark.parametrize(("mode", "tokens"), [("first", 40), ("sum", 80)])
def test_duplicates_counted_as_the_user_says(db_empty, tmp_path, mode, tokens):
    export = write_csv(tmp_path / "a.csv", [usage(3, input_tokens=40)])
    copy = tmp_path / "copy.csv"
    shutil.copy(export, copy)
    args = ["--csv", str(export), "--csv", str(copy), *_backfill(db_empty), "--duplicates", mode]
    result, report = parity(db_empty, tmp_path, *args)
    assert result.exit_code == 0, result.output
    assert scalar(db_empty, "SELECT sum(tokens_in) FROM usage_events") == tokens


@pytest.mark.parametrize(("mode", "code"), [("refuse", 3), ("sum", 2), ("first", 0)])
def test_a_repeated_row_that_matches_the_database_is_still_found(db_empty, tmp_path, mode, code):
    """Both copies match the one database row: the diff sees it as one bucket joined twice."""
    insert_event(db_empty, 3)
    export = write_csv(tmp_path / "a.csv", [usage(3), usage(4), usage(3)])
    insert_event(db_empty, 4)
    result, report = parity(db_empty, tmp_path, "--csv", str(export), *WINDOW, "--duplicates", mode)
    assert result.exit_code == code, result.output
    if mode == "refuse":
        assert f"{export}:4 repeats the bucket of {export}:2" in result.output
    else:
        assert report is not None and report["summary"]["csvBuckets"] == 2
        assert report["totals"]["csv"]["input_tokens"] == (300 if mode == "sum" else 200)


@pytest.mark.parametrize("count", [1, 2])
def test_an_unreadable_export_is_named_with_or_without_others(tmp_path, count):
    """One file is not digested (nothing to repeat), but is refused the same way when unreadable."""
    from reconcile.errors import InputError
    from reconcile.parity.duplicates import same_files

    ok = write_csv(tmp_path / "ok.csv", [usage(3)])
    files = [(tmp_path / "gone.csv", "gone.csv")] + [(ok, "ok.csv")] * (count - 1)
    with pytest.raises(InputError) as caught:
        same_files(files, "refuse")
    assert str(caught.value).startswith("gone.csv") and "cannot read: No such file or directory" in str(caught.value)
    assert same_files([(ok, "ok.csv")], "refuse") == [(ok, "ok.csv")]
