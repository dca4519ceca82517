"""Accessibility, in Chromium: WCAG 2.1 A and AA by axe on every page in both colour schemes, and by keyboard.

- axe-core (bundled in the pinned axe-playwright-python, offline) runs the rules tagged wcag2a, wcag2aa, wcag21a and
  wcag21aa on every built page, light and dark, after using what the page offers: a reply filled and Copy pressed,
  a calculator given a date, a content tab opened, the search opened with results. 0 violations.
- Every page reflows to 320 CSS px without scrolling sideways (WCAG 1.4.10; tables and code scroll in their own box).
- Keyboard walks: a runbook (desktop and phone), the search, a calculator, the bar that clears a search's highlight.
  Every Tab stop is visible and shows a focus ring; a calculator and a reply announce once per settled change, only
  what changed.
- Text spacing (WCAG 1.4.12) clips no text; prefers-reduced-motion stops transitions.

`make a11y` runs this module; `make a11y PAGE=runbooks/payments/duplicate-charge` checks one page.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import doc_pages, route_offline

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
SCHEMES = ["light", "dark"]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
#: How long composer.js and calculators.js wait for typing to pause before they announce (SETTLE_MS), plus margin.
SETTLE_S = 1.2


def _url_of(doc: str) -> str:
    stem = doc.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def _pages() -> list[str]:
    """Every page, or only the one named by KB_A11Y_PAGE (`make a11y PAGE=…`)."""
    only = os.environ.get("KB_A11Y_PAGE", "").strip().strip("/").removesuffix(".md")
    pages = doc_pages()
    if only:
        pages = [doc for doc in pages if _url_of(doc).strip("/") == only or doc.removesuffix(".md") == only]
        assert pages, f"KB_A11Y_PAGE={only!r} names no page; use its address, e.g. runbooks/payments/duplicate-charge"
    return pages


# Use what the page offers, as a specialist would, in one step in the page: fill the open reply's first field and a
# date, press Copy (which shows the still-to-fill warning), open a second reply tab and a second content tab, and give
# each calculator the dates it waits for, one of them impossible, so results, a prompt and an error all show.
INTERACT = """() => {
  const fire = (el) => { el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); };
  const reply = document.querySelector('.kb-reply--ready');
  if (reply) {
    const first = reply.querySelector('.kb-reply__input:not([type=date])');
    if (first && first.tagName === 'INPUT') { first.value = 'Sam'; fire(first); }
    const date = reply.querySelector('.kb-reply__input[type=date]');
    if (date) { date.value = new Date().toISOString().slice(0, 10); fire(date); }
    reply.querySelector('.kb-reply__copy').click();
  }
  document.querySelectorAll('.tabbed-set').forEach((set) => {
    const labels = set.querySelectorAll(':scope > .tabbed-labels > label');
    if (labels.length > 1 && !set.classList.contains('kb-replies')) labels[1].click();
  });
  document.querySelectorAll('.kb-calc--ready').forEach((box, i) => {
    box.querySelectorAll('input[type=date]').forEach((input, j) => {
      if (i === 1 && j === 0) { input.value = ''; fire(input); }  // the second calculator: a date removed, an error
      else if (!input.value) { input.value = '2026-11-01'; fire(input); }
    });
  });
  return {replies: !!reply, calculators: document.querySelectorAll('.kb-calc--ready').length};
}"""

REFLOW = """() => ({width: document.documentElement.scrollWidth, wide: [...document.querySelectorAll('article *')]
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; })
  .filter((el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; } return true; })
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + el.className)})"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _violations(results: dict, where: str) -> list[str]:
    lines = []
    for rule in results["violations"]:
        for node in rule["nodes"][:3]:
            detail = (node.get("any") or node.get("all") or node.get("none") or [{}])[0].get("message", "")
            lines.append(f"{where}: {rule['id']} ({len(rule['nodes'])}) at {node['target'][-1]}: {detail[:160]}")
    return lines


#: Pages checked whole; on the others the site's frame (header, tabs, navigation, contents, footer), the same template on every
#: page, is left out of axe's run, which saves about a third of its time. These are the home page and the first page
#: of each top tab, so the frame is checked with every tab and section active.
FRAME = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer")
#: Switching the scheme changes colours only (the page is not rebuilt), so the dark run needs only the colour rules.
COLOUR_OPTIONS = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}, "resultTypes": ["violations"]}


