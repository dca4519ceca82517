"""Billing periods by convention: which days a plan's period covers, and the unit a change is prorated in.

The convention is one setting, ``period_convention`` in data/billing.yml, because Cloudflare's public pages disagree
(docs/runbooks/subscriptions/change-plan-proration.md shows the conflict):

- ``calendar``: a monthly period runs from the billing day to the same day next month (28 to 31 days), an annual
  one to the same date next year; prorated by whole days.
- ``thirty_day``: a monthly period is 30 days and an annual one 365 days, counted from the last billing date;
  prorated by whole days.
- ``hourly``: calendar periods, prorated by whole hours (a change at HH:00 UTC).

docs/assets/javascripts/calc-core.js repeats these rules (tests/test_calculator_parity.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months, anchored

CONVENTIONS = ("calendar", "thirty_day", "hourly")
CYCLES = ("monthly", "annual")
FIXED_DAYS = {"monthly": 30, "annual": 365}
MONTHS = {"monthly": 1, "annual": 12}


@dataclass(frozen=True)
class Period:
    """A billing period: ``start`` inclusive, ``end`` exclusive (the next billing date)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _check(cycle: str, convention: str) -> None:
    if cycle not in CYCLES:
        raise ValueError(f"cycle must be one of {', '.join(CYCLES)}, got {cycle!r}")
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(CONVENTIONS)}, got {convention!r}")


def period_from(start: date, cycle: str, convention: str) -> Period:
    """The period that starts on ``start``: a calendar month or year (anchored on its day), or 30 or 365 days."""
    _check(cycle, convention)
    if convention == "thirty_day":
        return Period(start, start + timedelta(days=FIXED_DAYS[cycle]))
    return Period(start, add_months(start, MONTHS[cycle], start.day))  # pragma: no mutate — equivalent: start.day is the default anchor


def period_containing(day: date, cycle: str, convention: str, billing_day: int = 1, billing_month: int = 1, anchor: date | None = None) -> Period:
    """The billing period that contains ``day``.

    Calendar and hourly periods renew on ``billing_day`` (of ``billing_month`` for annual cycles); anchors past a
    month's end fall on its last day. Thirty-day periods repeat every 30 (or 365) days from ``anchor``, any past or
    future billing date.
    """
    _check(cycle, convention)
    if convention == "thirty_day":
        if anchor is None:
            raise ValueError("a thirty_day period needs a billing date to count from (anchor)")
        length = FIXED_DAYS[cycle]
        start = anchor + timedelta(days=((day - anchor).days // length) * length)
        return Period(start, start + timedelta(days=length))
    if not 1 <= billing_day <= 31:
        raise ValueError(f"billing_day must be 1..31, got {billing_day!r}")
    if not 1 <= billing_month <= 12:
        raise ValueError(f"billing_month must be 1..12, got {billing_month!r}")
    if cycle == "monthly":
        start = anchored(day.year, day.month, billing_day)
        if start > day:
            start = add_months(start, -1, billing_day)
        return Period(start, add_months(start, 1, billing_day))
    start = anchored(day.year, billing_month, billing_day)
    if start > day:
        start = anchored(day.year - 1, billing_month, billing_day)
    return Period(start, anchored(start.year + 1, billing_month, billing_day))


def units_left(period: Period, change: date, convention: str, hour: int = 0) -> tuple[int, int, str]:
    """``(remaining, total, unit)``: how much of ``period`` is left from ``change`` (at ``hour`` UTC, hourly only).

    The change day counts as remaining: a change on the first day of a period has the whole period left.
    """
    if not period.start <= change < period.end:
        raise ValueError(f"change date {change} is outside the period {period.start} to {period.end}")
    # A misspelt convention ("Hourly") would otherwise count days without a word.
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(CONVENTIONS)}, got {convention!r}")
    if convention == "hourly":
        if not 0 <= hour <= 23:
            raise ValueError(f"hour must be 0..23 (UTC), got {hour!r}")
        return (period.end - change).days * 24 - hour, period.days * 24, "hours"
    return (period.end - change).days, period.days, "days"


#: How each convention reads under a table (the page that explains the conflict links from there).
CONVENTION_TEXT = {
    "calendar": "calendar periods (a monthly period runs from the billing day to the same day next month), prorated by whole days",
    "thirty_day": "30-day periods (365 days for an annual plan) counted from the last billing date, prorated by whole days",
    "hourly": "calendar periods prorated by whole hours (UTC)",
}
