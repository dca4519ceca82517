"""Rules on the text an editor writes, before anything renders it: merge-conflict markers, table rows that do not
match their header, pages past the size cap, and — with the HTML policy's own tables (kbtools/htmlpolicy.py) — raw
HTML, attribute lists and link targets. `make check` and the build's publish guard both run them (kbtools/rules.py),
so a problem is named at its line before a page is ever rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from macros import templatecheck, urls, yamlsource
from macros.data import Trusted

from . import htmlpolicy

#: The largest page or reply, in bytes of Markdown (the longest runbook today is about 40 KB).
MAX_PAGE_BYTES = 200 * 1024
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
#: An autolink (<https://…>, <name@example.com>): Markdown's, not an HTML tag.
AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: Link targets in Markdown: [text](target "title"), ![alt](target), and reference definitions [id]: target.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def conflict_markers(rel: str, text: str) -> Iterator[tuple[int, str]]:
    """Lines git wrote for a merge it could not finish: both sides would be published (or the data misread)."""
    yield from yamlsource.conflict_markers(text)


def size(text: str) -> Iterator[tuple[int, str]]:
    length = len(text.encode("utf-8"))
    if length > MAX_PAGE_BYTES:
        yield 1, f"the file is {length:,} bytes of Markdown, over the limit of {MAX_PAGE_BYTES:,} — split it into pages that each answer one task"


def prose_lines(text: str, keep_code: bool = False) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every line outside fenced code, inline code removed (where markup is only text)
    unless ``keep_code`` (a heading's id is made from its code too)."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif line.strip().startswith(fence * 3):
                fence = None
            continue
        if fence is None:
            yield number, line if keep_code else INLINE_CODE.sub("", line)


def _cells(row: str) -> int:
    """How many cells Python-Markdown's table extension reads in a row (escaped pipes and code spans are not borders)."""
    row = INLINE_CODE.sub("x", row.strip()).replace("\\|", "x")
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return row.count("|") + 1


def table_rows(text: str) -> Iterator[tuple[int, str]]:
    """A body row with more or fewer cells than its header: Markdown drops the extra cells, or leaves holes, silently."""
    lines = list(prose_lines(text))
    index = 0
    while index < len(lines) - 1:
        number, header = lines[index]
        rule_number, rule = lines[index + 1]
        indent = len(header) - len(header.lstrip())
        if "|" in header and rule_number == number + 1 and TABLE_RULE.match(rule.strip()) and "-" in rule:
            wanted = _cells(header)
            index += 2
            while index < len(lines) and lines[index][1].strip() and "|" in lines[index][1] and lines[index][0] == lines[index - 1][0] + 1:
                row_number, row = lines[index]
                if len(row) - len(row.lstrip()) < indent:
                    break
                have = _cells(row)
                if have != wanted:
                    more = "more" if have > wanted else "fewer"
                    yield (
                        row_number,
                        (
                            f"this table row has {have} cells and the header {wanted}: {more} than the header "
                            f"({'the extra cells would be dropped' if have > wanted else 'the missing cells would be left empty'}) — "
                            "make every row match the header (write \\| for a | inside a cell)"
                        ),
                    )
                index += 1
            continue
        index += 1


#: Markdown syntax of extensions the site does not load (mkdocs.yml, "# Extensions"): each would be published as the
#: literal characters. They were dropped because no page used them and each costs every page a pass (build-cost.md).
UNSUPPORTED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\[\^[^\]\s]+\]"), "a footnote ([^1]) is not supported here — put the note in the sentence, or in an admonition (!!! note)"),
    (re.compile(r"^:[ \t]+\S"), "a definition list (a line starting ': ') is not supported here — use a bulleted list: '- **Term**: meaning'"),
    (re.compile(r"\+\+[\w-]+(?:\+[\w-]+)*\+\+"), "keyboard keys (++ctrl+c++) are not supported here — write the keys in code: `Ctrl+C`"),
)
#: pymdownx.inlinehilite's language prefix in inline code: `#!python x`.
INLINE_HILITE = re.compile(r"`+#!\w")


def unsupported(text: str) -> Iterator[tuple[int, str]]:
    """Syntax of a Markdown extension the site does not load: footnotes, definition lists, keys, inline highlighting."""
    for number, line in prose_lines(text, keep_code=True):
        if INLINE_HILITE.search(line):
            yield number, "inline code with a language (`#!python …`) is not supported here — write plain inline code, or a fenced block"
        bare = INLINE_CODE.sub("", line)
        for pattern, message in UNSUPPORTED:
            if pattern.search(bare):
                yield number, message


def reply_markup(text: str) -> Iterator[tuple[int, str]]:
    """A reply is plain text a customer reads in an email, a chat or a post: an HTML tag in it is a mistake."""
    for number, line in prose_lines(text):
        if "<" in line:
            for tag, _ in htmlpolicy.start_tags(AUTOLINK.sub("", line)):
                yield number, f"the HTML tag <{tag}> in a reply — replies are plain text sent to customers: write the words, not markup"


def markup(text: str, trusted: Trusted) -> Iterator[tuple[int, str]]:
    """Raw HTML, attribute lists and link targets in a page's Markdown that the HTML policy would refuse once rendered
    (front matter is data, checked by the page contract)."""
    lines = text.splitlines()
    body_from = templatecheck.body_offset(lines)
    for number, line in prose_lines(text):
        if number <= body_from:
            continue
        if "<" in line:
            bare = AUTOLINK.sub("", line)
            for tag, attrs in htmlpolicy.start_tags(bare):
                for refusal in htmlpolicy._tag_refusals(tag, attrs, trusted):
                    yield number, refusal.message
        if "{" in line:
            for refusal in htmlpolicy.attr_list_refusals(line):
                yield number, refusal.message
        if "](" in line or "]:" in line or "<" in line:
            targets = [m.group(1) for m in LINK.finditer(line)] + [m.group(1) for m in REFERENCE.finditer(line)]
            targets += [m.group(0)[1:-1] for m in AUTOLINK.finditer(line) if ":" in m.group(0) and "@" not in m.group(0).split(":", 1)[0]]
            for target in targets:
                wrong = urls.problem(target, trusted.hosts, trusted.emails, trusted.example_domains)
                if wrong:
                    yield number, wrong
