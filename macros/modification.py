"""Contract modifications: an annual plan upgraded mid-term, accounted for prospectively.

Explained on docs/accounting/contract-modifications.md. Revenue is recognised by day. At the change date the
deferred revenue left on the old plan, plus the extra consideration the upgrade invoice charges, is recognised
evenly over the rest of the term; recognised-before plus recognised-after equals old price plus extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import to_cents
from .periods import Period, period_from
from .proration import prorate
from .revenue import ScheduleRow, ratable_period


@dataclass(frozen=True)
class Modification:
    term: Period
    change_date: date
    recognised_before: Decimal
    deferred_at_change: Decimal
    extra: Decimal
    rows: list[ScheduleRow]
    is_upgrade: bool


def modify(old_price: Decimal, new_price: Decimal, start: date, change_date: date, convention: str = "calendar") -> Modification:
    """Upgrade an annual contract that started on ``start`` on ``change_date`` (inside the term).

    The term is one annual billing period by the billing-period ``convention`` (macros/periods.py).
    """
    term = period_from(start, "annual", convention)
    if not term.start < change_date < term.end:
        raise ValueError(f"change date {change_date} must fall after the start and inside the term {term.start} to {term.end}")
    elapsed = Decimal((change_date - term.start).days)
    recognised = to_cents(old_price * elapsed / Decimal(term.days))
    deferred = old_price - recognised
    change = prorate(old_price, new_price, term, change_date, convention)
    if not change.is_upgrade:
        rows = ratable_period(deferred, change_date, term.end)
        return Modification(term, change_date, recognised, deferred, Decimal("0.00"), rows, False)
    rows = ratable_period(deferred + change.net, change_date, term.end)
    return Modification(term, change_date, recognised, deferred, change.net, rows, True)
