"""Reply composers, in Chromium: fill every field of every reply on every runbook, copy, and get exactly the preview;
then the same reply as a chat (the build's messages, filled in, each copied on its own) and as a public social post
(no personal value typed into the fields ever shows).

Also: copying with a field left empty warns first; a link to a reply chooses it; the fields are labelled and
work by keyboard; the preview stays readable in light and dark mode.
"""

from __future__ import annotations

import re

import pytest

from kbtools.contract import contract_pages, page_kind, parse
from macros.data import load_site_data
from macros.replies import load_reply
from macros.widgets import policy_values

from .conftest import ROOT

pytestmark = pytest.mark.browser
DATA = load_site_data(ROOT)
RUNBOOKS = [p.relative_to(ROOT).as_posix() for p in contract_pages(ROOT) if page_kind(p.relative_to(ROOT).as_posix()) == "runbook"]
LEFT_OVER = re.compile(r"\{[a-z][a-z0-9_]*\}")
FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")
ROLES = {action: DATA.decisions.roles_text(action) for action in DATA.decisions.actions}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
#: The reply choice and the channel choice (composer.js).
REPLY_LABELS = ".kb-pick__group--reply label"


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


def _filled(text: str, values: dict[str, str]) -> str:
    """A template with the values the browser shows (dates written out, as composer.js writes them)."""

    def value(match: re.Match[str]) -> str:
        raw = values.get(match.group(1), "")
        day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", raw)
        return f"{int(day.group(3))} {MONTHS[int(day.group(2)) - 1]} {day.group(1)}" if day else raw or match.group(0)

    return FIELD.sub(value, text)


@pytest.mark.parametrize("doc", RUNBOOKS)
def test_every_reply_fills_and_copies_exactly_the_preview_in_every_channel(clipboard_page, base_url: str, doc: str) -> None:
    page = clipboard_page
    page.goto(_url(base_url, doc), wait_until="load")
    replies = _replies(doc)
    labels = page.locator(REPLY_LABELS)
    assert labels.all_inner_texts() == list(replies.values()), f"{doc}: the reply labels do not match replies: in front matter"
    for index, (name, label) in enumerate(replies.items()):
        labels.nth(index).click()
        composer = page.locator(f"#reply-{name}")
        assert composer.is_visible(), f"{doc}: choosing {label!r} did not show its reply"
        template = composer.locator(".kb-reply__template").text_content()
        declared = list(dict.fromkeys(re.findall(r"\{([a-z][a-z0-9_]*)\}", template)))
        names = composer.locator(".kb-reply__field:not([hidden]) .kb-reply__input").evaluate_all("els => els.map(e => e.name)")
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
        _check_channels(page, composer, doc, name, label)


def _check_channels(page, composer, doc: str, name: str, label: str) -> None:
    """The reply as a chat and as a social post: exactly the build's renderings (macros/channels.py), filled in with
    the values typed for the email; a social post shows none of the personal ones."""
    values = dict(composer.locator(".kb-reply__input").evaluate_all("els => els.map(e => [e.name, e.value])"))
    rendering = load_reply(ROOT / "snippets", name, label, set(DATA.placeholders), policy_values(DATA), ROLES, DATA.channels).channels
    personal = [v for n, v in values.items() if v and DATA.placeholders[n].personal]
    personal += [_filled("{" + n + "}", values) for n, v in values.items() if v and DATA.placeholders[n].personal]
    page.locator(".kb-pick__group--channel label", has_text="Social").click()
    social = composer.locator(".kb-reply__preview").text_content()
    assert social == _filled(rendering.messages["social"][0], values), f"{doc} / {label}: the social post differs from the build's"
    shown = [v for v in personal if v in social]
    assert not shown, f"{doc} / {label}: the public social post shows personal values {shown}"
    assert not composer.locator(".kb-reply__field:not([hidden]) .kb-reply__input").evaluate_all(
        "els => els.filter(e => e.name !== 'agent_name').map(e => e.name)"
    ), f"{doc} / {label}: the social post asks for a personal field"
    page.locator(".kb-pick__group--channel label", has_text="Chat").click()
    messages = composer.locator(".kb-reply__message-text").all_text_contents()
    expected = [_filled(m, values) for m in rendering.messages["chat"]]
    assert messages == expected, f"{doc} / {label}: the chat messages differ from the build's"
    assert all(len(m) <= DATA.channels.chat_limit for m in messages), f"{doc} / {label}: a chat message is over {DATA.channels.chat_limit} characters"
    buttons = composer.locator(".kb-reply__copy")
    assert buttons.count() == len(messages), f"{doc} / {label}: {buttons.count()} copy buttons for {len(messages)} messages"
    buttons.last.click()
    page.wait_for_function(f"(text) => document.getElementById('reply-{name}').getAttribute('data-kb-copied') === text", arg=messages[-1])
    assert page.evaluate("navigator.clipboard.readText()") == messages[-1], f"{doc} / {label}: the last chat message did not copy alone"
    page.locator(".kb-pick__group--channel label", has_text="Email").click()


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
    page.locator(REPLY_LABELS).nth(2).click()
    assert page.locator("#reply-duplicate-charge-refunded [name=customer_name]").input_value() == "Priya"
    assert page.locator("#reply-duplicate-charge-refunded .kb-reply__preview").text_content().startswith("Hi Priya,")


def test_a_link_to_a_reply_chooses_it(page, base_url: str) -> None:
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    refunded = page.locator("#reply-duplicate-charge-refunded")
    assert not refunded.is_visible()
    # Material rewrites in-page links to absolute addresses once the page loads.
    page.locator("article a[href$='#reply-duplicate-charge-refunded']").first.click()
    page.wait_for_function("() => getComputedStyle(document.getElementById('reply-duplicate-charge-refunded')).display !== 'none'")
    assert refunded.is_visible()
    assert refunded.locator(".kb-reply__input").first.is_visible()
    chosen = page.locator(".kb-pick__group--reply input:checked + label").inner_text()
    assert chosen.endswith(_replies("docs/runbooks/payments/duplicate-charge.md")["duplicate-charge-refunded"]), chosen


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
    # The reply choice is a group of radio buttons: the arrow keys move between replies, and between channels.
    page.locator(".kb-pick__group--reply input").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#reply-duplicate-charge-registrar-void").is_visible()
    assert not page.locator("#reply-duplicate-charge-pending").is_visible()
    page.locator(".kb-pick__group--channel input").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#reply-duplicate-charge-registrar-void .kb-reply__preview-label").inner_text().startswith("Preview, Chat")


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
