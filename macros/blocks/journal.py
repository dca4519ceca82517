"""The journal-entries macro: a plan's invoice, payment, recognition, upgrade, refund, credit note, chargeback and
write-off as double entries, each event one short method over the ledger in macros/journal.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .. import tables
from ..data import SiteData
from ..journal import Entry, Ledger, Line, entry
from ..money import ROUNDING_RULE, format_money, to_cents
from ..periods import period_containing
from ..proration import prorate
from ..refund import partial_refund
from ..revenue import ratable_schedule
from ..tax import tax_line
from .args import MacroInputError, cycle_arg, date_arg, money_arg, plan_arg

JOURNAL_EVENTS = ("invoice", "payment", "recognise", "upgrade", "refund", "credit_note", "chargeback", "write_off")


def lines_table(entries: list[Any], currency: str) -> str:
    """Entries as a paper journal: date and event on an entry's first line, credits indented, a balance line under each."""
    money = lambda value: format_money(value, currency) if value else ""  # noqa: E731
    rows = []
    for made in entries:
        for index, line in enumerate(made.lines):
            rows.append(
                (
                    made.on.isoformat() if index == 0 else "",
                    made.event if index == 0 else "",
                    # Credits are indented, as in a paper journal; em spaces survive Markdown's whitespace trimming.
                    ("\u2003\u2003" if line.credit and not line.debit else "") + line.account,
                    money(line.debit),
                    money(line.credit),
                )
            )
        rows.append(("", "", f"Balanced: {made.memo}", money(made.total), money(made.total)))
    return tables.table(["Date", "Event", "Account", "Debit", "Credit"], rows, ["l", "l", "l", "r", "r"])


@dataclass
class _Book:
    """One worked example: the plan's contract, the page's arguments, and the ledger the events post to in order."""

    data: SiteData
    as_of: date
    plan: Any
    cycle: str
    first: date
    rate: Decimal
    to_plan: str | None
    change_date: object
    amount: object
    ledger: Ledger = field(default_factory=Ledger)
    recognised_rows: int = 0
    paid: Decimal = Decimal("0.00")

    def __post_init__(self) -> None:
        self.acc = self.data.accounting.accounts
        self.net = self.plan.price(self.cycle)
        self.schedule = ratable_schedule(self.net, self.first, 12 if self.cycle == "annual" else 1, "monthly")

    # What the ledger holds before the event being posted.
    @property
    def receivable(self) -> Decimal:
        return self.ledger.balance(self.acc["receivable"])

    @property
    def deferred(self) -> Decimal:
        return -self.ledger.balance(self.acc["deferred"])

    def _when(self) -> date:
        return date_arg(self.change_date, "change_date", self.as_of)

    def _invoiced(self, on: date, event: str, memo: str, amount: Decimal) -> Entry:
        """An invoice for ``amount`` before tax: receivable for the gross, deferred revenue and tax payable."""
        line = tax_line(amount, self.rate)
        acc = self.acc
        return entry(on, event, memo, Line(acc["receivable"], debit=line.gross), Line(acc["deferred"], credit=line.net), Line(acc["tax"], credit=line.tax))

    def invoice(self) -> Entry:
        return self._invoiced(self.first, "invoice", f"{self.plan.name} {self.cycle} invoiced in advance", self.net)

    def payment(self) -> Entry:
        receivable = self.receivable
        if receivable <= 0:
            raise MacroInputError("payment: nothing is receivable yet — put 'invoice' before 'payment'")
        self.paid += receivable
        return entry(self.first, "payment", "card payment collected", Line(self.acc["cash"], debit=receivable), Line(self.acc["receivable"], credit=receivable))

    def recognise(self) -> Entry:
        if self.recognised_rows >= len(self.schedule):
            raise MacroInputError("recognise: the whole term is already recognised")
        row = self.schedule[self.recognised_rows]
        remaining = len(self.schedule) - self.recognised_rows
        self.recognised_rows += 1
        # Spread what is still deferred over the service months left, so upgrades, refunds and credit notes
        # posted earlier change the monthly amount prospectively and deferred revenue never goes negative.
        deferred = self.deferred
        amount = deferred if remaining == 1 else to_cents(deferred / remaining)
        memo = f"service month {self.recognised_rows} delivered"
        return entry(row.end - timedelta(days=1), "recognise", memo, Line(self.acc["deferred"], debit=amount), Line(self.acc["revenue"], credit=amount))

    def upgrade(self) -> Entry:
        new = plan_arg(self.data, str(self.to_plan or ""), "to_plan")
        when = self._when()
        rule = self.data.billing.convention
        period = period_containing(when, self.cycle, rule, self.first.day, self.first.month, self.first)
        result = prorate(self.net, new.price(self.cycle), period, when, rule)
        if not result.is_upgrade:
            raise MacroInputError(f"upgrade: {new.name} does not cost more than {self.plan.name}; a downgrade waits for the period end")
        return self._invoiced(when, "upgrade", f"prorated upgrade to {new.name} invoiced", result.net)

    def refund(self) -> Entry:
        when = self._when()
        try:
            unused = partial_refund(self.net, self.cycle, self.first, when, 0, self.data.billing.convention).unused_value
        except ValueError as exc:
            raise MacroInputError(f"refund: {exc}") from None
        line = tax_line(min(unused, self.deferred), self.rate)
        source = self.acc["cash"] if self.paid > 0 else self.acc["receivable"]
        acc = self.acc
        return entry(
            when, "refund", "unused time refunded", Line(acc["deferred"], debit=line.net), Line(acc["tax"], debit=line.tax), Line(source, credit=line.gross)
        )

    def credit_note(self) -> Entry:
        value = money_arg(self.amount, 'credit_note needs amount="…"')
        if value > self.deferred:
            raise MacroInputError(f"credit_note: amount {value} is more than the deferred revenue left ({self.deferred})")
        line = tax_line(value, self.rate)
        acc = self.acc
        target = acc["receivable"] if self.receivable >= line.gross else acc["customer_credit"]
        memo = "price concession on the invoice"
        return entry(self.first, "credit_note", memo, Line(acc["deferred"], debit=line.net), Line(acc["tax"], debit=line.tax), Line(target, credit=line.gross))

    def chargeback(self) -> Entry:
        if self.paid <= 0:
            raise MacroInputError("chargeback: nothing was paid — put 'payment' before 'chargeback'")
        ill, acc = self.data.accounting, self.acc
        return entry(
            self.first + timedelta(days=ill.chargeback_after_days),
            "chargeback",
            "bank reversed the payment and charged a dispute fee",
            Line(acc["disputed"], debit=self.paid),
            Line(acc["dispute_fee"], debit=ill.dispute_fee),
            Line(acc["cash"], credit=self.paid + ill.dispute_fee),
        )

    def write_off(self) -> Entry:
        receivable, deferred, acc = self.receivable, self.deferred, self.acc
        if receivable <= 0:
            raise MacroInputError("write_off: nothing is receivable — write off an unpaid invoice (omit 'payment')")
        # On the page's change_date when it gives one (a service stopped early), else the illustrative delay.
        when = self._when() if self.change_date not in (None, "") else self.first + timedelta(days=self.data.accounting.write_off_after_days)
        if self.recognised_rows and when < self.schedule[self.recognised_rows - 1].end - timedelta(days=1):
            raise MacroInputError(f"write_off on {when.isoformat()} comes before the service month it follows was delivered — move change_date")
        # Service not yet delivered is cancelled rather than written off: its deferred revenue (and the tax on it)
        # comes off the receivable. Only the earned, unpaid remainder is a credit loss.
        cancel = min(deferred, receivable)
        cancel_tax = min(tax_line(cancel, self.rate).tax, -self.ledger.balance(acc["tax"]), receivable - cancel)
        loss = receivable - cancel - cancel_tax
        return entry(
            when,
            "write_off",
            "service stopped: unearned part cancelled, earned part written off",
            Line(acc["deferred"], debit=cancel),
            Line(acc["tax"], debit=cancel_tax),
            Line(acc["allowance"], debit=loss),
            Line(acc["receivable"], credit=receivable),
        )

    def post(self, event: str) -> None:
        self.ledger.post(getattr(self, event)())


