"""Ratable revenue schedules: a prepaid amount recognised over its service term, month by month.

Explained on docs/accounting/deferred-revenue.md. Rounding never accumulates: each row's recognised
amount is the difference of two rounded cumulative amounts, so the rows sum exactly to the total and
the deferred balance ends at zero.

Two time-elapsed measures (the basis): ``daily``, every day of the term earns the same share; ``monthly``, every
service month (anniversary to anniversary of the start) earns the same share, as most published ASC 606 and
IFRS 15 examples recognise ("CU70,000 per year", "$1,000 a month"). A part month under ``monthly`` earns its
share of that month in proportion to its days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from .dates import add_months, next_month_start
from .money import fraction_to_cents, to_cents

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


def service_months(anchor: date, day: date) -> Fraction:
    """Service months from ``anchor`` to ``day``: whole months anniversary to anniversary (anchored on ``anchor``'s
    day, so 31 January, 29 February, 31 March), plus the month ``day`` falls in pro rata by its days.

    Exact (a Fraction): 1 February 2026 is 1 month after 1 January 2026; 16 January is 15/31 of a month.
    """
    if day < anchor:
        raise ValueError(f"{day} is before the anchor {anchor}")
    # The anniversary in ``day``'s own month (add_months keeps ``anchor``'s day, clamped to the month's end); if it is
    # still ahead, the last one was a month earlier.
    whole = (day.year - anchor.year) * 12 + day.month - anchor.month
    if add_months(anchor, whole) > day:  # pragma: no mutate — equivalent: with >= an anniversary counts n - 1 months plus all of month n, which is n
        whole -= 1
    this, following = add_months(anchor, whole), add_months(anchor, whole + 1)
    return whole + Fraction((day - this).days, (following - this).days)


def elapsed_share(start: date, day: date, end: date, basis: str = "daily", anchor: date | None = None) -> Fraction:
    """The share of the term ``start`` (inclusive) to ``end`` (exclusive) that has elapsed at the start of ``day``.

    ``daily``: days elapsed ÷ days in the term. ``monthly``: service months elapsed ÷ service months in the term,
    months counted from ``anchor`` (default ``start``). Exact; 0 on ``start``, 1 on ``end``.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, got {basis!r}")
    if not start <= day <= end or end <= start:
        raise ValueError(f"{day} is outside the term {start} to {end}")
    if basis == "daily":
        return Fraction((day - start).days, (end - start).days)
    origin = anchor or start
    done = service_months(origin, day) - service_months(origin, start)
    return done / (service_months(origin, end) - service_months(origin, start))


def ratable_period(total: Decimal, start: date, end: date, basis: str = "daily", anchor: date | None = None) -> list[ScheduleRow]:
    """Recognise ``total`` evenly from ``start`` (inclusive) to ``end`` (exclusive).

    ``daily``: by day, one row per calendar month. ``monthly``: by service month, one row per service month of a
    contract that started on ``anchor`` (default ``start``), so a period that starts mid-month has a short first row
    earning its days' share of that month. Cumulative amounts are rounded half up to the cent from the exact share,
    each row is the difference, so the rows sum exactly to ``total``.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, got {basis!r}")
    if end <= start:
        raise ValueError(f"the period must end after it starts: {start} to {end}")
    bounds = [start]
    if basis == "daily":
        while bounds[-1] < end:
            bounds.append(min(next_month_start(bounds[-1]), end))
    else:
        origin = anchor or start
        step = int(service_months(origin, start)) + 1
        while bounds[-1] < end:
            bounds.append(min(add_months(origin, step, origin.day), end))  # pragma: no mutate — equivalent: origin.day is the default anchor
            step += 1
    rows, previous = [], Decimal("0.00")
    for row_start, row_end in pairwise(bounds):
        cumulative = fraction_to_cents(Fraction(total) * elapsed_share(start, row_end, end, basis, anchor))
        rows.append(ScheduleRow(row_start, row_end, (row_end - row_start).days, cumulative - previous, cumulative, total - cumulative))
        previous = cumulative
    return rows
