"""Accounting calculations: journal entries balance, modifications and usage reconcile, allowances and FX add up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from macros.blocks import accounting as accounting_blocks
from macros.blocks import args
from macros.blocks import journal as journal_blocks
from macros.credit import allowance
from macros.data import load_site_data
from macros.fx import fx_settlement
from macros.journal import Line, entry
from macros.modification import METHODS, modify, modify_contract
from macros.money import to_cents
from macros.usage import usage_schedule

from .conftest import ROOT

D = Decimal
DATA = load_site_data(ROOT)
money = st.integers(min_value=1, max_value=5_000_000).map(lambda c: D(c) / 100)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_an_unbalanced_entry_is_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced entry"):
        entry(date(2026, 1, 1), "x", "x", Line("Cash", debit=D("1.00")), Line("Revenue", credit=D("0.99")))


def test_modification_case() -> None:
    result = modify(D("240.00"), D("2400.00"), date(2026, 1, 1), date(2026, 5, 15))
    # 134 of 365 days elapsed: 240 × 134/365 = 88.109… → 88.11; deferred 151.89.
    assert (result.recognised_before, result.deferred_at_change) == (D("88.11"), D("151.89"))
    # Extra = 2400 × 231/365 − 240 × 231/365 = 1518.90 − 151.89 = 1367.01.
    assert result.extra == D("1367.01")
    assert result.recognised_before + sum(r.recognised for r in result.rows) == D("240.00") + result.extra


@given(old=money, new=money, start=days, offset=st.integers(1, 364), basis=st.sampled_from(["daily", "monthly"]))
def test_modification_always_reconciles(old, new, start, offset, basis) -> None:
    change = start + timedelta(days=offset)
    result = modify(old, new, start, change, basis=basis)
    total = result.recognised_before + sum((r.recognised for r in result.rows), D("0"))
    assert total == old + result.extra and result.rows[-1].deferred == 0
    assert result.extra >= 0
    if new <= old:
        assert not result.is_upgrade and result.extra == 0


def test_catch_up_by_month_case() -> None:
    # The same extension by service month: 24 of 36 months gives 24,000.00 before the change; against the new
    # total and term, 60,000 × 24/72 = 20,000.00, so the change date reverses exactly 4,000.00.
    result = modify_contract(D("36000.00"), date(2024, 1, 1), date(2027, 1, 1), date(2026, 1, 1), D("24000.00"), date(2030, 1, 1), "catch_up", "monthly")
    assert (result.recognised_before, result.catch_up) == (D("24000.00"), D("-4000.00"))
    # The 40,000.00 left is spread over the 48 service months to 2030: 833.33 or 833.34 each.
    assert {r.recognised for r in result.rows} == {D("833.33"), D("833.34")} and len(result.rows) == 48


def test_catch_up_case() -> None:
    # $36,000 for 2024-2026, extended on 2026-01-01 by three years for $24,000 more.
    result = modify_contract(D("36000.00"), date(2024, 1, 1), date(2027, 1, 1), date(2026, 1, 1), D("24000.00"), date(2030, 1, 1), "catch_up")
    # 731 of 1,096 days: 36,000 × 731/1,096 = 24,010.949… → 24,010.95; against the new total and term,
    # 60,000 × 731/2,192 = 20,009.124… → 20,009.12, so the change date reverses 4,001.83.
    assert (result.recognised_before, result.catch_up) == (D("24010.95"), D("-4001.83"))
    assert sum(r.recognised for r in result.rows) == D("39990.88")


@given(
    total=money,
    extra=money | st.just(D("0.00")),
    start=days,
    term=st.integers(30, 1500),
    offset=st.integers(1, 1499),
    extension=st.integers(0, 1500),
    method=st.sampled_from(METHODS),
    basis=st.sampled_from(["daily", "monthly"]),
)
def test_contract_modification_always_reconciles(total, extra, start, term, offset, extension, method, basis) -> None:
    offset = 1 + offset % (term - 1)
    end, change = start + timedelta(days=term), start + timedelta(days=offset)
    result = modify_contract(total, start, end, change, extra, end + timedelta(days=extension), method, basis)
    recognised = result.recognised_before + result.catch_up + sum((r.recognised for r in result.rows), D("0"))
    assert recognised == total + extra and result.rows[-1].deferred == 0
    assert result.rows[0].start == change and result.rows[-1].end == end + timedelta(days=extension)
    if method == "prospective" or (extension == 0 and extra == 0):
        assert result.catch_up == 0


def test_usage_across_a_month_end() -> None:
    invoice_on, total, rows = usage_schedule(date(2026, 1, 15), D("12.5"), D("0.30"))
    assert invoice_on == date(2026, 2, 15) and total == D("116.25")  # 12.5 × 31 days × 0.30
    # Nothing is billed before 15 February: the day before, the whole period is recognised and unbilled.
    assert [(r.kind, r.recognised, r.billed, r.unbilled_after) for r in rows] == [
        ("month", D("63.75"), D("0.00"), D("63.75")),
        ("month", D("52.50"), D("0.00"), D("116.25")),
        ("invoice", D("0.00"), D("116.25"), D("0.00")),
    ]


@given(start=days, units=st.integers(0, 100_000).map(lambda u: D(u) / 10), rate=st.integers(0, 10_000).map(lambda r: D(r) / 1000))
def test_usage_rows_sum_to_the_invoice(start, units, rate) -> None:
    _, total, rows = usage_schedule(start, units, rate)
    assert sum((r.recognised for r in rows), D("0")) == total and rows[-1].unbilled_after == 0


def test_allowance_case() -> None:
    rows, balance, total = allowance([("a", D("1000.00"), D("0.50")), ("b", D("333.33"), D("2.00"))])
    assert [r.allowance for r in rows] == [D("5.00"), D("6.67")] and (balance, total) == (D("1333.33"), D("11.67"))


@pytest.mark.parametrize(
    ("amount", "invoice", "settle", "difference"),
    [
        ("1000.00", "1.0850", "1.0720", "-13.00"),
        ("5000.00", "1.2500", "1.2710", "105.00"),
        ("0.01", "1.0850", "1.0849", "0.00"),
    ],
)
def test_fx_cases(amount, invoice, settle, difference) -> None:
    assert fx_settlement(D(amount), D(invoice), D(settle)).difference == D(difference)


@given(amount=money, invoice=st.integers(1, 50_000).map(lambda r: D(r) / 10_000), settle=st.integers(1, 50_000).map(lambda r: D(r) / 10_000))
def test_fx_entries_balance(amount, invoice, settle) -> None:
    result = fx_settlement(amount, invoice, settle)
    assert result.invoice_usd + result.difference == result.settle_usd


ALL_EVENT_SETS = [
    "invoice,payment,recognise,recognise,recognise",
    "invoice,credit_note,recognise,recognise,payment",
    "invoice,payment,recognise,upgrade,recognise,refund,recognise",
    "invoice,payment,upgrade,refund",
    "invoice,credit_note,payment",
    "invoice,payment,credit_note",
    "invoice,payment,chargeback",
    "invoice,write_off",
]


def money(cell: str) -> Decimal:
    """A formatted amount ("$1,234.50", "-$3.00") back to a Decimal."""
    return Decimal(cell.replace("$", "").replace(",", ""))


@given(
    events=st.sampled_from(ALL_EVENT_SETS),
    plan=st.sampled_from(["pro", "business"]),
    start=days,
    tax=st.sampled_from(["0.00", "7.25", "9.00", "20.00", "21.00"]),
    offset=st.integers(1, 300),
)
def test_every_journal_balances(events, plan, start, tax, offset) -> None:
    from macros.journal import Ledger  # noqa: F401 - imported for the type under test

    kwargs = {
        "events": events,
        "plan": plan,
        "start": start.isoformat(),
        "tax_rate": tax,
        "change_date": (start + timedelta(days=offset)).isoformat(),
        "to_plan": "business" if plan == "pro" else None,
        "amount": "10.00",
    }
    if "upgrade" in events and plan == "business":
        return  # nothing costs more than Business
    try:
        text = journal_blocks.journal_block(DATA, date(2026, 11, 27), "test", **kwargs)
    except args.MacroInputError as exc:
        # A change date outside the first period, or a refund of nothing, is refused with a message: fine.
        assert "outside" in str(exc) or "more than" in str(exc), exc
        return
    assert (
        "Deferred revenue (contract liability) | $" not in text.split("**Balances")[1]
        or "| debit |" not in [line for line in text.split("**Balances")[1].splitlines() if line.startswith("| Deferred revenue")][0]
    ), "deferred revenue went negative"
    # Add up each entry's own debit and credit lines (not the entry's printed total, which is one figure shown twice).
    debits = credits = Decimal("0.00")
    journal = text.split("**Balances")[0]
    checked = 0
    for line in journal.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[2] or cells[2] in ("Account", "---"):
            continue
        if cells[2].startswith("Balanced:"):
            assert debits == credits, f"{cells[2]}: debits {debits} != credits {credits}"
            assert money(cells[3]) == debits == money(cells[4]), f"{cells[2]}: the printed total differs from the lines"
            debits = credits = Decimal("0.00")
            checked += 1
        else:
            debits += money(cells[3]) if cells[3] else Decimal("0.00")
            credits += money(cells[4]) if cells[4] else Decimal("0.00")
    # Every entry the journal prints was found and added up (a table that changed shape would otherwise pass unread).
    assert checked >= 1 and checked == journal.count("Balanced:"), f"{checked} of {journal.count('Balanced:')} entries checked"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"events": "invoice,payment,refund2"}, "events='invoice,payment,refund2': use a comma-separated list of: "),
        ({"events": "payment"}, "payment: nothing is receivable yet — put 'invoice' before 'payment'"),
        ({"events": "invoice,payment,write_off"}, "write_off: nothing is receivable — write off an unpaid invoice (omit 'payment')"),
        ({"events": "invoice,credit_note"}, 'credit_note needs amount="…"'),
    ],
)
def test_journal_explains_bad_event_lists(kwargs, message) -> None:
    with pytest.raises(args.MacroInputError) as caught:
        journal_blocks.journal_block(DATA, date(2026, 11, 27), "test", start="2026-01-01", **kwargs)
    assert str(caught.value).startswith(message)


@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    rates=st.lists(st.decimals(min_value=Decimal("0.0100"), max_value=Decimal("9.9999"), places=4), min_size=2, max_size=5),
)
def test_remeasurements_and_settlement_add_up_to_the_whole_difference(amount, rates) -> None:
    from macros.fx import fx_remeasured

    invoice_rate, *closing, settle_rate = rates[0], *rates[1:-1], rates[-1]
    plain, steps, settle = fx_remeasured(amount, invoice_rate, closing, settle_rate)
    assert sum((s.difference for s in steps), Decimal("0.00")) + settle == plain.settle_usd - plain.invoice_usd
    carrying = plain.invoice_usd
    for step in steps:
        assert step.value == carrying + step.difference
        carrying = step.value


@given(
    start=st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31)),
    offsets=st.lists(st.tuples(st.integers(0, 120), st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=1)), min_size=1, max_size=12),
    rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("5"), places=4),
    convention=st.sampled_from(["calendar", "thirty_day", "hourly"]),
)
def test_dated_usage_months_sum_to_each_invoice(start, offsets, rate, convention) -> None:
    from macros.usage import usage_events_schedule

    events = [(start + timedelta(days=days), units) for days, units in offsets]
    rows = usage_events_schedule(start, events, rate, convention)
    recognised = Decimal("0.00")
    for row in rows:
        if row.kind == "month":
            recognised += row.recognised
        else:
            assert recognised == row.billed, "a period's months must add up to its invoice"
            recognised = Decimal("0.00")
            assert row.unbilled_after == 0, "after an invoice nothing recognised is left unbilled"
    assert sum(r.billed for r in rows if r.kind == "invoice") == sum(
        to_cents(sum((u for d, u in events if inv_start <= d < inv.start), Decimal("0")) * rate)
        for inv_start, inv in zip([start] + [r.start for r in rows if r.kind == "invoice"][:-1], [r for r in rows if r.kind == "invoice"], strict=True)
    )


# Payables and indirect quotes.

rates = st.integers(1, 50_000).map(lambda r: D(r) / 10_000)
amounts = st.integers(min_value=1, max_value=5_000_000).map(lambda c: D(c) / 100)


@given(amount=amounts, rates=st.lists(rates, min_size=2, max_size=5), quote=st.sampled_from(["direct", "indirect"]))
def test_a_payable_gains_what_a_receivable_loses_on_the_same_rate_move(amount, rates, quote) -> None:
    from macros.fx import fx_remeasured

    invoice_rate, *closing, settle_rate = rates
    owed, owed_steps, owed_settle = fx_remeasured(amount, invoice_rate, closing, settle_rate, "receivable", quote)
    owing, owing_steps, owing_settle = fx_remeasured(amount, invoice_rate, closing, settle_rate, "payable", quote)
    assert owing.difference == -owed.difference and owing_settle == -owed_settle
    assert [s.difference for s in owing_steps] == [-s.difference for s in owed_steps]
    assert [s.value for s in owing_steps] == [s.value for s in owed_steps], "both carry the item at the same closing value"
    # Every step of the payable adds up to its whole gain or loss: invoice minus payment.
    assert sum((s.difference for s in owing_steps), D("0.00")) + owing_settle == owing.invoice_usd - owing.settle_usd


# Rates whose reciprocal is an exact decimal (2^i × 5^j), so a direct quote at 1/r can be written down exactly.
exact_rates = st.tuples(st.integers(-6, 6), st.integers(-4, 4)).map(lambda ij: D(2) ** ij[0] * D(5) ** ij[1])


@given(amount=amounts, rate=exact_rates, side=st.sampled_from(["receivable", "payable"]))
def test_an_indirect_quote_equals_the_direct_one_at_the_reciprocal_rate(amount, rate, side) -> None:
    from macros.fx import convert, fx_settlement

    assert convert(amount, rate, "indirect") == convert(amount, 1 / rate, "direct")
    assert fx_settlement(amount, rate, rate * 2, side, "indirect") == fx_settlement(amount, 1 / rate, 1 / (rate * 2), side, "direct")


def test_an_indirect_quote_divides_and_rounds_once() -> None:
    from macros.fx import convert

    # 1,300 JPY at 6.50 JPY per USD is 200.00 USD; 1,000 EUR at 0.92 EUR per USD is 1,086.956… → 1,086.96.
    assert convert(D("1300.00"), D("6.50"), "indirect") == D("200.00")
    assert convert(D("1000.00"), D("0.92"), "indirect") == D("1086.96")
    with pytest.raises(ValueError, match="quote must be one of direct, indirect"):
        convert(D("1.00"), D("1.00"), "reciprocal")


def test_fx_refuses_an_unknown_side() -> None:
    with pytest.raises(ValueError, match="side must be one of receivable, payable"):
        fx_settlement(D("1.00"), D("1.00"), D("1.00"), "asset")


@given(
    amount=amounts,
    rates=st.lists(rates, min_size=3, max_size=3),
    side=st.sampled_from(["receivable", "payable"]),
    quote=st.sampled_from(["direct", "indirect"]),
)
def test_every_fx_journal_balances(amount, rates, side, quote) -> None:
    text = accounting_blocks.fx_block(
        DATA,
        date(2026, 11, 27),
        "test",
        amount=str(amount),
        currency="EUR",
        invoice_rate=str(rates[0]),
        report_rate=str(rates[1]),
        settle_rate=str(rates[2]),
        invoice_on="2026-11-01",
        report_on="2026-12-31",
        settle_on="2027-01-15",
        side=side,
        quote=quote,
    )
    debits = credits = D("0.00")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[2] or cells[2] in ("Account", "---"):
            continue
        if cells[2].startswith("Balanced:"):
            assert debits == credits == (money(cells[3]) if cells[3] else D("0.00"))
            debits = credits = D("0.00")
        else:
            debits += money(cells[3]) if cells[3] else D("0.00")
            credits += money(cells[4]) if cells[4] else D("0.00")


# Usage with an included allowance, and usage dated before the billing date given.


def test_an_allowance_bills_only_the_usage_above_it() -> None:
    from macros.usage import usage_events_schedule

    # 6 + 5 = 11 million requests with 10 included: 1 billed at 0.30; then 8 + 9 = 17: 7 billed, 2.10.
    rows = usage_events_schedule(
        date(2026, 1, 15),
        [(date(2026, 1, 1), D("6")), (date(2026, 1, 10), D("5")), (date(2026, 1, 20), D("8")), (date(2026, 2, 5), D("9"))],
        D("0.30"),
        "thirty_day",
        D("10"),
    )
    assert [(r.start, r.billed) for r in rows if r.kind == "invoice"] == [(date(2026, 1, 15), D("0.30")), (date(2026, 2, 14), D("2.10"))]
    # The first period counted back from 15 January by 30 days starts on 16 December; its months carry no revenue
    # until the allowance is passed on 10 January.
    assert [(r.start, r.recognised) for r in rows if r.kind == "month"][:2] == [(date(2025, 12, 16), D("0.00")), (date(2026, 1, 1), D("0.30"))]


def test_usage_before_the_billing_date_is_billed_on_it_by_every_convention() -> None:
    from macros.usage import usage_events_schedule

    for convention, first_start in (("calendar", date(2025, 12, 15)), ("hourly", date(2025, 12, 15)), ("thirty_day", date(2025, 12, 16))):
        rows = usage_events_schedule(date(2026, 1, 15), [(date(2026, 1, 1), D("4"))], D("1.00"), convention)
        assert rows[0].start == first_start and rows[-1].kind == "invoice" and rows[-1].start == date(2026, 1, 15)
        assert rows[-1].billed == D("4.00")


@given(
    start=st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31)),
    offsets=st.lists(st.tuples(st.integers(-90, 120), st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=1)), min_size=1, max_size=12),
    rate=st.decimals(min_value=Decimal("0"), max_value=Decimal("5"), places=4),
    included=st.decimals(min_value=Decimal("0"), max_value=Decimal("3000"), places=1),
    convention=st.sampled_from(["calendar", "thirty_day", "hourly"]),
)
def test_an_allowance_never_bills_or_recognises_below_zero(start, offsets, rate, included, convention) -> None:
    from macros.usage import usage_events_schedule

    events = [(start + timedelta(days=days), units) for days, units in offsets]
    rows = usage_events_schedule(start, events, rate, convention, included)
    plain = usage_events_schedule(start, events, rate, convention)
    assert all(r.billed >= 0 and r.recognised >= 0 and r.unbilled_after >= 0 for r in rows)
    invoices = [r for r in rows if r.kind == "invoice"]
    assert [r.start for r in invoices] == [r.start for r in plain if r.kind == "invoice"], "the allowance moves no billing date"
    # Each invoice bills exactly the period's units above the allowance, and never more than without it.
    starts = [rows[0].start] + [r.start for r in invoices[:-1]]
    for period_start, invoice, without in zip(starts, invoices, [r for r in plain if r.kind == "invoice"], strict=True):
        units = sum((u for d, u in events if period_start <= d < invoice.start), Decimal("0"))
        assert invoice.billed == to_cents(max(units - included, Decimal("0")) * rate) <= without.billed
    # Every event is on some invoice: the first period starts on or before the earliest event.
    assert rows[0].start <= min(d for d, _ in events) and invoices[-1].start > max(d for d, _ in events)
    recognised = Decimal("0.00")
    for row in rows:
        if row.kind == "month":
            recognised += row.recognised
        else:
            assert recognised == row.billed and row.unbilled_after == 0
            recognised = Decimal("0.00")


# Cost-to-cost progress for a modification.


def _half_up(value: Fraction) -> Decimal:
    """The site's rounding rule written out independently: the nearest cent, a half cent away from zero."""
    cents = value * 100
    floor = cents.numerator // cents.denominator
    return D(floor + (1 if cents - floor >= Fraction(1, 2) else 0)) / 100


