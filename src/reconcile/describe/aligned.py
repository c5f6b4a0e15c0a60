"""psql's default `aligned` table format (border 1, ascii lines), reproduced byte for byte.

Only left-aligned columns, which is all `\\d` and the runbook's index check need. Cell text is
escaped and measured as psql does for a UTF-8 client: newlines split a cell into lines, tabs
expand to the next multiple of 8, other control characters print as `\\xNN` (or `\\uNNNN`), and
East Asian wide characters count two columns, non-spacing marks none.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me"):  # psql 15: non-spacing marks only (U+200B is 1)
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def format_lines(text: str) -> list[tuple[str, int]]:
    """Split one cell into its display lines, escaped as psql shows them, each with its width."""
    lines: list[tuple[str, int]] = []
    out: list[str] = []
    width = 0
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            lines.append(("".join(out), width))
            out, width = [], 0
        elif ch == "\r":
            out.append("\\r")
            width += 2
        elif ch == "\t":
            while True:
                out.append(" ")
                width += 1
                if width % 8 == 0:
                    break
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02X}")
            width += 4
        elif 0x80 <= code < 0xA0:
            out.append(f"\\u{code:04X}")
            width += 6
        else:
            out.append(ch)
            width += _char_width(ch)
    lines.append(("".join(out), width))
    return lines


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    footers: Sequence[str] = (),
) -> str:
    """The text psql prints for a result: title, header, rule, rows, footers, blank line."""
    ncols = len(headers)
    head = [format_lines(h) for h in headers]
    body = [[format_lines(cell) for cell in row] for row in rows]
    widths = [max((w for _, w in head[j]), default=0) for j in range(ncols)]
    for row in body:
        for j, cell in enumerate(row):
            widths[j] = max(widths[j], max(w for _, w in cell))

    out: list[str] = []
    if title is not None:
        total = ncols * 3 - 1 + sum(widths)
        twidth = max(w for _, w in format_lines(title))  # measured escaped, printed raw
        out.append(" " * max(0, (total - twidth) // 2) + title + "\n")

    out.append(_render_row(head, widths, header=True))
    out.append("+".join("-" * (w + 2) for w in widths) + "\n")
    for row in body:
        out.append(_render_row(row, widths, header=False))
    for footer in footers:
        out.append(footer + "\n")
    out.append("\n")
    return "".join(out)


def _render_row(cells: list[list[tuple[str, int]]], widths: list[int], *, header: bool) -> str:
    ncols = len(widths)
    height = max(len(c) for c in cells)
    out: list[str] = []
    for n in range(height):
        parts: list[str] = []
        for j, cell in enumerate(cells):
            last = j == ncols - 1
            more = n + 1 < len(cell)  # this cell continues on the next line
            piece = " "
            if n < len(cell):
                text, w = cell[n]
                if header:
                    pad = widths[j] - w
                    piece += " " * (pad // 2) + text + " " * ((pad + 1) // 2)
                else:
                    piece += text
                    if not last or more:
                        piece += " " * (widths[j] - w)
            elif not last or header:
                piece += " " * widths[j]
            if more:
                piece += "+"
            elif not last or header:
                piece += " "
            parts.append(piece)
        out.append("|".join(parts) + "\n")
    return "".join(out)


def rows_footer(count: int) -> str:
    """psql's default footer for a query result."""
    return f"({count} row)" if count == 1 else f"({count} rows)"
