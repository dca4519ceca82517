"""Usage revenue: metered usage billed in arrears at the end of each billing period, recognised as consumed.

Explained on docs/accounting/usage-based-billing.md. Usage is either constant per day or a list of dated events;
each event belongs to the billing period that contains its date (a period ends on the next billing date, by the
billing-period convention in macros/periods.py) and is recognised in the calendar month it happened. Within a
period, each month's revenue is the rounded cumulative amount minus the previous one (ROUND_HALF_UP), so a
period's months sum exactly to its invoice. Nothing is billed before the invoice date: until then recognised
usage is an unbilled receivable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .dates import next_month_start
from .money import to_cents
from .periods import period_from


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


def usage_events_schedule(period_start: date, events: list[tuple[date, Decimal]], rate: Decimal, convention: str = "calendar") -> list[UsageRow]:
    """Month rows and invoice rows, in date order, for dated usage ``events`` from the period starting ``period_start``.

    Billing periods follow each other from ``period_start`` until one contains the last event. Raises ValueError for
    an event before ``period_start``, a negative quantity or rate.
    """
    if rate < 0 or any(units < 0 for _, units in events):
        raise ValueError("units and rate must not be negative")
    if any(day < period_start for day, _ in events):
        raise ValueError(f"an event is dated before the first period starts on {period_start}")
    last = max((day for day, _ in events), default=period_start)
    periods = [period_from(period_start, "monthly", convention)]
    while periods[-1].end <= last:
        periods.append(period_from(periods[-1].end, "monthly", convention))
    rows: list[UsageRow] = []
    recognised_total = billed_total = Decimal("0.00")
    for period in periods:
        inside = [(day, units) for day, units in events if period.start <= day < period.end]
        bill = to_cents(sum((units for _, units in inside), Decimal("0")) * rate)  # pragma: no mutate — equivalent: 0 × rate is a Decimal
        bounds = [period.start]
        while bounds[-1] < period.end:
            bounds.append(min(next_month_start(bounds[-1]), period.end))
        previous = Decimal("0.00")
        for row_start, row_end in zip(bounds, bounds[1:], strict=False):  # pragma: no mutate — equivalent: strict=None is False
            units = sum((u for day, u in inside if row_start <= day < row_end), Decimal("0"))
            cumulative = to_cents(sum((u for day, u in inside if day < row_end), Decimal("0")) * rate)  # pragma: no mutate — equivalent: 0 × rate
            recognised_total += cumulative - previous
            rows.append(UsageRow("month", row_start, row_end, units, cumulative - previous, Decimal("0.00"), recognised_total - billed_total))
            previous = cumulative
        billed_total += bill
        rows.append(UsageRow("invoice", period.end, period.end + timedelta(days=1), Decimal("0"), Decimal("0.00"), bill, recognised_total - billed_total))
    return rows


def usage_schedule(period_start: date, daily_units: Decimal, rate: Decimal, convention: str = "calendar") -> tuple[date, Decimal, list[UsageRow]]:
    """One billing period of constant daily usage: (invoice date, invoice total, month rows and the invoice row)."""
    if daily_units < 0 or rate < 0:
        raise ValueError("daily units and rate must not be negative")
    period = period_from(period_start, "monthly", convention)
    days = [period.start + timedelta(days=offset) for offset in range(period.days)]
    rows = usage_events_schedule(period_start, [(day, daily_units) for day in days], rate, convention)
    return period.end, rows[-1].billed, rows
