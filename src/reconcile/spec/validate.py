"""`reconcile validate`: every check of a spec set that needs no database (CI, pre-commit).

Loading checks the YAML, keys, types of values, names and references between tables (spec/load.py);
on top of that every SQL expression (defaults, CHECKs, index expressions and WHERE clauses) must be
lexically whole: balanced parentheses, closed quotes, one expression (no `;`). PostgreSQL itself
parses them at plan time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reconcile.errors import SpecError
from reconcile.spec.load import load_spec
from reconcile.spec.model import Spec


def validate(path: str | Path) -> Spec:
    spec = load_spec(path)
    for where, text in _expressions(spec):
        problem = expression_problem(text)
        if problem:
            raise SpecError(f"{problem} in expression {text!r}", location=spec.where(*where))
    return spec


def _expressions(spec: Spec) -> Iterator[tuple[tuple[Any, ...], str]]:
    for t in spec.tables:
        at = (t.schema, t.table)
        for i, col in enumerate(t.columns):
            if col.default is not None:
                yield (*at, "columns", i), col.default
        for i, check in enumerate(t.checks):
            yield (*at, "checks", i), check.expression
        for i, idx in enumerate(t.indexes):
            if idx.where:
                yield (*at, "indexes", i), idx.where
            for key in idx.keys():
                if key.expression:
                    yield (*at, "indexes", i), key.expression


def expression_problem(text: str) -> str | None:
    """Why `text` cannot be one SQL expression, lexically; None when it can."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote and text[i + 1 : i + 2] == quote:
                i += 1  # doubled quote inside a literal or identifier
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == ";":
            return "';' outside quotes (one expression only)"
        elif ch in "()":
            depth += 1 if ch == "(" else -1
            if depth < 0:
                return "unbalanced ')'"
        i += 1
    if quote:
        return f"unclosed {quote}"
    return "unbalanced '('" if depth else None
