"""Money arithmetic: Decimal amounts, the one rounding rule, and display formatting."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

#: Every amount the site shows is rounded to the cent, half away from zero ("round half up"),
#: at the last step of each line. Schedules then move any remainder so totals reconcile exactly.
CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
ROUNDING_RULE = "amounts are rounded to the cent, halves away from zero (ROUND_HALF_UP), once per line"


class MoneyError(ValueError):
    """An amount that is not a valid decimal money value."""


def parse_money(value: object) -> Decimal:
    """Return ``value`` as a Decimal with exactly two places.

    Accepts a Decimal or a string like ``"20.00"``; floats are refused because they cannot hold
    cents exactly (``0.1 + 0.2``).
    """
    if isinstance(value, (bool, float)):
        raise MoneyError(f'expected a quoted decimal like "20.00", got {value!r}')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise MoneyError(f'expected a quoted decimal like "20.00", got {value!r}') from None
    if not amount.is_finite():
        raise MoneyError(f"expected a finite amount, got {value!r}")
    if amount != amount.quantize(CENT):
        raise MoneyError(f"expected at most two decimal places, got {value!r}")
    return amount.quantize(CENT)


def to_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` to the cent with the site's rounding rule."""
    return amount.quantize(CENT, rounding=ROUNDING)


def fraction_to_cents(value: Fraction) -> Decimal:
    """Round an exact fraction (an amount times a share of a term, say) to the cent, halves away from zero.

    The same rule as ``to_cents``, applied to the exact value, so no intermediate rounding can move a half cent.
    """
    cents = abs(value) * 100
    whole, rest = divmod(cents.numerator, cents.denominator)
    if 2 * rest >= cents.denominator:
        whole += 1
    if value < 0:  # pragma: no mutate — equivalent: <= differs only at zero, where -0 is 0
        whole = -whole
    return (Decimal(whole) / 100).quantize(CENT)


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """Format an amount for a table cell: ``$1,234.50`` for USD, ``1,234.50 EUR`` otherwise."""
    amount = to_cents(amount)
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,.2f}"
    if currency == "USD":
        return f"{sign}${body}"
    return f"{sign}{body} {currency}"
