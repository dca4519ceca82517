"""Journal entries: balanced debits and credits, and the small ledger the worked examples post them to.

Explained on docs/accounting/*.md. Amounts are Decimal, already rounded to the cent by the caller; an entry
that does not balance is a programming error and raises.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


@dataclass(frozen=True)
class Entry:
    on: date
    event: str
    memo: str
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    def is_balanced(self) -> bool:
        return sum((line.debit for line in self.lines), ZERO) == sum((line.credit for line in self.lines), ZERO)  # pragma: no mutate — equivalent: 0 == ZERO


def entry(on: date, event: str, memo: str, *lines: Line) -> Entry:
    """An entry without zero lines; raises ValueError when debits and credits differ."""
    kept = tuple(line for line in lines if line.debit or line.credit)
    made = Entry(on, event, memo, kept)
    if not made.is_balanced():
        raise ValueError(f"unbalanced entry for {event}: {kept}")
    return made


class Ledger:
    """Balances by account (debit positive), after posting entries in order."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.balances: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def post(self, made: Entry) -> Entry:
        self.entries.append(made)
        for line in made.lines:
            self.balances[line.account] += line.debit - line.credit
        return made

    def balance(self, account: str) -> Decimal:
        """Debit-positive balance; a liability or revenue account shows negative."""
        return self.balances[account]