def _checks_frame(doc: str) -> bool:
    return doc.count("/") == 0 or doc.endswith("index.md") and doc.count("/") == 1 or doc == "onboarding/learning-path.md"


@pytest.fixture(scope="module")
def site_page(browser):
    """One browser context and one page for every page of the site; each page is checked light, then switched to dark
    as Material's palette switch does (the body's data-md-color-scheme), and checked again. Reduced motion, so no
    colour is read halfway through Material's transitions."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", reduced_motion="reduce")
    leaked = route_offline(context)
    page = context.new_page()
    yield page
    context.close()
    assert leaked == [], f"requests left 127.0.0.1: {leaked}"


SCHEME = "(scheme) => { document.body.setAttribute('data-md-color-scheme', scheme); return getComputedStyle(document.body).backgroundColor; }"


@pytest.mark.parametrize("doc", _pages())
def test_every_page_has_no_axe_violations_in_either_scheme_and_reflows_to_320px(site_page, axe, base_url: str, doc: str) -> None:
    """axe (wcag2a, wcag2aa, wcag21a, wcag21aa) on every page after using it, light and dark; no sideways scrolling at
    320 px. One test per page, so the two workers of `make test` share the pages and a failure names its page."""
    page = site_page
    problems: list[str] = []
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + _url_of(doc), wait_until="load")
    used = page.evaluate(INTERACT)
    if used["calculators"] > 1:
        time.sleep(SETTLE_S)  # the error message next to a field shows once typing pauses
    context = None if _checks_frame(doc) else {"exclude": [[selector] for selector in FRAME]}
    backgrounds = set()
    for scheme, name, options in (("light", "default", AXE_OPTIONS), ("dark", "slate", COLOUR_OPTIONS)):
        backgrounds.add(page.evaluate(SCHEME, name))
        problems += _violations(axe.run(page, context=context, options=options).response, f"{doc} ({scheme})")
    assert len(backgrounds) == 2, f"{doc}: switching the scheme did not change the page ({backgrounds})"
    page.evaluate(SCHEME, "default")
    page.set_viewport_size({"width": 320, "height": 640})
    m = page.evaluate(REFLOW)
    if m["width"] > 320 or m["wide"]:
        problems.append(f"{doc}: at 320 px the page is {m['width']} px wide; outside a scrolling box: {m['wide']}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module", params=SCHEMES)
def scheme_page(request, browser):
    """One browser context per colour scheme (the reader's system setting), for the search and the planted faults."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=request.param)
    leaked = route_offline(context)
    page = context.new_page()
    yield request.param, page
    context.close()
    assert leaked == [], f"requests left 127.0.0.1: {leaked}"


def test_axe_on_the_open_search(scheme_page, axe, base_url: str) -> None:
    scheme, page = scheme_page
    page.set_viewport_size(DESKTOP)
    page.goto(base_url, wait_until="load")
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially("refund", delay=30)
    page.wait_for_selector("li.md-search-result__item mark")
    problems = _violations(axe.run(page, context=".md-search", options=AXE_OPTIONS).response, f"search ({scheme})")
    assert not problems, "\n".join(problems)


def test_axe_on_a_page_opened_from_the_search(scheme_page, axe, base_url: str) -> None:
    """The marks a search leaves on the page it opened, and the bar that clears them (search-highlight.js)."""
    scheme, page = scheme_page
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "runbooks/refunds-and-disputes/refund-status/?h=refund+card", wait_until="load")
    page.wait_for_selector(".kb-highlight")
    assert page.locator("mark.kb-hl").count() > 5
    problems = _violations(axe.run(page, context="article", options=AXE_OPTIONS).response, f"highlight ({scheme})")
    assert not problems, "\n".join(problems)


def test_the_axe_check_can_fail(scheme_page, axe, base_url: str) -> None:
    """Orange text on white (the old palette), an unlabelled field and a scroll box without focus are each reported."""
    scheme, page = scheme_page
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.evaluate(
        """() => { const a = document.querySelector('article');
        a.insertAdjacentHTML('beforeend', '<p style="color:#ff6e42;background:#fff">Low contrast</p><input type="text">'
          + '<div style="overflow:auto;width:50px"><p style="white-space:nowrap">A line far wider than its box</p></div>'); }"""
    )
    found = {rule["id"] for rule in axe.run(page, options=AXE_OPTIONS).response["violations"]}
    assert {"color-contrast", "label", "scrollable-region-focusable"} <= found, found