@given(
    total=amounts,
    extra=amounts | st.just(D("0.00")),
    expected=amounts,
    spent_share=st.fractions(min_value=0, max_value=1, max_denominator=1000),
    revision=st.fractions(min_value=Fraction(1, 2), max_value=3, max_denominator=100),
    method=st.sampled_from(METHODS),
)
def test_cost_to_cost_progress_stays_within_0_and_1_and_revenue_follows_it(total, extra, expected, spent_share, revision, method) -> None:
    from macros.modification import modify_by_cost

    spent = _half_up(Fraction(expected) * spent_share)
    revised = max(_half_up(Fraction(expected) * revision), spent + D("0.01"))
    assume(spent <= expected)
    result = modify_by_cost(total, spent, expected, extra, revised, method)
    assert 0 <= result.progress_before <= 1 and 0 <= result.progress_after < 1
    assert result.progress_before == Fraction(spent) / Fraction(expected)
    # Revenue to date is progress × the transaction price, before the change and (catch-up) after it.
    assert result.recognised_before == _half_up(Fraction(total) * Fraction(spent) / Fraction(expected))
    if method == "catch_up":
        assert result.recognised_before + result.catch_up == _half_up(Fraction(total + extra) * Fraction(spent) / Fraction(revised))
    else:
        assert result.catch_up == 0
    assert result.recognised_before + result.catch_up + result.remaining == total + extra


