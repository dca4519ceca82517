"""The calculators: figures a specialist would check by hand, and in Chromium, the customer's own numbers on the page,
with a plain message (never NaN or a blank) for bad input."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from macros.calculators import compute, config
from macros.data import load_site_data

from .conftest import ROOT, Site, built_path, doc_pages

DATA = load_site_data(ROOT)
# The proration form asks for the period by the site's convention (data/billing.yml): a billing day, or, for 30-day
# periods, the last billing date. The error cases follow it.
if DATA.billing.convention == "thirty_day":
    PERIOD = {"last_billed": "2026-11-01"}
    PERIOD_ERROR = (
        "proration",
        {"from_plan": "pro", "to_plan": "business", "last_billed": "2026-12-05", "change_date": "2026-11-30"},
        "last_billed",
        "The last billing date is after the change: check both dates.",
    )
else:
    PERIOD = {"billing_day": "1"}
    PERIOD_ERROR = ("proration", {"billing_day": "32"}, "billing_day", "Out of range: pick a value from the list.")


def test_refund_of_an_annual_plan_bought_ten_days_ago() -> None:
    # 365-day year from 20 Nov: 11 days used (the request day counts), 354 unused: 240.00 × 354 / 365 = 232.767… → 232.77.
    refund = compute("refund", config("refund", DATA), {"plan": "pro", "cycle": "annual", "paid_on": "2026-11-20", "refund_on": "2026-11-30"})
    assert (refund["outcome"], refund["amount"], refund["unused_days"], refund["days"]) == ("partial", "232.77", 354, 365)
    limits = {limit.role: limit for limit in DATA.approval_limits}
    assert limits["specialist"].refund < 232 <= limits["senior-specialist"].refund
    assert refund["approver"] == limits["senior-specialist"].title


def test_refund_outside_the_window_and_for_our_error() -> None:
    window = int(DATA.policy_value("refunds.goodwill_window_days"))
    late = compute("refund", config("refund", DATA), {"plan": "pro", "cycle": "monthly", "paid_on": "2026-11-01", "refund_on": f"2026-11-{window + 2:02d}"})
    assert (late["outcome"], late["amount"], late["approver"]) == ("none", "0.00", None)
    ours = compute(
        "refund", config("refund", DATA), {"plan": "business", "cycle": "annual", "paid_on": "2026-01-01", "refund_on": "2026-12-30", "reason": "error"}
    )
    assert (ours["outcome"], ours["amount"]) == ("full", f"{DATA.plans['business'].annual:.2f}")


def test_half_cent_rounds_up_without_a_rounded_fraction() -> None:
    plans = {"plans": [{"key": "a", "monthly": "0.00", "annual": "0"}, {"key": "b", "monthly": "0.15", "annual": "0"}]}
    tie = compute("proration", plans, {"from_plan": "a", "to_plan": "b", "cycle": "monthly", "billing_day": "1", "change_date": "2026-04-30"})
    assert tie["charge"] == "0.01", "0.15 × 1/30 = 0.005 rounds half up to 0.01"


def test_domain_expired_twenty_days_ago() -> None:
    status = compute("domain", config("domain", DATA), {"tld": "com", "expiry": "2026-11-10", "today": "2026-11-30"})
    grace = DATA.lifecycle_phases[0]
    assert (status["phase"], status["day"]) == (grace.key, 20)
    assert status["renew_by"] == "2026-12-20" and status["restore_by"] == "2027-01-19", "day 40 and day 70 after 10 November"


CALCULATOR_PAGES = [doc for doc in doc_pages() if 'calculator("' in (ROOT / "docs" / doc).read_text(encoding="utf-8")]


def test_calculator_pages_are_found() -> None:
    assert "contributing/macros.md" in CALCULATOR_PAGES and len(CALCULATOR_PAGES) >= 2


@pytest.mark.browser
@pytest.mark.parametrize("doc", CALCULATOR_PAGES)
def test_calculators_start_clean(page, site: Site, base_url: str, doc: str) -> None:
    """On first load every calculator shows a result or a prompt: no error, no NaN, no 'undefined'."""
    page.goto(base_url + doc.removesuffix(".md") + "/", wait_until="load")
    boxes = page.locator(".kb-calc")
    assert boxes.count() == len(re.findall(r'data-kb-calc="', built_path(site.dir, doc).read_text(encoding="utf-8")))
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.get_attribute("class").find("kb-calc--ready") != -1, f"{doc}: calculator {i} was not drawn"
        text = box.inner_text()
        assert not re.search(r"\bNaN\b|undefined|null", text), f"{doc}: calculator {i} shows {text!r}"
        state = box.get_attribute("data-kb-state")
        assert state == "ok" or (state == "waiting" and "to see the result" in text), f"{doc}: calculator {i} starts in state {state}: {text!r}"


def _result(page, calc: str) -> str:
    return page.locator(f"#calc-{calc} .kb-calc__result").inner_text()


@pytest.mark.browser
def test_refund_calculator_gives_the_customers_own_numbers(page, base_url: str) -> None:
    query = urlencode({"plan": "pro", "cycle": "annual", "paid_on": "2026-11-20", "refund_on": "2026-11-30"})
    page.goto(f"{base_url}contributing/macros/?{query}", wait_until="load")
    text = _result(page, "refund")
    assert "$232.77" in text and "Senior billing specialist" in text, text


@pytest.mark.browser
def test_plan_change_calculator_works_from_the_fields_it_shows(page, base_url: str) -> None:
    # Typed in as a specialist would, with only the fields the form shows under the site's convention; the figures
    # are the Python reference's for the same inputs (a form that asks for a field it cannot show would fail here).
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", **PERIOD, "change_date": "2026-11-20"}
    expected = compute("proration", config("proration", DATA), inputs)
    assert "error" not in expected, expected
    page.goto(f"{base_url}runbooks/subscriptions/change-plan-proration/", wait_until="load")
    box = page.locator("#calc-proration")
    box.scroll_into_view_if_needed()
    for name, value in inputs.items():
        field = box.locator(f"#kb-calc-proration-{name}")
        if field.evaluate("node => node.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    assert box.get_attribute("data-kb-state") == "ok", box.inner_text()
    money = lambda cents: f"${cents}"  # noqa: E731
    text = _result(page, "proration")
    assert money(expected["net"]) in text and money(expected["credit"]) in text, text


@pytest.mark.browser
@pytest.mark.parametrize(
    ("calc", "query", "field", "message"),
    [
        ("refund", {"paid_on": "2026-11-20", "refund_on": "2026-11-10"}, "refund_on", "The request date is before the payment date: check both dates."),
        ("refund", {"plan": "enterprise", "paid_on": "2026-11-20"}, "plan", "This plan is not one of ours: choose a plan from the list."),
        ("refund", {"paid_on": "2026-11-20", "paid": "two hundred"}, "paid", "Enter an amount like 240.00 (digits, and at most two decimals)."),
        ("proration", {"to_plan": "pro", "from_plan": "pro", **PERIOD}, "to_plan", "Choose two different plans."),
        PERIOD_ERROR,
        ("dunning", {"failed_on": "2026-11-30", "today": "2026-11-01"}, "today", "Today's date is before the failed payment: check both dates."),
        (
            "transfer",
            {"expiry": "2027-01-01", "requested_on": "2026-11-30", "last_change_on": "2026-12-05"},
            "last_change_on",
            "The last change is after the transfer request: check both dates.",
        ),
        ("domain", {"expiry": "2026-02-30"}, "expiry", "Enter a real date, like 2026-11-30."),
    ],
    ids=[
        "dates-in-the-wrong-order",
        "unknown-plan",
        "words-for-an-amount",
        "same-plan",
        "period-start",
        "today-before-failure",
        "change-after-request",
        "30-february",
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(page, base_url: str, calc: str, query: dict[str, str], field: str, message: str) -> None:
    page.goto(f"{base_url}contributing/macros/?{urlencode(query)}", wait_until="load")
    box = page.locator(f"#calc-{calc}")
    assert box.get_attribute("data-kb-state") == "error"
    assert box.locator(f"#kb-calc-{calc}-{field}-error").inner_text() == message
    assert box.locator(f"#kb-calc-{calc}-{field}").get_attribute("aria-invalid") == "true"
    assert not re.search(r"\bNaN\b|undefined", box.inner_text())


@pytest.mark.browser
def test_fixing_the_field_clears_the_message(page, base_url: str) -> None:
    page.goto(f"{base_url}contributing/macros/?paid_on=2026-11-20&refund_on=2026-11-10", wait_until="load")
    page.locator("#kb-calc-refund-refund_on").fill("2026-11-25")
    box = page.locator("#calc-refund")
    assert box.get_attribute("data-kb-state") == "ok" and box.locator("#kb-calc-refund-refund_on-error").inner_text() == ""
