"""Dunning dates, partial refunds and tax lines: month ends, leap days, rounding, and their invariants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.dunning import dunning_dates
from macros.refund import approver_for, partial_refund
from macros.tax import self_assessment, tax_line

D = Decimal


@pytest.mark.parametrize(
    ("failed", "retries", "grace_end", "downgrade"),
    [
        pytest.param(
            date(2024, 2, 27),
            [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)],
            date(2024, 3, 3),
            date(2024, 3, 4),
            id="across-leap-day",
        ),
        pytest.param(
            date(2025, 2, 27),
            [date(2025, 2, 28), date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3), date(2025, 3, 4)],
            date(2025, 3, 4),
            date(2025, 3, 5),
            id="across-common-february",
        ),
        pytest.param(
            date(2026, 12, 30),
            [date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3), date(2027, 1, 4)],
            date(2027, 1, 4),
            date(2027, 1, 5),
            id="across-year-end",
        ),
    ],
)
def test_dunning_dates(failed, retries, grace_end, downgrade) -> None:
    result = dunning_dates(failed, [1, 2, 3, 4, 5], 5)
    assert (list(result.retries), result.grace_ends, result.downgrade_on) == (retries, grace_end, downgrade)


def test_retries_must_fit_in_grace() -> None:
    with pytest.raises(ValueError, match="must fall within the 5-day grace period"):
        dunning_dates(date(2026, 1, 1), [1, 6], 5)


@pytest.mark.parametrize(
    ("price", "cycle", "paid", "asked", "days", "unused", "value", "inside"),
    [
        pytest.param("240.00", "annual", date(2026, 1, 15), date(2026, 1, 24), 365, 355, "233.42", True, id="annual-day-10"),
        pytest.param("240.00", "annual", date(2024, 1, 15), date(2024, 1, 15), 366, 365, "239.34", True, id="leap-year-same-day"),
        pytest.param("25.00", "monthly", date(2026, 1, 31), date(2026, 2, 14), 28, 13, "11.61", True, id="month-end-anchor-february"),
        pytest.param("25.00", "monthly", date(2026, 3, 1), date(2026, 3, 31), 31, 0, "0.00", False, id="last-day-nothing-unused"),
    ],
)
def test_partial_refund_cases(price, cycle, paid, asked, days, unused, value, inside) -> None:
    result = partial_refund(D(price), cycle, paid, asked, 14)
    assert (result.days, result.unused_days, result.unused_value, result.inside_window) == (days, unused, D(value), inside)


def test_partial_refund_refuses_dates_outside_the_period() -> None:
    with pytest.raises(ValueError, match="outside the period"):
        partial_refund(D("25.00"), "monthly", date(2026, 3, 1), date(2026, 4, 1), 14)


def test_approver_is_the_lowest_role_whose_limit_covers_the_amount() -> None:
    limits = [("specialist", D("100.00")), ("senior", D("500.00"))]
    assert approver_for(D("100.00"), limits) == "specialist"
    assert approver_for(D("100.01"), limits) == "senior"
    assert approver_for(D("500.01"), limits) is None


@pytest.mark.parametrize(
    ("net", "rate", "tax", "gross"),
    [
        ("250.00", "9.00", "22.50", "272.50"),
        ("0.05", "10.00", "0.01", "0.06"),  # 0.005 rounds half up to 0.01
        ("19.99", "16.00", "3.20", "23.19"),  # 3.1984 → 3.20
        ("250.00", "0.00", "0.00", "250.00"),
    ],
)
def test_tax_line(net, rate, tax, gross) -> None:
    line = tax_line(D(net), D(rate))
    assert (line.tax, line.gross) == (D(tax), D(gross))


money = st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100)


def test_reverse_charge_case() -> None:
    # €250 net under the German reverse charge: Cloudflare is paid 250.00; the customer declares 19% = 47.50 itself.
    own = self_assessment(D("250.00"), D("19.00"))
    assert (own.paid_to_seller, own.due) == (D("250.00"), D("47.50"))


def half_up_cents(net: Decimal, rate: Decimal) -> Decimal:
    """The tax in whole cents, by integer arithmetic alone: net in cents × rate in hundredths of a percent / 10,000,
    a half cent and more rounding up. An oracle that shares nothing with macros/tax.py but the rule itself."""
    exact_twice = 2 * int(net * 100) * int(rate * 100)  # twice the tax, in ten-thousandths of a cent
    return D((exact_twice + 10_000) // 20_000) / 100


def test_the_oracle_rounds_half_up() -> None:
    assert (half_up_cents(D("0.05"), D("10.00")), half_up_cents(D("0.04"), D("10.00")), half_up_cents(D("19.99"), D("16.00"))) == (
        D("0.01"),
        D("0"),
        D("3.2"),
    )


@given(net=money, rate=st.integers(1, 3000).map(lambda r: D(r) / 100))
def test_a_reverse_charge_moves_the_tax_to_the_customer(net, rate) -> None:
    # The seller's invoice carries no tax; the customer declares what a local seller would have charged, to the cent.
    own = self_assessment(net, rate)
    assert own.paid_to_seller == net
    assert own.due == half_up_cents(net, rate)


@given(net=money, rate=st.integers(0, 3000).map(lambda r: D(r) / 100))
def test_net_plus_tax_is_gross(net, rate) -> None:
    line = tax_line(net, rate)
    assert line.tax == half_up_cents(net, rate) and line.gross == net + line.tax


@given(
    price=money, cycle=st.sampled_from(["monthly", "annual"]), paid=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), offset=st.integers(0, 400)
)
def test_partial_refund_never_exceeds_the_price(price, cycle, paid, offset) -> None:
    span = 28 if cycle == "monthly" else 365
    asked = paid + timedelta(days=offset % span)
    result = partial_refund(price, cycle, paid, asked, 14)
    assert D(0) <= result.unused_value <= price
    assert result.used_days + result.unused_days == result.days
    assert result.inside_window == (result.days_since_charge <= 14)


def test_dunning_dates_are_whole() -> None:
    from macros.dunning import DunningDates

    failed = date(2026, 11, 28)
    assert dunning_dates(failed, [2, 1], 2) == DunningDates(failed, (date(2026, 11, 29), date(2026, 11, 30)), date(2026, 11, 30), date(2026, 12, 1))


def test_a_partial_refund_is_whole() -> None:
    from macros.refund import PartialRefund

    # $25 paid 1 January, refunded 5 January: 5 of 31 days used, 26 unused: 25 × 26/31 = 20.967… → 20.97.
    assert partial_refund(D("25.00"), "monthly", date(2026, 1, 1), date(2026, 1, 5), 14) == PartialRefund(
        date(2026, 1, 1), date(2026, 2, 1), 31, 5, 26, D("20.97"), 4, True
    )


LIMITS = [("specialist", D("100.00")), ("senior", D("500.00"))]


def test_a_goodwill_refund_follows_the_billing_period_convention() -> None:
    """$25 monthly paid 1 January, refunded 5 January: calendar and thirty-day periods disagree here.

    Calendar: January's 31 days, 26 unused: 25 × 26/31 = 20.967… → 20.97. Thirty-day: 30 days to 31 January, 25 unused:
    25 × 25/30 = 20.833… → 20.83. Without a convention the decision counts calendar periods.
    """
    from macros.refund import refund_decision

    args = (D("25.00"), "monthly", date(2026, 1, 1), date(2026, 1, 5), 14, "goodwill", LIMITS)
    thirty = refund_decision(*args, "thirty_day")
    assert (thirty.amount, thirty.unused.period_end, thirty.unused.days) == (D("20.83"), date(2026, 1, 31), 30)
    assert refund_decision(*args, "calendar").amount == refund_decision(*args).amount == D("20.97")


def test_a_refund_decision_is_whole() -> None:
    from macros.refund import RefundDecision, refund_decision

    ours = refund_decision(D("240.00"), "annual", date(2026, 1, 1), date(2026, 3, 1), 14, "error", LIMITS)
    assert ours == RefundDecision("full", D("240.00"), 59, False, None, "senior", False)
    late = refund_decision(D("25.00"), "monthly", date(2026, 1, 1), date(2026, 1, 16), 14, "goodwill", LIMITS)
    assert (late.outcome, late.amount, late.days_since_charge, late.inside_window, late.approver, late.above_all_limits) == (
        "none",
        D("0.00"),
        15,
        False,
        None,
        False,
    )
    assert late.unused.unused_value == D("12.10")  # 25 × 15/31 = 12.096…: shown, but not refunded


def test_the_window_and_the_payment_day_are_inclusive() -> None:
    from macros.refund import refund_decision

    same_day = refund_decision(D("25.00"), "monthly", date(2026, 1, 1), date(2026, 1, 1), 14, "goodwill", LIMITS)
    assert (same_day.days_since_charge, same_day.amount) == (0, D("24.19"))  # 30 of 31 days unused: 24.193…
    last = refund_decision(D("25.00"), "monthly", date(2026, 1, 1), date(2026, 1, 15), 14, "goodwill", LIMITS)
    assert (last.outcome, last.inside_window) == ("partial", True)


def test_small_and_large_refunds_find_their_approver() -> None:
    from macros.refund import refund_decision

    cents = refund_decision(D("0.50"), "monthly", date(2026, 1, 1), date(2026, 1, 2), 14, "error", LIMITS)
    assert (cents.approver, cents.above_all_limits) == ("specialist", False)
    tiny_limits = [("specialist", D("0.10"))]
    above = refund_decision(D("0.50"), "monthly", date(2026, 1, 1), date(2026, 1, 2), 14, "error", tiny_limits)
    assert (above.approver, above.above_all_limits) == (None, True)


@pytest.mark.parametrize(
    ("reason", "refund_on", "message"),
    [
        ("whim", date(2026, 1, 5), "reason must be one of goodwill, error, got 'whim'"),
        ("goodwill", date(2025, 12, 31), "refund date 2025-12-31 is before the payment on 2026-01-01"),
    ],
)
def test_a_bad_refund_request_gets_the_exact_message(reason, refund_on, message) -> None:
    from macros.refund import REASONS, refund_decision

    assert REASONS == ("goodwill", "error")
    with pytest.raises(ValueError) as caught:
        refund_decision(D("25.00"), "monthly", date(2026, 1, 1), refund_on, 14, reason, LIMITS)
    assert str(caught.value) == message


def test_a_partial_refund_outside_the_period_gets_the_exact_message() -> None:
    with pytest.raises(ValueError) as caught:
        partial_refund(D("25.00"), "monthly", date(2026, 3, 1), date(2026, 4, 1), 14)
    assert str(caught.value) == "refund date 2026-04-01 is outside the period paid on 2026-03-01 (to 2026-04-01)"


def test_tax_lines_are_whole() -> None:
    from macros.tax import SelfAssessment, TaxLine

    assert tax_line(D("19.99"), D("16.00")) == TaxLine(D("19.99"), D("16.00"), D("3.20"), D("23.19"))
    assert self_assessment(D("250.00"), D("19.00")) == SelfAssessment(D("250.00"), D("19.00"), D("47.50"), D("250.00"))


@pytest.mark.parametrize(("net", "rate"), [("-0.01", "10.00"), ("10.00", "-0.01"), ("-1.00", "-1.00")])
def test_negative_tax_input_gets_the_exact_message(net, rate) -> None:
    with pytest.raises(ValueError) as caught:
        tax_line(D(net), D(rate))
    assert str(caught.value) == "net and rate must not be negative"
