"""Steps that call a routine the plan creates run after it: a column default, generated column, CHECK or
index expression such as `slug(name)` fails on a database where `slug` does not exist yet.

The routines are found by name in the steps' SQL (PostgreSQL's own rendering: the name bare or quoted,
maybe schema-qualified, then `(`): a name another schema also uses only adds an edge. Routines
themselves are left alone (a body may name a routine it does not call at creation).
"""

from __future__ import annotations

import re
from dataclasses import replace

from reconcile.ddl.functions import called_key

from .model import Step, StepKind

_PREFIX = called_key("")
_CALLERS = (StepKind.CREATE, StepKind.ADD, StepKind.ALTER, StepKind.BUILD)
_BARE = re.compile(r"[a-z_][a-z0-9_$]*")


def _spellings(name: str) -> list[str]:
    quoted = '"' + name.replace('"', '""') + '"'
    return [re.escape(quoted)] + ([re.escape(name)] if _BARE.fullmatch(name) else [])


def after_called_routines(steps: list[Step]) -> list[Step]:
    """`steps`, each that calls a routine another step creates requiring that routine's creation."""
    names = {k.removeprefix(_PREFIX) for s in steps for k in s.provides if k.startswith(_PREFIX)}
    if not names:
        return steps
    spellings = sorted((sp for n in names for sp in _spellings(n)), key=len, reverse=True)
    call = re.compile(rf'(?<![\w$"])({"|".join(spellings)})\s*\(')
    return [_requiring(s, call) for s in steps]


def _requiring(s: Step, call: re.Pattern[str]) -> Step:
    if s.kind not in _CALLERS or any(k.startswith(_PREFIX) for k in s.provides):
        return s
    found = [_name(m.group(1)) for text in s.commands for m in call.finditer(text)]
    if not found:
        return s
    return replace(s, requires=tuple(dict.fromkeys((*s.requires, *(called_key(n) for n in found)))))


def _name(spelled: str) -> str:
    return spelled[1:-1].replace('""', '"') if spelled.startswith('"') else spelled
