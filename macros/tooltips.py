"""Glossary tooltips at a flat cost: Python-Markdown's ``abbr`` with one compiled, prefix-shared matcher.

The stock ``abbr`` tree processor joins every term into one alternation (``\\b(?:term1|term2|...)\\b``), compiled
for each page; Python's regular expressions then try all ~435 alternatives at every word of every text node.
Here the terms become a trie-shaped pattern (``Ch(?:arge(?:back)?|...)``), compiled once per glossary, so each
position costs a walk down the shared prefixes. Matches are the same: at a position, the longest term followed by
a word boundary wins, as with the stock pattern sorted longest first. The tree walk is the stock one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor


def _trie_pattern(terms: list[str]) -> str:
    """A regex source matching exactly ``terms``, longest alternative first at every branch."""
    trie: dict = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Where a term may stop, a longer one is still tried first (greedy), as with the stock pattern.
        return f"(?:{body})?" if ends else body

    return emit(trie)


@lru_cache(maxsize=8)
def matcher(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled pattern per set of terms (the glossary, plus any ``*[X]: ...`` a page defines)."""
    return re.compile(r"\b" + _trie_pattern(sorted(set(terms))) + r"\b")


class TrieAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):  # type: ignore[no-untyped-def] - Python-Markdown's signature
        if not self.abbrs:
            return None
        self.RE = matcher(tuple(self.abbrs))
        self.iter_element(root)
        return None


class TooltipsExtension(Extension):
    """Replace the ``abbr`` tree processor registered before it; keep its terms (the same dict) and priority."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        if "abbr" not in md.treeprocessors:
            return
        stock = md.treeprocessors["abbr"]
        md.treeprocessors.register(TrieAbbrTreeprocessor(md, stock.abbrs), "abbr", 7)
