"""In Debian's Chromium: pages load with nothing leaving 127.0.0.1, search finds runbooks, tooltips and diagrams render."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ["", "runbooks/payments/duplicate-charge/", "domains/domain-lifecycle/"])
def test_page_loads_with_no_request_leaving_loopback(page, offline, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()
    assert offline == [], f"requests left 127.0.0.1: {offline}"


def _search(page, base_url: str, query: str) -> list[str]:
    page.goto(base_url, wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta') && !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    page.wait_for_selector("li.md-search-result__item", timeout=10_000)
    links = page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    # One page can come back as several items (the page and its matching sections): rank distinct pages.
    paths: list[str] = []
    for link in links:
        path = urlsplit(link).path
        if path not in paths:
            paths.append(path)
    return paths


@pytest.mark.parametrize("case", QUERIES, ids=[c["query"] for c in QUERIES])
def test_search_finds_the_right_page(page, offline, base_url: str, case: dict) -> None:
    paths = _search(page, base_url, case["query"])
    expected = ["/" + e for e in ([case["expect"]] if isinstance(case["expect"], str) else case["expect"])]
    rank = next((i for i, path in enumerate(paths, start=1) if path in expected), None)
    top = case.get("rank", 3)
    assert rank is not None and rank <= top, f"{case['query']!r}: expected {expected} in the top {top}, got {paths[:5]}"


def test_glossary_tooltip_shows_on_hover(page, offline, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="networkidle")
    term = page.locator("article abbr[title]").first
    assert term.count() == 1 and term.get_attribute("title")
    term.scroll_into_view_if_needed()
    term.hover()
    page.wait_for_selector(".md-tooltip2--active, .md-tooltip--active, [role=tooltip]", timeout=5_000)


def test_mermaid_diagram_renders(page, offline, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="networkidle")
    page.wait_for_function("document.querySelector('div.mermaid') && document.querySelector('div.mermaid').getBoundingClientRect().height > 50", timeout=15_000)
    assert offline == []


def test_every_shared_query_is_checked() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "search-queries.yml"
    if not shared.is_file():
        pytest.skip(f"{shared} not found: the shared query list sits beside the repository")
    wanted = {case["query"] for case in yaml.safe_load(shared.read_text(encoding="utf-8"))}
    assert wanted <= {case["query"] for case in QUERIES}, f"queries not mapped in tests/search_queries.yml: {wanted - {c['query'] for c in QUERIES}}"


def test_error_code_table_filters_as_you_type(page, offline, base_url: str) -> None:
    page.goto(base_url + "runbooks/error-codes/", wait_until="networkidle")
    box = page.locator("input.kb-filter__input")
    rows = page.locator(".kb-filter table tbody tr")
    total = rows.count()
    box.fill("insufficient")
    visible = [r for r in rows.all() if r.is_visible()]
    assert total > 10 and len(visible) == 1 and "insufficient_funds" in visible[0].inner_text()
    box.fill("")
    assert sum(r.is_visible() for r in rows.all()) == total