# What has focus, as the reader sees it: a hidden radio is shown by its label (content tabs, the reply and channel
# choices, the palette switch), a date field's calendar button by the rule that draws its ring. Visible means a box on screen, not transparent, not hidden; a ring means an outline of at least 1 px or a
# box shadow. Read after the element's own transition (the skip link slides in): polled for up to a second.
FOCUS = """async () => {
  for (let i = 0; i < 20; i++) {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    let shown = el;
    if (el.matches('.tabbed-set > input')) {
      const set = el.parentElement;
      shown = set.querySelector(':scope > .tabbed-labels').children[[...set.querySelectorAll(':scope > input')].indexOf(el)];
    } else if (el.matches('input.md-option')) shown = el.parentElement.querySelector(':scope > label:not([hidden])');
    else if (el.matches('.kb-pick__input')) shown = el.nextElementSibling;
    const r = shown.getBoundingClientRect(), s = getComputedStyle(shown);
    let visible = r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && r.bottom > 0 && r.right > 0 && r.left < innerWidth;
    for (let p = shown; p && visible; p = p.parentElement) if (parseFloat(getComputedStyle(p).opacity) < 0.5) visible = false;
    let ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none';
    if (el.matches('input[type=date]') && !el.matches(':focus')) {
      // Focus is on the field's own calendar button (a Tab stop in touch mode), whose style the page cannot read:
      // it has a ring when a style sheet gives that button one on focus.
      ring = [...document.styleSheets].some((sheet) => { try { return [...sheet.cssRules].some((rule) =>
        /calendar-picker-indicator:focus/.test(rule.selectorText || '') && /outline/.test(rule.cssText)); } catch (e) { return false; } });
    }
    const name = `${el.tagName.toLowerCase()}.${(el.className || '').toString().replace(' focus-visible', '')} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
    if ((visible && ring) || i === 19) return {name, visible, ring, field: el.classList.contains('kb-reply__input')};
    await new Promise((done) => setTimeout(done, 50));
  }
}"""


