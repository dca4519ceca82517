"""What a specialist sees on every runbook, in Chromium at 1400×900 and 390×844: the reply within two screens, nothing
wider than the column (tables, code and diagrams scroll in their own box), replies that wrap, no keyboard hints on touch."""

from __future__ import annotations

import pytest

from kbtools.contract import contract_pages, page_kind

from .conftest import ROOT

pytestmark = pytest.mark.browser
RUNBOOKS = [p.relative_to(ROOT / "docs").as_posix() for p in contract_pages(ROOT) if page_kind(p.relative_to(ROOT).as_posix()) == "runbook"]
VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
#: Material's table wrapper reaches 0.8rem (16 px) past the article on purpose, so tables can scroll edge to edge.
BLEED = 17

MEASURE = """(bleed) => {
  const article = document.querySelector('article.md-content__inner');
  const box = article.getBoundingClientRect();
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const wide = [];
  article.querySelectorAll('*').forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || clipped(el)) return;
    if (r.right > box.right + bleed || r.left < box.left - bleed) wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.width)}px`);
  });
  const field = document.querySelector('.kb-reply__input');
  const unwrapped = [...document.querySelectorAll('.kb-reply__preview, .kb-reply__template')]
    .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1).map((el) => el.id || el.className);
  return {
    firstField: field ? field.getBoundingClientRect().top + window.scrollY : null,
    pageWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 8),
    unwrapped,
  };
}"""


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def viewport(request, browser):
    """One browser context per screen size, shared by the pages of this module."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=VIEWPORTS[request.param], is_mobile=phone, has_touch=phone)
    yield request.param, context
    context.close()


@pytest.mark.parametrize("doc", RUNBOOKS)
def test_runbook_fits_and_answers_first(viewport, base_url: str, doc: str) -> None:
    name, context = viewport
    page = context.new_page()
    try:
        page.goto(base_url + doc.removesuffix(".md") + "/", wait_until="load")
        page.wait_for_selector(".kb-reply--ready")
        m = page.evaluate(MEASURE, BLEED)
    finally:
        page.close()
    size = VIEWPORTS[name]
    assert m["firstField"] is not None, f"{doc}: no reply composer field on the page"
    if name == "desktop":
        assert m["firstField"] <= 2 * size["height"], f"{doc}: the first reply field starts at {m['firstField']:.0f} px, below the first two screens"
    assert m["pageWidth"] <= size["width"], f"{doc} ({name}): the page is {m['pageWidth']} px wide in a {size['width']} px window"
    assert not m["wide"], f"{doc} ({name}): wider than the content column, not in a scrolling box: {m['wide']}"
    assert not m["unwrapped"], f"{doc} ({name}): reply text scrolls sideways instead of wrapping: {m['unwrapped']}"


def test_the_fit_check_can_fail(viewport, base_url: str) -> None:
    """A 2,000 px wide element outside any scrolling box is reported (the check above is not blind)."""
    name, context = viewport
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        page.evaluate(
            "() => { const d = document.createElement('div'); d.style.width = '2000px'; d.textContent = 'x'; document.querySelector('article').appendChild(d); }"
        )
        m = page.evaluate(MEASURE, BLEED)
    finally:
        page.close()
    assert any(w.startswith("div.") for w in m["wide"]), m


def test_without_javascript_replies_read_wrapped(browser, base_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        template = page.locator(".kb-reply__template").first
        assert template.is_visible() and "{customer_name}" in template.inner_text()
        assert page.evaluate(MEASURE, BLEED)["unwrapped"] == []
    finally:
        context.close()


@pytest.mark.parametrize(("touch", "shown"), [(True, False), (False, True)], ids=["phone", "desktop"])
def test_keyboard_hint_only_where_there_is_a_keyboard(browser, base_url: str, touch: bool, shown: bool) -> None:
    size = VIEWPORTS["phone" if touch else "desktop"]
    context = browser.new_context(viewport=size, is_mobile=touch, has_touch=touch)
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        hints = page.locator(".kb-keys-only")
        assert hints.count() >= 1, "the home page has no keyboard hint to hide"
        assert all(hints.nth(i).is_visible() is shown for i in range(hints.count()))
        assert page.locator(".kb-touch-only").first.is_visible() is (not shown)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["changes/", "contributing/review-queue/"])
def test_generated_lists_fit_every_screen(viewport, base_url: str, path: str) -> None:
    """Recent changes and the Review queue: wide tables scroll in their own box; the page never scrolls sideways."""
    name, context = viewport
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="load")
        m = page.evaluate(MEASURE, BLEED)
        rows = page.locator("article table tbody tr").count()
    finally:
        page.close()
    assert rows > 5, f"{path}: the list has {rows} rows"
    assert m["pageWidth"] <= VIEWPORTS[name]["width"], f"{path} ({name}): the page is {m['pageWidth']} px wide"
    assert not m["wide"], f"{path} ({name}): wider than the column, not in a scrolling box: {m['wide']}"
