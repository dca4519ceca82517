"""The HTML a page may contain: Markdown's own output plus the few tags and attributes our pages, macros and
extensions produce — nothing that runs, embeds, styles or submits.

One home for the policy. The build checks every rendered page with it (kbtools/hooks.py, ``on_page_content``),
and `make check` checks what an editor can write directly — raw HTML and attribute lists in a page's Markdown —
with the same tables (``source_problems``). A refusal names the source file and line, never a position in the
rendered HTML. Two parsers read the rendered page: Python's own, which reports what is wrong, and Ammonia's (``nh3``,
the browser-grade HTML5 parser behind a maintained sanitizer), which must agree that nothing needs removing, so
markup that the two would read differently is refused too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from macros import urls
from macros.data import Trusted

#: Tags a page may contain, and the attributes each may carry besides the global ones.
TAGS: dict[str, frozenset[str]] = {
    tag: frozenset(attrs)
    for tag, attrs in {
        "a": {"href", "title", "type", "rel", "name"},
        "abbr": {"title"},
        "b": set(),
        "blockquote": set(),
        "br": set(),
        "caption": set(),
        "code": set(),
        "col": {"span"},
        "colgroup": {"span"},
        "dd": set(),
        "del": set(),
        "details": {"open"},
        "div": set(),
        "dl": set(),
        "dt": set(),
        "em": set(),
        "figcaption": set(),
        "figure": set(),
        "h1": set(),
        "h2": set(),
        "h3": set(),
        "h4": set(),
        "h5": set(),
        "h6": set(),
        "hr": set(),
        "i": set(),
        "img": {"src", "alt", "width", "height", "loading"},
        # pymdownx.tabbed draws its tabs as radio buttons and labels.
        "input": {"type", "name", "checked"},
        "ins": set(),
        "kbd": set(),
        "label": {"for"},
        "li": {"value"},
        "mark": set(),
        "nav": set(),
        "ol": {"start", "type", "reversed"},
        "p": set(),
        "pre": set(),
        "q": set(),
        "s": set(),
        "small": set(),
        "span": set(),
        "strong": set(),
        "sub": set(),
        "summary": set(),
        "sup": set(),
        "table": set(),
        "tbody": set(),
        "td": {"colspan", "rowspan", "style"},
        "tfoot": set(),
        "th": {"colspan", "rowspan", "style", "scope"},
        "thead": set(),
        "time": {"datetime"},
        "tr": set(),
        "u": set(),
        "ul": set(),
        "var": set(),
    }.items()
}
#: Attributes any allowed tag may carry. ``markdown`` is md_in_html's switch; ``data-*`` is limited below.
GLOBAL = frozenset({"id", "class", "title", "lang", "dir", "hidden", "markdown", "role", "tabindex"})
#: Data attributes our widgets and the search index read.
DATA = re.compile(r"data-(?:kb(?:-[a-z0-9-]+)?|pagefind-[a-z0-9-]+|search-exclude|tabs|md-[a-z0-9-]+)$")
ARIA = re.compile(r"aria-[a-z]+$")
#: The one inline style Markdown writes: a table column's alignment.
STYLE = re.compile(r"text-align:\s*(?:left|right|center);?")
#: Input types tabs use; any other input would be a form field on a page.
INPUT_TYPES = frozenset({"radio", "checkbox"})
#: Attribute lists (``{: … }``) in a page may set only these, so no editor writes a handler or a style through one.
ATTR_LIST_KEYS = frozenset({"id", "class"})
#: Class names an attribute list may set: ours (``kb-``), and Material's documented content classes.
ATTR_LIST_CLASSES = re.compile(r"(?:kb-[a-z0-9_-]+|md-button(?:--primary)?|annotate|headerlink)$")
#: Tags whose content is never shown: their text is skipped when a page is checked.
_RAW_TEXT = frozenset({"script", "style"})


@dataclass(frozen=True)
class Refusal:
    """Something the policy refuses, with a string to find it by in the source (``needle``) and the message."""

    needle: str
    message: str


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def start_tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.tags


def refusals(html: str, trusted: Trusted) -> list[Refusal]:
    """Everything in a rendered page's HTML that the policy refuses, in order, each once."""
    found: list[Refusal] = []
    tags = start_tags(html)
    for tag, attrs in tags:
        found += _tag_refusals(tag, attrs, trusted)
    if not found and _differs(html, tags):
        message = "markup a browser would read differently from this check (broken or nested tags) — write plain Markdown"
        found.append(Refusal("<!--" if "<!--" in html else "<", message))
    return list(dict.fromkeys(found))