def test_cost_to_cost_refuses_costs_beyond_the_estimate_and_a_finished_contract() -> None:
    from macros.modification import modify_by_cost

    with pytest.raises(ValueError, match="cannot exceed the total expected costs"):
        modify_by_cost(D("100.00"), D("80.00"), D("70.00"), D("0.00"), D("90.00"), "catch_up")
    with pytest.raises(ValueError, match="a modification needs work left to do"):
        modify_by_cost(D("100.00"), D("70.00"), D("70.00"), D("0.00"), D("70.00"), "catch_up")


# Whole results and exact messages: every field a page shows, and every refusal an editor can meet.


def test_fx_results_are_whole() -> None:
    """€1,000 invoiced at 1.0850 ($1,085.00), still unpaid at a closing rate of 1.1000 ($1,100.00: a $15.00 gain),
    then paid at 1.0720 ($1,072.00: a $28.00 loss from the carrying amount). In all, $13.00 lost."""
    from macros.fx import FxResult, Remeasurement, fx_remeasured

    plain, steps, settle = fx_remeasured(D("1000.00"), D("1.0850"), [D("1.1000")], D("1.0720"))
    assert plain == FxResult(D("1000.00"), D("1085.00"), D("1072.00"), D("-13.00"))
    assert (steps, settle) == ([Remeasurement(D("1.1000"), D("1100.00"), D("15.00"))], D("-28.00"))