def _walk(page, stop: str | None, most: int) -> tuple[int, list[str]]:
    """Press Tab until the focused element matches ``stop`` (or ``most`` times when it is None); returns the number
    of presses and every stop that was invisible or showed no focus ring."""
    problems = []
    for count in range(1, most + 1):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus is not None, f"Tab {count}: focus left the page"
        if not focus["visible"]:
            problems.append(f"Tab {count}: {focus['name']} takes focus but is not visible")
        elif not focus["ring"]:
            problems.append(f"Tab {count}: {focus['name']} shows no focus ring")
        if stop and page.evaluate(f"() => document.activeElement.matches({stop!r})"):
            return count, problems
    if stop is None:
        return most, problems
    raise AssertionError(f"{most} presses of Tab never reached {stop}; on the way: {problems}")


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("phone", "dark")])
def test_keyboard_walk_through_a_runbook(browser, base_url: str, size: str, scheme: str) -> None:
    """From the top of a runbook by keyboard alone: the first 40 Tab stops (header, menu, navigation) visible with a
    ring; then again from the top, the skip link first, Enter on it, and the first reply field a few Tabs later; every
    field filled by typing (a date too), Copy pressed with Enter and the reply on the clipboard."""
    phone = size == "phone"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, color_scheme=scheme, is_mobile=phone, has_touch=phone)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        _, problems = _walk(page, None, 40)
        assert not problems, "\n".join(problems)
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
        page.keyboard.press("Enter")
        presses, problems = _walk(page, "#reply-duplicate-charge-pending .kb-reply__input", 40)
        assert not problems, "\n".join(problems)
        fields = page.locator("#reply-duplicate-charge-pending .kb-reply__input")
        for index in range(fields.count()):
            field = fields.nth(index)
            assert field.evaluate("el => el === document.activeElement"), f"Tab did not move to field {index}"
            if field.evaluate("el => el.tagName") == "SELECT":
                page.keyboard.press("ArrowDown")
            elif field.get_attribute("type") == "date":
                page.keyboard.type("11272026")  # the locale's order: month, day, year
                # Chromium keeps one more Tab stop inside a date field after its year.
                for _ in range(3):
                    if not field.evaluate("el => el === document.activeElement"):
                        break
                    page.keyboard.press("Tab")
                continue
            else:
                page.keyboard.type("Sam")
            page.keyboard.press("Tab")
        copy = page.locator("#reply-duplicate-charge-pending .kb-reply__copy")
        assert copy.evaluate("el => el === document.activeElement"), "Copy is not the next Tab stop after the fields"
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('reply-duplicate-charge-pending').hasAttribute('data-kb-copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "27 November 2026" in copied and "{" not in copied
        if phone:
            # The drawer: its button opens it from the keyboard, focus goes in, Escape closes it and comes back.
            button = page.locator(".md-header label[for='__drawer']")
            button.focus()
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
            assert button.get_attribute("aria-expanded") == "true"
            focus = page.evaluate(FOCUS)
            assert focus["visible"] and focus["ring"], focus
            page.keyboard.press("Escape")
            assert button.evaluate("el => el === document.activeElement") and button.get_attribute("aria-expanded") == "false"
        else:
            assert presses <= 15, f"{presses} presses of Tab from the skip link to the first reply field"
    finally:
        context.close()


def test_the_focus_walk_can_fail(page, base_url: str) -> None:
    """An invisible link and a control whose ring is removed are both reported by the walk."""
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.evaluate(
        """() => { const h = document.querySelector('.md-header__inner');
        h.insertAdjacentHTML('afterbegin', '<a href="#x" id="ghost" style="opacity:0">ghost</a><button id="plain" style="outline:none">plain</button>'); }"""
    )
    _, problems = _walk(page, "#plain", 10)
    assert any("ghost" in p and "not visible" in p for p in problems), problems
    assert any("plain" in p and "no focus ring" in p for p in problems), problems


def test_keyboard_search_announces_the_count_and_opens_a_result(page, base_url: str) -> None:
    """Tab to the search box, type, hear the count once typing pauses, arrow down to a result, Enter opens it."""
    page.set_viewport_size(DESKTOP)
    page.goto(base_url, wait_until="load")
    _, problems = _walk(page, ".md-search__input", 10)
    assert not problems, "\n".join(problems)
    page.keyboard.type("charged twice", delay=40)
    page.wait_for_selector("li.md-search-result__item")
    page.wait_for_function("() => /\\d+ matching documents? for \u201ccharged twice\u201d/.test(document.getElementById('kb-search-status').textContent)")
    page.keyboard.press("ArrowDown")
    focus = page.evaluate(FOCUS)
    assert focus["visible"] and focus["ring"], focus
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/runbooks/payments/duplicate-charge/.*"))


def test_keyboard_clears_the_search_highlight(page, base_url: str) -> None:
    """On a page opened from the search, "Skip to content" leads to the highlight's bar: one Tab to Clear highlight
    (with a ring), Enter clears every mark, and focus goes to the page's title."""
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "runbooks/refunds-and-disputes/refund-status/?h=refund", wait_until="load")
    page.wait_for_selector(".kb-highlight")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    presses, problems = _walk(page, ".kb-highlight__clear", 3)
    assert presses == 1 and not problems, (presses, problems)
    page.keyboard.press("Enter")
    assert page.locator("mark.kb-hl").count() == 0 and page.locator(".kb-highlight").count() == 0
    assert page.evaluate("document.activeElement.tagName") == "H1"
    assert page.locator("a.md-skip").get_attribute("href") != "#kb-highlight"


# Every change to a calculator's result list and status line, and every announcement, recorded in the page.
RECORD = """(selector) => {
  const box = document.querySelector(selector);
  window.__said = []; window.__changes = 0;
  new MutationObserver((records) => { window.__changes += records.length; }).observe(box.querySelector('.kb-calc__result'), {subtree: true, childList: true, characterData: true});
  const status = box.querySelector('[role=status]');
  new MutationObserver(() => window.__said.push(status.textContent)).observe(status, {subtree: true, childList: true, characterData: true});
}"""


