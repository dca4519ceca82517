"""Tax arithmetic: tax on a net amount at a percentage rate, and the gross it makes.

Explained on docs/runbooks/invoices-and-tax/why-tax-charged.md. Tax is rounded to the cent (ROUND_HALF_UP)
on the invoice total, so net + tax == gross exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import to_cents


@dataclass(frozen=True)
class TaxLine:
    net: Decimal
    rate: Decimal  # percent
    tax: Decimal
    gross: Decimal


def tax_line(net: Decimal, rate_percent: Decimal) -> TaxLine:
    """Tax at ``rate_percent`` on ``net``; a zero rate (exempt, reverse charge) gives zero tax."""
    if net < 0 or rate_percent < 0:
        raise ValueError("net and rate must not be negative")
    tax = to_cents(net * rate_percent / Decimal(100))
    return TaxLine(net, rate_percent, tax, net + tax)