@pytest.mark.parametrize(("amount", "invoice", "settle"), [("0.00", "1.0850", "1.0720"), ("1000.00", "0", "1.0720"), ("1000.00", "1.0850", "0")])
def test_a_zero_amount_or_rate_is_refused(amount, invoice, settle) -> None:
    with pytest.raises(ValueError) as caught:
        fx_settlement(D(amount), D(invoice), D(settle))
    assert str(caught.value) == "amount and rates must be positive"


def test_a_zero_closing_rate_is_refused() -> None:
    from macros.fx import fx_remeasured

    with pytest.raises(ValueError) as caught:
        fx_remeasured(D("1000.00"), D("1.0850"), [D("1.1000"), D("0")], D("1.0720"))
    assert str(caught.value) == "closing rates must be positive"


def test_allowance_rows_are_whole() -> None:
    from macros.credit import Bucket

    rows, balance, total = allowance([("Current", D("1000.00"), D("0.50"))])
    assert rows == [Bucket("Current", D("1000.00"), D("0.50"), D("5.00"))] and (balance, total) == (D("1000.00"), D("5.00"))
    # No receivables: the totals are still amounts a table can print (two places), not the integer 0.
    assert [str(value) for value in allowance([])[1:]] == ["0.00", "0.00"]


def test_an_entry_keeps_its_event_and_memo_and_drops_zero_lines() -> None:
    from macros.journal import Entry

    made = entry(
        date(2026, 1, 1), "invoice", "Invoice #1", Line("Receivable", debit=D("10.00")), Line("Tax", credit=D("0.00")), Line("Revenue", credit=D("10.00"))
    )
    assert made == Entry(date(2026, 1, 1), "invoice", "Invoice #1", (Line("Receivable", debit=D("10.00")), Line("Revenue", credit=D("10.00"))))
    assert made.total == D("10.00") and made.is_balanced()


