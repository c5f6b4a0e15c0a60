"""Extensions: spec errors at load, recorded ones checked, an undeclared schema/version follows the
target, a version changed by hand is drift, an extension the spec does not name is left alone."""

from __future__ import annotations

import psycopg
import pytest
from pydantic import ValidationError

from reconcile.catalog.extensions import Extension
from reconcile.spec.extensions import ExtensionSpec

from .helpers import cli, write_spec


@pytest.mark.parametrize(
    "data",
    [
        {"extension": "cube", "version": "1.4'; DROP TABLE t; --"},
        {"extension": "cube", "version": "1.4", "absent": True},
        {"extension": "cube", "cascade": True},
    ],
)
def test_bad_extension_fields_are_refused_at_load(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ExtensionSpec.model_validate(data)


def test_a_recorded_extension_is_checked() -> None:
    assert Extension.from_dict({"schema": "public", "name": "cube", "version": "1.5"}) == Extension(
        "public", "cube", "1.5"
    )
    with pytest.raises(ValueError):
        Extension.from_dict({"schema": "public", "name": "cube", "version": "1'; --"})
    with pytest.raises(ValueError):
        Extension.from_dict({"schema": "public", "name": "cube", "version": "1.5", "cascade": "yes"})


def test_undeclared_schema_and_version_follow_the_target_and_drift_sees_a_pinned_one(db_url, tmp_path) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA ext")
        conn.execute("CREATE EXTENSION seg SCHEMA ext VERSION '1.3'")
        conn.execute("CREATE EXTENSION cube VERSION '1.4'")
    spec = write_spec(tmp_path / "spec", seg="extension: seg", cube='extension: cube\nversion: "1.4"')
    plan = cli("plan", "--spec", spec, "--database-url", db_url, "--detailed-exitcode")
    assert plan.exit_code == 0 and "No changes" in plan.output, plan.output + plan.stderr
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("ALTER EXTENSION cube UPDATE TO '1.5'")
        conn.execute("CREATE EXTENSION hstore")  # not in the spec: left alone
    drift = cli("drift", "--spec", spec, "--database-url", db_url)
    assert drift.exit_code == 2, drift.output
    plan = cli("plan", "--spec", spec, "--database-url", db_url)
    assert "ALTER EXTENSION \"cube\" UPDATE TO '1.4'" in plan.output, plan.output
    assert "hstore" not in plan.output and "seg" not in plan.output
