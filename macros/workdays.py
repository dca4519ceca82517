"""Working days: which calendar date each day of a plan falls on, weekends and holidays skipped (the onboarding checklist).

Pure: the holidays are an argument (a mapping of date to name, built from the team's calendar by
macros/teamcalendar.py), and so is the start date. Monday to Friday are working days unless a holiday falls on one;
a holiday on a Saturday or Sunday changes nothing here (its observed weekday, when the calendar has one, is its own
entry). Explained to trainers on docs/onboarding/learning-path.md ("Start a hire").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

#: Saturday and Sunday (date.weekday() numbers): the team does not train on them.
WEEKEND = frozenset({5, 6})
DAY = timedelta(days=1)
NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class NotAWorkingDay(ValueError):
    """A start date that is a weekend day or a holiday; the message names the next working day."""


def is_working_day(day: date, holidays: Mapping[date, str]) -> bool:
    """True from Monday to Friday, unless ``day`` is one of ``holidays``."""
    return day.weekday() not in WEEKEND and day not in holidays


def next_working_day(day: date, holidays: Mapping[date, str]) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays):
        day += DAY
    return day


def working_days(start: date, count: int, holidays: Mapping[date, str]) -> list[date]:
    """The dates of ``count`` consecutive working days, the first being ``start`` (which must be a working day).

    A plan's day 1 is the hire's first day, so a start on a weekend or a holiday is refused (with the next working
    day in the message) rather than moved silently.
    """
    if count < 1:
        raise ValueError(f"a plan has at least one day, got {count}")
    if not is_working_day(start, holidays):
        why = holidays.get(start) or ("a Saturday" if start.weekday() == 5 else "a Sunday")
        after = next_working_day(start, holidays)
        raise NotAWorkingDay(f"{start.isoformat()} is {why}, not a working day — start on {after.isoformat()} ({NAMES[after.weekday()]}) instead")
    found = [start]
    day = start
    while len(found) < count:
        day = next_working_day(day + DAY, holidays)
        found.append(day)
    return found


def holidays_between(first: date, last: date, holidays: Mapping[date, str]) -> list[tuple[date, str]]:
    """The holidays on weekdays from ``first`` to ``last``, both included: the days a plan skipped, in order."""
    return sorted((day, name) for day, name in holidays.items() if first <= day <= last and day.weekday() not in WEEKEND)
