"""Tax arithmetic: tax on a net amount at a percentage rate, the gross it makes, and what a customer self-assesses.

Explained on docs/runbooks/invoices-and-tax/why-tax-charged.md and docs/accounting/sales-tax-and-vat.md. Tax is
rounded to the cent (ROUND_HALF_UP) on the invoice total, so net + tax == gross exactly.

Under a reverse charge the invoice carries no tax, but the tax is not gone: the customer declares it in its own
return at its own country's rate, as if it had made the supply, and (when it may) deducts the same amount as
input tax. An exemption is different: no one owes the tax.
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


@dataclass(frozen=True)
class SelfAssessment:
    """What a customer declares itself when the invoice carries no tax under a reverse charge."""

    net: Decimal
    rate: Decimal  # percent: the customer's own country's rate
    due: Decimal  # declared by the customer, not paid to the seller
    paid_to_seller: Decimal


def self_assessment(net: Decimal, rate_percent: Decimal) -> SelfAssessment:
    """The tax a reverse-charge customer declares on ``net`` at ``rate_percent``; the seller is paid the net only."""
    invoice = tax_line(net, Decimal("0"))
    declared = tax_line(net, rate_percent)
    return SelfAssessment(net, rate_percent, declared.tax, invoice.gross)
