"""Expected credit losses: an aging schedule of receivables times loss rates gives the allowance.

Explained on docs/accounting/expected-credit-losses.md. Each bucket's allowance is rounded to the cent
(ROUND_HALF_UP); the total allowance is the sum of the rounded buckets.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import to_cents


@dataclass(frozen=True)
class Bucket:
    name: str
    balance: Decimal
    loss_rate: Decimal  # percent
    allowance: Decimal


def allowance(buckets: list[tuple[str, Decimal, Decimal]]) -> tuple[list[Bucket], Decimal, Decimal]:
    """Per-bucket allowance = balance × rate / 100; returns the rows, total receivables and total allowance."""
    rows = [Bucket(name, balance, rate, to_cents(balance * rate / Decimal(100))) for name, balance, rate in buckets]
    return rows, sum((r.balance for r in rows), Decimal("0.00")), sum((r.allowance for r in rows), Decimal("0.00"))
