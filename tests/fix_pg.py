"""Server-version requirements as a marker, the psycopg way: `@pytest.mark.pg(">= 18")`.

A test whose requirement the test server does not meet is skipped with the reason, not
branched on inside the test.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

import psycopg
import pytest

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", 'pg(spec): run only on servers matching spec, e.g. pg(">= 18")')


def satisfied(spec: str, server_version: int) -> bool:
    m = re.fullmatch(r"\s*(>=|<=|==|>|<)\s*(\d+)\s*", spec)
    if not m:
        raise ValueError(f"bad pg marker spec {spec!r}; use e.g. '>= 18'")
    return _OPS[m.group(1)](server_version // 10000, int(m.group(2)))


@pytest.fixture(scope="session")
def server_major(server_url: str) -> int:
    with psycopg.connect(server_url) as conn:
        return conn.info.server_version


@pytest.fixture(autouse=True)
def _pg_requirement(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("pg")
    if marker is None:
        return
    version = request.getfixturevalue("server_major")
    if not satisfied(marker.args[0], version):
        pytest.skip(f"needs PostgreSQL {marker.args[0]}; the test server is {version // 10000}")
