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
    change = prorate(old_price, new_price, term, change_date, convention)  # pragma: no mutate — equivalent: every convention prorates a given term by days
    if not change.is_upgrade:
        rows = ratable_period(deferred, change_date, term.end)
        return Modification(term, change_date, recognised, deferred, Decimal("0.00"), rows, False)
    rows = ratable_period(deferred + change.net, change_date, term.end)
    return Modification(term, change_date, recognised, deferred, change.net, rows, True)


METHODS = ("prospective", "catch_up")


@dataclass(frozen=True)
class ContractModification:
    """A term contract changed part-way: more consideration, a later end, or both."""

    start: date
    end: date  # the original term's end (exclusive)
    change_date: date
    new_end: date
    recognised_before: Decimal
    catch_up: Decimal  # recognised on the change date under the cumulative catch-up method (may be negative)
    extra: Decimal
    rows: list[ScheduleRow]
    method: str


def modify_contract(total: Decimal, start: date, end: date, change_date: date, extra: Decimal, new_end: date, method: str) -> ContractModification:
    """A contract of ``total`` for service from ``start`` to ``end`` (recognised evenly by day), modified on ``change_date``.

    ``extra`` is the added consideration and ``new_end`` the modified term's end (an extension moves it later).
    ``prospective`` (ASC 606-10-25-13(a), IFRS 15.21(a)): the old contract is treated as ended and a new one begins:
    what is left of the old price, plus ``extra``, is spread evenly over the rest of the new term.
    ``catch_up`` (ASC 606-10-25-13(b), IFRS 15.21(b)): the change is part of the existing contract: the progress to date
    is measured against the new total and new term, and the difference is recognised at once on the change date.
    Either way, everything recognised adds up to ``total + extra``. Amounts round half up to the cent.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not start < change_date < end:
        raise ValueError(f"change date {change_date} must fall after the start and inside the term {start} to {end}")
    if new_end < end:
        raise ValueError(f"the modified term cannot end ({new_end}) before the original one ({end})")
    elapsed = Decimal((change_date - start).days)
    recognised = to_cents(total * elapsed / Decimal((end - start).days))
    if method == "prospective":
        rows = ratable_period(total - recognised + extra, change_date, new_end)
        return ContractModification(start, end, change_date, new_end, recognised, Decimal("0.00"), extra, rows, method)
    target = to_cents((total + extra) * elapsed / Decimal((new_end - start).days))
    rows = ratable_period(total + extra - target, change_date, new_end)
    return ContractModification(start, end, change_date, new_end, recognised, target - recognised, extra, rows, method)
