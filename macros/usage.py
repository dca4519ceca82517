"""Usage revenue: metered usage billed in arrears at the end of a billing period, recognised as consumed.

Explained on docs/accounting/usage-based-billing.md. Usage accrues evenly by day; each calendar-month row's
revenue is the rounded cumulative amount minus the previous one (ROUND_HALF_UP), so the rows sum exactly to
the invoice, which is issued on the next billing date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from .dates import next_month_start
from .money import to_cents
from .periods import period_from


@dataclass(frozen=True)
class UsageRow:
    start: date
    end: date  # exclusive
    units: Decimal
    recognised: Decimal
    billed: Decimal
    unbilled_after: Decimal


def usage_schedule(period_start: date, daily_units: Decimal, rate: Decimal, convention: str = "calendar") -> tuple[date, Decimal, list[UsageRow]]:
    """Rows per calendar month of one monthly billing period (by the billing-period ``convention``, macros/periods.py);
    returns (invoice date, invoice total, rows)."""
    if daily_units < 0 or rate < 0:
        raise ValueError("daily units and rate must not be negative")
    end = period_from(period_start, "monthly", convention).end
    days = (end - period_start).days
    total = to_cents(daily_units * days * rate)
    bounds = [period_start]
    while bounds[-1] < end:
        bounds.append(min(next_month_start(bounds[-1]), end))
    rows, previous = [], Decimal("0.00")
    for row_start, row_end in pairwise(bounds):
        elapsed = (row_end - period_start).days
        cumulative = to_cents(total * Decimal(elapsed) / Decimal(days))
        billed = total if row_end == end else Decimal("0.00")
        rows.append(
            UsageRow(
                row_start,
                row_end,
                daily_units * (row_end - row_start).days,
                cumulative - previous,
                billed,
                cumulative - (total if row_end == end else Decimal("0.00")),
            )
        )
        previous = cumulative
    return end, total, rows
