"""Working days (macros/workdays.py, pure) and the team's holidays (macros/teamcalendar.py, the pinned holidays package):
the date of each day of a hire's path, weekends and holidays skipped. Cases by name: a start across 1 January, across a
month end, across a national holiday, and the starts that are refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.teamcalendar import calendar_problem, team_holidays
from macros.training import Calendar
from macros.workdays import NotAWorkingDay, holidays_between, is_working_day, next_working_day, working_days

US = Calendar("US", None, ())
#: A small calendar written out by hand, so the arithmetic is tested apart from the package.
HAND = {date(2027, 1, 1): "New Year's Day", date(2027, 1, 18): "Martin Luther King Jr. Day", date(2026, 11, 26): "Thanksgiving Day"}


@pytest.mark.parametrize(
    ("start", "count", "expected_last", "skipped"),
    [
        # Monday 28 December 2026: four days, then New Year's Day (a Friday) and the weekend, then Monday 4 January.
        pytest.param(date(2026, 12, 28), 5, date(2027, 1, 4), [(date(2027, 1, 1), "New Year's Day")], id="across-1-january"),
        # Thursday 28 January 2027: Thu, Fri, then Mon 1 February — the path crosses a month end over a weekend.
        pytest.param(date(2027, 1, 28), 3, date(2027, 2, 1), [], id="across-a-month-end"),
        # Monday 23 November 2026: Thanksgiving (Thursday 26) is skipped, Friday 27 is a working day in this calendar.
        pytest.param(date(2026, 11, 23), 5, date(2026, 11, 30), [(date(2026, 11, 26), "Thanksgiving Day")], id="across-a-national-holiday"),
        # The real first hire: Monday 4 January 2027, twenty days, Martin Luther King Jr. Day skipped, ends Monday 1 February.
        pytest.param(date(2027, 1, 4), 20, date(2027, 2, 1), [(date(2027, 1, 18), "Martin Luther King Jr. Day")], id="hire-2027-01-04"),
        pytest.param(date(2027, 1, 4), 1, date(2027, 1, 4), [], id="one-day"),
    ],
)
def test_the_last_day_and_the_days_skipped(start: date, count: int, expected_last: date, skipped: list) -> None:
    days = working_days(start, count, HAND)
    assert len(days) == count and days[0] == start and days[-1] == expected_last
    assert all(is_working_day(day, HAND) for day in days)
    assert holidays_between(days[0], days[-1], HAND) == skipped


def test_days_are_consecutive_working_days() -> None:
    days = working_days(date(2026, 12, 28), 20, HAND)
    for earlier, later in zip(days, days[1:], strict=False):
        gap = [earlier + timedelta(days=n) for n in range(1, (later - earlier).days)]
        assert not any(is_working_day(day, HAND) for day in gap), f"a working day was skipped between {earlier} and {later}"


@pytest.mark.parametrize(
    ("start", "message"),
    [
        pytest.param(date(2027, 1, 2), "2027-01-02 is a Saturday, not a working day — start on 2027-01-04 (Monday) instead", id="saturday"),
        pytest.param(date(2027, 1, 3), "2027-01-03 is a Sunday, not a working day — start on 2027-01-04 (Monday) instead", id="sunday"),
        pytest.param(date(2027, 1, 1), "2027-01-01 is New Year's Day, not a working day — start on 2027-01-04 (Monday) instead", id="holiday"),
        pytest.param(
            date(2027, 1, 18), "2027-01-18 is Martin Luther King Jr. Day, not a working day — start on 2027-01-19 (Tuesday) instead", id="monday-holiday"
        ),
    ],
)
def test_a_start_that_is_not_a_working_day_is_refused_with_the_next_one(start: date, message: str) -> None:
    with pytest.raises(NotAWorkingDay) as caught:
        working_days(start, 20, HAND)
    assert str(caught.value) == message


def test_a_plan_has_at_least_one_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        working_days(date(2027, 1, 4), 0, HAND)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(min_value=1, max_value=40))
def test_any_start_gives_count_working_days_in_order(day: date, count: int) -> None:
    start = next_working_day(day, HAND)
    days = working_days(start, count, HAND)
    assert len(days) == count == len(set(days))
    assert days == sorted(days)
    assert all(d.weekday() < 5 and d not in HAND for d in days)


# The team's calendar: the pinned holidays package for the region in data, plus the team's closures.


def test_the_package_gives_the_us_federal_holidays_the_cases_above_use() -> None:
    found = team_holidays(US, [2026, 2027])
    for day, name in HAND.items():
        assert found[day] == name, (day, found.get(day))
    assert date(2027, 1, 19) not in found


def test_a_team_closure_is_a_holiday_too() -> None:
    closed = Calendar("US", None, ((date(2027, 1, 5), "Team offsite"),))
    holidays = team_holidays(closed, [2027])
    assert holidays[date(2027, 1, 5)] == "Team offsite"
    assert working_days(date(2027, 1, 4), 2, holidays) == [date(2027, 1, 4), date(2027, 1, 6)]


@pytest.mark.parametrize(
    ("calendar", "words"),
    [
        pytest.param(Calendar("XX", None, ()), "calendar.country: the holidays package says: Country XX not available", id="country"),
        pytest.param(Calendar("US", "ZZ", ()), "calendar.subdivision: the holidays package says: Entity `US` does not have subdivision ZZ", id="subdivision"),
    ],
)
def test_a_region_the_package_does_not_know_is_named(calendar: Calendar, words: str) -> None:
    assert calendar_problem(calendar).startswith(words)
    with pytest.raises(ValueError, match="data/learning_path.yml: " + words.split(":")[0]):
        team_holidays(calendar, [2027])


def test_the_real_calendar_is_known() -> None:
    from macros.data import load_site_data

    from .conftest import ROOT

    assert calendar_problem(load_site_data(ROOT).training.calendar) is None
