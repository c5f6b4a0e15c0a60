"""Families imported at first use: ddl's MODULE_OF must name, for every kind, the one
module whose BUILDERS hold its builders, and every builder must be found through it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import reconcile.ddl as ddl
from reconcile.diff.change import Action, Kind


def _all_builders() -> dict[tuple[Action, Kind], tuple[str, object]]:
    out: dict[tuple[Action, Kind], tuple[str, object]] = {}
    for info in pkgutil.iter_modules(ddl.__path__):
        module = importlib.import_module(f"reconcile.ddl.{info.name}")
        for key, fn in getattr(module, "BUILDERS", {}).items():
            assert key not in out, f"{key} registered by {out[key][0]} and {info.name}"
            out[key] = (info.name, fn)
    return out


def test_every_builder_is_found_through_the_module_of_its_kind():
    builders = _all_builders()
    assert len(builders) > 40
    for (action, kind), (module, fn) in builders.items():
        assert ddl.MODULE_OF[kind] == module
        assert ddl.builder(action, kind) is fn
    assert set(ddl.MODULE_OF) == {kind for _, kind in builders}


def test_a_pair_without_a_builder_is_a_key_error():
    builders = _all_builders()
    missing = [(a, k) for a in Action for k in Kind if (a, k) not in builders]
    assert missing
    for action, kind in missing:
        with pytest.raises(KeyError):
            ddl.builder(action, kind)


def test_every_module_that_registers_a_differ_is_imported_before_a_differ_is_looked_up():
    from reconcile.diff import objects

    source = Path(objects.__file__).parent
    calls = re.compile(r"^@?differ\(", re.M)  # as a decorator or called
    registering = {f"reconcile.diff.{f.stem}" for f in source.glob("*.py") if calls.search(f.read_text())}
    assert registering and registering == set(objects.MODULES)
    assert objects.differ_of("enum") is objects.DIFFERS["enum"]
    assert objects.differ_of("no such kind") is None
