"""Plan-change proration: the billing period around a change date and the credit, charge and net.

The rule is the one the plan-change runbook explains (docs/runbooks/subscriptions/change-plan-proration.md):
an upgrade takes effect on the change date, the unused part of the old plan is credited and the rest of
the period is charged at the new plan's price, both by whole days; a downgrade takes effect at the end of
the period and nothing is prorated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import add_months, anchored
from .money import to_cents

CYCLES = ("monthly", "annual")


@dataclass(frozen=True)
class Period:
    """A billing period: ``start`` inclusive, ``end`` exclusive (the next billing date)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Proration:
    """The result of a plan change inside one billing period.

    ``credit`` is the value of the unused old plan (a positive number, shown as a deduction),
    ``charge`` the new plan for the remaining days, ``net = charge - credit`` (negative when the
    customer is owed money). For a downgrade all three are zero and ``effective`` is the period end.
    """

    period: Period
    change_date: date
    effective: date
    remaining_days: int
    credit: Decimal
    charge: Decimal
    net: Decimal
    is_upgrade: bool


def billing_period(change_date: date, cycle: str, billing_day: int, billing_month: int = 1) -> Period:
    """The billing period that contains ``change_date``.

    Monthly cycles renew on ``billing_day`` each month; annual cycles on ``billing_day`` of
    ``billing_month`` each year. Anchors past a month's end fall on its last day (31 → 30 April,
    29 February → 28 February in common years).
    """
    if cycle not in CYCLES:
        raise ValueError(f"cycle must be one of {', '.join(CYCLES)}, got {cycle!r}")
    if not 1 <= billing_day <= 31:
        raise ValueError(f"billing_day must be 1..31, got {billing_day!r}")
    if not 1 <= billing_month <= 12:
        raise ValueError(f"billing_month must be 1..12, got {billing_month!r}")
    if cycle == "monthly":
        start = anchored(change_date.year, change_date.month, billing_day)
        if start > change_date:
            start = add_months(start, -1, billing_day)
        return Period(start, add_months(start, 1, billing_day))
    start = anchored(change_date.year, billing_month, billing_day)
    if start > change_date:
        start = anchored(change_date.year - 1, billing_month, billing_day)
    return Period(start, anchored(start.year + 1, billing_month, billing_day))


def prorate(old_price: Decimal, new_price: Decimal, period: Period, change_date: date) -> Proration:
    """Prorate a change from a plan costing ``old_price`` to one costing ``new_price`` per period.

    Day-based: the change date itself counts as a day on the new plan, so a change on the first day
    of the period credits and charges the full period. Credit and charge are each the exact value
    ``price × remaining ÷ days`` rounded once to the cent (ROUND_HALF_UP), multiplying before dividing
    so a half cent is never lost to a rounded fraction; then ``credit + net == charge`` holds exactly.
    docs/assets/javascripts/calc-core.js repeats this in integer cents (tests/test_calculator_parity.py).
    """
    if not period.start <= change_date < period.end:
        raise ValueError(f"change date {change_date} is outside the period {period.start} to {period.end}")
    remaining = (period.end - change_date).days
    if new_price <= old_price:
        zero = Decimal("0.00")
        return Proration(period, change_date, period.end, remaining, zero, zero, zero, False)
    credit = to_cents(old_price * remaining / period.days)
    charge = to_cents(new_price * remaining / period.days)
    return Proration(period, change_date, change_date, remaining, credit, charge, charge - credit, True)
