"""Proration: billing periods around month ends and leap days, the rounding rule, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from macros.proration import Period, Proration, Reanchored, billing_period, prorate, reanchor

D = Decimal
CASES = [
    # id, old, new, cycle, billing_day, billing_month, change, (period start, end), remaining, credit, charge, net
    ("monthly-mid-period", "25.00", "250.00", "monthly", 10, 1, date(2026, 11, 27), (date(2026, 11, 10), date(2026, 12, 10)), 13, "10.83", "108.33", "97.50"),
    (
        "anchor-31-in-leap-february",
        "25.00",
        "250.00",
        "monthly",
        31,
        1,
        date(2024, 2, 15),
        (date(2024, 1, 31), date(2024, 2, 29)),
        14,
        "12.07",
        "120.69",
        "108.62",
    ),
    (
        "anchor-31-in-common-february",
        "25.00",
        "250.00",
        "monthly",
        31,
        1,
        date(2025, 2, 28),
        (date(2025, 2, 28), date(2025, 3, 31)),
        31,
        "25.00",
        "250.00",
        "225.00",
    ),
    ("same-day-as-period-start", "25.00", "250.00", "monthly", 1, 1, date(2026, 3, 1), (date(2026, 3, 1), date(2026, 4, 1)), 31, "25.00", "250.00", "225.00"),
    ("last-day-of-period", "25.00", "250.00", "monthly", 1, 1, date(2026, 3, 31), (date(2026, 3, 1), date(2026, 4, 1)), 1, "0.81", "8.06", "7.25"),
    ("anchor-30-april-to-may", "25.00", "250.00", "monthly", 31, 1, date(2026, 4, 30), (date(2026, 4, 30), date(2026, 5, 31)), 31, "25.00", "250.00", "225.00"),
    (
        "annual-leap-year-366-days",
        "240.00",
        "2400.00",
        "annual",
        1,
        1,
        date(2024, 7, 1),
        (date(2024, 1, 1), date(2025, 1, 1)),
        184,
        "120.66",
        "1206.56",
        "1085.90",
    ),
    (
        "annual-anchor-29-feb-common-year",
        "240.00",
        "2400.00",
        "annual",
        29,
        2,
        date(2025, 3, 1),
        (date(2025, 2, 28), date(2026, 2, 28)),
        364,
        "239.34",
        "2393.42",
        "2154.08",
    ),
    ("free-to-pro", "0.00", "25.00", "monthly", 15, 1, date(2026, 6, 30), (date(2026, 6, 15), date(2026, 7, 15)), 15, "0.00", "12.50", "12.50"),
]


@pytest.mark.parametrize(
    ("old", "new", "cycle", "day", "month", "change", "bounds", "remaining", "credit", "charge", "net"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_upgrade_cases(old, new, cycle, day, month, change, bounds, remaining, credit, charge, net) -> None:
    period = billing_period(change, cycle, day, month)
    assert (period.start, period.end) == bounds
    result = prorate(D(old), D(new), period, change)
    assert (result.remaining_days, result.credit, result.charge, result.net) == (remaining, D(credit), D(charge), D(net))
    assert result.is_upgrade and result.effective == change


def test_half_cent_rounds_away_from_zero() -> None:
    # 20.01 × 1/2 = 10.005: ROUND_HALF_UP gives 10.01 where banker's rounding would give 10.00.
    period = Period(date(2026, 1, 1), date(2026, 1, 3))
    result = prorate(D("10.00"), D("20.01"), period, date(2026, 1, 2))
    assert (result.credit, result.charge, result.net) == (D("5.00"), D("10.01"), D("5.01"))


def test_downgrade_is_not_prorated_and_waits_for_period_end() -> None:
    period = billing_period(date(2026, 11, 27), "monthly", 10)
    result = prorate(D("250.00"), D("25.00"), period, date(2026, 11, 27))
    assert not result.is_upgrade
    assert (result.credit, result.charge, result.net, result.effective) == (D("0"), D("0"), D("0"), date(2026, 12, 10))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("weekly", 1, 1), "cycle must be one of monthly, annual, got 'weekly'"),
        (("monthly", 32, 1), "billing_day must be 1..31, got 32"),
        (("annual", 1, 13), "billing_month must be 1..12, got 13"),
    ],
)
def test_bad_period_arguments(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        billing_period(date(2026, 1, 1), *args)


def test_change_outside_period_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the period"):
        prorate(D("1.00"), D("2.00"), Period(date(2026, 1, 1), date(2026, 2, 1)), date(2026, 2, 1))


cents = st.integers(min_value=0, max_value=1_000_000).map(lambda c: D(c) / 100)
days = st.dates(min_value=date(1999, 1, 1), max_value=date(2101, 12, 31))


@given(old=cents, new=cents, change=days, cycle=st.sampled_from(["monthly", "annual"]), billing_day=st.integers(1, 31), billing_month=st.integers(1, 12))
def test_invariants(old, new, change, cycle, billing_day, billing_month) -> None:
    period = billing_period(change, cycle, billing_day, billing_month)
    assert period.start <= change < period.end
    assert period.days in ((28, 29, 30, 31) if cycle == "monthly" else (365, 366))
    result = prorate(old, new, period, change)
    assert 1 <= result.remaining_days <= period.days
    assert result.credit + result.net == result.charge  # credit + net = charge, to the cent
    assert D(0) <= result.credit <= old and D(0) <= result.charge <= max(new, D(0))
    for value in (result.credit, result.charge, result.net):
        assert value == value.quantize(D("0.01"))
    if result.is_upgrade:
        assert result.net >= 0 and result.effective == change
    else:
        assert result.effective == period.end and result.net == 0


@given(change=days, billing_day=st.integers(1, 31))
def test_consecutive_monthly_periods_tile_the_calendar(change, billing_day) -> None:
    period = billing_period(change, "monthly", billing_day)
    following = billing_period(period.end, "monthly", billing_day)
    before = billing_period(period.start - timedelta(days=1), "monthly", billing_day)
    assert following.start == period.end and before.end == period.start


@given(
    change=st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31)),
    day=st.integers(1, 31),
    cycle=st.sampled_from(["monthly", "annual"]),
    convention=st.sampled_from(["calendar", "thirty_day", "hourly"]),
    hour=st.integers(0, 23),
)
def test_a_reanchored_upgrade_charges_a_whole_period_from_the_change(change, day, cycle, convention, hour) -> None:
    from macros.periods import period_containing

    period = period_containing(change, cycle, convention, day, 1, change - timedelta(days=day))
    moved = reanchor(Decimal("25.00"), Decimal("250.00"), period, change, cycle, convention, hour if convention == "hourly" else 0)
    assert moved.new_period.start == change and moved.new_period.end > change
    assert moved.charge == Decimal("250.00") and moved.net == moved.charge - moved.credit
    assert Decimal("0.00") <= moved.credit <= Decimal("25.00")
    assert moved.credit == prorate(Decimal("25.00"), Decimal("250.00"), period, change, convention, hour if convention == "hourly" else 0).credit


# A downgrade credited at once (Stripe's default proration), beside Cloudflare's end-of-period rule.


def test_a_downgrade_credited_at_once_is_prorated_on_the_change_date() -> None:
    # Business 250.00 to Pro 25.00 with 15 of 30 days left: credit 125.00, charge 12.50, net credit 112.50.
    period = Period(date(2026, 11, 10), date(2026, 12, 10))
    result = prorate(D("250.00"), D("25.00"), period, date(2026, 11, 25), downgrade="immediate")
    assert (result.credit, result.charge, result.net, result.effective) == (D("125.00"), D("12.50"), D("-112.50"), date(2026, 11, 25))
    assert not result.is_upgrade


def test_an_unknown_downgrade_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="downgrade must be one of period_end, immediate, got 'now'"):
        prorate(D("2.00"), D("1.00"), Period(date(2026, 1, 1), date(2026, 2, 1)), date(2026, 1, 5), downgrade="now")


@given(
    low=cents,
    high=cents,
    change=days,
    cycle=st.sampled_from(["monthly", "annual"]),
    billing_day=st.integers(1, 31),
    convention=st.sampled_from(["calendar", "hourly"]),
    hour=st.integers(0, 23),
)
def test_an_immediate_downgrade_mirrors_the_upgrade_and_never_charges(low, high, change, cycle, billing_day, convention, hour) -> None:
    low, high = sorted((low, high))
    assume(low < high)  # equal prices are no change at all
    period = billing_period(change, cycle, billing_day)
    down = prorate(high, low, period, change, convention, hour, downgrade="immediate")
    up = prorate(low, high, period, change, convention, hour)
    # The same two lines with the prices swapped: the downgrade's credit is the upgrade's charge and vice versa.
    assert (down.credit, down.charge, down.net) == (up.charge, up.credit, -up.net)
    assert down.net <= 0 and down.credit + down.net == down.charge and down.effective == change
    # Cloudflare's rule for the same change: nothing now, the lower price from the period end.
    waits = prorate(high, low, period, change, convention, hour)
    assert (waits.credit, waits.charge, waits.net, waits.effective) == (D("0"), D("0"), D("0"), period.end)


# Whole results, so that every field is checked, not only the money.
NOVEMBER = Period(date(2026, 11, 1), date(2026, 12, 1))


def test_an_upgrade_is_whole() -> None:
    # 10 November to 10 December, changed on 27 November: 13 of 30 days left. 25 × 13/30 = 10.83, 250 × 13/30 = 108.33.
    period = Period(date(2026, 11, 10), date(2026, 12, 10))
    assert prorate(D("25.00"), D("250.00"), period, date(2026, 11, 27)) == Proration(
        period, date(2026, 11, 27), date(2026, 11, 27), 13, D("10.83"), D("108.33"), D("97.50"), True, 13, 30, "days"
    )


def test_a_downgrade_is_whole() -> None:
    assert prorate(D("250.00"), D("25.00"), NOVEMBER, date(2026, 11, 20)) == Proration(
        NOVEMBER, date(2026, 11, 20), date(2026, 12, 1), 11, D("0.00"), D("0.00"), D("0.00"), False, 11, 30, "days"
    )


def test_an_hourly_change_without_an_hour_is_at_midnight() -> None:
    # 11 days × 24 = 264 of November's 720 hours: 25 × 264/720 = 9.166… → 9.17 (from 01:00 it would be 263 hours, 9.13).
    up = prorate(D("25.00"), D("250.00"), NOVEMBER, date(2026, 11, 20), "hourly")
    assert (up.remaining_units, up.total_units, up.unit, up.credit, up.charge) == (264, 720, "hours", D("9.17"), D("91.67"))
    # A downgrade prorates nothing, but still says how much of the period is left, in the convention's unit.
    down = prorate(D("250.00"), D("25.00"), NOVEMBER, date(2026, 11, 20), "hourly", 9)
    assert (down.remaining_units, down.total_units, down.unit, down.remaining_days) == (255, 720, "hours", 11)


def test_a_reanchored_upgrade_is_whole() -> None:
    # 11 of 30 days unused on the old plan: 25 × 11/30 = 9.166… → 9.17; then a whole month of Business from 20 November.
    assert reanchor(D("25.00"), D("250.00"), NOVEMBER, date(2026, 11, 20), "monthly") == Reanchored(
        NOVEMBER, Period(date(2026, 11, 20), date(2026, 12, 20)), D("9.17"), D("250.00"), D("240.83"), 11, 30, "days"
    )
    hourly = reanchor(D("25.00"), D("250.00"), NOVEMBER, date(2026, 11, 20), "monthly", "hourly")
    assert (hourly.credit, hourly.remaining_units, hourly.total_units, hourly.unit) == (D("9.17"), 264, 720, "hours")


def test_an_annual_billing_period_defaults_to_january() -> None:
    assert billing_period(date(2026, 3, 1), "annual", 1) == Period(date(2026, 1, 1), date(2027, 1, 1))