def test_a_modification_is_whole() -> None:
    from macros.modification import Modification
    from macros.periods import Period

    up = modify(D("240.00"), D("2400.00"), date(2026, 1, 1), date(2026, 5, 15))
    assert (up.term, up.change_date, up.is_upgrade) == (Period(date(2026, 1, 1), date(2027, 1, 1)), date(2026, 5, 15), True)
    # A downgrade: 134 of 365 days recognised (88.11), the rest (151.89) spread over the 231 days left, nothing extra.
    down = modify(D("240.00"), D("25.00"), date(2026, 1, 1), date(2026, 5, 15))
    assert down == Modification(Period(date(2026, 1, 1), date(2027, 1, 1)), date(2026, 5, 15), D("88.11"), D("151.89"), D("0.00"), down.rows, False)
    assert sum(r.recognised for r in down.rows) == D("151.89") and down.rows[0].start == date(2026, 5, 15)


@pytest.mark.parametrize("change", [date(2026, 1, 1), date(2027, 1, 1)], ids=["on-the-start", "on-the-end"])
def test_a_modification_outside_the_term_gets_the_exact_message(change) -> None:
    with pytest.raises(ValueError) as caught:
        modify(D("240.00"), D("2400.00"), date(2026, 1, 1), change)
    assert str(caught.value) == f"change date {change} must fall after the start and inside the term 2026-01-01 to 2027-01-01"


def test_a_contract_modification_is_whole() -> None:
    from dataclasses import replace

    from macros.modification import ContractModification

    args = (D("36000.00"), date(2024, 1, 1), date(2027, 1, 1), date(2026, 1, 1), D("24000.00"), date(2030, 1, 1))
    catch_up = modify_contract(*args, "catch_up")
    assert replace(catch_up, rows=[]) == ContractModification(
        date(2024, 1, 1), date(2027, 1, 1), date(2026, 1, 1), date(2030, 1, 1), D("24010.95"), D("-4001.83"), D("24000.00"), [], "catch_up"
    )
    # Prospective: what is left of the old price (11,989.05) plus the 24,000 extra, over the four years left.
    prospective = modify_contract(*args, "prospective")
    assert replace(prospective, rows=[]) == ContractModification(
        date(2024, 1, 1), date(2027, 1, 1), date(2026, 1, 1), date(2030, 1, 1), D("24010.95"), D("0.00"), D("24000.00"), [], "prospective"
    )
    assert sum(r.recognised for r in prospective.rows) == D("35989.05")


@pytest.mark.parametrize(
    ("change", "new_end", "method", "message"),
    [
        (date(2026, 1, 1), date(2027, 1, 1), "straight", "method must be one of prospective, catch_up, got 'straight'"),
        (date(2024, 1, 1), date(2027, 1, 1), "catch_up", "change date 2024-01-01 must fall after the start and inside the term 2024-01-01 to 2027-01-01"),
        (date(2027, 1, 1), date(2027, 1, 1), "catch_up", "change date 2027-01-01 must fall after the start and inside the term 2024-01-01 to 2027-01-01"),
        (date(2026, 1, 1), date(2026, 12, 31), "prospective", "the modified term cannot end (2026-12-31) before the original one (2027-01-01)"),
    ],
)
def test_a_bad_contract_modification_gets_the_exact_message(change, new_end, method, message) -> None:
    with pytest.raises(ValueError) as caught:
        modify_contract(D("36000.00"), date(2024, 1, 1), date(2027, 1, 1), change, D("0.00"), new_end, method)
    assert str(caught.value) == message