def _tag_refusals(tag: str, attrs: list[tuple[str, str | None]], trusted: Trusted) -> Iterator[Refusal]:
    if tag not in TAGS:
        yield Refusal(f"<{tag}", f"the HTML tag <{tag}> is not allowed in a page — {_why(tag)}")
        return
    for name, value in attrs:
        value = value or ""
        if name.startswith("on"):
            yield Refusal(name, f"the attribute {name}= runs script — remove it (pages carry no script; see the page contract, 'HTML')")
        elif name == "style":
            if tag not in ("td", "th") or not STYLE.fullmatch(value.strip()):
                yield Refusal("style", "a style= attribute is not allowed — use a class of the site's stylesheet, or a table's alignment row (| ---: |)")
        elif name in ("href", "src"):
            wrong = urls.problem(value, trusted.hosts, trusted.emails, trusted.example_domains)
            if wrong:
                yield Refusal(value or name, wrong)
        elif name == "type" and tag == "input" and value.lower() not in INPUT_TYPES:
            yield Refusal(f"<{tag}", f'an <input type="{value}"> is a form field — pages carry no forms; use a calculator() or reply_composers() macro')
        elif not (name in TAGS[tag] or name in GLOBAL or DATA.match(name) or ARIA.match(name)):
            yield Refusal(name, f"the attribute {name}= is not allowed on <{tag}> — remove it (allowed: id, class, title, data-kb-*)")


def _why(tag: str) -> str:
    if tag in ("script", "noscript"):
        return "pages carry no script: a calculator or composer comes from a macro"
    if tag in ("iframe", "object", "embed", "frame", "frameset", "portal"):
        return "nothing is embedded from elsewhere: link the page instead"
    if tag in ("style", "link"):
        return "styles live in the site's stylesheet: use a class"
    if tag in ("form", "button", "select", "textarea", "option", "fieldset"):
        return "pages carry no forms: use a calculator() or reply_composers() macro"
    if tag in ("base", "meta"):
        return "the theme writes the page's head"
    return "write it in Markdown, or ask engineering to allow the tag (kbtools/htmlpolicy.py)"


#: Start tags in Ammonia's output, which is serialized HTML: attribute values always quoted, "<" in text always
#: escaped, comments well formed. A regular expression reads it exactly, at a fraction of a parser's cost.
_SERIALIZED_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=/>]+(?:=\"[^\"]*\")?)*)\s*/?>")
_SERIALIZED_ATTR = re.compile(r"\s+([^\s=/>]+)(?:=\"[^\"]*\")?")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CLEAN_OPTIONS = {
    "tags": set(TAGS),
    "clean_content_tags": set(_RAW_TEXT),
    "attributes": {tag: set(extra) | set(GLOBAL) for tag, extra in TAGS.items()},
    "generic_attribute_prefixes": {"data-", "aria-"},
    "url_schemes": {"https", "mailto"},
    "link_rel": None,
    "strip_comments": False,
}


def _differs(html: str, tags: list[tuple[str, list[tuple[str, str | None]]]]) -> bool:
    """True when Ammonia, parsing like a browser, would drop or change a tag or attribute that Python's parser saw
    as allowed (``tags``, Python's reading of ``html``): the two readings disagree, so the check above cannot be
    trusted for this markup."""
    cleaned = _COMMENT.sub("", nh3.clean(html, **_CLEAN_OPTIONS))
    theirs = [(m.group(1).lower(), tuple(sorted(a.group(1).lower() for a in _SERIALIZED_ATTR.finditer(m.group(2))))) for m in _SERIALIZED_TAG.finditer(cleaned)]
    return _shape(theirs) != _shape([(tag, tuple(sorted(name for name, _ in attrs))) for tag, attrs in tags])


def _shape(tags: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """The tags and attribute names of a fragment, in order (values and text aside: the sanitizer re-escapes them).

    A bare <p> is left out: a browser closes a paragraph that holds a block (a macro's table indented into a tab)
    and opens an empty one after it, which changes the count of plain paragraphs and nothing that could run."""
    return [entry for entry in tags if entry != ("p", ())]


_TOKEN = r"(?:[#.][\w-]+|[\w:-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)|[\w:-]+)"
#: An attribute list as Python-Markdown's attr_list reads one: ``{: #id .class key="value" }`` (the colon optional).
_ATTR_LIST = re.compile(rf"\{{:?[ \t]*({_TOKEN}(?:[ \t]+{_TOKEN})*)[ \t]*\}}")
_ATTR = re.compile(r"([#.])([\w-]+)|([\w:-]+)=(\"[^\"]*\"|'[^']*'|[^\s}]+)")
#: Template expressions and statements: the closed template language's (macros/templatecheck.py), not attribute lists.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def attr_list_refusals(line: str) -> list[Refusal]:
    """What an attribute list (``{: .kb-x #id }``) on one Markdown line sets that the policy refuses."""
    found = []
    for match in _ATTR_LIST.finditer(_TEMPLATE.sub("", line)):
        for part in _ATTR.finditer(match.group(1)):
            sign, word, key, value = part.groups()
            if sign == "." and not ATTR_LIST_CLASSES.match(word):
                found.append(Refusal(f".{word}", f"the class .{word} is not one of ours — use a kb- class from the site's stylesheet"))
            elif key is not None:
                key = key.lower()
                if key == "class":
                    for name in (value or "").strip("\"'").split():
                        if not ATTR_LIST_CLASSES.match(name):
                            found.append(Refusal(name, f"the class {name} is not one of ours — use a kb- class from the site's stylesheet"))
                elif key not in ATTR_LIST_KEYS and not re.fullmatch(r"data-kb-[a-z0-9-]+", key):
                    found.append(
                        Refusal(
                            key, f"an attribute list may set only an id, a class or data-kb-* — remove {key}= (a handler or a style would reach every reader)"
                        )
                    )
    return found
