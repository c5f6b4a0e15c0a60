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
        {"sequence": "s", "type": "numeric"},
        {"sequence": "s", "schema": "billing", "owned_by": "public.t.id"},
    ],
)
def test_bad_sequence_fields_are_refused_at_load(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SequenceSpec.model_validate(data)


def test_a_recorded_sequence_is_checked() -> None:
    good = {"schema": "public", "name": "s", "increment": 1, "minvalue": 1, "maxvalue": 9, "start": 1,
            "cache": 1, "cycle": False, "owned_by": ""}  # fmt: skip
    assert Sequence.from_dict(good) == Sequence("public", "s", 1, 1, 9, 1, 1, False, "")
    bad_ones = (
        {**good, "cycle": "no"},
        {**good, "start": "1; DROP TABLE t"},
        {**good, "extra": 1},
        {**good, "data_type": "integer; DROP TABLE t"},
        {**good, "owned_by": "s.t.c"},
    )
    for bad in bad_ones:
        with pytest.raises(ValueError):
            Sequence.from_dict(bad)
    small = Sequence.from_dict({**good, "data_type": "smallint"})
    assert small.data_type == "smallint" and Sequence.from_dict(small.to_dict()) == small
    assert "data_type" not in Sequence.from_dict(good).to_dict()  # bigint: the canonical form of before


def test_an_owner_is_in_the_sequence_s_schema() -> None:
    with pytest.raises(ValidationError, match="own schema"):
        SequenceSpec.model_validate({"sequence": "s", "schema": "billing", "owned_by": "public.t.id"})
    spec = SequenceSpec.model_validate({"sequence": "s", "schema": "billing", "owned_by": "billing.t.id"})
    assert spec.owner() == ("billing", "t", "id")


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


def test_a_type_too_narrow_for_the_current_value_fails_its_step_and_changes_nothing(db_url, tmp_path) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE SEQUENCE s")
        conn.execute("SELECT setval('s', 40000)")
    spec = write_spec(tmp_path / "spec", s="sequence: s\ntype: smallint\n")
    applied = cli("apply", "--spec", spec, "--database-url", db_url, "--auto-approve")
    assert applied.exit_code == 1, applied.output + applied.stderr
    assert (
        scalar(db_url, "SELECT format_type(seqtypid, NULL) || ' ' || nextval('s') FROM pg_sequence") == "bigint 40001"
    )
