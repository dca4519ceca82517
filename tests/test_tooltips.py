"""The glossary tooltips' one compiled matcher (macros/tooltips.py) gives exactly the stock abbr extension's output."""

from __future__ import annotations

import markdown
import pytest

from macros.data import load_site_data
from macros.tooltips import TooltipsExtension, TrieAbbrTreeprocessor, matcher

from .conftest import ROOT

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc"]
SMALL = {"VAT": "Value-added tax", "VAT ID": "A VAT registration number", "ID": "Identifier", "3DS": "3-D Secure", "A/R": "Accounts receivable"}
CASES = {
    "longest-wins": "Send the VAT ID and the VAT.",
    "longer-term-breaks-at-boundary": "Two VAT IDs, one VAT IDentifier.",
    "no-match-inside-a-word": "VATs and IDs are not terms; xVAT neither.",
    "punctuation-in-terms": "Check 3DS, then A/R.",
    "nested-markup": "**VAT** in *an ID* and `VAT` in code, [VAT ID](https://example.com).",
    "page-defines-its-own": "The PO goes first.\n\n*[PO]: Purchase order",
    "page-removes-a-term": "No VAT here.\n\n*[VAT]: ''",
    "table-and-list": "| VAT | ID |\n| --- | --- |\n| VAT ID | 3DS |\n\n- VAT\n- ID",
}


def _convert(text: str, glossary: dict[str, str], fast: bool) -> str:
    extensions = EXTENSIONS + ([TooltipsExtension()] if fast else [])
    return markdown.Markdown(extensions=extensions, extension_configs={"abbr": {"glossary": glossary}}).convert(text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_html_as_the_stock_extension(case: str) -> None:
    assert _convert(CASES[case], SMALL, fast=True) == _convert(CASES[case], SMALL, fast=False)


def test_longest_term_wins_and_falls_back_at_a_word_boundary() -> None:
    html = _convert(CASES["longer-term-breaks-at-boundary"], SMALL, fast=True)
    assert '<abbr title="Value-added tax">VAT</abbr> IDs' in html
    assert _convert("the VAT ID", SMALL, fast=True).count("<abbr") == 1


@pytest.fixture(scope="module")
def glossary() -> dict[str, str]:
    data = load_site_data(ROOT)
    return {match: term.definition for term in data.glossary for match in term.match}


@pytest.mark.parametrize("page", sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")))
def test_every_page_same_html_with_the_real_glossary(page: str, glossary: dict[str, str]) -> None:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert _convert(text, glossary, fast=True) == _convert(text, glossary, fast=False)


def test_the_fast_processor_replaces_the_stock_one() -> None:
    md = markdown.Markdown(extensions=["abbr", TooltipsExtension()])
    assert isinstance(md.treeprocessors["abbr"], TrieAbbrTreeprocessor)


def test_one_compiled_pattern_per_glossary() -> None:
    terms = tuple(SMALL)
    assert matcher(terms) is matcher(terms)
