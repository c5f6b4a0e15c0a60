"""plan/scoped.py's `_named_elsewhere` searches the other files joined as one text, after a plain
substring search: it must say True whenever the regex finds a match in any one file (False there
would plan one table where the whole spec differs)."""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

from reconcile.plan.scoped import Scope, _named_elsewhere

PIECES = [b"orders", b"orders_idx", b"xorders", b"orders2", b"$orders", b"\xc3\xa9orders", b"!", b"!=", b"\\",
          b" ", b"\n", b"-", b":", b"a", b"_", b"."]  # fmt: skip


def _per_file(files: dict[str, bytes], edited: set[str], names: set[str]) -> bool:
    """The search as it was: the regex over each other file alone."""
    words = b"|".join(re.escape(n.encode()) for n in sorted(names))
    pattern = re.compile(rb"\\|!(?!=)|(?<![\w$\x80-\xff])(?:" + words + rb")(?![\w$\x80-\xff])")
    return any(pattern.search(data) for name, data in files.items() if name not in edited)


def _spec() -> SimpleNamespace:
    index = SimpleNamespace(name="orders_idx")
    return SimpleNamespace(tables=[SimpleNamespace(table="orders", indexes=[index])])


def test_the_joined_search_finds_whatever_a_file_by_file_search_finds():
    rng = random.Random(18)
    found = missed = 0
    for _ in range(4000):
        files = {f"f{i}.yaml": b"".join(rng.choices(PIECES, k=rng.randint(0, 4))) for i in range(rng.randint(2, 5))}
        state = SimpleNamespace(files=files)
        got = _named_elsewhere(state, Scope("k", ("f0.yaml",)), _spec())  # type: ignore[arg-type]
        want = _per_file(files, {"f0.yaml"}, {"orders", "orders_idx"})
        assert got == want, files
        found, missed = found + want, missed + (not want)
    assert found > 500 and missed > 500
