"""Foreign-currency invoices: recorded at the rate on the invoice date, settled at the rate on the payment date.

Explained on docs/accounting/foreign-currency.md. Rates are units of the reporting currency (USD) per one unit
of the invoice currency; each converted amount is rounded to the cent (ROUND_HALF_UP), and the exchange
difference is settlement minus invoice, so the two entries balance exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import to_cents


@dataclass(frozen=True)
class FxResult:
    amount: Decimal
    invoice_usd: Decimal
    settle_usd: Decimal
    difference: Decimal  # positive: gain; negative: loss


def fx_settlement(amount: Decimal, invoice_rate: Decimal, settle_rate: Decimal) -> FxResult:
    if amount <= 0 or invoice_rate <= 0 or settle_rate <= 0:
        raise ValueError("amount and rates must be positive")
    invoiced = to_cents(amount * invoice_rate)
    settled = to_cents(amount * settle_rate)
    return FxResult(amount, invoiced, settled, settled - invoiced)


@dataclass(frozen=True)
class Remeasurement:
    """An unpaid receivable carried at ``carrying`` until a closing ``rate`` revalues it to ``value``."""

    rate: Decimal
    value: Decimal
    difference: Decimal  # value minus the previous carrying amount; positive: gain


def fx_remeasured(amount: Decimal, invoice_rate: Decimal, closing_rates: list[Decimal], settle_rate: Decimal) -> tuple[FxResult, list[Remeasurement], Decimal]:
    """The invoice, its remeasurement at each reporting date it is still unpaid, and the settlement.

    IAS 21.23(a) and 21.28, ASC 830-20: an unpaid foreign-currency receivable (a monetary item) is remeasured at
    the closing rate at each reporting date, the difference to profit or loss; at settlement the difference is
    measured from the last carrying amount. Returns the plain result (invoice and settlement values, total
    difference), the remeasurements in order, and the settlement difference. The differences always add up to
    the total: settled minus invoiced.
    """
    plain = fx_settlement(amount, invoice_rate, settle_rate)
    carrying = plain.invoice_usd
    steps = []
    for rate in closing_rates:
        if rate <= 0:
            raise ValueError("closing rates must be positive")
        value = to_cents(amount * rate)
        steps.append(Remeasurement(rate, value, value - carrying))
        carrying = value
    return plain, steps, plain.settle_usd - carrying