def test_dated_usage_rows_are_whole() -> None:
    """Billed on the 15th, 0.50 a unit: 10 units on 15 January, 4 on 1 February, 6 on 15 February.

    The first period (15 Jan to 15 Feb) bills 14 units = 7.00 on 15 February: 5.00 recognised in January, 2.00 in
    February. The event on 15 February is the second period's, billed 3.00 on 15 March, all recognised in February.
    """
    from macros.usage import UsageRow, usage_events_schedule

    events = [(date(2026, 1, 15), D("10")), (date(2026, 2, 1), D("4")), (date(2026, 2, 15), D("6"))]
    rows = usage_events_schedule(date(2026, 1, 15), events, D("0.50"))
    assert rows == [
        UsageRow("month", date(2026, 1, 15), date(2026, 2, 1), D("10"), D("5.00"), D("0.00"), D("5.00")),
        UsageRow("month", date(2026, 2, 1), date(2026, 2, 15), D("4"), D("2.00"), D("0.00"), D("7.00")),
        UsageRow("invoice", date(2026, 2, 15), date(2026, 2, 16), D("0"), D("0.00"), D("7.00"), D("0.00")),
        UsageRow("month", date(2026, 2, 15), date(2026, 3, 1), D("6"), D("3.00"), D("0.00"), D("3.00")),
        UsageRow("month", date(2026, 3, 1), date(2026, 3, 15), D("0"), D("0.00"), D("0.00"), D("3.00")),
        UsageRow("invoice", date(2026, 3, 15), date(2026, 3, 16), D("0"), D("0.00"), D("3.00"), D("0.00")),
    ]
    assert all(isinstance(row.units, Decimal) for row in rows), "units are a Decimal even in a month without usage"


def test_no_usage_still_bills_one_period() -> None:
    from macros.usage import usage_events_schedule

    rows = usage_events_schedule(date(2026, 1, 15), [], D("0.50"), "thirty_day")
    assert [(r.kind, r.start, r.end, r.billed) for r in rows] == [
        ("month", date(2026, 1, 15), date(2026, 2, 1), D("0.00")),
        ("month", date(2026, 2, 1), date(2026, 2, 14), D("0.00")),
        ("invoice", date(2026, 2, 14), date(2026, 2, 15), D("0.00")),
    ]


def test_constant_usage_follows_the_billing_period_convention() -> None:
    # A 30-day period from 15 January ends on 14 February: 12.5 × 30 days × 0.30 = 112.50 (calendar: 31 days, 116.25).
    invoice_on, total, rows = usage_schedule(date(2026, 1, 15), D("12.5"), D("0.30"), "thirty_day")
    assert (invoice_on, total) == (date(2026, 2, 14), D("112.50"))
    assert [(r.kind, r.start, r.recognised, r.billed) for r in rows] == [
        ("month", date(2026, 1, 15), D("63.75"), D("0.00")),  # 17 days in January: 12.5 × 17 × 0.30
        ("month", date(2026, 2, 1), D("48.75"), D("0.00")),  # 13 days in February
        ("invoice", date(2026, 2, 14), D("0.00"), D("112.50")),
    ]


@pytest.mark.parametrize(("units", "rate"), [("-1", "0.30"), ("1", "-0.30")])
def test_negative_usage_gets_the_exact_message(units, rate) -> None:
    from macros.usage import usage_events_schedule

    with pytest.raises(ValueError) as caught:
        usage_events_schedule(date(2026, 1, 15), [(date(2026, 1, 20), D(units))], D(rate))
    assert str(caught.value) == "units, rate and the included allowance must not be negative"
    with pytest.raises(ValueError) as caught:
        usage_schedule(date(2026, 1, 15), D(units), D(rate))
    assert str(caught.value) == "daily units and rate must not be negative"


# Foreign currency: the default quote, refused rates, a payable's side, an indirect quote carried through.


def test_a_rate_is_quoted_directly_unless_told() -> None:
    """€1,000 at 1.0850 USD per EUR is $1,085.00 (multiplied); the same figure as an indirect quote (EUR per USD)
    would divide: 1,000 ÷ 1.0850 = $921.66."""
    from macros.fx import convert

    assert convert(D("1000.00"), D("1.0850")) == D("1085.00")
    assert convert(D("1000.00"), D("1.0850"), "indirect") == D("921.66")


@pytest.mark.parametrize("rate", ["0", "-1.0850"], ids=["zero", "negative"])
@pytest.mark.parametrize("quote", ["direct", "indirect"])
def test_a_zero_or_negative_rate_is_refused_by_convert(rate, quote) -> None:
    """A rate of 0 would turn a receivable into nothing (direct) or divide by zero (indirect); a negative one flips its sign."""
    from macros.fx import convert

    with pytest.raises(ValueError) as caught:
        convert(D("1000.00"), D(rate), quote)
    assert str(caught.value) == "rates must be positive"


def test_a_rate_of_exactly_1_converts_nothing_either_way() -> None:
    from macros.fx import FxResult, convert

    assert convert(D("1234.56"), D("1"), "direct") == convert(D("1234.56"), D("1"), "indirect") == D("1234.56")
    assert fx_settlement(D("1234.56"), D("1"), D("1"), "payable", "indirect") == FxResult(D("1234.56"), D("1234.56"), D("1234.56"), D("0.00"), "payable")


@pytest.mark.parametrize(
    ("side", "quote", "message"),
    [
        ("asset", "direct", "side must be one of receivable, payable, got 'asset'"),
        ("payable", "reciprocal", "quote must be one of direct, indirect, got 'reciprocal'"),
    ],
)
def test_an_unknown_side_or_quote_gets_the_exact_message(side, quote, message) -> None:
    from macros.fx import fx_remeasured

    with pytest.raises(ValueError) as caught:
        fx_settlement(D("1.00"), D("1.00"), D("1.00"), side, quote)
    assert str(caught.value) == message
    with pytest.raises(ValueError) as caught:
        fx_remeasured(D("1.00"), D("1.00"), [D("1.00")], D("1.00"), side, quote)
    assert str(caught.value) == message


