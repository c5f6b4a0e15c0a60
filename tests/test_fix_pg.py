"""The pg marker compares major versions."""

from __future__ import annotations

import pytest

from .fix_pg import satisfied


def test_pg_marker_specs_compare_major_versions():
    assert satisfied(">= 18", 180001) and not satisfied(">= 18", 150004)
    assert satisfied("< 16", 150004) and satisfied("== 15", 150010)
    with pytest.raises(ValueError):
        satisfied("~18", 180000)
