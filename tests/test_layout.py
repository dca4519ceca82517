"""What a specialist sees on every runbook, in Chromium at 1400×900 and 390×844: the reply within two screens, nothing
wider than the column (tables, code and diagrams scroll in their own box), replies that wrap, no keyboard hints on touch.

On a phone the first screen is for the decision: "Decide and act" starts in its top half, and the link to the reply
composer is on it and lands with the first field in view. At both sizes every reply's label is on show, none cut off
or scrolled away, and exactly one is marked chosen: the one whose reply shows, also after choosing another."""

from __future__ import annotations

import pytest

from kbtools.contract import contract_pages, page_kind

from .conftest import ROOT

pytestmark = pytest.mark.browser
RUNBOOKS = [p.relative_to(ROOT / "docs").as_posix() for p in contract_pages(ROOT) if page_kind(p.relative_to(ROOT).as_posix()) == "runbook"]
VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
#: On a phone, "Decide and act" starts in the top half of the first screen, so its first case reads without scrolling.
PHONE_DECIDE_TOP = 420
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
  const field = document.querySelector('.kb-reply:not([hidden]) .kb-reply__input');
  const unwrapped = [...document.querySelectorAll('.kb-reply__preview, .kb-reply__template')]
    .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1).map((el) => el.id || el.className);
  const decide = document.getElementById('decide-and-act');
  const jump = document.querySelector('a.kb-jump');
  return {
    decide: decide ? decide.getBoundingClientRect().top + window.scrollY : null,
    jumpBottom: jump ? jump.getBoundingClientRect().bottom + window.scrollY : null,
    firstField: field ? field.getBoundingClientRect().top + window.scrollY : null,
    pageWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 8),
    unwrapped,
  };
}"""


#: The reply choice: every label inside its row's box and the column, none cut short, none of zero size; which one is
#: checked, which one looks chosen (filled), and which reply shows.
LABELS = """() => {
  const article = document.querySelector('article.md-content__inner').getBoundingClientRect();
  const options = document.querySelector('.kb-pick__group--reply .kb-pick__options');
  if (!options) return null;
  const box = options.getBoundingClientRect();
  const labels = [...options.querySelectorAll('label')];
  const hidden = labels.filter((l) => {
    const r = l.getBoundingClientRect();
    return r.width < 2 || r.height < 2 || r.left < box.left - 1 || r.right > box.right + 1 || r.right > article.right + 1
      || l.scrollWidth > l.clientWidth + 1 || getComputedStyle(l).visibility === 'hidden';
  }).map((l) => l.textContent);
  const filled = labels.filter((l) => getComputedStyle(l).backgroundColor === 'rgb(191, 54, 12)').map((l) => l.textContent.replace(/^\u2713\u00a0/, ''));
  const checked = [...options.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value);
  const shown = [...document.querySelectorAll('.kb-replies > .kb-reply')].filter((r) => !r.hidden && r.offsetParent !== null).map((r) => r.id);
  const labelOf = (id) => { const i = options.querySelector(`input[value="${id}"]`); return i ? i.nextElementSibling.textContent : null; };
  return {labels: labels.map((l) => l.textContent), hidden, filled, checked, shown, checkedLabel: checked.length ? labelOf(checked[0]) : null,
          scrolls: options.scrollWidth > options.clientWidth + 1};
}"""


def _choice_problems(doc: str, name: str, c: dict | None) -> list[str]:
    if c is None:
        return [f"{doc} ({name}): no reply choice on the page"]
    problems = []
    if c["hidden"] or c["scrolls"]:
        problems.append(f"{doc} ({name}): reply labels cut off or out of view: {c['hidden']} (the row scrolls: {c['scrolls']})")
    if len(c["checked"]) != 1 or c["shown"] != c["checked"]:
        problems.append(f"{doc} ({name}): chosen {c['checked']} but showing {c['shown']}")
    if c["filled"] != [c["checkedLabel"]]:
        problems.append(f"{doc} ({name}): the label marked chosen is {c['filled']}, the chosen reply is {c['checkedLabel']!r}")
    return problems


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
        first = page.evaluate(LABELS)
        # Choose the last reply, as a specialist would: the mark and the reply on show follow.
        page.locator(".kb-pick__group--reply label").last.click()
        last = page.evaluate(LABELS)
        landed = None
        if name == "phone":
            page.evaluate("window.scrollTo(0, 0)")
            page.locator("a.kb-jump").click()
            page.wait_for_timeout(300)
            landed = page.evaluate("() => document.querySelector('.kb-reply:not([hidden]) .kb-reply__input').getBoundingClientRect().top")
    finally:
        page.close()
    size = VIEWPORTS[name]
    assert m["firstField"] is not None, f"{doc}: no reply composer field on the page"
    if name == "desktop":
        assert m["firstField"] <= 2 * size["height"], f"{doc}: the first reply field starts at {m['firstField']:.0f} px, below the first two screens"
    else:
        assert m["decide"] is not None and m["decide"] <= PHONE_DECIDE_TOP, f"{doc}: 'Decide and act' starts at {m['decide']} px, below {PHONE_DECIDE_TOP}"
        assert m["jumpBottom"] is not None and m["jumpBottom"] <= size["height"], (
            f"{doc}: the link to the reply ends at {m['jumpBottom']} px, off the first screen"
        )
        assert landed is not None and 0 <= landed <= size["height"] - 40, f"{doc}: after the link to the reply, its first field is at {landed} px, out of view"
    assert m["pageWidth"] <= size["width"], f"{doc} ({name}): the page is {m['pageWidth']} px wide in a {size['width']} px window"
    assert not m["wide"], f"{doc} ({name}): wider than the content column, not in a scrolling box: {m['wide']}"
    assert not m["unwrapped"], f"{doc} ({name}): reply text scrolls sideways instead of wrapping: {m['unwrapped']}"
    problems = _choice_problems(doc, name, first) + _choice_problems(doc, f"{name}, last chosen", last)
    assert first and last and last["checkedLabel"] == first["labels"][-1], f"{doc} ({name}): choosing the last reply chose {last and last['checkedLabel']}"
    assert not problems, "\n".join(problems)


def test_the_reply_choice_check_can_fail(viewport, base_url: str) -> None:
    """A label pushed out of its row, and a reply shown that is not the one marked, are both reported."""
    name, context = viewport
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        page.wait_for_selector(".kb-reply--ready")
        page.evaluate(
            """() => { const o = document.querySelector('.kb-pick__group--reply .kb-pick__options');
            o.style.flexWrap = 'nowrap'; o.style.overflowX = 'auto';
            const last = o.lastElementChild; last.textContent = 'A label far too long to fit the column '.repeat(4);
            last.style.whiteSpace = 'nowrap'; last.style.flexShrink = '0';
            const replies = document.querySelectorAll('.kb-replies > .kb-reply'); replies[0].hidden = true; replies[1].hidden = false; }"""
        )
        problems = _choice_problems("x", name, page.evaluate(LABELS))
    finally:
        page.close()
    assert any("cut off or out of view" in p for p in problems), problems
    assert any("but showing" in p for p in problems), problems


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
