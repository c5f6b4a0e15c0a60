"""Split migration SQL into statements, each with the line it starts on.

Knows what hides a `;`: quotes ('...', E'...', "..."), dollar quotes, `--` and nested `/* */`
comments, and SQL-standard function bodies (BEGIN ATOMIC ... END). drizzle's
`--> statement-breakpoint` comment also ends a statement. Everything else is left to PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

BREAKPOINT = "--> statement-breakpoint"
_DOLLAR = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$")
_WORD = re.compile(r"[A-Za-z_\x80-\uffff][A-Za-z0-9_$\x80-\uffff]*")


@dataclass(frozen=True)
class Statement:
    line: int  # 1-based line of its first character
    text: str


def _line_comment(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _block_comment(text: str, i: int) -> int:
    depth, i = 1, i + 2
    while depth and i < len(text):
        if text.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("*/", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return i


def _quoted(close: str, backslash: bool) -> Callable[[str, int], int]:
    def scan(text: str, i: int) -> int:
        i += 1
        while i < len(text):
            if backslash and text[i] == "\\":
                i += 2
            elif text[i] == close:
                if not text.startswith(close * 2, i):
                    return i + 1
                i += 2
            else:
                i += 1
        return i

    return scan


def _dollar(text: str, i: int) -> int:
    match = _DOLLAR.match(text, i)
    assert match is not None
    end = text.find(match.group(0), match.end())
    return len(text) if end < 0 else end + len(match.group(0))


def _scanner(text: str, i: int) -> Callable[[str, int], int] | None:
    """The scanner of the token starting at i that may hide a `;`, if any."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    if text.startswith("--", i):
        return _line_comment
    if text.startswith("/*", i):
        return _block_comment
    if ch == "'":
        return _quoted("'", prev in "eE" and not (text[i - 2 : i - 1].isalnum() if i > 1 else False))
    if ch == '"':
        return _quoted('"', False)
    if ch == "$" and not (prev.isalnum() or prev in "_$") and _DOLLAR.match(text, i):
        return _dollar
    return None


class _Splitter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[Statement] = []
        self.start: int | None = None
        self.atomic = 0  # nesting inside BEGIN ATOMIC ... END
        self.last_word = ""

    def run(self) -> list[Statement]:
        i = 0
        while i < len(self.text):
            i = self.step(i)
        self.emit(len(self.text))
        return self.out

    def step(self, i: int) -> int:
        text = self.text
        scanner = _scanner(text, i)
        if scanner is not None:
            end = scanner(text, i)
            if scanner is _line_comment and text.startswith(BREAKPOINT, i):
                self.emit(i)
            elif scanner not in (_line_comment, _block_comment) and self.start is None:
                self.start = i
            return end
        if text[i] == ";" and not self.atomic:
            self.emit(i + 1)
            return i + 1
        if text[i].isspace():
            return i + 1
        if self.start is None:
            self.start = i
        word = _WORD.match(text, i)
        if word is None:
            return i + 1
        self.track(word.group(0).lower())
        return word.end()

    def track(self, word: str) -> None:
        if word == "atomic" and self.last_word == "begin" or self.atomic and word == "case":
            self.atomic += 1
        elif self.atomic and word == "end":
            self.atomic -= 1
        self.last_word = word

    def emit(self, end: int) -> None:
        if self.start is not None:
            body = self.text[self.start : end].strip()
            if body.strip(";").strip():
                self.out.append(Statement(self.text.count("\n", 0, self.start) + 1, body))
        self.start = None
        self.atomic = 0
        self.last_word = ""


def split(text: str) -> list[Statement]:
    """The statements of `text` in order; comments between statements dropped."""
    return _Splitter(text).run()
