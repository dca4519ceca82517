"""Usage revenue: metered usage billed in arrears at the end of each billing period, recognised as consumed.

Explained on docs/accounting/usage-based-billing.md. Usage is either constant per day or a list of dated events;
each event belongs to the billing period that contains its date (a period ends on the next billing date, by the
billing-period convention in macros/periods.py) and is recognised in the calendar month it happened. Within a
period, each month's revenue is the rounded cumulative amount minus the previous one (ROUND_HALF_UP), so a
period's months sum exactly to its invoice. Nothing is billed before the invoice date: until then recognised
usage is an unbilled receivable.

An included allowance (``included`` units per billing period, as Workers includes 10 million requests a month) is
free: a period bills only its units above the allowance, and its months recognise revenue only once the period's
usage has passed it, so nothing is ever billed or recognised below zero. Usage dated before ``period_start`` (a
product turned on mid-cycle, before the billing date given) belongs to the billing period that ends on that date,
counted back by the convention, and is billed on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .dates import next_month_start
from .money import to_cents
from .periods import Period, period_containing, period_from


@dataclass(frozen=True)
class UsageRow:
    """A calendar-month slice of one billing period (``kind="month"``), or that period's invoice (``kind="invoice"``)."""

    kind: str
    start: date
    end: date  # exclusive; for an invoice row, the day after the invoice date
    units: Decimal
    recognised: Decimal
    billed: Decimal
    unbilled_after: Decimal  # recognised to date minus billed to date, at the end of the row


def billed_units(units: Decimal, included: Decimal) -> Decimal:
    """The units a billing period bills: those above its included allowance, never fewer than none."""
    return max(units - included, Decimal("0"))


def usage_events_schedule(
    period_start: date, events: list[tuple[date, Decimal]], rate: Decimal, convention: str = "calendar", included: Decimal = Decimal("0")
) -> list[UsageRow]:
    """Month rows and invoice rows, in date order, for dated usage ``events`` around the billing date ``period_start``.

    Billing periods follow each other from ``period_start`` until one contains the last event; an event before
    ``period_start`` falls in the periods before it (the one that ends on ``period_start``, and earlier ones counted
    back by the convention). Each period bills its units above ``included``. Raises ValueError for a negative
    quantity, rate or allowance.
    """
    if rate < 0 or included < 0 or any(units < 0 for _, units in events):
        raise ValueError("units, rate and the included allowance must not be negative")
    last = max((day for day, _ in events), default=period_start)
    earliest = min((day for day, _ in events), default=period_start)
    periods: list[Period] = []
    while earliest < period_start:
        before = period_containing(earliest, "monthly", convention, period_start.day, anchor=period_start)
        periods.append(Period(before.start, min(before.end, period_start)))
        earliest = before.end
    # Without earlier usage the first period starts on the billing date; after earlier usage (whose last period ends
    # on the billing date) the loop below adds the period that starts on it only if some usage falls in it.
    if not periods:
        periods.append(period_from(period_start, "monthly", convention))
    while periods[-1].end <= last:
        periods.append(period_from(periods[-1].end, "monthly", convention))
    rows: list[UsageRow] = []
    recognised_total = billed_total = Decimal("0.00")
    for period in periods:
        inside = [(day, units) for day, units in events if period.start <= day < period.end]
        period_units = sum((units for _, units in inside), Decimal("0"))  # pragma: no mutate — equivalent: from an int 0, billed_units still gives a Decimal
        bill = to_cents(billed_units(period_units, included) * rate)
        bounds = [period.start]
        while bounds[-1] < period.end:
            bounds.append(min(next_month_start(bounds[-1]), period.end))
        previous, used = Decimal("0.00"), Decimal("0")
        for row_start, row_end in zip(bounds, bounds[1:], strict=False):  # pragma: no mutate — equivalent: strict=None is False
            units = sum((u for day, u in inside if row_start <= day < row_end), Decimal("0"))
            used += units
            cumulative = to_cents(billed_units(used, included) * rate)
            recognised_total += cumulative - previous
            rows.append(UsageRow("month", row_start, row_end, units, cumulative - previous, Decimal("0.00"), recognised_total - billed_total))
            previous = cumulative
        billed_total += bill
        rows.append(UsageRow("invoice", period.end, period.end + timedelta(days=1), Decimal("0"), Decimal("0.00"), bill, recognised_total - billed_total))
    return rows


def usage_schedule(
    period_start: date, daily_units: Decimal, rate: Decimal, convention: str = "calendar", included: Decimal = Decimal("0")
) -> tuple[date, Decimal, list[UsageRow]]:
    """One billing period of constant daily usage: (invoice date, invoice total, month rows and the invoice row)."""
    if daily_units < 0 or rate < 0:
        raise ValueError("daily units and rate must not be negative")
    period = period_from(period_start, "monthly", convention)
    days = [period.start + timedelta(days=offset) for offset in range(period.days)]
    rows = usage_events_schedule(period_start, [(day, daily_units) for day in days], rate, convention, included)
    return period.end, rows[-1].billed, rows