def journal_block(
    data: SiteData,
    as_of: date,
    why: str,
    events: str = "invoice,payment,recognise",
    plan: str = "business",
    cycle: str = "annual",
    start: object = None,
    tax_rate: object = "0.00",
    to_plan: str | None = None,
    change_date: object = None,
    amount: object = None,
) -> str:
    names = [e.strip() for e in str(events).split(",") if e.strip()]
    unknown = [e for e in names if e not in JOURNAL_EVENTS]
    if unknown or not names:
        raise MacroInputError(f"events={events!r}: use a comma-separated list of: {', '.join(JOURNAL_EVENTS)}")
    chosen = plan_arg(data, plan)
    book = _Book(data, as_of, chosen, cycle_arg(cycle), date_arg(start, "start", as_of), money_arg(tax_rate, "tax_rate"), to_plan, change_date, amount)
    for name in names:
        book.post(name)
    return tables.block(
        tables.inputs(
            [("plan", f"{chosen.name}, {cycle}"), ("contract starts", book.first.isoformat()), ("tax rate", f"{book.rate}%"), ("events", ", ".join(names))]
        ),
        lines_table(book.ledger.entries, data.currency),
        "**Balances after these entries**",
        _balances(book.ledger, data.currency),
        "*" + " ".join(tables.cell(n) for n in _notes(data, chosen, cycle, book.rate, names)) + "*",
        tables.computed_for(as_of.isoformat(), why, fixed=start not in (None, "")),
    )


def _balances(ledger: Ledger, currency: str) -> str:
    closing = [(account, format_money(abs(value), currency), "debit" if value > 0 else "credit") for account, value in ledger.balances.items() if value]
    return tables.table(["Account", "Balance", "Side"], closing, ["l", "r", "l"]) if closing else "Every account is back to zero."


def _notes(data: SiteData, chosen: Any, cycle: str, rate: Decimal, names: list[str]) -> list[str]:
    notes = [
        f"Method: the plan's {cycle} list price is the contract value"
        + ("" if chosen.verified else " (unverified list price)")
        + f"; revenue is recognised by service month; tax at {rate}% is a liability, never revenue; {ROUNDING_RULE}."
    ]
    if "chargeback" in names:
        notes.append(data.accounting.dispute_fee_note)
    return notes
