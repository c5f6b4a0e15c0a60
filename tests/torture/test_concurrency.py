"""Eight applies at once on one database, drift and parity alongside: exactly one applies, none hangs."""

from __future__ import annotations

import time

import pytest

from ..helpers import DESIRED
from .conftest import STATS, one_line_error, spawn
from .invariants import assert_converged, original_rows
from .test_hostile import FIXTURE
from .test_kill import FORWARD, prepare

pytestmark = pytest.mark.torture
LOCK_WAIT = 20.0


def test_eight_applies_with_drift_and_parity_at_once(make_db, tmp_path, torture_scale):
    for _ in range(torture_scale(1)):
        url = make_db()
        max_id = prepare(url, "0002")
        before = original_rows(url, max_id)
        started = time.monotonic()
        applies = [
            spawn(*FORWARD[:-1], str(LOCK_WAIT), "--database-url", url)  # FORWARD ends with --lock-wait 60
            for _ in range(8)
        ]
        drifts = [spawn("drift", "--spec", str(DESIRED), "--database-url", url) for _ in range(2)]
        parity = spawn(
            "parity", "--csv", FIXTURE, "--from", "2025-09-01", "--to", "2025-10-02",
            "--output", tmp_path / "parity.json", "--database-url", url,
        )  # fmt: skip
        results = []
        for proc in [*applies, *drifts, parity]:
            out, err = proc.communicate(timeout=LOCK_WAIT + 60)
            results.append((proc.returncode, out, err, time.monotonic() - started))
        STATS["faults"] += 1
        outs = results[:8]
        applied = [r for r in outs if "outcome=applied" in r[1]]
        assert len(applied) == 1, outs
        for code, out, err, _ in outs:
            assert code in (0, 3), out + err
            assert "Traceback" not in err
            if code == 3:
                assert one_line_error(err), err
        for code, out, err, _ in results[8:10]:
            assert code in (0, 2), out + err  # in sync, apply in progress, or drift seen before the apply
            assert "Traceback" not in err
        code, out, err, _ = results[10]  # parity: before the apply its columns do not exist yet
        assert code in (0, 2) or (code == 1 and one_line_error(err)), out + err
        assert max(r[3] for r in results) < LOCK_WAIT + 60
        assert_converged(url, str(DESIRED), max_id, before)
        STATS["converged"] += 1
