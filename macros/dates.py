"""Calendar helpers: month arithmetic with end-of-month clamping and inclusive day counts."""

from __future__ import annotations

import calendar
from datetime import date


def days_in_month(year: int, month: int) -> int:
    """Number of days in a calendar month (29 for February in a leap year)."""
    return calendar.monthrange(year, month)[1]


def anchored(year: int, month: int, anchor_day: int) -> date:
    """The date in ``year``/``month`` for a cycle anchored on ``anchor_day``.

    A cycle anchored on the 31st falls on the last day of shorter months (30 April, 28 or 29
    February), the way card processors bill month-end anchors.
    """
    return date(year, month, min(anchor_day, days_in_month(year, month)))


def add_months(start: date, months: int, anchor_day: int | None = None) -> date:
    """``start`` moved by ``months`` calendar months, clamped to the end of the target month.

    ``anchor_day`` keeps a month-end anchor stable over repeated steps: 31 Jan + 1 month is
    28/29 Feb, and + 2 months from the same anchor is 31 Mar, not 28 Mar.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    return anchored(year, month + 1, anchor_day or start.day)


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month_start(day: date) -> date:
    """The first day of the month after ``day``'s month."""
    return add_months(month_start(day), 1, 1)  # pragma: no mutate — equivalent: the anchor is the 1st with or without it


def parse_iso_date(value: object, what: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` (or pass a ``date`` through) with an error that names ``what``."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{what}: expected an ISO date like 2026-02-28, got {value!r}") from None
