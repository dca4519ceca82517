"""Reply composers, in Chromium: fill every field of every reply on every runbook, copy, and get exactly the preview.

Also: copying with a field left empty warns first; a link to a reply opens its tab; the fields are labelled and
work by keyboard; the preview stays readable in light and dark mode.
"""

from __future__ import annotations

import re

import pytest

from kbtools.contract import contract_pages, page_kind, parse
from macros.data import load_site_data

from .conftest import ROOT

pytestmark = pytest.mark.browser
DATA = load_site_data(ROOT)
RUNBOOKS = [p.relative_to(ROOT).as_posix() for p in contract_pages(ROOT) if page_kind(p.relative_to(ROOT).as_posix()) == "runbook"]
LEFT_OVER = re.compile(r"\{[a-z][a-z0-9_]*\}")


def _url(base_url: str, doc: str) -> str:
    return base_url + doc.removeprefix("docs/").removesuffix(".md") + "/"


def _replies(doc: str) -> dict[str, str]:
    page, _ = parse(doc, (ROOT / doc).read_text(encoding="utf-8"))
    return dict(page.meta["replies"])


@pytest.fixture
def clipboard_page(context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return page


def _fill(composer, index: int) -> None:
    """Fill every empty field of one composer as a specialist would (typing, picking a date, choosing)."""
    for field in composer.locator(".kb-reply__input").all():
        if field.input_value():
            continue
        tag = field.evaluate("el => el.tagName")
        kind = field.get_attribute("type")
        if tag == "SELECT":
            field.select_option(index=1)
        elif kind == "date":
            field.fill("2026-11-27")
        else:
            field.fill(f"Sample {field.get_attribute('name')} {index}")


@pytest.mark.parametrize("doc", RUNBOOKS)
def test_every_reply_fills_and_copies_exactly_the_preview(clipboard_page, base_url: str, doc: str) -> None:
    page = clipboard_page
    page.goto(_url(base_url, doc), wait_until="load")
    replies = _replies(doc)
    labels = page.locator(".kb-replies > .tabbed-labels > label")
    assert labels.all_inner_texts() == list(replies.values()), f"{doc}: the tabs do not match replies: in front matter"
    for index, (name, label) in enumerate(replies.items()):
        labels.nth(index).click()
        composer = page.locator(f"#reply-{name}")
        assert composer.is_visible(), f"{doc}: the {label!r} tab did not show its reply"
        template = composer.locator(".kb-reply__template").text_content()
        declared = list(dict.fromkeys(re.findall(r"\{([a-z][a-z0-9_]*)\}", template)))
        names = composer.locator(".kb-reply__input").evaluate_all("els => els.map(e => e.name)")
        assert names == declared, f"{doc} / {label}: fields {names} do not match the template's placeholders {declared}"
        for placeholder in declared:
            help_text = composer.locator(f".kb-reply__field:has([name={placeholder}]) .kb-reply__help").inner_text()
            assert help_text == DATA.placeholders[placeholder].help, f"{doc} / {label}: {placeholder} is explained as {help_text!r}"
        _fill(composer, index)
        preview = composer.locator(".kb-reply__preview").text_content()
        assert not LEFT_OVER.search(preview), f"{doc} / {label}: still unfilled after filling every field: {LEFT_OVER.findall(preview)}"
        composer.locator(".kb-reply__copy").click()
        page.wait_for_function(f"() => document.getElementById('reply-{name}').hasAttribute('data-kb-copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == preview, f"{doc} / {label}: the clipboard differs from the preview"
        assert "27 November 2026" in copied or "date" not in " ".join(declared), f"{doc} / {label}: dates are not written out for the customer"


def test_copying_with_an_empty_field_warns_first(clipboard_page, base_url: str) -> None:
    page = clipboard_page
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.evaluate("navigator.clipboard.writeText('before')")
    composer = page.locator("#reply-duplicate-charge-pending")
    composer.locator("[name=customer_name]").fill("Alex")
    composer.locator(".kb-reply__copy").click()
    template = (ROOT / "snippets" / "replies" / "duplicate-charge-pending.md").read_text(encoding="utf-8")
    empty = [n for n in dict.fromkeys(re.findall(r"\{([a-z][a-z0-9_]*)\}", template)) if n != "customer_name"]
    expected = "Still to fill: " + ", ".join("{" + n + "}" for n in empty) + ". Fill them, or press Copy anyway."
    assert composer.locator(".kb-reply__status").inner_text() == expected
    assert page.evaluate("navigator.clipboard.readText()") == "before", "copied although fields were empty"
    assert composer.locator("mark.kb-reply__missing").count() >= 1, "unfilled placeholders are not highlighted"
    assert composer.locator(".kb-reply__copy").inner_text() == "Copy anyway"
    composer.locator(".kb-reply__copy").click()
    page.wait_for_function("() => document.getElementById('reply-duplicate-charge-pending').hasAttribute('data-kb-copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hi Alex,") and "{invoice_number}" in copied


def test_a_value_typed_once_fills_every_reply_on_the_page(page, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.locator("#reply-duplicate-charge-pending [name=customer_name]").fill("Priya")
    page.locator(".kb-replies > .tabbed-labels > label").nth(2).click()
    assert page.locator("#reply-duplicate-charge-refunded [name=customer_name]").input_value() == "Priya"
    assert page.locator("#reply-duplicate-charge-refunded .kb-reply__preview").text_content().startswith("Hi Priya,")


def test_a_link_to_a_reply_opens_its_tab(page, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    refunded = page.locator("#reply-duplicate-charge-refunded")
    assert not refunded.is_visible()
    # Material rewrites in-page links to absolute addresses once the page loads.
    page.locator("article a[href$='#reply-duplicate-charge-refunded']").first.click()
    page.wait_for_function("() => getComputedStyle(document.getElementById('reply-duplicate-charge-refunded')).display !== 'none'")
    assert refunded.is_visible()
    assert refunded.locator(".kb-reply__input").first.is_visible()


def test_composer_works_by_keyboard(page, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    composer = page.locator("#reply-duplicate-charge-pending")
    for field in composer.locator(".kb-reply__input").all():
        field_id = field.get_attribute("id")
        assert page.locator(f"label[for='{field_id}']").count() == 1, f"field {field_id} has no label"
    first = composer.locator(".kb-reply__input").first
    first.focus()
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    assert composer.locator(".kb-reply__input").nth(1).evaluate("el => el === document.activeElement")
    assert composer.locator(".kb-reply__preview").text_content().startswith("Hi Sam,")
    # The tabs are radio buttons: the arrow keys move between replies.
    page.locator("#kb-reply-tab-1").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#reply-duplicate-charge-registrar-void").is_visible()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_composer_is_readable_in_light_and_dark_mode(browser, base_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        colours = page.evaluate(
            """() => {
              const c = (sel) => { const el = document.querySelector(sel); const s = getComputedStyle(el);
                let bg = s.backgroundColor, p = el;
                while (/rgba\\(0, 0, 0, 0\\)|transparent/.test(bg) && p.parentElement) { p = p.parentElement; bg = getComputedStyle(p).backgroundColor; }
                return [s.color, bg]; };
              return {preview: c('.kb-reply__preview'), label: c('.kb-reply__label'), input: c('.kb-reply__input'),
                      missing: c('.kb-reply__missing'), status: c('.kb-reply__status')};
            }"""
        )
    finally:
        context.close()
    for part, (fg, bg) in colours.items():
        assert _contrast(fg, bg) >= 4.5, f"{scheme} mode: {part} text {fg} on {bg} has contrast {_contrast(fg, bg):.2f} (needs 4.5)"
