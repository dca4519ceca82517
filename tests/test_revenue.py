"""Ratable revenue schedules: calendar-month stubs, leap days, month-end anchors, and exact reconciliation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.revenue import ratable_schedule, term_end

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
