"""The glossary: one definition per term, every term on the glossary page, and tooltips on the pages."""

from __future__ import annotations

import re

import pytest

from macros.data import load_site_data

from .conftest import ROOT, Site, doc_pages

DATA = load_site_data(ROOT)
MIN_TERMS = 25


def test_glossary_has_enough_real_terms() -> None:
    assert len(DATA.glossary) >= MIN_TERMS
    by_category = {c: sum(t.category == c for t in DATA.glossary) for c in ("billing", "accounting", "domains")}
    assert by_category["accounting"] >= 30, by_category  # accounting and tax terms (the accounting issue)
    assert by_category["domains"] >= 60, by_category  # domain-registration terms (the domains issue)
    assert {t.category for t in DATA.glossary} == {"billing", "accounting", "domains"}
    sourced = [t for t in DATA.glossary if t.source]
    assert len(sourced) >= len(DATA.glossary) * 0.9, "most terms should cite a public source"


def test_every_term_is_on_the_glossary_page_with_its_anchor(site: Site) -> None:
    html = site.html("glossary.md")
    missing = [t.term for t in DATA.glossary if f'id="{t.anchor}"' not in html]
    assert not missing, f"terms without a heading on the glossary page: {missing}"


def test_every_term_has_a_tooltip_somewhere(site: Site) -> None:
    pages = "".join(site.html(p) for p in doc_pages())
    unused = [t.term for t in DATA.glossary if not any('<abbr title="' in pages and f">{m}</abbr>" in pages for m in t.match)]
    assert len(unused) <= len(DATA.glossary) // 2, f"most terms should appear (and get a tooltip) on some page; unused: {unused}"


@pytest.mark.parametrize("doc", ["runbooks/payments/duplicate-charge.md", "accounting/deferred-revenue.md", "domains/domain-lifecycle.md"])
def test_tooltips_render_on_content_pages(site: Site, doc: str) -> None:
    html = site.html(doc)
    titles = re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html)
    assert titles, f"docs/{doc} shows no glossary tooltip"
    definitions = {m: t.definition for t in DATA.glossary for m in t.match}
    for _title, word in titles:
        assert word in definitions, f"docs/{doc}: tooltip on {word!r} is not from data/glossary.yml"


def test_no_tooltips_inside_code(site: Site) -> None:
    html = site.html("runbooks/payments/duplicate-charge.md")
    for block in re.findall(r"<pre.*?</pre>", html, re.S):
        assert "<abbr" not in block
