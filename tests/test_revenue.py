"""Ratable revenue schedules: calendar-month stubs, leap days, month-end anchors, and exact reconciliation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.dates import add_months
from macros.revenue import elapsed_share, ratable_period, ratable_schedule, service_months, term_end

D = Decimal


def test_annual_plan_from_first_of_january_daily() -> None:
    rows = ratable_schedule(D("2400.00"), date(2026, 1, 1))
    assert len(rows) == 12 and [r.days for r in rows][:3] == [31, 28, 31]
    # January: 2400 × 31/365 = 203.835… → 203.84; February cumulative 2400 × 59/365 = 387.945… → 387.95.
    assert [r.recognised for r in rows[:2]] == [D("203.84"), D("184.11")]
    assert rows[-1].cumulative == D("2400.00") and rows[-1].deferred == D("0.00")


def test_monthly_basis_splits_evenly_and_puts_the_cent_where_rounding_says() -> None:
    rows = ratable_schedule(D("1000.00"), date(2025, 1, 31), months=3, basis="monthly")
    assert [(r.start, r.end) for r in rows] == [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2025, 2, 28), date(2025, 3, 31)),
        (date(2025, 3, 31), date(2025, 4, 30)),
    ]
    assert [r.recognised for r in rows] == [D("333.33"), D("333.34"), D("333.33")]
    assert [r.deferred for r in rows] == [D("666.67"), D("333.33"), D("0.00")]


def test_leap_day_start_has_a_one_day_stub_and_ends_on_28_february() -> None:
    rows = ratable_schedule(D("2400.00"), date(2024, 2, 29))
    assert term_end(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert len(rows) == 13 and rows[0].days == 1 and rows[-1].days == 27
    assert rows[0].recognised == D("6.58")  # 2400 × 1/365 = 6.575… → 6.58 (half up)
    assert sum(r.days for r in rows) == 365


def test_zero_total_and_bad_arguments() -> None:
    assert all(r.recognised == 0 for r in ratable_schedule(D("0.00"), date(2026, 5, 5)))
    with pytest.raises(ValueError, match="basis must be one of daily, monthly"):
        ratable_schedule(D("1.00"), date(2026, 1, 1), basis="weekly")
    with pytest.raises(ValueError, match="months must be at least 1"):
        ratable_schedule(D("1.00"), date(2026, 1, 1), months=0)


@given(
    total=st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100),
    start=st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 1, 1)),
    months=st.integers(1, 36),
    basis=st.sampled_from(["daily", "monthly"]),
)
def test_schedule_always_reconciles_to_the_cent(total, start, months, basis) -> None:
    rows = ratable_schedule(total, start, months, basis)
    assert sum((r.recognised for r in rows), D("0")) == total
    assert rows[-1].deferred == 0 and rows[-1].end == term_end(start, months)
    assert sum(r.days for r in rows) == (term_end(start, months) - start).days
    assert all(r.recognised >= 0 for r in rows)
    assert all(a.deferred >= b.deferred for a, b in pairwise(rows))
    assert all(a.end == b.start for a, b in pairwise(rows))
    assert all(r.recognised == r.recognised.quantize(D("0.01")) for r in rows)


# Ratable by month: the basis most published ASC 606 / IFRS 15 examples use ("CU70,000 per year").


def test_service_months_count_anniversaries_and_prorate_the_part_month() -> None:
    assert service_months(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert service_months(date(2026, 1, 1), date(2027, 1, 1)) == 12
    # 15 of January's 31 days.
    assert service_months(date(2026, 1, 1), date(2026, 1, 16)) == Fraction(15, 31)
    # A month-end anchor: 31 January, 29 February (leap), 31 March are one month apart each.
    assert service_months(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert service_months(date(2024, 1, 31), date(2024, 3, 31)) == 2
    # 1 March 2024 is one day into the service month 29 February to 31 March (31 days).
    assert service_months(date(2024, 1, 31), date(2024, 3, 1)) == 1 + Fraction(1, 31)


def test_a_by_month_period_that_starts_mid_month_has_a_short_first_row() -> None:
    # 1,000.00 from 15 May to 1 January, months counted from 1 January: 7 + 17/31 months in all.
    rows = ratable_period(D("1000.00"), date(2026, 5, 15), date(2027, 1, 1), "monthly", date(2026, 1, 1))
    assert [r.start for r in rows] == [date(2026, 5, 15)] + [date(2026, m, 1) for m in range(6, 13)]
    # 1,000 × (17/31) / (7 + 17/31) = 1,000 × 17/234 = 72.649… → 72.65; a whole month 1,000 × 31/234 = 132.48.
    assert rows[0].recognised == D("72.65") and rows[1].recognised == D("132.48")
    assert sum(r.recognised for r in rows) == D("1000.00")


def test_by_day_and_by_month_differ_in_a_leap_year() -> None:
    # 280,000 over 2023-2026: by month every year earns 70,000.00; by day 2024 (366 days of 1,461) earns 70,143.73.
    by_month = ratable_period(D("280000.00"), date(2023, 1, 1), date(2027, 1, 1), "monthly")
    by_day = ratable_period(D("280000.00"), date(2023, 1, 1), date(2027, 1, 1), "daily")
    assert [sum(r.recognised for r in by_month[i : i + 12]) for i in range(0, 48, 12)] == [D("70000.00")] * 4
    assert [sum(r.recognised for r in by_day[i : i + 12]) for i in range(0, 48, 12)] == [D("69952.09"), D("70143.73"), D("69952.09"), D("69952.09")]


def test_elapsed_share_refuses_a_bad_basis_and_a_day_outside_the_term() -> None:
    with pytest.raises(ValueError, match="basis must be one of daily, monthly"):
        elapsed_share(date(2026, 1, 1), date(2026, 2, 1), date(2027, 1, 1), "weekly")
    with pytest.raises(ValueError, match="outside the term"):
        elapsed_share(date(2026, 1, 1), date(2027, 2, 1), date(2027, 1, 1), "monthly")


@given(
    total=st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100),
    start=st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 1, 1)),
    months=st.integers(1, 72),
)
def test_a_by_month_schedule_has_equal_months_but_for_the_rounding_cent(total, start, months) -> None:
    rows = ratable_schedule(total, start, months, "monthly")
    assert len(rows) == months and sum((r.recognised for r in rows), D("0")) == total
    # Every month is total/n rounded down or up to the cent: no two months differ by more than the remainder's cent.
    low = (total / months).quantize(D("0.01"), rounding="ROUND_FLOOR")
    assert all(r.recognised in (low, low + D("0.01")) for r in rows), [r.recognised for r in rows]


@given(
    total=st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100),
    anchor=st.dates(min_value=date(1999, 1, 1), max_value=date(2090, 1, 1)),
    offset=st.integers(0, 2000),
    length=st.integers(1, 2000),
    basis=st.sampled_from(["daily", "monthly"]),
)
def test_any_period_reconciles_by_either_basis(total, anchor, offset, length, basis) -> None:
    start = anchor + timedelta(days=offset)
    end = start + timedelta(days=length)
    rows = ratable_period(total, start, end, basis, anchor)
    assert sum((r.recognised for r in rows), D("0")) == total and rows[-1].deferred == 0
    assert rows[0].start == start and rows[-1].end == end and all(a.end == b.start for a, b in pairwise(rows))
    assert sum(r.days for r in rows) == length and all(r.recognised >= 0 for r in rows)


@given(anchor=st.dates(min_value=date(1999, 1, 1), max_value=date(2090, 1, 1)), a=st.integers(0, 3000), b=st.integers(0, 3000))
def test_service_months_grow_with_the_date_and_count_each_anniversary(anchor, a, b) -> None:
    first, second = sorted((anchor + timedelta(days=a), anchor + timedelta(days=b)))
    assert service_months(anchor, first) <= service_months(anchor, second)
    for k in (1, 12, 13):
        assert service_months(anchor, add_months(anchor, k, anchor.day)) == k


def test_by_day_shifts_revenue_between_months_of_a_monthly_fee() -> None:
    # A fee of 15,000.00 a month for a year from 1 January (180,000.00): by month every month earns 15,000.00; by
    # day January earns 180,000 × 31/365 = 15,287.67 and February 180,000 × 28/365 = 13,808.22, so at the end of
    # February 904.11 less has been recognised by day (30,000.00 - 29,095.89). This reproduces the shift issue 21
    # reports for a monthly-fee example; both schedules still end at 180,000.00.
    by_day = ratable_schedule(D("180000.00"), date(2026, 1, 1), 12, "daily")
    by_month = ratable_schedule(D("180000.00"), date(2026, 1, 1), 12, "monthly")
    assert {r.recognised for r in by_month} == {D("15000.00")}
    assert [r.recognised for r in by_day[:2]] == [D("15287.67"), D("13808.22")]
    assert by_month[1].cumulative - by_day[1].cumulative == D("904.11")
    assert by_day[-1].cumulative == by_month[-1].cumulative == D("180000.00")


def test_a_negative_total_gets_the_exact_message() -> None:
    with pytest.raises(ValueError) as caught:
        ratable_schedule(D("-1.00"), date(2026, 1, 1))
    assert str(caught.value) == "total must not be negative, got -1.00"


def test_a_ratable_period_is_whole() -> None:
    from macros.revenue import ScheduleRow, ratable_period

    # 100.00 from 15 January to 15 February (31 days): 17 days in January = 54.838… → 54.84; 14 in February 45.16.
    assert ratable_period(D("100.00"), date(2026, 1, 15), date(2026, 2, 15)) == [
        ScheduleRow(date(2026, 1, 15), date(2026, 2, 1), 17, D("54.84"), D("54.84"), D("45.16")),
        ScheduleRow(date(2026, 2, 1), date(2026, 2, 15), 14, D("45.16"), D("100.00"), D("0.00")),
    ]


@pytest.mark.parametrize("end", [date(2026, 1, 1), date(2025, 12, 31)], ids=["empty", "backwards"])
def test_a_period_that_does_not_end_after_it_starts_gets_the_exact_message(end) -> None:
    from macros.revenue import ratable_period

    with pytest.raises(ValueError) as caught:
        ratable_period(D("1.00"), date(2026, 1, 1), end)
    assert str(caught.value) == f"the period must end after it starts: 2026-01-01 to {end}"


# Service months: the last anniversary on or before the day, and the part month after it by its own length.


@pytest.mark.parametrize(
    ("anchor", "day", "months"),
    [
        # 15 January 2026 to 10 June 2027: 16 anniversaries (the last 15 May 2027), then 26 of the 31 days to 15 June.
        (date(2026, 1, 15), date(2027, 6, 10), 16 + Fraction(26, 31)),
        # 15 February to 10 March: the first anniversary (15 March) is still ahead; 23 of February's 28 days.
        (date(2026, 2, 15), date(2026, 3, 10), Fraction(23, 28)),
        # 2 January to 1 April 2020: two anniversaries (2 March), then 30 of the 31 days to 2 April.
        (date(2020, 1, 2), date(2020, 4, 1), 2 + Fraction(30, 31)),
        # A 31 January anchor falls on 29 February and 31 March (leap year), then 30 April: 29 April is 29 of 30 days.
        (date(2024, 1, 31), date(2024, 4, 29), 2 + Fraction(29, 30)),
        # On an anniversary the count is whole.
        (date(2026, 1, 15), date(2026, 2, 15), 1),
        (date(2023, 2, 28), date(2024, 2, 28), 12),
    ],
    ids=["16-months-and-26-of-31-days", "23-of-28-days", "2-months-and-30-of-31-days", "month-end-anchor-in-a-leap-year", "one-anniversary", "a-year"],
)
def test_service_months_by_hand(anchor, day, months) -> None:
    assert service_months(anchor, day) == months


def test_a_day_before_the_anchor_gets_the_exact_message() -> None:
    with pytest.raises(ValueError) as caught:
        service_months(date(2026, 1, 2), date(2026, 1, 1))
    assert str(caught.value) == "2026-01-01 is before the anchor 2026-01-02"


def test_elapsed_share_is_by_day_unless_told_and_runs_from_0_to_1() -> None:
    # By day, the default: 15 of 2026's 365 days on 16 January; by month, 15 of January's 31 days of 12 months.
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 16), date(2027, 1, 1)) == Fraction(15, 365)
    assert elapsed_share(date(2026, 1, 1), date(2026, 1, 16), date(2027, 1, 1), "monthly") == Fraction(15, 31 * 12)
    for basis in ("daily", "monthly"):
        assert elapsed_share(date(2026, 1, 1), date(2026, 1, 1), date(2027, 1, 1), basis) == 0
        assert elapsed_share(date(2026, 1, 1), date(2027, 1, 1), date(2027, 1, 1), basis) == 1


@pytest.mark.parametrize(
    ("start", "day", "end"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 1)),  # a term of no days: nothing can elapse in it
        (date(2026, 1, 1), date(2025, 12, 31), date(2027, 1, 1)),  # the day before the start
        (date(2026, 1, 1), date(2027, 1, 2), date(2027, 1, 1)),  # the day after the end
    ],
    ids=["empty-term", "before-the-start", "after-the-end"],
)
def test_a_day_outside_the_term_gets_the_exact_message(start, day, end) -> None:
    for basis in ("daily", "monthly"):
        with pytest.raises(ValueError) as caught:
            elapsed_share(start, day, end, basis)
        assert str(caught.value) == f"{day} is outside the term {start} to {end}"


@pytest.mark.parametrize("call", ["ratable_schedule", "ratable_period", "elapsed_share"])
def test_an_unknown_basis_gets_the_exact_message(call) -> None:
    calls = {
        "ratable_schedule": lambda: ratable_schedule(D("1.00"), date(2026, 1, 1), 12, "weekly"),
        "ratable_period": lambda: ratable_period(D("1.00"), date(2026, 1, 1), date(2026, 2, 1), "weekly"),
        "elapsed_share": lambda: elapsed_share(date(2026, 1, 1), date(2026, 1, 2), date(2026, 2, 1), "weekly"),
    }
    with pytest.raises(ValueError) as caught:
        calls[call]()
    assert str(caught.value) == "basis must be one of daily, monthly, got 'weekly'"
