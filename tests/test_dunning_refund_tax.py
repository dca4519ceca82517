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


@given(net=money, rate=st.integers(1, 3000).map(lambda r: D(r) / 100))
def test_a_reverse_charge_moves_the_tax_to_the_customer(net, rate) -> None:
    # The seller's invoice carries no tax; the customer declares what a local seller would have charged, to the cent.
    own = self_assessment(net, rate)
    assert own.paid_to_seller == net == tax_line(net, D("0")).gross
    assert own.due == tax_line(net, rate).tax and own.due >= 0
    assert abs(own.due - net * rate / 100) <= D("0.005")


@given(net=money, rate=st.integers(0, 3000).map(lambda r: D(r) / 100))
def test_net_plus_tax_is_gross(net, rate) -> None:
    line = tax_line(net, rate)
    assert line.net + line.tax == line.gross and line.tax >= 0
    assert abs(line.tax - net * rate / 100) <= D("0.005")


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
