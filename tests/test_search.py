"""The site search, in Chromium: the customer's words find the right page in the top 3 (filler words never change what
the other words find), results are compact enough to scan, runbooks rank above explainers, nothing in a result is
markup, the page a result opens marks the whole words it matched (never filler) until one press clears them, the
search place says what to do without JavaScript, and no request leaves the machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from macros.data import load_site_data
from macros.searchwords import normalize, without_filler

from .conftest import ROOT, build_fixture_site, route_offline

pytestmark = pytest.mark.browser
QUERY_FILE = Path(__file__).parent / "search_queries.yml"
QUERIES = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "search-queries.yml"
FILLER = load_site_data(ROOT).search_words.filler
#: Where the class of whole customer sentences starts in the query file (issue 20).
FILLER_CLASS = "# Filler words"

#: Results settle when three reads 60 ms apart agree: answers to the half-typed query may arrive first.
SETTLED = """async () => {
  const read = () => [...document.querySelectorAll('li.md-search-result__item > a.md-search-result__link')].map(a => new URL(a.href).pathname).join('|');
  let last = null, same = 0;
  for (let i = 0; i < 150; i++) {
    await new Promise(r => setTimeout(r, 60));
    const now = read();
    if (now && now === last) { if (++same >= 3) return now; } else same = 0;
    last = now;
  }
  return last || '';
}"""


def search(page, query: str) -> list[str]:
    """Open the search with "/" (as the home page tells specialists), type the query, return the distinct pages in order."""
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    # Clear the previous answer first: on a busy machine the last query's results stay settled on screen while the
    # worker is still answering the new one, and would be read as its answer.
    box.fill("")
    page.wait_for_function("() => !document.querySelector('li.md-search-result__item')", timeout=10_000)
    box.fill(query)
    box.press("End")
    paths = [p for p in page.evaluate(SETTLED).split("|") if p]
    return list(dict.fromkeys(paths))


@pytest.fixture(scope="module")
def search_page(browser, base_url: str):
    """One page for all the queries: the index is loaded once, as in a specialist's shift."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    leaked = route_offline(context)
    page = context.new_page()
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    yield page, leaked
    context.close()


@pytest.mark.parametrize("case", QUERIES, ids=[c["query"] for c in QUERIES])
def test_search_finds_the_right_page(search_page, case: dict) -> None:
    page, leaked = search_page
    page.keyboard.press("Escape")
    paths = search(page, case["query"])
    expected = ["/" + e for e in ([case["expect"]] if isinstance(case["expect"], str) else case["expect"])]
    rank = next((i for i, path in enumerate(paths, start=1) if path in expected), None)
    top = case.get("rank", 3)
    assert rank is not None and rank <= top, f"{case['query']!r}: expected {expected} in the top {top}, got {paths[:5]}"
    assert leaked == []


def test_every_shared_query_is_checked() -> None:
    if not SHARED.is_file():
        pytest.skip(f"{SHARED} not found: the shared query list sits beside the repository")
    wanted = {case["query"] for case in yaml.safe_load(SHARED.read_text(encoding="utf-8"))}
    assert wanted <= {case["query"] for case in QUERIES}, f"queries not mapped in tests/search_queries.yml: {wanted - {c['query'] for c in QUERIES}}"


