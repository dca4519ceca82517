"""Contract modifications: an annual plan upgraded mid-term, accounted for prospectively.

Explained on docs/accounting/contract-modifications.md. Revenue is recognised by day or by service month (the
basis, macros/revenue.py). At the change date the deferred revenue left on the old plan, plus the extra
consideration the upgrade invoice charges, is recognised evenly over the rest of the term; recognised-before plus
recognised-after equals old price plus extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .money import fraction_to_cents
from .periods import Period, period_from
from .proration import prorate
from .revenue import ScheduleRow, elapsed_share, ratable_period


@dataclass(frozen=True)
class Modification:
    term: Period
    change_date: date
    recognised_before: Decimal
    deferred_at_change: Decimal
    extra: Decimal
    rows: list[ScheduleRow]
    is_upgrade: bool
    basis: str = "daily"


def modify(old_price: Decimal, new_price: Decimal, start: date, change_date: date, convention: str = "calendar", basis: str = "daily") -> Modification:
    """Upgrade an annual contract that started on ``start`` on ``change_date`` (inside the term).

    The term is one annual billing period by the billing-period ``convention`` (macros/periods.py); the upgrade
    invoice is prorated by that convention, whatever the recognition ``basis`` (``daily`` or ``monthly``).
    """
    term = period_from(start, "annual", convention)
    if not term.start < change_date < term.end:
        raise ValueError(f"change date {change_date} must fall after the start and inside the term {term.start} to {term.end}")
    recognised = fraction_to_cents(Fraction(old_price) * elapsed_share(term.start, change_date, term.end, basis))
    deferred = old_price - recognised
    change = prorate(old_price, new_price, term, change_date, convention)  # pragma: no mutate — equivalent: every convention prorates a given term by days
    extra = change.net if change.is_upgrade else Decimal("0.00")  # pragma: no mutate — equivalent: a downgrade waits for the period end, its net already 0.00
    rows = ratable_period(deferred + extra, change_date, term.end, basis, term.start)
    return Modification(term, change_date, recognised, deferred, extra, rows, change.is_upgrade, basis)


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
    basis: str = "daily"


def modify_contract(
    total: Decimal, start: date, end: date, change_date: date, extra: Decimal, new_end: date, method: str, basis: str = "daily"
) -> ContractModification:
    """A contract of ``total`` for service from ``start`` to ``end``, recognised evenly by day or by service month
    (``basis``, macros/revenue.py), modified on ``change_date``.

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
    recognised = fraction_to_cents(Fraction(total) * elapsed_share(start, change_date, end, basis))
    if method == "prospective":
        rows = ratable_period(total - recognised + extra, change_date, new_end, basis, start)
        return ContractModification(start, end, change_date, new_end, recognised, Decimal("0.00"), extra, rows, method, basis)
    target = fraction_to_cents(Fraction(total + extra) * elapsed_share(start, change_date, new_end, basis))
    rows = ratable_period(total + extra - target, change_date, new_end, basis, start)
    return ContractModification(start, end, change_date, new_end, recognised, target - recognised, extra, rows, method, basis)


PROGRESS = ("time", "cost")


def cost_progress(costs_to_date: Decimal, expected_costs: Decimal) -> Fraction:
    """Cost-to-cost progress (an input method, IFRS 15.B18-B19, ASC 606-10-55-20): costs incurred to date ÷ total
    expected costs, exact, from 0 to 1. Raises ValueError for negative costs, no expected costs, or costs beyond them."""
    if costs_to_date < 0 or expected_costs <= 0:
        raise ValueError(f"costs must not be negative and expected costs must be positive, got {costs_to_date} of {expected_costs}")
    if costs_to_date > expected_costs:
        raise ValueError(f"costs incurred ({costs_to_date}) cannot exceed the total expected costs ({expected_costs}): revise the estimate")
    return Fraction(costs_to_date) / Fraction(expected_costs)


@dataclass(frozen=True)
class CostModification:
    """A contract measured by cost-to-cost progress, modified part-way (more consideration, more expected costs, or both)."""

    total: Decimal
    costs_to_date: Decimal
    expected_costs: Decimal
    progress_before: Fraction
    recognised_before: Decimal  # total × progress before the change
    extra: Decimal
    new_expected_costs: Decimal
    progress_after: Fraction  # the same costs against the new estimate
    catch_up: Decimal  # recognised on the change date under the cumulative catch-up method (0 prospectively; may be negative)
    remaining: Decimal  # recognised as the remaining costs are incurred
    method: str


def modify_by_cost(
    total: Decimal, costs_to_date: Decimal, expected_costs: Decimal, extra: Decimal, new_expected_costs: Decimal, method: str
) -> CostModification:
    """A contract of ``total`` whose progress is measured by costs, modified when ``costs_to_date`` are incurred.

    Before the change, revenue to date is ``total`` × costs_to_date ÷ ``expected_costs``. The change adds ``extra``
    consideration and revises the expected costs to ``new_expected_costs``. ``catch_up`` (ASC 606-10-25-13(b), IFRS
    15.21(b), as in IFRS 15 Example 8): progress is remeasured against the new estimate and revenue to date is reset to
    (total + extra) × the new progress, the difference on the change date. ``prospective``: nothing recognised changes;
    what is left, plus ``extra``, is recognised as the remaining costs are incurred. Either way everything adds up to
    ``total + extra``; amounts round half up to the cent from the exact progress.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    before = cost_progress(costs_to_date, expected_costs)
    after = cost_progress(costs_to_date, new_expected_costs)
    if after == 1:
        raise ValueError(f"costs incurred ({costs_to_date}) already reach the expected costs ({new_expected_costs}): a modification needs work left to do")
    recognised = fraction_to_cents(Fraction(total) * before)
    catch_up = fraction_to_cents(Fraction(total + extra) * after) - recognised if method == "catch_up" else Decimal("0.00")
    remaining = total + extra - recognised - catch_up
    return CostModification(total, costs_to_date, expected_costs, before, recognised, extra, new_expected_costs, after, catch_up, remaining, method)
