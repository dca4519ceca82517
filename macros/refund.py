"""Partial refunds: the value of unused time on a plan, and who may approve it under team policy.

Explained on docs/runbooks/refunds-and-disputes/subscription-refund-request.md. The unused value is the
period price × unused days / days in the period, rounded to the cent (ROUND_HALF_UP). The refund date
counts as used (the customer had the service that day), unlike a plan change where it counts as new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import to_cents
from .periods import period_from


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


def partial_refund(price: Decimal, cycle: str, paid_on: date, refund_on: date, window_days: int, convention: str = "calendar") -> PartialRefund:
    """The unused value of a period paid on ``paid_on`` (the period start), as of ``refund_on``.

    The period is ``cycle`` long by the billing-period ``convention`` (macros/periods.py): a calendar month or
    year, or 30 or 365 days. Refunds count whole days under every convention (the team's rule). ``inside_window``
    is true when ``refund_on`` is no more than ``window_days`` days after ``paid_on``.
    """
    end = period_from(paid_on, cycle, convention).end
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


REASONS = ("goodwill", "error")


@dataclass(frozen=True)
class RefundDecision:
    """What a specialist may refund: ``outcome`` is ``full`` (our billing error), ``partial`` or ``none``."""

    outcome: str
    amount: Decimal
    days_since_charge: int
    inside_window: bool
    unused: PartialRefund | None
    approver: str | None  # the lowest role whose refund limit covers ``amount``; None when nothing is refunded
    above_all_limits: bool


def refund_decision(
    paid: Decimal,
    cycle: str,
    paid_on: date,
    refund_on: date,
    window_days: int,
    reason: str,
    limits: list[tuple[str, Decimal]],
    convention: str = "calendar",
) -> RefundDecision:
    """Decide a subscription refund request (docs/runbooks/refunds-and-disputes/subscription-refund-request.md).

    ``reason`` is ``error`` for a Cloudflare billing error (a full refund of ``paid``, whatever the date) or
    ``goodwill`` (a partial refund of the unused time, only within ``window_days`` of the charge, counted in
    calendar days; the request day counts as used). ``limits`` are ``(role title, refund limit)`` from the lowest
    authority up. Raises ValueError when the request predates the payment, or for goodwill, when the period paid
    has already ended.
    """
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}, got {reason!r}")
    if refund_on < paid_on:
        raise ValueError(f"refund date {refund_on} is before the payment on {paid_on}")
    since = (refund_on - paid_on).days
    inside = since <= window_days
    unused = None
    if reason == "error":
        outcome, amount = "full", paid
    else:
        unused = partial_refund(paid, cycle, paid_on, refund_on, window_days, convention)
        outcome, amount = ("partial", unused.unused_value) if inside else ("none", Decimal("0.00"))
    approver = approver_for(amount, limits) if amount > 0 else None
    return RefundDecision(outcome, amount, since, inside, unused, approver, amount > 0 and approver is None)
