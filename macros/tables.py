"""Markdown output for the macros: HTML-escaped table cells, an inputs line, and a computed-for note."""

from __future__ import annotations

import html
from collections.abc import Sequence


def cell(value: object) -> str:
    """Escape a value for a Markdown table cell: HTML entities, and no pipes or Markdown emphasis."""
    text = html.escape(str(value), quote=True)
    for char, entity in (("|", "&#124;"), ("*", "&#42;"), ("_", "&#95;"), ("`", "&#96;"), ("[", "&#91;"), ("]", "&#93;")):
        text = text.replace(char, entity)
    return text.replace("\n", " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: Sequence[str] | None = None) -> str:
    """A Markdown table; ``align`` holds ``l`` or ``r`` per column (money columns align right)."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def inputs(pairs: Sequence[tuple[str, object]]) -> str:
    """One line listing a worked example's inputs, so a reader can redo the arithmetic."""
    return "**Inputs:** " + "; ".join(f"{cell(name)}: {cell(value)}" for name, value in pairs) + "."


def computed_for(as_of: str, how: str, fixed: bool = False) -> str:
    """The note under every table: the date it was computed for, why that date, and whether the page fixed its dates."""
    tail = "; this example's own dates are fixed on the page" if fixed else "; dates move with it"
    return f'<p class="kb-computed" markdown="0">Computed for {cell(as_of)} ({cell(how)}){cell(tail)}.</p>'


def block(*parts: str) -> str:
    """Join Markdown parts with blank lines; every macro returns one block."""
    return "\n\n".join(part for part in parts if part) + "\n"
