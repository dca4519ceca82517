"""What the accounting macros show: revenue schedules, contract modifications, usage revenue, credit losses, foreign currency."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .. import tables
from ..data import SiteData
from ..dates import add_months, parse_iso_date
from ..money import ROUNDING_RULE, format_money
from ..revenue import BASES, ratable_schedule
from .args import MacroInputError, cycle_arg, date_arg, money_arg, plan_arg
from .billing import convention_note
from .journal import lines_table

#: How each recognition basis reads on a table ("Method: ratable by month ...").
BASIS_TEXT = {
    "daily": "ratable by day: every day of the term earns the same share",
    "monthly": "ratable by month: every service month (anniversary to anniversary of the start) earns the same share, "
    "a part month its days' share of that month",
}


def basis_arg(basis: str) -> str:
    if basis not in BASES:
        raise MacroInputError(f"basis={basis!r} — use one of: {', '.join(BASES)} (daily: ratable by day; monthly: ratable by month)")
    return basis


def _span(start: date, day: date, end: date, basis: str) -> tuple[str, str]:
    """What part of a term has elapsed, as a reader can redo it: ("134", "365 days") or ("(4 + 14/31)", "12 service months")."""
    from ..revenue import service_months

    if basis == "daily":
        return str((day - start).days), f"{(end - start).days} days"

    def months(value: Fraction) -> str:
        whole = value.numerator // value.denominator
        rest = value - whole
        return str(whole) if not rest else f"({whole} + {rest.numerator}/{rest.denominator})"

    return months(service_months(start, day)), f"{months(service_months(start, end))} service months"


def revenue_block(
    data: SiteData,
    as_of: date,
    why: str,
    plan: str | None = "business",
    cycle: str = "annual",
    amount: object = None,
    start: object = None,
    months: int = 12,
    basis: str = "daily",
) -> str:
    basis_arg(basis)
    if amount not in (None, ""):
        total = money_arg(amount, "amount")
        what = "contract value given on the page"
    else:
        chosen = plan_arg(data, str(plan))
        total = chosen.price(cycle_arg(cycle)) if cycle == "annual" else chosen.price("monthly") * int(months)
        what = f"{chosen.name} {cycle} list price" + ("" if chosen.verified else " (unverified)")
    first = date_arg(start, "start", as_of)
    rows = ratable_schedule(total, first, int(months), basis)
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    body = [
        (f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}", r.days, money(r.recognised), money(r.cumulative), money(r.deferred))
        for r in rows
    ]
    body.append(("Total", sum(r.days for r in rows), money(sum((r.recognised for r in rows), Decimal("0.00"))), "", ""))
    basis_text = BASIS_TEXT[basis] + ("; rows are calendar months" if basis == "daily" else "; rows are service months")
    return tables.block(
        tables.inputs(
            [
                ("contract value", f"{money(total)} ({what})"),
                ("service starts", first.isoformat()),
                ("term", f"{months} months, to {rows[-1].end.isoformat()} (exclusive)"),
                ("basis", basis),
            ]
        ),
        tables.table(["Service period (inclusive)", "Days", "Recognised", "Recognised to date", "Deferred revenue left"], body, ["l", "r", "r", "r", "r"]),
        f"*Method: {tables.cell(basis_text)}; each row is the rounded cumulative amount minus the previous one, "
        f"so rows sum exactly to the contract value; {tables.cell(ROUNDING_RULE)}.*",
        tables.computed_for(as_of.isoformat(), why, fixed=start not in (None, "")),
    )


def modification_block(
    data: SiteData,
    as_of: date,
    why: str,
    from_plan: str = "pro",
    to_plan: str = "business",
    start: object = None,
    change_date: object = None,
    price: object = None,
    years: int = 1,
    extend_years: int = 0,
    extension_price: object = None,
    method: str = "prospective",
    basis: str = "daily",
    progress: str = "time",
    costs_to_date: object = None,
    expected_costs: object = None,
    new_expected_costs: object = None,
) -> str:
    from ..modification import PROGRESS, modify

    basis_arg(basis)
    if progress not in PROGRESS:
        raise MacroInputError(f"progress={progress!r} — use one of: {', '.join(PROGRESS)} (time: elapsed time; cost: costs incurred ÷ expected costs)")
    costs = (costs_to_date, expected_costs, new_expected_costs)
    if progress == "cost":
        if price in (None, "") or costs_to_date in (None, "") or expected_costs in (None, ""):
            raise MacroInputError(
                'progress="cost" needs price, costs_to_date and expected_costs (quoted amounts), and new_expected_costs if the change revises them'
            )
        if basis != "daily" or int(extend_years):
            raise MacroInputError('progress="cost" measures progress by costs, not time: leave out basis and extend_years')
        return _cost_contract_block(data, as_of, why, price, start, change_date, extension_price, method, *costs)
    if any(value not in (None, "") for value in costs):
        raise MacroInputError('costs_to_date, expected_costs and new_expected_costs go with progress="cost"')
    if price not in (None, ""):
        return _term_contract_block(data, as_of, why, price, start, change_date, int(years), int(extend_years), extension_price, method, basis)

    old, new = plan_arg(data, from_plan, "from_plan"), plan_arg(data, to_plan, "to_plan")
    when = date_arg(change_date, "change_date", as_of)
    first = date_arg(start, "start", when - timedelta(days=120))
    try:
        result = modify(old.annual, new.annual, first, when, data.billing.convention, basis)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    done, whole = _span(result.term.start, when, result.term.end, basis)
    summary = [
        (f"{old.name} annual contract", f"{result.term.start.isoformat()} to {(result.term.end - timedelta(days=1)).isoformat()}", money(old.annual)),
        ("Recognised before the change", f"{done}/{whole}", money(result.recognised_before)),
        ("Deferred revenue left at the change", "contract value − recognised", money(result.deferred_at_change)),
        ("Extra consideration (upgrade invoice, net of credit)", f"prorated {old.name} → {new.name}", money(result.extra)),
        ("To recognise from the change date", "deferred left + extra", money(result.deferred_at_change + result.extra)),
    ]
    rows = [(f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}", r.days, money(r.recognised), money(r.deferred)) for r in result.rows]
    total = result.recognised_before + sum((r.recognised for r in result.rows), Decimal("0.00"))
    rows.append(("Total recognised over the term", result.term.days, money(total), ""))
    spread = "by day" if basis == "daily" else "by service month"
    method = (
        "Upgrade: treated prospectively (the remaining service is distinct), so the deferred balance plus the extra "
        f"consideration is spread evenly {spread} over the rest of the term"
        if result.is_upgrade
        else "Downgrade: takes effect at the end of the term, so nothing changes within it"
    )
    return tables.block(
        tables.inputs(
            [("change", f"{old.name} to {new.name}, annual"), ("term starts", first.isoformat()), ("change date", when.isoformat()), ("basis", basis)]
        ),
        tables.table(["Step", "Calculation", "Amount"], summary, ["l", "l", "r"]),
        tables.table(["After the change (inclusive)", "Days", "Recognised", "Deferred revenue left"], rows, ["l", "r", "r", "r"]),
        f"*Method: {tables.cell(BASIS_TEXT[basis])}. {tables.cell(method)}; the total equals the original price plus the extra consideration; "
        f"{tables.cell(ROUNDING_RULE)}. List prices are unverified; the policy choice (prospective vs cumulative catch-up) is Revenue Accounting's.*",
        tables.computed_for(as_of.isoformat(), why, fixed=change_date not in (None, "")),
    )


def _term_contract_block(
    data: SiteData,
    as_of: date,
    why: str,
    price: object,
    start: object,
    change_date: object,
    years: int,
    extend_years: int,
    extension_price: object,
    method: str,
    basis: str,
) -> str:
    """A multi-year contract (``price`` for ``years``), extended and repriced part-way, by either modification method."""
    from ..modification import METHODS, modify_contract

    if method not in METHODS:
        raise MacroInputError(f"method={method!r} — use one of: {', '.join(METHODS)}")
    if years < 1 or extend_years < 0:
        raise MacroInputError(f"years must be 1 or more and extend_years 0 or more, got years={years}, extend_years={extend_years}")
    total = money_arg(price, "price")
    extra = money_arg(extension_price, "extension_price") if extension_price not in (None, "") else Decimal("0.00")
    first = date_arg(start, "start", as_of)
    end = add_months(first, 12 * years, first.day)
    when = date_arg(change_date, "change_date", add_months(first, 12 * years - 12, first.day))
    new_end = add_months(end, 12 * extend_years, first.day)
    try:
        result = modify_contract(total, first, end, when, extra, new_end, method, basis)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    done, whole = _span(first, when, end, basis)
    summary = [
        (f"Contract, {years} year{'s' if years > 1 else ''}", f"{first.isoformat()} to {(end - timedelta(days=1)).isoformat()}", money(total)),
        ("Recognised before the change", f"{done}/{whole} of the original term", money(result.recognised_before)),
        (
            "Added by the change",
            f"{extend_years} more year{'s' if extend_years != 1 else ''}, to {(new_end - timedelta(days=1)).isoformat()}" if extend_years else "no extension",
            money(extra),
        ),
    ]
    if method == "catch_up":
        done_new, whole_new = _span(first, when, new_end, basis)
        summary.append(("Catch-up on the change date", f"(contract + added) × {done_new}/{whole_new} − recognised", money(result.catch_up)))
    left = total + extra - result.recognised_before - result.catch_up
    spread = "by day" if basis == "daily" else "by service month"
    summary.append(("To recognise from the change date", f"evenly {spread} to the new end", money(left)))
    rows = [(f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}", r.days, money(r.recognised), money(r.deferred)) for r in result.rows]
    grand = result.recognised_before + result.catch_up + sum((r.recognised for r in result.rows), Decimal("0.00"))
    rows.append(("Total recognised over the contract", (new_end - first).days, money(grand), ""))
    words = {
        "prospective": "Prospective (ASC 606-10-25-13(a), IFRS 15.21(a)): the old contract is treated as ended and a new one begins, "
        "so what is left of the old price plus the added consideration is spread evenly over the rest of the new term",
        "catch_up": "Cumulative catch-up (ASC 606-10-25-13(b), IFRS 15.21(b)): the change is part of the existing contract, so progress "
        "to date is measured against the new total and term and the difference is recognised at once on the change date",
    }
    return tables.block(
        tables.inputs(
            [
                ("contract", f"{money(total)} for {years} year(s) from {first.isoformat()}"),
                ("change date", when.isoformat()),
                ("method", method.replace("_", "-")),
                ("basis", basis),
            ]
        ),
        tables.table(["Step", "Calculation", "Amount"], summary, ["l", "l", "r"]),
        tables.table(["After the change (inclusive)", "Days", "Recognised", "Deferred revenue left"], rows, ["l", "r", "r", "r"]),
        f"*Method: {tables.cell(BASIS_TEXT[basis])}. {tables.cell(words[method])}; everything recognised adds up to the contract plus the added consideration; "
        f"{tables.cell(ROUNDING_RULE)}. Which method applies to a real contract is Revenue Accounting's call.*",
        tables.computed_for(as_of.isoformat(), why, fixed=change_date not in (None, "")),
    )


def _cost_contract_block(
    data: SiteData,
    as_of: date,
    why: str,
    price: object,
    start: object,
    change_date: object,
    extension_price: object,
    method: str,
    costs_to_date: object,
    expected_costs: object,
    new_expected_costs: object,
) -> str:
    """A contract whose progress is measured by costs (cost-to-cost), modified part-way, by either method."""
    from ..modification import METHODS, modify_by_cost

    if method not in METHODS:
        raise MacroInputError(f"method={method!r} — use one of: {', '.join(METHODS)}")
    total = money_arg(price, "price")
    extra = money_arg(extension_price, "extension_price") if extension_price not in (None, "") else Decimal("0.00")
    spent = money_arg(costs_to_date, "costs_to_date")
    expected = money_arg(expected_costs, "expected_costs")
    revised = money_arg(new_expected_costs, "new_expected_costs") if new_expected_costs not in (None, "") else expected
    try:
        result = modify_by_cost(total, spent, expected, extra, revised, method)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    percent = lambda share: f"{(Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal('0.0001'))}%"  # noqa: E731
    new_total = total + extra
    summary = [
        ("Transaction price before the change", "", money(total)),
        ("Progress before the change", f"{money(spent)} ÷ {money(expected)} of costs", percent(result.progress_before)),
        ("Recognised before the change", f"{money(total)} × {money(spent)} ÷ {money(expected)}", money(result.recognised_before)),
        ("Added by the change", "consideration the change adds", money(extra)),
        ("Expected costs after the change", f"{money(expected)} before the change", money(revised)),
        ("Progress after the change", f"{money(spent)} ÷ {money(revised)} of costs", percent(result.progress_after)),
    ]
    if method == "catch_up":
        summary.append(("Catch-up on the change date", f"{money(new_total)} × {money(spent)} ÷ {money(revised)} − recognised", money(result.catch_up)))
    to_go = revised - spent
    per_cost = (result.remaining / to_go).quantize(Decimal("0.0001"))
    summary.append(
        (
            "To recognise as the remaining costs are incurred",
            f"{money(to_go)} of costs to go, {per_cost} of revenue per 1 of cost",
            money(result.remaining),
        )
    )
    summary.append(("Total recognised over the contract", "", money(result.recognised_before + result.catch_up + result.remaining)))
    words = {
        "prospective": "Prospective (ASC 606-10-25-13(a), IFRS 15.21(a)): revenue recognised before the change stays; what is left of the "
        "price plus the added consideration is recognised as the remaining costs are incurred",
        "catch_up": "Cumulative catch-up (ASC 606-10-25-13(b), IFRS 15.21(b)): progress is remeasured against the revised expected costs "
        "and revenue to date is reset to the modified transaction price × that progress, the difference recognised on the change date",
    }
    facts = [("contract", money(total)), ("measure of progress", "costs incurred ÷ total expected costs"), ("method", method.replace("_", "-"))]
    if start not in (None, ""):
        facts.insert(1, ("starts", date_arg(start, "start", as_of).isoformat()))
    if change_date not in (None, ""):
        facts.append(("change date", date_arg(change_date, "change_date", as_of).isoformat()))
    return tables.block(
        tables.inputs(facts),
        tables.table(["Step", "Calculation", "Amount"], summary, ["l", "l", "r"]),
        f"*Method: cost-to-cost, an input method (IFRS 15.B18–B19; ASC 606-10-55-20): progress is the costs incurred to date ÷ the "
        f"total expected costs, and revenue to date is progress × the transaction price, rounded to the cent from the exact "
        f"ratio (percentages are shown to four places). {tables.cell(words[method])}; everything recognised adds up to the "
        f"contract plus the added consideration; {tables.cell(ROUNDING_RULE)}. Which measure and method apply to a real contract is "
        "Revenue Accounting's call.*",
        tables.computed_for(as_of.isoformat(), why, fixed=True),
    )


def _usage_events(text: object) -> list[tuple[date, Decimal]]:
    """``"2026-01-30:1000, 2026-02-02:500"`` as dated quantities."""
    from decimal import InvalidOperation

    events = []
    for item in str(text).split(","):
        day, _, units = item.strip().partition(":")
        try:
            events.append((parse_iso_date(day.strip(), "events"), Decimal(units.strip())))
        except (InvalidOperation, ValueError):
            raise MacroInputError(f'events={text!r}: write each as YYYY-MM-DD:units, separated by commas, like "2026-01-30:1000, 2026-02-02:500"') from None
    if not events:
        raise MacroInputError("events: give at least one YYYY-MM-DD:units")
    return events


def usage_block(
    data: SiteData,
    as_of: date,
    why: str,
    period_start: object = None,
    daily_units: object = None,
    rate: object = None,
    unit: str | None = None,
    events: object = None,
    included: object = None,
) -> str:
    from decimal import InvalidOperation

    from ..usage import usage_events_schedule, usage_schedule

    acc = data.accounting
    first = date_arg(period_start, "period_start", as_of)
    rule = data.billing.convention
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    label = unit or acc.usage_unit
    earlier = False
    try:
        price = Decimal(str(rate)) if rate not in (None, "") else acc.usage_rate
        allowance = Decimal(str(included)) if included not in (None, "") else Decimal("0")
        if not allowance.is_finite():
            raise InvalidOperation
        if events not in (None, ""):
            dated = _usage_events(events)
            earlier = any(day < first for day, _ in dated)
            rows = usage_events_schedule(first, dated, price, rule, allowance)
            usage = "dated events: " + str(events)
        else:
            units = Decimal(str(daily_units)) if daily_units not in (None, "") else acc.usage_daily_units
            _, _, rows = usage_schedule(first, units, price, rule, allowance)
            usage = f"{units.normalize():f} {label} a day"
    except InvalidOperation:
        raise MacroInputError("daily_units, rate and included must be quoted non-negative decimals") from None
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    invoices = [r for r in rows if r.kind == "invoice"]
    body = [
        (
            f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}" if r.kind == "month" else f"Invoice issued {r.start.isoformat()}",
            f"{r.units.normalize():f}" if r.kind == "month" else "",
            money(r.recognised) if r.kind == "month" else "",
            money(r.billed) if r.kind == "invoice" else "—",
            money(r.unbilled_after),
        )
        for r in rows
    ]
    bills = ", ".join(f"{money(r.billed)} on {r.start.isoformat()}" for r in invoices)
    facts = [
        ("billing date" if earlier else "first billing period starts", first.isoformat()),
        ("usage", usage),
        ("rate", f"{money(price) if price == price.quantize(Decimal('0.01')) else price} per {label}"),
    ]
    extra = ""
    if allowance:
        facts.append(("included", f"{allowance.normalize():f} {label} per billing period, not billed"))
        extra += (
            f" The first {allowance.normalize():f} {label} of each billing period are included at no charge: a period bills only the "
            "usage above them, and its months recognise revenue only once the period's usage has passed them, so nothing is "
            "billed or recognised below zero."
        )
    if earlier:
        extra += (
            f" Usage dated before the billing date {first.isoformat()} belongs to the billing period that ends on it (counted back "
            "by the convention) and is billed on that date; later usage goes on the following invoices."
        )
    facts.append(("invoices", bills))
    return tables.block(
        tables.inputs(facts),
        tables.table(
            ["Calendar month of a billing period (inclusive)", f"Units ({label})", "Revenue recognised", "Billed", "Unbilled at row end"],
            body,
            ["l", "r", "r", "r", "r"],
        ),
        f"*Method: usage is recognised in the month it is consumed and billed in arrears on the invoice date of the billing period its "
        f"date falls in; until then it is an unbilled receivable, which is why the last day before an invoice carries the whole "
        f"period.{tables.cell(extra)} Each period's months sum to its invoice; {tables.cell(ROUNDING_RULE)}. "
        f"{tables.cell(convention_note(data, rule))} {tables.cell(acc.usage_note)}*",
        tables.computed_for(as_of.isoformat(), why, fixed=period_start not in (None, "")),
    )


def credit_loss_block(data: SiteData, as_of: date, why: str) -> str:
    from ..credit import allowance

    rows, total_balance, total_allowance = allowance(data.accounting.loss_buckets)
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    body = [(r.name, money(r.balance), f"{r.loss_rate}%", money(r.allowance)) for r in rows]
    body.append(
        (
            "Total",
            money(total_balance),
            f"{(total_allowance / total_balance * 100).quantize(Decimal('0.01'))}% overall" if total_balance else "",
            money(total_allowance),
        )
    )
    return tables.block(
        tables.table(["Age of receivable", "Balance", "Expected loss rate", "Allowance"], body, ["l", "r", "r", "r"]),
        f"*Method: allowance = balance × loss rate for each bucket, {tables.cell(ROUNDING_RULE)}; the total is the sum of the "
        f"rounded buckets. {tables.cell(data.accounting.loss_note)}*",
        tables.computed_for(as_of.isoformat(), why),
    )


def fx_block(
    data: SiteData,
    as_of: date,
    why: str,
    amount: object = "1000.00",
    currency: str = "EUR",
    invoice_rate: object = "1.0850",
    settle_rate: object = "1.0720",
    invoice_on: object = None,
    settle_on: object = None,
    report_on: object = None,
    report_rate: object = None,
    side: str = "receivable",
    quote: str = "direct",
) -> str:
    from decimal import InvalidOperation

    from ..fx import QUOTES, SIDES, fx_remeasured
    from ..journal import Line, entry

    if not re.fullmatch(r"[A-Z]{3}", str(currency)) or currency == data.currency:
        raise MacroInputError(f"currency={currency!r}: give a three-letter code other than {data.currency}")
    if side not in SIDES:
        raise MacroInputError(f"side={side!r} — use one of: {', '.join(SIDES)} (receivable: we sold and are owed; payable: we bought and owe)")
    if quote not in QUOTES:
        raise MacroInputError(
            f"quote={quote!r} — use one of: {', '.join(QUOTES)} (direct: {data.currency} per foreign unit; indirect: foreign units per {data.currency})"
        )
    if (report_on in (None, "")) != (report_rate in (None, "")):
        raise MacroInputError("report_on and report_rate go together: give both (a reporting date and its closing rate) or neither")
    try:
        value = money_arg(amount, "amount")
        rates = Decimal(str(invoice_rate)), Decimal(str(settle_rate))
        closing = [Decimal(str(report_rate))] if report_rate not in (None, "") else []
        plain, steps, settle_difference = fx_remeasured(value, rates[0], closing, rates[1], side, quote)
    except (InvalidOperation, ValueError) as exc:
        raise MacroInputError(f"amount and rates must be quoted positive decimals ({exc})") from None
    first = date_arg(invoice_on, "invoice_on", as_of)
    second = date_arg(settle_on, "settle_on", first + timedelta(days=30))
    reported = date_arg(report_on, "report_on", None) if report_on not in (None, "") else None
    if reported is not None and not first < reported < second:
        raise MacroInputError(
            f"report_on={reported.isoformat()} must fall after the invoice ({first.isoformat()}) and before the payment ({second.isoformat()})"
        )
    acc = data.accounting.accounts
    owed = side == "receivable"
    item = acc["receivable"] if owed else acc["payable"]
    unit = f"{data.currency}/{currency}" if quote == "direct" else f"{currency}/{data.currency}"

    def gain_or_loss(difference: Decimal) -> Any:
        return Line(acc["fx"], debit=-difference if difference < 0 else Decimal("0.00"), credit=difference if difference > 0 else Decimal("0.00"))

    def on_item(difference: Decimal) -> Any:
        # A gain raises what we are owed or lowers what we owe: either way the item is debited; a loss credits it.
        return Line(item, debit=difference if difference >= 0 else Decimal("0.00"), credit=Decimal("0.00") if difference >= 0 else -difference)

    if owed:
        booked = entry(
            first,
            "invoice",
            f"{value} {currency} at {rates[0]}",
            Line(acc["receivable"], debit=plain.invoice_usd),
            Line(acc["revenue"], credit=plain.invoice_usd),
        )
    else:
        booked = entry(
            first,
            "supplier invoice",
            f"{value} {currency} at {rates[0]}",
            Line(acc["expense"], debit=plain.invoice_usd),
            Line(acc["payable"], credit=plain.invoice_usd),
        )
    entries = [booked]
    for step in steps:
        # Debit line first, as in a paper journal.
        lines = (on_item(step.difference), gain_or_loss(step.difference))
        memo = f"unpaid {value} {currency} at the closing rate {step.rate}"
        entries.append(entry(reported, "remeasure", memo, *(lines if step.difference >= 0 else lines[::-1])))
    carrying = steps[-1].value if steps else plain.invoice_usd
    if owed:
        settled = entry(
            second,
            "settlement",
            f"{value} {currency} received at {rates[1]}",
            Line(acc["cash"], debit=plain.settle_usd),
            gain_or_loss(settle_difference),
            Line(acc["receivable"], credit=carrying),
        )
    else:
        settled = entry(
            second,
            "settlement",
            f"{value} {currency} paid at {rates[1]}",
            Line(acc["payable"], debit=carrying),
            gain_or_loss(settle_difference),
            Line(acc["cash"], credit=plain.settle_usd),
        )
    entries.append(settled)
    total = plain.difference
    outcome = "an exchange gain" if total > 0 else "an exchange loss" if total < 0 else "no exchange difference"
    split = ""
    if steps:

        def signed(difference: Decimal) -> str:
            return f"{'a gain' if difference > 0 else 'a loss' if difference < 0 else 'nothing'} of {format_money(abs(difference), data.currency)}"

        parts = [f"{signed(step.difference)} at the reporting date" for step in steps]
        split = f" ({', '.join(parts)}, {signed(settle_difference)} at settlement)"
    inputs = [
        ("invoice" if owed else "supplier invoice", f"{value:,.2f} {currency} on {first.isoformat()} at {rates[0]} {unit}"),
        ("payment", f"{'received' if owed else 'paid'} on {second.isoformat()} at {rates[1]} {unit}"),
    ]
    if reported is not None:
        inputs.insert(1, ("reporting date", f"{reported.isoformat()}, still unpaid, closing rate {closing[0]} {unit}"))
    what = "receivable" if owed else "payable"
    conversion = (
        f"each conversion multiplies the {currency} amount by the rate ({data.currency} per {currency}, a direct quote)"
        if quote == "direct"
        else f"each conversion divides the {currency} amount by the rate ({currency} per {data.currency}, an indirect quote)"
    )
    sign = "" if owed else f" On a payable a rising {currency} is a loss and a falling one a gain, the opposite of a receivable."
    booking = (
        "The example books revenue at once for simplicity; a prepaid plan would go to deferred revenue first."
        if owed
        else "The example books the purchase as an expense at once for simplicity."
    )
    if owed and quote == "direct":
        # The receivable with a direct quote keeps the wording its published tables already carry.
        method = (
            f"Method: each conversion is rounded to the cent ({tables.cell(ROUNDING_RULE)}); an unpaid receivable is remeasured at the "
            "closing rate at each reporting date, the difference to profit or loss (IAS 21.23(a) and 21.28; ASC 830-20), and at "
            "settlement the difference is measured from the last carrying amount, so the differences add up to payment minus invoice."
        )
    else:
        method = (
            f"Method: a {what}; {tables.cell(conversion)}, rounded once to the cent ({tables.cell(ROUNDING_RULE)}); an unpaid {what} "
            "is remeasured at the closing rate at each reporting date, the difference to profit or loss (IAS 21.23(a) and 21.28; "
            "ASC 830-20), and at settlement the difference is measured from the last carrying amount, so the differences add up to "
            f"the whole difference between invoice and payment.{tables.cell(sign)}"
        )
    return tables.block(
        tables.inputs(inputs),
        lines_table(entries, data.currency),
        f"*Result: {outcome} of {tables.cell(format_money(abs(total), data.currency))} in all{tables.cell(split)}. {method} Rates are "
        f"illustrative, not market rates. {booking}*",
        tables.computed_for(as_of.isoformat(), why, fixed=invoice_on not in (None, "")),
    )
