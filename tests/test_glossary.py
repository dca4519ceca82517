"""The glossary: one definition per term, every term on the glossary page, and tooltips on the pages."""

from __future__ import annotations

import html as _html
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


def _visible_text(html: str) -> str:
    """A page's article text without code, links, headings and existing tooltips (where abbr does not apply)."""
    article = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    # Also out: what the theme and the widgets write as HTML (not Markdown, so no tooltips): the hidden search entry,
    # the folded review line (with the change note), the tags, the reply labels and the calculators' titles.
    hidden = (
        r"<p hidden.*?</p>",
        r'<div hidden[^>]*class="kb-search-meta".*?</div>',
        r'<p class="kb-review.*?</p>',
        r'<p class="kb-changed.*?</p>',
        r'<details class="kb-meta.*?</details>',
        r'<p class="kb-reply__name.*?</p>',
        r'<nav class="md-tags".*?</nav>',
        r"<label.*?</label>",
        r'<p class="kb-calc.*?</p>',
    )
    for pattern in (*hidden, r"<pre.*?</pre>", r"<code.*?</code>", r"<a\b.*?</a>", r"<h[1-6].*?</h[1-6]>", r"<abbr.*?</abbr>", r"<[^>]+>"):
        article = re.sub(pattern, " ", article, flags=re.S)
    return _html.unescape(article)


def test_a_term_used_in_a_page_gets_its_tooltip_there(site: Site) -> None:
    """Wherever a glossary spelling appears as a word in a page's prose, that page shows it with its tooltip."""
    spellings = sorted({m for t in DATA.glossary for m in t.match}, key=len, reverse=True)
    any_term = re.compile(r"(?<![\w-])(" + "|".join(re.escape(m) for m in spellings) + r")(?![\w-])")
    missed = []
    for doc in doc_pages():
        if doc == "glossary.md":
            continue
        for found in sorted(set(any_term.findall(_visible_text(site.html(doc))))):
            missed.append(f"docs/{doc}: {found!r} appears without its tooltip")
    assert not missed, "\n".join(missed[:20])


@pytest.mark.parametrize("doc", [d for d in doc_pages() if d != "glossary.md"])
def test_every_tooltip_says_the_terms_definition(site: Site, doc: str) -> None:
    html = site.html(doc)
    definitions = {m: t.definition for t in DATA.glossary for m in t.match}
    for title, word in re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html):
        assert word in definitions, f"docs/{doc}: tooltip on {word!r} is not from data/glossary.yml"
        assert _html.unescape(title) == definitions[word], f"docs/{doc}: the tooltip on {word!r} reads {title!r}"


def test_most_terms_are_used_on_some_page(site: Site) -> None:
    """A glossary nobody's pages use is a reading list, not shared vocabulary: most terms must appear somewhere."""
    pages = "".join(site.html(p) for p in doc_pages() if p != "glossary.md")
    used = [t.term for t in DATA.glossary if any(f">{m}</abbr>" in pages for m in t.match)]
    assert len(used) >= len(DATA.glossary) * 0.6, f"only {len(used)} of {len(DATA.glossary)} terms appear on a page"


def test_no_tooltips_inside_code(site: Site) -> None:
    html = site.html("runbooks/payments/duplicate-charge.md")
    for block in re.findall(r"<pre.*?</pre>", html, re.S):
        assert "<abbr" not in block
