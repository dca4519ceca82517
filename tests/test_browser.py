"""In Debian's Chromium: pages load with nothing leaving 127.0.0.1, tooltips and diagrams render, tables filter."""

from __future__ import annotations

import pytest

from .conftest import doc_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["", "runbooks/payments/duplicate-charge/", "domains/domain-lifecycle/"])
def test_page_loads_with_no_request_leaving_loopback(page, offline, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()
    assert offline == [], f"requests left 127.0.0.1: {offline}"


@pytest.mark.parametrize("how", ["hover", "tap"])
def test_glossary_tooltip_shows_the_definition_as_text(browser, base_url: str, how: str) -> None:
    phone = how == "tap"
    context = browser.new_context(viewport={"width": 390, "height": 844} if phone else {"width": 1400, "height": 900}, has_touch=phone, is_mobile=phone)
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        # A handle, not a locator: the tooltip moves the title aside while it shows, so "abbr[title]" would move on.
        # The first term on show: on a phone the at-a-glance box, which holds terms too, starts folded.
        term = page.locator("article abbr[title]:visible").first.element_handle()
        definition = term.get_attribute("title")
        assert definition
        term.scroll_into_view_if_needed()
        term.tap() if phone else term.hover()
        bubble = page.locator("#kb-tooltip[role=tooltip]")
        bubble.wait_for(state="visible", timeout=5_000)
        assert bubble.text_content() == definition
        assert term.get_attribute("aria-describedby") == "kb-tooltip"
    finally:
        context.close()


def _pages_with_diagrams(site) -> list[str]:
    from .conftest import built_path, doc_pages

    return [doc for doc in doc_pages() if 'class="mermaid"' in built_path(site.dir, doc).read_text(encoding="utf-8")]


def _url_of(doc: str) -> str:
    stem = doc.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


#: Material draws diagrams into a closed shadow root; tests open it to measure the text inside.
OPEN_SHADOWS = (
    "Element.prototype.attachShadow = ((attach) => function (init) { return attach.call(this, {...init, mode: 'open'}); })(Element.prototype.attachShadow);"
)


def test_diagram_pages_are_found(site) -> None:
    found = _pages_with_diagrams(site)
    assert "domains/domain-lifecycle.md" in found and len(found) >= 10, found


DIAGRAM = """() => {
  const host = [...document.querySelectorAll('div.mermaid')].find(h => h.shadowRoot && h.shadowRoot.querySelector('svg'));
  if (!host) return null;
  const svg = host.shadowRoot.querySelector('svg');
  const label = svg.querySelector('.nodeLabel, .messageText, .actor, .label, text');
  const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
  const article = document.querySelector('article').getBoundingClientRect();
  return {text: parseFloat(getComputedStyle(label).fontSize) * scale,
          body: parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize),
          hostRight: host.getBoundingClientRect().right, articleRight: article.right,
          scrolls: getComputedStyle(host).overflowX};
}"""


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_diagrams_render_readable_and_fit(browser, site, base_url: str, size: tuple[int, int]) -> None:
    """Every page with a diagram, opened in turn (mermaid comes from the cache after the first): the diagram's
    text is at least body size and its box fits the column and scrolls."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.add_init_script(OPEN_SHADOWS)
    page = context.new_page()
    problems = []
    try:
        for doc in _pages_with_diagrams(site):
            page.goto(base_url + _url_of(doc), wait_until="load")
            page.evaluate("() => document.querySelector('.mermaid')?.scrollIntoView({block: 'center'})")
            page.wait_for_function(DIAGRAM, timeout=20_000)
            m = page.evaluate(DIAGRAM)
            if m["text"] < m["body"] - 0.5:
                problems.append(f"{doc}: diagram text {m['text']:.1f}px, body text {m['body']:.1f}px")
            if m["hostRight"] > m["articleRight"] + 1 or m["scrolls"] not in ("auto", "scroll"):
                problems.append(f"{doc}: the diagram box does not fit the column or cannot scroll ({m})")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: Recorded on every page: a Content-Security-Policy violation would mean the policy breaks something on it.
CSP_LISTENER = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"


@pytest.fixture(scope="module")
def policy_page(browser):
    """One context for every page's cold load: the CSP listener, every outside request aborted and recorded, and the
    requests of the page being checked."""
    from .conftest import route_offline

    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    leaked = route_offline(context)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield page, requested
    context.close()
    assert leaked == [], f"requests left 127.0.0.1: {leaked}"


@pytest.mark.parametrize("doc", doc_pages())
def test_every_page_loads_offline_within_its_policy_and_mermaid_only_where_drawn(site, policy_page, base_url: str, doc: str) -> None:
    """Every built page, cold, scrolled to the end: no request leaves 127.0.0.1, the Content-Security-Policy (meta tag)
    is never violated, and the 3.5 MB mermaid script is requested only by pages that have a diagram. One test per
    page, so `make test`'s two workers share them."""
    page, requested = policy_page
    from .conftest import built_path

    with_diagram = 'class="mermaid"' in built_path(site.dir, doc).read_text(encoding="utf-8")
    requested.clear()
    page.goto(base_url + _url_of(doc), wait_until="load")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, f"{doc}: no policy"
    if with_diagram:
        # As a reader does: scroll to the diagram (mermaid loads when one comes near the screen). In one step in the
        # page: the diagram's element is replaced once mermaid draws it, so a locator resolved before could detach.
        page.evaluate("() => document.querySelector('.mermaid')?.scrollIntoView({block: 'center'})")
        page.wait_for_function("() => [...document.querySelectorAll('div.mermaid')].some(d => d.getBoundingClientRect().height > 50)", timeout=20_000)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert with_diagram or not any("mermaid.min.js" in url for url in requested), f"{doc}: loaded mermaid without a diagram"
    assert page.evaluate("window.__csp") == [], f"{doc}: Content-Security-Policy violations"


def test_search_and_tooltips_work_within_the_policy(page, base_url: str) -> None:
    """The search worker (WebAssembly) and the tooltips run under the policy without a violation."""
    page.add_init_script(CSP_LISTENER)
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.keyboard.press("/")
    page.locator(".md-search__input").fill("refund")
    page.locator(".md-search__input").press("End")
    page.wait_for_selector("li.md-search-result__item")
    page.keyboard.press("Escape")
    page.locator("article abbr[title]").first.hover()
    page.wait_for_selector("#kb-tooltip:not([hidden])")
    assert page.evaluate("window.__csp") == []


def test_the_policy_check_can_fail(page, base_url: str) -> None:
    """An inline script the policy does not list is blocked and reported: the listener above is not blind."""
    page.add_init_script(CSP_LISTENER)
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None


def test_a_hostile_tooltip_creates_no_element_and_no_request(tmp_path, browser, monkeypatch) -> None:
    """A page-level abbreviation whose text is markup (data/ refuses it, and so does the page's publish guard: forced
    past it here, to test the tooltip itself): hovering and tapping every tooltip on the page shows text, creates no
    element and sends no request."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from kbtools import rules

    from .conftest import build_fixture_site, route_offline

    monkeypatch.setattr(rules, "publish_problems", lambda *args, **kwargs: [])
    payload = '<img src=http://evil.example/x onerror="window.__pwned=1"><b>bold</b>'
    page_text = f"---\ntitle: Tooltips\n---\n\n# Tooltips\n\nA REFUND and a CHARGEBACK and a refund.\n\n*[REFUND]: {payload}\n*[CHARGEBACK]: {payload}\n"
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "hostile.md": page_text})
    assert site.error is None, site.error
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(site.dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(has_touch=True)
    sent = route_offline(context)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/hostile/", wait_until="load")
        before = page.evaluate("document.querySelectorAll('img, b').length")
        terms = page.locator("article abbr").element_handles()
        assert len(terms) >= 2
        for term in terms:
            term.hover()
            page.wait_for_selector("#kb-tooltip:not([hidden])")
            assert page.locator("#kb-tooltip").text_content() == payload
            term.tap()
        assert page.evaluate("document.querySelectorAll('img, b').length") == before
        assert page.evaluate("window.__pwned") is None
        assert sent == []
    finally:
        context.close()
        server.shutdown()


def test_a_diagram_page_loads_mermaid_only_when_the_diagram_nears(page, offline, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    assert not [url for url in requested if "mermaid.min.js" in url], "mermaid loaded before the diagram came near the screen"
    page.evaluate("() => document.querySelector('.mermaid')?.scrollIntoView({block: 'center'})")
    page.wait_for_function(
        "() => document.querySelector('div.mermaid') && document.querySelector('div.mermaid').getBoundingClientRect().height > 50", timeout=20_000
    )
    assert [url for url in requested if url.endswith("vendor/mermaid.min.js")]
    assert offline == []


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