def test_the_query_file_covers_every_class() -> None:
    text = (Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8")
    for heading in ("customer's words", "Spelling and word forms", "Product names", "Account questions", FILLER_CLASS):
        assert heading in text
    assert len(QUERIES) >= 80


def _filler_class() -> list[dict]:
    text = QUERY_FILE.read_text(encoding="utf-8")
    return yaml.safe_load(text[text.index(FILLER_CLASS) :])


def test_the_filler_class_is_whole_customer_sentences() -> None:
    """At least 40 queries hold words the search drops (data/search_terms.yml, filler:) beside words it searches."""
    with_filler = [c["query"] for c in _filler_class() if without_filler(c["query"], FILLER) != normalize(c["query"]).split()]
    assert len(with_filler) >= 40, f"only {len(with_filler)} queries of the filler class hold filler"
    assert all(without_filler(q, FILLER) for q in with_filler), "a query made only of filler tests nothing"


#: Sentences whose filler must change nothing: the same pages, in the same order, as their core words alone.
SAME_AS_CORE = [
    "upgrade pro to business how much",
    "paid by wire last week still unpaid",
    "charge i dont recognize",
    "I am leaving the company transfer billing to colleague",
    "hi, i was charged twice this month please help",
    "I opened a dispute with my bank but also want a refund from you",
    "why is there sales tax on my bill this month",
    "can you please update the company name on my invoices",
]


@pytest.mark.parametrize("query", SAME_AS_CORE)
def test_filler_changes_nothing_the_core_words_find(search_page, query: str) -> None:
    page, _ = search_page
    core = " ".join(without_filler(query, FILLER))
    assert core and core != normalize(query)
    page.keyboard.press("Escape")
    with_filler = search(page, query)
    page.keyboard.press("Escape")
    alone = search(page, core)
    assert with_filler == alone, f"{query!r} found {with_filler[:5]}, its core words {core!r} found {alone[:5]}"


def test_runbooks_rank_above_explainers_for_the_same_words(search_page) -> None:
    page, _ = search_page
    page.keyboard.press("Escape")
    paths = search(page, "chargeback")
    runbook = paths.index("/runbooks/refunds-and-disputes/chargeback-received/")
    explainer = paths.index("/accounting/chargebacks-in-the-books/")
    assert runbook < explainer, paths[:6]
    assert "/glossary/" not in paths[:3], f"the glossary crowds out the pages that handle the case: {paths[:5]}"


@pytest.mark.parametrize(("size", "at_least"), [((1400, 900), 5), ((390, 844), 3)], ids=["desktop", "phone"])
def test_results_are_compact_enough_to_scan(browser, base_url: str, size: tuple[int, int], at_least: int) -> None:
    phone = size[0] < 600
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        if phone:
            page.locator("label[for=__search]").first.click()
        search(page, "refund")
        shown = page.evaluate(
            """() => [...document.querySelectorAll('li.md-search-result__item')].filter(li => {
                 const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }).length"""
        )
        first = page.locator("li.md-search-result__item").first
        text = first.inner_text()
    finally:
        context.close()
    assert shown >= at_least, f"only {shown} whole results visible at {size[0]}×{size[1]}"
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 3, f"a result is its title, the one-line description and the area, got: {lines}"


def test_result_text_is_never_markup(tmp_path: Path, browser) -> None:
    """A hostile title and description reach the result list as text: the list creates no element from them.

    (Whether such a title may reach the page at all is the page contract's business: it refuses markup in titles.)"""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    # Front matter refuses markup (the page contract), but a heading may still spell it with entities: Pagefind
    # reads the heading's text, "<img …>", into the result's title.
    hostile = '<img src=x onerror="window.__pwned=1">'
    page_text = """---
description: A refund page.
owner: billing-support
last_reviewed: 2026-11-01
review_every: 180
tags: [refunds]
---

# Refund &lt;img src=x onerror="window.__pwned=1"&gt;

Refund text.
"""
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "accounting/hostile.md": page_text})
    assert site.error is None, site.error
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(site.dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/accounting/hostile/", wait_until="load")
        paths = search(page, "refund")
        assert paths == ["/accounting/hostile/"]
        result = page.locator("li.md-search-result__item").first
        assert hostile.replace('"', "") in result.inner_text().replace('"', "")
        assert page.locator(".md-search-result img").count() == 0
        assert page.evaluate("window.__pwned") is None
    finally:
        context.close()
        server.shutdown()


#: Every search mark on the page (the reply composer marks its placeholders too): its text, whether a letter or digit
#: touches it (a mark inside a word), and where it sits.
MARKS = """() => [...document.querySelectorAll('article mark.kb-hl')].map(m => {
  const before = (m.previousSibling && m.previousSibling.textContent || '').slice(-1);
  const after = (m.nextSibling && m.nextSibling.textContent || '').slice(0, 1);
  return {text: m.textContent, stem: KBSearchWords.stem(KBSearchWords.normalize(m.textContent)),
          inside: /[\\p{L}\\p{N}]/u.test(before + after), hidden: !!m.closest('.kb-replies, .kb-calc, .kb-case, pre, [hidden]')};
})"""


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_result_opens_with_the_whole_words_it_matched_marked(browser, base_url: str, size: tuple[int, int]) -> None:
    """The link carries the words the page matched and no filler; the page marks whole words only, outside replies and
    code; one press of Clear highlight removes every mark, the bar and ?h= from the address."""
    phone = size[0] < 600
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    leaked = route_offline(context)
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        if phone:
            page.locator("label[for=__search]").first.click()
        query = "where is my refund, it has been two weeks"
        search(page, query)
        result = page.locator("li.md-search-result__item > a[href*='/refund-status/']").first
        href = result.get_attribute("href")
        words = parse_qs(urlsplit(href).query)["h"][0].split()
        assert "refund" in words and not [w for w in words if w in FILLER.words], words
        result.click()
        page.wait_for_selector(".kb-highlight")
        marks = page.evaluate(MARKS)
        stems = page.evaluate("(words) => words.map(w => KBSearchWords.stem(w))", words)
        assert len(marks) >= 5, marks
        assert page.locator("mark[data-md-highlight]").count() == 0, "Material's own highlighter ran"
        assert [m for m in marks if m["inside"]] == [], "marks inside words"
        assert [m for m in marks if m["hidden"]] == [], "marks in replies, calculators or code"
        assert {m["stem"] for m in marks} <= set(stems), ({m["text"] for m in marks}, words)
        bar = page.locator(".kb-highlight")
        assert bar.is_visible() and "refund" in bar.inner_text()
        box = page.locator(".kb-highlight__clear").bounding_box()
        assert box and box["height"] >= 40 and box["x"] + box["width"] <= size[0], box
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        page.locator(".kb-highlight__clear").click()
        assert page.locator("mark.kb-hl").count() == 0 and page.locator(".kb-highlight").count() == 0
        assert "h=" not in page.url
    finally:
        context.close()
    assert leaked == []


def test_a_hand_made_link_marks_no_filler_and_nothing_inside_words(search_page, base_url: str) -> None:
    """?h= as the old links wrote it (every query word, and respellings no page holds): only "refund" is marked; a word
    in the other spelling marks the page's spelling; a link of filler alone marks nothing and leaves the address."""
    page, _ = search_page
    page.goto(base_url + "runbooks/refunds-and-disputes/refund-status/?h=i+to+the+refund+invoicae+certificatae+a", wait_until="load")
    page.wait_for_selector(".kb-highlight")
    marks = page.evaluate(MARKS)
    assert marks and {m["stem"] for m in marks} == {"refund"}, {m["text"] for m in marks}
    assert [m for m in marks if m["inside"]] == []
    assert page.locator("mark[data-md-highlight]").count() == 0, "Material's own highlighter ran"
    page.goto(base_url + "runbooks/payments/suspected-fraud/?h=recognize", wait_until="load")
    page.wait_for_selector(".kb-highlight")
    assert {m["text"].lower() for m in page.evaluate(MARKS)} == {"recognise"}, "the page's own spelling is marked"
    page.goto(base_url + "runbooks/refunds-and-disputes/refund-status/?h=i+to+the+how+much", wait_until="load")
    page.wait_for_function("() => !location.search.includes('h=')")
    assert page.locator("mark.kb-hl").count() == 0 and page.locator(".kb-highlight").count() == 0
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_without_javascript_the_search_place_says_what_to_do(browser, base_url: str, size: tuple[int, int]) -> None:
    """Material hides the search box when no script runs: the header says why and links the runbook index, and the
    home page's words hold with scripts and without them."""
    phone = size[0] < 600
    for scripts in (False, True):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone, java_script_enabled=scripts)
        page = context.new_page()
        try:
            for path in ("", "runbooks/payments/duplicate-charge/"):
                page.goto(base_url + path, wait_until="load")
                message = page.locator(".kb-noscript-search")
                if scripts:
                    assert message.count() == 0 or not message.first.is_visible()
                else:
                    assert message.is_visible() and "Search needs JavaScript" in message.inner_text(), path
                    assert urlsplit(message.evaluate("a => a.href")).path == "/runbooks/"
            page.goto(base_url, wait_until="load")
            said = page.locator("article p").first.inner_text()
            if scripts:
                assert ("Press /" in said) != phone and ("Tap the search icon" in said) == phone, said
                assert "Search needs JavaScript" not in said
            else:
                assert "Press" not in said and "search icon" not in said, said
                assert "Search needs JavaScript" in said and page.locator("article p").first.locator("a[href*='runbooks/']").is_visible()
        finally:
            context.close()


def test_product_names_map_to_runbooks_that_exist() -> None:
    words = load_site_data(ROOT).search_words
    assert words.products, "no product names"
    for name, pages in words.products.items():
        for page in pages:
            assert page.startswith("runbooks/") and (ROOT / "docs" / page).is_file(), f"{name}: {page}"
