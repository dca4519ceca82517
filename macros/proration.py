"""Plan-change proration: the billing period around a change date and the credit, charge and net.

The rule is the one the plan-change runbook explains (docs/runbooks/subscriptions/change-plan-proration.md):
an upgrade takes effect on the change date, the unused part of the old plan is credited and the rest of
the period is charged at the new plan's price, in the unit of the billing-period convention (macros/periods.py);
a downgrade takes effect at the end of the period and nothing is prorated (``downgrade="period_end"``, Cloudflare's
published rule). ``downgrade="immediate"`` is Stripe's default instead, shown for comparison only: the downgrade
takes effect on the change date and is prorated like an upgrade, so the net is a credit to the customer's balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import to_cents
from .periods import CYCLES, Period, period_containing, period_from, units_left

__all__ = ["CYCLES", "DOWNGRADES", "Period", "Proration", "Reanchored", "billing_period", "prorate", "reanchor"]

#: When a downgrade takes effect: at the period end (Cloudflare), or at once with a prorated credit (Stripe's default).
DOWNGRADES = ("period_end", "immediate")


@dataclass(frozen=True)
class Proration:
    """The result of a plan change inside one billing period.

    ``credit`` is the value of the unused old plan (a positive number, shown as a deduction),
    ``charge`` the new plan for the remaining days, ``net = charge - credit`` (negative when the
    customer is owed money). For a downgrade at the period end all three are zero and ``effective`` is the
    period end; for a downgrade credited at once they are prorated and ``net`` is negative.
    """

    period: Period
    change_date: date
    effective: date
    remaining_days: int
    credit: Decimal
    charge: Decimal
    net: Decimal
    is_upgrade: bool
    remaining_units: int = 0  # in ``unit``: days, or hours under the hourly convention
    total_units: int = 0
    unit: str = "days"


def billing_period(change_date: date, cycle: str, billing_day: int, billing_month: int = 1) -> Period:
    """The calendar billing period that contains ``change_date`` (see macros/periods.py for every convention)."""
    return period_containing(change_date, cycle, "calendar", billing_day, billing_month)


def prorate(
    old_price: Decimal, new_price: Decimal, period: Period, change_date: date, convention: str = "calendar", hour: int = 0, downgrade: str = "period_end"
) -> Proration:
    """Prorate a change from a plan costing ``old_price`` to one costing ``new_price`` per period.

    A change to a plan that costs the same or less is a downgrade: with ``downgrade="period_end"`` it waits for the
    period end and nothing is prorated; with ``downgrade="immediate"`` it is prorated on the change date exactly
    as an upgrade is, and the negative net is the credit.

    Counted in the convention's unit (days, or hours for ``hourly``): the change day counts as a day on the new
    plan, so a change on the first day of the period credits and charges the full period. Credit and charge are
    each the exact value ``price × remaining ÷ total`` rounded once to the cent (ROUND_HALF_UP), multiplying
    before dividing so a half cent is never lost to a rounded fraction; then ``credit + net == charge`` exactly.
    docs/assets/javascripts/calc-core.js repeats this in integer cents (tests/test_calculator_parity.py).
    """
    if downgrade not in DOWNGRADES:
        raise ValueError(f"downgrade must be one of {', '.join(DOWNGRADES)}, got {downgrade!r}")
    remaining, total, unit = units_left(period, change_date, convention, hour)
    days_left = (period.end - change_date).days
    upgrade = new_price > old_price
    if not upgrade and downgrade == "period_end":
        zero = Decimal("0.00")
        return Proration(period, change_date, period.end, days_left, zero, zero, zero, False, remaining, total, unit)
    credit = to_cents(old_price * remaining / total)
    charge = to_cents(new_price * remaining / total)
    return Proration(period, change_date, change_date, days_left, credit, charge, charge - credit, upgrade, remaining, total, unit)


@dataclass(frozen=True)
class Reanchored:
    """An upgrade that restarts the billing period on the change date (some processors do this)."""

    old_period: Period
    new_period: Period
    credit: Decimal  # the unused part of the old plan
    charge: Decimal  # a full period of the new plan
    net: Decimal
    remaining_units: int
    total_units: int
    unit: str


def reanchor(old_price: Decimal, new_price: Decimal, period: Period, change_date: date, cycle: str, convention: str = "calendar", hour: int = 0) -> Reanchored:
    """Credit the unused old plan as ``prorate`` does, then charge a whole new period that starts on ``change_date``.

    The billing date moves to the change date: the next invoice falls one period after it.
    """
    remaining, total, unit = units_left(period, change_date, convention, hour)
    credit = to_cents(old_price * remaining / total)
    return Reanchored(period, period_from(change_date, cycle, convention), credit, new_price, new_price - credit, remaining, total, unit)
