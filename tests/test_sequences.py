"""Sequences: spec errors at load, a recorded one checked, a serial look-alike refused naming the file,
and an option change keeps the current value."""

from __future__ import annotations

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.sequences import Sequence
from reconcile.spec.sequences import SequenceSpec

from .helpers import cli, scalar, write_spec


@pytest.mark.parametrize(
    "data",
    [
        {"sequence": "s", "increment": 0},
        {"sequence": "s", "cache": 0},
        {"sequence": "s", "owned_by": "no_column"},
        {"sequence": "s", "max": 2**64},
        {"sequence": "s", "restart": 1},
    ],
)
def test_bad_sequence_fields_are_refused_at_load(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SequenceSpec.model_validate(data)


def test_a_recorded_sequence_is_checked() -> None:
    good = {"schema": "public", "name": "s", "increment": 1, "minvalue": 1, "maxvalue": 9, "start": 1,
            "cache": 1, "cycle": False, "owned_by": ""}  # fmt: skip
    assert Sequence.from_dict(good) == Sequence("public", "s", 1, 1, 9, 1, 1, False, "")
    for bad in ({**good, "cycle": "no"}, {**good, "start": "1; DROP TABLE t"}, {**good, "extra": 1}):
        with pytest.raises(ValueError):
            Sequence.from_dict(bad)


def test_a_sequence_owned_by_the_column_that_calls_it_is_refused(db_url, tmp_path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        t="""
            table: t
            columns:
              - {name: id, type: bigint, default: "nextval('t_ids')"}
        """,
        t_ids="sequence: t_ids\nowned_by: t.id\n",
    )
    result = cli("plan", "--spec", spec, "--database-url", db_url)
    assert result.exit_code == 1, result.output
    assert "t_ids.yaml" in result.output + result.stderr and "serial" in result.output + result.stderr


def test_an_option_change_keeps_the_current_value(db_url, tmp_path) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE SEQUENCE s")
        conn.execute("SELECT setval('s', 41)")
    spec = write_spec(tmp_path / "spec", s="sequence: s\nincrement: 5\nstart: 100\n")
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 0, applied.output + applied.stderr
    assert "RESTART" not in applied.output
    assert scalar(db_url, "SELECT nextval('s')") == 46
