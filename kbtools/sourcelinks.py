"""`make check`'s link rule: a link to a page that does not exist, or to an anchor the page does not have, named at
the linking line, in the time `make check` takes (no build).

A page's anchors are read from its Markdown the way Python-Markdown's toc extension makes them (the heading text,
slugified, numbered when repeated), plus explicit ids ({#id}, id="…"), the reply anchors its composer makes
(#reply-<name> for each entry under replies:), the calculators' (#calc-<kind>), and the glossary's term anchors
(from data/glossary.yml). The build checks the same links on the rendered site (MkDocs' validation and
kbtools/linkcheck.py); this rule says where the link is written, and says it before any build.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from macros.yamlsource import normalise

from .contract import Problem, parse
from .pagetext import LINK, REFERENCE, prose_lines

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
#: An explicit id: a heading's or block's attribute list ({#id}, {: #id .x }), or raw HTML's id= / name=.
EXPLICIT = re.compile(r"\{:?[^}]*?#([\w-]+)[^}]*\}|\b(?:id|name)=[\"']([^\"']+)[\"']")
CALCULATOR = re.compile(r"calculator\(\s*[\"'](\w+)[\"']")


def slug(text: str) -> str:
    """Python-Markdown's toc slugify (separator "-") on a heading's visible text."""
    text = re.sub(r"\{:?[^}]*\}\s*$", "", text)  # an attribute list is not part of the text
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link shows its text
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*`~]|(?<!\w)_+|_+(?!\w)", "", text)  # emphasis and code marks; an underscore inside a word stays
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@lru_cache(maxsize=4096)
def anchors(rel: str, text: str, glossary: tuple[str, ...] = ()) -> frozenset[str] | None:
    """Every anchor the rendered page ``rel`` will have, read from its Markdown; None when its front matter cannot be
    read (its reply anchors are unknown, and the page's own check reports why)."""
    found: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in prose_lines(text, keep_code=True):
        heading = HEADING.match(line)
        if heading:
            explicit = re.search(r"\{:?[^}]*#([\w-]+)[^}]*\}\s*$", heading.group(2))
            if explicit:
                found.add(explicit.group(1))
            else:
                base = slug(heading.group(2))
                number = counts.get(base, 0)
                counts[base] = number + 1
                found.add(base if number == 0 else f"{base}_{number}")
        for match in EXPLICIT.finditer(line):
            found.add(match.group(1) or match.group(2))
        for match in CALCULATOR.finditer(line):
            found.add(f"calc-{match.group(1)}")
    page, problems = parse(rel, text)
    if page is None and text.startswith("---"):
        return None
    if page is not None:
        replies = page.meta.get("replies")
        if isinstance(replies, dict):
            found.update(f"reply-{name}" for name in replies)
    if "glossary_terms(" in text:
        found.update(glossary)
    return frozenset(found)


def problems(root: Path, rel: str, text: str, glossary: tuple[str, ...] = ()) -> list[Problem]:
    """Each relative link in ``rel`` (a page under docs/) to a missing page or a missing anchor, at its line."""
    docs = root / "docs"
    here = posixpath.dirname(rel.removeprefix("docs/"))
    found = []
    for number, line in prose_lines(text):
        if "](" not in line and "]:" not in line:
            continue
        for target in [m.group(1) for m in LINK.finditer(line)] + [m.group(1) for m in REFERENCE.finditer(line)]:
            if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", target) or "{" in target:
                continue  # another site (the URL rule's), or a template placeholder
            path, _, anchor = target.partition("#")
            if path and not path.endswith(".md"):
                continue  # a file the site publishes (the feed, an image): the build's link check
            page = posixpath.normpath(posixpath.join(here, path)) if path else rel.removeprefix("docs/")
            source = docs / page
            if path and (page.startswith("../") or not source.is_file() or source.is_symlink()):
                found.append(Problem(rel, number, f"links to {path}, which is not a page under docs/ — fix the path (relative to this page)"))
                continue
            if not anchor:
                continue
            other = rel if not path else f"docs/{page}"
            other_text = text if not path else normalise(source.read_text(encoding="utf-8", errors="replace"))
            known = anchors(other, other_text, glossary)
            if known is not None and anchor not in known:
                where = path or "this page"
                found.append(Problem(rel, number, f"links to #{anchor} on {where}, which has no such heading or anchor — link a heading that exists there"))
    return found