def test_a_payable_settlement_is_whole() -> None:
    """10,000 foreign units bought at USD .55 ($5,500.00 owed) and paid at USD .65 ($6,500.00): we pay $1,000.00 more
    than we recorded, a loss on a payable (the same move is a gain on a receivable)."""
    from macros.fx import FxResult

    assert fx_settlement(D("10000.00"), D(".55"), D(".65"), "payable") == FxResult(D("10000.00"), D("5500.00"), D("6500.00"), D("-1000.00"), "payable")
    assert fx_settlement(D("10000.00"), D(".55"), D(".65")) == FxResult(D("10000.00"), D("5500.00"), D("6500.00"), D("1000.00"), "receivable")


def test_an_indirect_quote_is_carried_through_remeasurement_and_settlement() -> None:
    """¥1,300,000 receivable at 150.00 JPY per USD: 1,300,000 ÷ 150 = $8,666.666… → $8,666.67. At the closing rate of
    160.00 it is worth $8,125.00, a loss of $541.67; paid at 155.00, $8,387.096… → $8,387.10, a gain of $262.10 from
    the carrying amount. In all $8,387.10 - $8,666.67 = -$279.57 (-541.67 + 262.10)."""
    from macros.fx import FxResult, Remeasurement, fx_remeasured

    plain, steps, settle = fx_remeasured(D("1300000.00"), D("150.00"), [D("160.00")], D("155.00"), "receivable", "indirect")
    assert plain == FxResult(D("1300000.00"), D("8666.67"), D("8387.10"), D("-279.57"), "receivable")
    assert (steps, settle) == ([Remeasurement(D("160.00"), D("8125.00"), D("-541.67"))], D("262.10"))


def test_an_indirect_payable_remeasured_is_whole() -> None:
    """Kaplan's Vardy example (tests/test_published_examples.py), whole: D60,000 owed at D1.50 per $ ($40,000.00); at the
    year end D1.80 per $ makes it $33,333.33, a gain of $6,666.67 on what we owe; paid at the same rate, nothing more."""
    from macros.fx import FxResult, Remeasurement, fx_remeasured

    result = fx_remeasured(D("60000.00"), D("1.50"), [D("1.80")], D("1.80"), "payable", "indirect")
    assert result == (
        FxResult(D("60000.00"), D("40000.00"), D("33333.33"), D("6666.67"), "payable"),
        [Remeasurement(D("1.80"), D("33333.33"), D("6666.67"))],
        D("0.00"),
    )


# Modifications recognised by service month, a change in mid-month (the schedule keeps the contract's month days).


def test_a_modification_by_service_month_is_whole() -> None:
    """$240 a year from 1 January 2026, upgraded to $2,400 on 15 May, revenue by service month.

    Elapsed: 4 months and 14 of May's 31 days, 4 + 14/31 = 138/31 of 12 months: 240 × 138/372 = 89.032… → 89.03;
    151.89 would be the by-day figure (134 of 365 days). Deferred 150.97. The upgrade invoice is prorated by days
    whatever the basis: 2,400 × 231/365 - 240 × 231/365 = 1,518.90 - 151.89 = 1,367.01. The 1,517.98 left is spread
    over 17/31 of May and seven whole months (234/31 months): May 1,517.98 × 17/234 = 110.280… → 110.28, then each
    month 1,517.98 × 31/234 = 201.100… so the cumulative amounts 311.38, 512.48, … 1,517.98 step by 201.10.
    """
    from macros.modification import Modification
    from macros.periods import Period
    from macros.revenue import ScheduleRow

    result = modify(D("240.00"), D("2400.00"), date(2026, 1, 1), date(2026, 5, 15), basis="monthly")
    starts = [date(2026, 5, 15)] + [date(2026, m, 1) for m in range(6, 13)]
    ends = [date(2026, m, 1) for m in range(6, 13)] + [date(2027, 1, 1)]
    cumulative = [D("110.28")] + [D("110.28") + D("201.10") * k for k in range(1, 8)]
    rows = [
        ScheduleRow(s, e, (e - s).days, c - p, c, D("1517.98") - c) for s, e, c, p in zip(starts, ends, cumulative, [D("0.00"), *cumulative[:-1]], strict=True)
    ]
    assert cumulative[-1] == D("1517.98")
    assert result == Modification(Period(date(2026, 1, 1), date(2027, 1, 1)), date(2026, 5, 15), D("89.03"), D("150.97"), D("1367.01"), rows, True, "monthly")


