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