def test_keyboard_walk_through_a_calculator_announces_once_per_settled_change(page, base_url: str) -> None:
    """Type into a calculator by keyboard: the status line speaks once when typing pauses, with only what changed, and
    an edit that changes one figure touches a handful of nodes, not the whole result."""
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "runbooks/refunds-and-disputes/subscription-refund-request/?paid_on=2026-11-20&refund_on=2026-11-30", wait_until="load")
    box = "#calc-refund"
    assert page.locator(f"{box} h3").count() == 1 and page.locator(f"{box} fieldset > legend").count() == 1
    assert page.locator(f"{box} dl > dt").count() >= 2, "the result is not a list of terms and values"
    page.evaluate(RECORD, box)
    page.locator(f"{box} [name=paid]").focus()
    page.keyboard.type("120.00", delay=60)
    time.sleep(SETTLE_S)
    said = page.evaluate("window.__said")
    assert len(said) == 1, f"announced {len(said)} times for one settled edit: {said}"
    assert said[0].startswith("Partial refund of the unused time: $"), said
    assert "Window:" not in said[0], f"announced a line that did not change: {said[0]}"
    # Six keystrokes, each changing the amount and its arithmetic: about two text changes per keystroke, not a rebuild.
    assert page.evaluate("window.__changes") <= 6 * 4, page.evaluate("window.__changes")
    # An impossible date typed by keyboard: a message next to the field once typing pauses, an alert.
    page.locator(f"{box} [name=paid_on]").focus()
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")
    time.sleep(SETTLE_S)
    error = page.locator("#kb-calc-refund-paid_on-error")
    assert error.get_attribute("role") == "alert" and error.inner_text() == "Enter a date."


def test_a_bad_date_in_a_reply_is_refused_next_to_its_field(page, base_url: str) -> None:
    """A year typed as 61201 is held to the field's range; out of range, the reply is not ready and says why."""
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    composer = page.locator("#reply-duplicate-charge-pending")
    date = composer.locator("input[type=date]")
    date.focus()
    page.keyboard.type("0202", delay=30)
    page.keyboard.type("61201", delay=30)
    time.sleep(SETTLE_S)
    message = composer.locator(".kb-reply__error").filter(has_text="Enter a date from")
    assert message.count() == 1, composer.locator(".kb-reply__error").all_inner_texts()
    assert date.get_attribute("aria-invalid") == "true"
    assert message.get_attribute("id") in date.get_attribute("aria-describedby").split()
    assert "to fix" in composer.locator(".kb-reply__status").inner_text()
    assert composer.locator(".kb-reply__preview mark", has_text="{charge_date}").count() == 1, "the bad date went into the preview"
    said = []
    composer.locator(".kb-reply__copy").click()
    said.append(composer.locator(".kb-reply__status").inner_text())
    assert said[0].startswith("To fix: {charge_date}."), said


def test_a_reply_status_is_written_once_per_settled_edit(page, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.evaluate(
        """() => { window.__said = []; const s = document.querySelector('#reply-duplicate-charge-pending [role=status]');
        new MutationObserver(() => window.__said.push(s.textContent)).observe(s, {subtree: true, childList: true, characterData: true}); }"""
    )
    page.locator("#reply-duplicate-charge-pending [name=customer_name]").focus()
    page.keyboard.type("Alexandra", delay=40)
    time.sleep(SETTLE_S)
    page.keyboard.type(" Smith", delay=40)  # the count does not change: nothing to say
    time.sleep(SETTLE_S)
    assert page.evaluate("window.__said") == ["7 to fill"]


SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""

CLIPPED = """() => [...document.querySelectorAll('.md-content *, .md-header *, .md-tabs *')].filter((el) => {
  if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) return false;
  const s = getComputedStyle(el);
  if (s.display === 'none' || s.visibility === 'hidden' || el.closest('.kb-sr-only, [hidden]')) return false;
  if (s.textOverflow === 'ellipsis') return false;  // shortened with a visible ellipsis by design (the header title)
  const clips = (o) => o === 'hidden' || o === 'clip';
  return (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1) || (clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1);
}).slice(0, 8).map((el) => el.tagName.toLowerCase() + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '"')"""


@pytest.mark.parametrize("path", ["", "runbooks/subscriptions/change-plan-proration/", "glossary/"])
def test_text_spacing_clips_no_text(page, base_url: str, path: str) -> None:
    """WCAG 1.4.12: with wider lines, letters, words and paragraphs, no text is cut off."""
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + path, wait_until="load")
    page.add_style_tag(content=SPACING)
    page.evaluate(INTERACT)
    assert page.evaluate(CLIPPED) == []


def test_reduced_motion_is_honoured(browser, base_url: str) -> None:
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        durations = page.evaluate(
            "() => ['.md-tabs__link', '.md-skip', '.md-header'].map((s) => getComputedStyle(document.querySelector(s)).transitionDuration)"
        )
        behaviour = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    finally:
        context.close()
    assert all(float(d.split(",")[0].rstrip("ms")) <= 0.01 for d in durations), durations
    assert behaviour == "auto"
