"""Partial refunds: the value of unused time on a plan, and who may approve it under team policy.

Explained on docs/runbooks/refunds-and-disputes/subscription-refund-request.md. The unused value is the
period price × unused days / days in the period, rounded to the cent (ROUND_HALF_UP). The refund date
counts as used (the customer had the service that day), unlike a plan change where it counts as new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import add_months
from .money import to_cents


@dataclass(frozen=True)
class PartialRefund:
    period_start: date
    period_end: date  # exclusive: the next billing date
    days: int
    used_days: int
    unused_days: int
    unused_value: Decimal
    days_since_charge: int
    inside_window: bool


def partial_refund(price: Decimal, cycle: str, paid_on: date, refund_on: date, window_days: int) -> PartialRefund:
    """The unused value of a period paid on ``paid_on`` (the period start), as of ``refund_on``.

    ``cycle`` is ``monthly`` (one month from ``paid_on``) or ``annual`` (twelve). ``inside_window`` is true
    when ``refund_on`` is no more than ``window_days`` days after ``paid_on``.
    """
    months = {"monthly": 1, "annual": 12}.get(cycle)
    if months is None:
        raise ValueError(f"cycle must be monthly or annual, got {cycle!r}")
    end = add_months(paid_on, months, paid_on.day)
    if not paid_on <= refund_on < end:
        raise ValueError(f"refund date {refund_on} is outside the period paid on {paid_on} (to {end})")
    days = (end - paid_on).days
    used = (refund_on - paid_on).days + 1
    unused = days - used
    value = to_cents(price * Decimal(unused) / Decimal(days))
    since = (refund_on - paid_on).days
    return PartialRefund(paid_on, end, days, used, unused, value, since, since <= window_days)


def approver_for(amount: Decimal, limits: list[tuple[str, Decimal]]) -> str | None:
    """The first role (lowest authority first) whose limit covers ``amount``; None when none does."""
    for title, limit in limits:
        if amount <= limit:
            return title
    return None
