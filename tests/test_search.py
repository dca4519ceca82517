"""The site search, in Chromium: the customer's words find the right page in the top 3, results are compact enough to
scan, runbooks rank above explainers, nothing in a result is markup, and no request leaves the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros.data import load_site_data

from .conftest import ROOT, build_fixture_site, route_offline

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "search-queries.yml"

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
    for heading in ("customer's words", "Spelling and word forms", "Product names", "Account questions"):
        assert heading in text
    assert len(QUERIES) >= 80


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


def test_product_names_map_to_runbooks_that_exist() -> None:
    words = load_site_data(ROOT).search_words
    assert words.products, "no product names"
    for name, pages in words.products.items():
        for page in pages:
            assert page.startswith("runbooks/") and (ROOT / "docs" / page).is_file(), f"{name}: {page}"