def test_a_contract_modified_in_mid_month_by_service_month_is_whole() -> None:
    """12,000.00 for 2026, recognised by service month, modified on 16 April: 3,000.00 more and six more months (to
    1 July 2027). 3 months and 15 of April's 30 days have passed: 12,000 × 3.5/12 = 3,500.00.

    Prospective: 8,500.00 + 3,000.00 = 11,500.00 over the 14.5 months left: the rest of April (half a month)
    11,500 × 0.5/14.5 = 396.551… → 396.55; to the end of May 11,500 × 1.5/14.5 = 1,189.655… → 1,189.66 (793.11 in May).
    Catch-up: 15,000 × 3.5/18 = 2,916.666… → 2,916.67 to date, so the change date reverses 583.33; the 12,083.33 left
    gives 12,083.33 × 0.5/14.5 = 416.666… → 416.67 for April and 12,083.33 × 1.5/14.5 = 1,249.9996… → 1,250.00 by May.
    """
    from dataclasses import replace

    from macros.modification import ContractModification
    from macros.revenue import ScheduleRow

    args = (D("12000.00"), date(2026, 1, 1), date(2027, 1, 1), date(2026, 4, 16), D("3000.00"), date(2027, 7, 1))
    expected_starts = [date(2026, 4, 16)] + [date(2026, m, 1) for m in range(5, 13)] + [date(2027, m, 1) for m in range(1, 7)]
    prospective = modify_contract(*args, "prospective", "monthly")
    assert replace(prospective, rows=[]) == ContractModification(
        *args[1:4], date(2027, 7, 1), D("3500.00"), D("0.00"), D("3000.00"), [], "prospective", "monthly"
    )
    assert prospective.rows[:2] == [
        ScheduleRow(date(2026, 4, 16), date(2026, 5, 1), 15, D("396.55"), D("396.55"), D("11103.45")),
        ScheduleRow(date(2026, 5, 1), date(2026, 6, 1), 31, D("793.11"), D("1189.66"), D("10310.34")),
    ]
    assert [r.start for r in prospective.rows] == expected_starts and prospective.rows[-1].cumulative == D("11500.00")
    catch_up = modify_contract(*args, "catch_up", "monthly")
    assert replace(catch_up, rows=[]) == ContractModification(*args[1:4], date(2027, 7, 1), D("3500.00"), D("-583.33"), D("3000.00"), [], "catch_up", "monthly")
    assert catch_up.rows[:2] == [
        ScheduleRow(date(2026, 4, 16), date(2026, 5, 1), 15, D("416.67"), D("416.67"), D("11666.66")),
        ScheduleRow(date(2026, 5, 1), date(2026, 6, 1), 31, D("833.33"), D("1250.00"), D("10833.33")),
    ]
    assert [r.start for r in catch_up.rows] == expected_starts and catch_up.rows[-1].cumulative == D("12083.33")


# Cost-to-cost progress: the published example whole, and every refusal word for word.


def test_cost_to_cost_catch_up_and_prospective_are_whole() -> None:
    """IFRS 15 Example 8 (tests/test_published_examples.py), whole: 420,000 of 700,000 expected costs is 3/5, so
    600,000.00 of 1,000,000 to date. Against 820,000 expected after the change the same costs are 21/41:
    1,350,000 × 21/41 = 691,463.414… → 691,463.41, a catch-up of 91,463.41 and 658,536.59 left to recognise.
    Prospectively nothing is caught up: 1,350,000 - 600,000 = 750,000.00 is left."""
    from macros.modification import CostModification, modify_by_cost

    args = (D("1000000.00"), D("420000.00"), D("700000.00"), D("350000.00"), D("820000.00"))
    common = (Fraction(3, 5), D("600000.00"), D("350000.00"), D("820000.00"), Fraction(21, 41))
    assert modify_by_cost(*args, "catch_up") == CostModification(*args[:3], *common, D("91463.41"), D("658536.59"), "catch_up")
    assert modify_by_cost(*args, "prospective") == CostModification(*args[:3], *common, D("0.00"), D("750000.00"), "prospective")


def test_cost_progress_runs_from_no_costs_to_all_of_them() -> None:
    from macros.modification import cost_progress

    assert (cost_progress(D("0.00"), D("700000.00")), cost_progress(D("420000.00"), D("700000.00"))) == (0, Fraction(3, 5))
    assert cost_progress(D("700000.00"), D("700000.00")) == 1


@pytest.mark.parametrize(
    ("spent", "expected", "message"),
    [
        ("-1.00", "100.00", "costs must not be negative and expected costs must be positive, got -1.00 of 100.00"),
        ("0.00", "0.00", "costs must not be negative and expected costs must be positive, got 0.00 of 0.00"),
        ("0.00", "-100.00", "costs must not be negative and expected costs must be positive, got 0.00 of -100.00"),
        ("80.00", "70.00", "costs incurred (80.00) cannot exceed the total expected costs (70.00): revise the estimate"),
    ],
    ids=["negative-costs", "no-expected-costs", "negative-expected-costs", "costs-beyond-the-estimate"],
)
def test_bad_costs_get_the_exact_message(spent, expected, message) -> None:
    from macros.modification import cost_progress

    with pytest.raises(ValueError) as caught:
        cost_progress(D(spent), D(expected))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("method", "new_expected", "message"),
    [
        ("straight", "90.00", "method must be one of prospective, catch_up, got 'straight'"),
        ("catch_up", "70.00", "costs incurred (70.00) already reach the expected costs (70.00): a modification needs work left to do"),
    ],
)
def test_a_bad_cost_modification_gets_the_exact_message(method, new_expected, message) -> None:
    from macros.modification import modify_by_cost

    with pytest.raises(ValueError) as caught:
        modify_by_cost(D("100.00"), D("70.00"), D("70.00"), D("0.00"), D(new_expected), method)
    assert str(caught.value) == message


def test_constant_usage_with_an_allowance_is_whole() -> None:
    """12.5 units a day from 15 January with 100 units included: 31 days is 387.5 units, 287.5 billed at 0.30 = 86.25
    on 15 February. January's 17 days (212.5 units) pass the allowance by 112.5: 33.75 recognised; February's 14 days
    (175 units) bring the rest, 52.50."""
    from macros.usage import UsageRow

    assert usage_schedule(date(2026, 1, 15), D("12.5"), D("0.30"), "calendar", D("100")) == (
        date(2026, 2, 15),
        D("86.25"),
        [
            UsageRow("month", date(2026, 1, 15), date(2026, 2, 1), D("212.5"), D("33.75"), D("0.00"), D("33.75")),
            UsageRow("month", date(2026, 2, 1), date(2026, 2, 15), D("175"), D("52.50"), D("0.00"), D("86.25")),
            UsageRow("invoice", date(2026, 2, 15), date(2026, 2, 16), D("0"), D("0.00"), D("86.25"), D("0.00")),
        ],
    )
