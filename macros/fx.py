"""Foreign-currency invoices: recorded at the rate on the invoice date, settled at the rate on the payment date.

Explained on docs/accounting/foreign-currency.md. A rate is quoted either directly, units of the reporting currency
(USD) per one unit of the foreign currency (1.0850 USD/EUR: the foreign amount is multiplied), or indirectly,
foreign units per one unit of the reporting currency (150.00 JPY/USD: the foreign amount is divided). Each converted
amount is rounded to the cent (ROUND_HALF_UP) once, from the exact value. The item is what we are owed (a
receivable: a sale) or what we owe (a payable: a purchase); the same rate move is a gain on one and a loss on the
other. Differences are signed as gains (positive) or losses (negative), and they always add up to the whole
difference between the invoice and the payment, so every entry balances exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .money import fraction_to_cents

SIDES = ("receivable", "payable")
QUOTES = ("direct", "indirect")


@dataclass(frozen=True)
class FxResult:
    amount: Decimal
    invoice_usd: Decimal
    settle_usd: Decimal
    difference: Decimal  # positive: gain; negative: loss
    side: str = "receivable"


def _check(side: str, quote: str) -> None:
    if side not in SIDES:
        raise ValueError(f"side must be one of {', '.join(SIDES)}, got {side!r}")
    if quote not in QUOTES:
        raise ValueError(f"quote must be one of {', '.join(QUOTES)}, got {quote!r}")


def convert(amount: Decimal, rate: Decimal, quote: str = "direct") -> Decimal:
    """``amount`` of the foreign currency in the reporting currency at ``rate``, rounded once to the cent.

    ``direct``: ``rate`` is reporting-currency units per foreign unit, so amount × rate. ``indirect``: ``rate`` is
    foreign units per reporting-currency unit, so amount ÷ rate (an indirect quote of r equals a direct one of 1/r).
    """
    if quote not in QUOTES:
        raise ValueError(f"quote must be one of {', '.join(QUOTES)}, got {quote!r}")
    if rate <= 0:
        raise ValueError("rates must be positive")
    exact = Fraction(amount) * Fraction(rate) if quote == "direct" else Fraction(amount) / Fraction(rate)
    return fraction_to_cents(exact)


def _gain(side: str, before: Decimal, after: Decimal) -> Decimal:
    """A rise in the item's value is a gain on what we are owed and a loss on what we owe."""
    return after - before if side == "receivable" else before - after


def fx_settlement(amount: Decimal, invoice_rate: Decimal, settle_rate: Decimal, side: str = "receivable", quote: str = "direct") -> FxResult:
    """An invoice for ``amount`` of the foreign currency, recorded at ``invoice_rate`` and settled at ``settle_rate``.

    Both values are in the reporting currency, each rounded once to the cent; ``difference`` is the gain (positive)
    or loss: settled minus invoiced on a receivable, invoiced minus settled on a payable.
    """
    _check(side, quote)
    if amount <= 0 or invoice_rate <= 0 or settle_rate <= 0:
        raise ValueError("amount and rates must be positive")
    invoiced = convert(amount, invoice_rate, quote)
    settled = convert(amount, settle_rate, quote)
    return FxResult(amount, invoiced, settled, _gain(side, invoiced, settled), side)


@dataclass(frozen=True)
class Remeasurement:
    """An unpaid receivable or payable carried at its previous amount until a closing ``rate`` revalues it to ``value``."""

    rate: Decimal
    value: Decimal
    difference: Decimal  # the gain (positive) or loss (negative) from the previous carrying amount to ``value``


def fx_remeasured(
    amount: Decimal, invoice_rate: Decimal, closing_rates: list[Decimal], settle_rate: Decimal, side: str = "receivable", quote: str = "direct"
) -> tuple[FxResult, list[Remeasurement], Decimal]:
    """The invoice, its remeasurement at each reporting date it is still unpaid, and the settlement.

    IAS 21.23(a) and 21.28, ASC 830-20: an unpaid foreign-currency receivable or payable (a monetary item) is
    remeasured at the closing rate at each reporting date, the difference to profit or loss; at settlement the
    difference is measured from the last carrying amount. Returns the plain result (invoice and settlement values,
    total gain or loss), the remeasurements in order, and the settlement's gain or loss. The steps always add up to
    the total.
    """
    plain = fx_settlement(amount, invoice_rate, settle_rate, side, quote)
    carrying = plain.invoice_usd
    steps = []
    for rate in closing_rates:
        if rate <= 0:
            raise ValueError("closing rates must be positive")
        value = convert(amount, rate, quote)
        steps.append(Remeasurement(rate, value, _gain(side, carrying, value)))
        carrying = value
    return plain, steps, _gain(side, carrying, plain.settle_usd)
