"""Ratable revenue schedules: a prepaid amount recognised over its service term, month by month.

Explained on docs/accounting/deferred-revenue.md. Rounding never accumulates: each row's recognised
amount is the difference of two rounded cumulative amounts, so the rows sum exactly to the total and
the deferred balance ends at zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from .dates import add_months, next_month_start
from .money import to_cents

BASES = ("daily", "monthly")


@dataclass(frozen=True)
class ScheduleRow:
    """One row: service from ``start`` (inclusive) to ``end`` (exclusive)."""

    start: date
    end: date
    days: int
    recognised: Decimal
    cumulative: Decimal
    deferred: Decimal


def term_end(start: date, months: int) -> date:
    """The exclusive end of a term of ``months`` months starting on ``start`` (anchored on its day)."""
    return add_months(start, months, start.day)  # pragma: no mutate — equivalent: start.day is the default anchor


def ratable_schedule(total: Decimal, start: date, months: int = 12, basis: str = "daily") -> list[ScheduleRow]:
    """Recognise ``total`` evenly over ``months`` months from ``start``.

    ``basis="daily"``: one row per calendar month the term touches; each day of the term earns the
    same share (a month-end close view; a term starting mid-month has a stub first and last row).
    ``basis="monthly"``: one row per service month (anniversary to anniversary), equal shares.
    Amounts are Decimal; rounding is ROUND_HALF_UP to the cent on cumulative amounts.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, got {basis!r}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months!r}")
    if total < 0:
        raise ValueError(f"total must not be negative, got {total}")
    end = term_end(start, months)
    if basis == "monthly":
        bounds = [add_months(start, k, start.day) for k in range(months + 1)]  # pragma: no mutate — equivalent: start.day is the default anchor
    else:
        bounds = [start]
        while bounds[-1] < end:
            bounds.append(min(next_month_start(bounds[-1]), end))
    whole = Decimal((end - start).days) if basis == "daily" else Decimal(months)
    rows: list[ScheduleRow] = []
    previous = Decimal("0.00")
    for index, (row_start, row_end) in enumerate(pairwise(bounds), start=1):
        elapsed = Decimal((row_end - start).days) if basis == "daily" else Decimal(index)
        cumulative = to_cents(total * elapsed / whole)
        rows.append(ScheduleRow(row_start, row_end, (row_end - row_start).days, cumulative - previous, cumulative, total - cumulative))
        previous = cumulative
    return rows


def ratable_period(total: Decimal, start: date, end: date) -> list[ScheduleRow]:
    """Recognise ``total`` evenly by day from ``start`` (inclusive) to ``end`` (exclusive), one row per calendar month."""
    if end <= start:
        raise ValueError(f"the period must end after it starts: {start} to {end}")
    bounds = [start]
    while bounds[-1] < end:
        bounds.append(min(next_month_start(bounds[-1]), end))
    whole = Decimal((end - start).days)
    rows, previous = [], Decimal("0.00")
    for row_start, row_end in pairwise(bounds):
        cumulative = to_cents(total * Decimal((row_end - start).days) / whole)
        rows.append(ScheduleRow(row_start, row_end, (row_end - row_start).days, cumulative - previous, cumulative, total - cumulative))
        previous = cumulative
    return rows
