"""The macros' output format, one place: HTML-escaped table cells, tables, an inputs line, and a computed-for note.

Tables are written as HTML in the build (``use_html``, set by macros/__init__.py): Python-Markdown stashes a raw HTML
block and runs none of its inline patterns over it, and a page's macro tables were a large share of that pass
(docs/contributing/build-cost.md). The HTML is what Python-Markdown's ``tables`` extension makes of
``markdown_table`` (tests/test_tables.py renders both through the site's Markdown for every table the site's macros
produce): the same cells, alignment, escaping, and the glossary tooltips the ``abbr`` extension would have added, since
it does not look inside raw HTML. Outside the build (golden cases, tools) ``table`` returns the Markdown table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence


class Code(str):
    """A cell value shown as code (a status or decline code as the customer's screen shows it); no backticks inside."""


class Strong(str):
    """A cell value shown in bold (a total)."""


class Link:
    """A cell's link to a page of this site (``../x.md#anchor``) or an https address. A table holding one is written as
    Markdown even in the build: MkDocs rewrites and checks the links Markdown makes, never those in raw HTML."""

    def __init__(self, text: str, target: str) -> None:
        self.text, self.target = text, target


#: A cell: a plain value, a Code, a Strong or a Link, or a tuple of these written one after another.
Cell = object


def _markdown_cell(value: Cell) -> str:
    if isinstance(value, tuple):
        return "".join(_markdown_cell(part) for part in value)
    if isinstance(value, Link):
        return f"[{cell(value.text)}]({value.target})"
    if isinstance(value, Code):
        return f"`{value}`"
    if isinstance(value, Strong):
        return f"**{cell(value)}**"
    return cell(value)


def has_link(value: Cell) -> bool:
    return isinstance(value, Link) or isinstance(value, tuple) and any(has_link(part) for part in value)


def cell(value: object) -> str:
    """Escape a value for a Markdown table cell: HTML entities, and no pipes or Markdown emphasis."""
    text = html.escape(str(value), quote=True)
    for char, entity in (("|", "&#124;"), ("*", "&#42;"), ("_", "&#95;"), ("`", "&#96;"), ("[", "&#91;"), ("]", "&#93;")):
        text = text.replace(char, entity)
    return text.replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: Sequence[str] | None = None) -> str:
    """A Markdown table; ``align`` holds ``l`` or ``r`` per column (money columns align right)."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


class _Output:
    """How ``table`` writes (Markdown unless the build asks for HTML) and the glossary an HTML table marks up."""

    html = False
    glossary: Mapping[str, str] = {}
    matcher: re.Pattern[str] | None = None


def use_html(on: bool, glossary: Mapping[str, str] | None = None) -> None:
    """Write tables as HTML (the build) or Markdown; ``glossary`` maps each spelling to its definition (the tooltips)."""
    _Output.html = on
    _Output.glossary = dict(glossary or {})
    _Output.matcher = glossary_matcher(_Output.glossary)


def glossary_matcher(glossary: Mapping[str, str]) -> re.Pattern[str] | None:
    """The tooltips' one compiled pattern for these spellings (macros/tooltips.py), or None for no glossary."""
    from .tooltips import matcher

    return matcher(tuple(glossary)) if glossary else None


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: Sequence[str] | None = None) -> str:
    """A table; each cell a plain value (escaped: no Markdown inside) or a ``Code``, ``Strong`` or ``Link``; ``align``
    holds ``l`` or ``r`` per column (money columns align right)."""
    if _Output.html and not any(has_link(value) for row in rows for value in row):
        return html_table(headers, rows, align, _Output.glossary, _Output.matcher)
    return markdown_table(headers, rows, align)


#: An ampersand that does not start an entity (Python-Markdown's serializer leaves entities alone).
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def _attribute(text: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer escapes it."""
    return _AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _tooltips(text: str, glossary: Mapping[str, str], found: re.Pattern[str] | None) -> str:
    """Wrap each glossary spelling in an escaped cell's text in ``<abbr title>``, as the ``abbr`` extension does:
    the longest spelling at a word boundary, matched in the text as Markdown sees it (entities are not words)."""
    if found is None:
        return text
    parts, last = [], 0
    for match in found.finditer(text):
        title = glossary.get(match.group(0))
        if not title:
            continue
        parts += [text[last : match.start()], f'<abbr title="{_attribute(title)}">', match.group(0), "</abbr>"]
        last = match.end()
    return "".join(parts) + text[last:] if parts else text


def _html_cell(value: Cell, glossary: Mapping[str, str], found: re.Pattern[str] | None) -> str:
    if isinstance(value, tuple):
        return "".join(_html_cell(part, glossary, found) for part in value).strip(" ")
    if isinstance(value, Link):
        raise ValueError("a table with a link is written as Markdown, so that MkDocs checks the link")
    if isinstance(value, Code):
        return f"<code>{html.escape(str(value), quote=False)}</code>"
    if isinstance(value, Strong):
        return f"<strong>{_tooltips(cell(value), glossary, found)}</strong>"
    return _tooltips(cell(value).strip(" "), glossary, found)


def html_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    align: Sequence[str] | None = None,
    glossary: Mapping[str, str] | None = None,
    found: re.Pattern[str] | None = None,
) -> str:
    """The HTML Python-Markdown makes of ``markdown_table(headers, rows, align)``, glossary tooltips included."""
    glossary = glossary or {}
    align = align or ["l"] * len(headers)
    style = ["" if a != "r" else ' style="text-align: right;"' for a in align]

    def row(tag: str, values: Sequence[object]) -> str:
        # Markdown pads a short row with empty cells and drops cells past the header's count.
        cells = [*values, *[""] * (len(headers) - len(values))][: len(headers)]
        inner = "\n".join(f"<{tag}{style[i]}>{_html_cell(v, glossary, found)}</{tag}>" for i, v in enumerate(cells))
        return f"<tr>\n{inner}\n</tr>"

    body = "\n".join(row("td", values) for values in rows)
    return f"<table>\n<thead>\n{row('th', headers)}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


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
