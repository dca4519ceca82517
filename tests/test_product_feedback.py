"""The customer's voice carried back: the product feedback template (a reply template in the reply composer, not a
second machinery), where it goes, and the open product questions with their owner and date (data/product_questions.yml)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from macros.data import load_site_data
from macros.productvoice import load_product_voice, question_problems
from macros.yamlsource import DataError, Source

from .conftest import ROOT, Site

PAGE = "product-feedback/tell-the-product-team.md"
QUESTIONS = "product-feedback/product-questions.md"


@pytest.fixture(scope="module")
def data():
    return load_site_data(ROOT)


def test_the_real_questions_are_sound(data) -> None:
    voice = data.product_voice
    codes = {r.code for r in data.contact_reasons.reasons}
    assert question_problems(voice, codes, date(2026, 12, 6)) == []
    assert any(q.status == "open" for q in voice.questions)


def test_a_question_with_an_unknown_code_or_a_future_date_is_named(data) -> None:
    voice = data.product_voice
    first = voice.questions[0]
    problems = question_problems(voice, set(), first.raised)
    assert problems[0] == (
        f"data/product_questions.yml:{first.line}: {first.key}: {first.contact_reason} is not a code in data/contact_reasons.yml — "
        "use the code of the runbook the contacts came through"
    )
    early = question_problems(voice, {q.contact_reason for q in voice.questions}, date(2026, 1, 1))
    assert (
        f"data/product_questions.yml:{first.line}: {first.key}: raised {first.raised.isoformat()} is after today (2026-01-01) — write the date it was raised"
        in early
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ("owner: payments-platform", "owner: payments"), "questions[2].owner: expected one of billing-experience, payments-platform", id="unknown-owner"
        ),
        pytest.param(("    status: declined\n", "    status: open\n"), "an open question has no answer yet", id="open-with-answer"),
        pytest.param(("raised: 2026-11-19", "raised: soon"), "questions[0].raised: expected a date like 2026-11-19, got 'soon'", id="not-a-date"),
        pytest.param(('channel: "#billing-voice-of-customer"', "channel: billing-voice"), "route.channel: expected a chat channel", id="channel"),
    ],
)
def test_a_broken_question_file_is_refused_at_its_line(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    text = (ROOT / "data" / "product_questions.yml").read_text(encoding="utf-8")
    assert edit[0] in text
    broken = tmp_path / "product_questions.yml"
    broken.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_product_voice(Source(broken, "data/product_questions.yml"))
    assert message in str(caught.value)
    assert re.match(r"data/product_questions.yml:\d+: ", str(caught.value))


def test_the_questions_page_lists_the_open_ones_with_owner_and_date(site: Site, data) -> None:
    assert site.error is None, site.error
    page = re.sub(r"</?abbr[^>]*>", "", site.html(QUESTIONS))
    voice = data.product_voice
    for q in voice.questions:
        row = page[page.index(q.question.replace("'", "&#x27;")) - 400 :][:1500] if q.question.replace("'", "&#x27;") in page else ""
        assert row, f"{q.key} is not on the page"
        assert voice.owners[q.owner].name in row
        assert (q.raised if q.status == "open" else q.answered).isoformat() in row
    assert f"<strong>{sum(q.status == 'open' for q in voice.questions)} open questions</strong>" in page


def test_the_feedback_template_is_a_reply_in_the_composer(site: Site, data) -> None:
    """The composer's own markup (macros/replies.py): one machinery for replies and feedback."""
    page = site.html(PAGE)
    assert 'data-kb-reply="product-feedback"' in page and 'class="kb-reply__template"' in page
    for field in ("product_gap", "contact_reason", "customer_tried", "customer_impact", "contact_count", "ticket_number"):
        assert f"{{{field}}}" in page, field
    route = data.product_voice.route
    assert route.channel in page
    assert "data-pagefind-body" in page, "a specialist finds the page by searching"


@pytest.mark.browser
def test_the_feedback_composer_fills_and_copies(page, offline, base_url: str) -> None:
    page.goto(base_url + "product-feedback/tell-the-product-team/", wait_until="load")
    page.wait_for_selector(".kb-reply--ready")
    box = page.locator("#reply-product-feedback")
    box.locator("input[name=product_gap]").fill("Threshold invoices do not say the month-end invoice charges only the rest")
    box.locator("input[name=contact_reason]").fill("SUB-THRESHOLD")
    box.locator("input[name=contact_count]").fill("4 since 2 November")
    preview = box.locator(".kb-reply__preview")
    assert "Contact reason: SUB-THRESHOLD" in preview.inner_text()
    assert "How many contacts: 4 since 2 November" in preview.inner_text()
    assert offline == []
