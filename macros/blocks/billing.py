"""What the billing macros show: prices, policy, approval limits, escalation, proration, dunning, refunds, tax, error codes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .. import tables
from ..data import SiteData
from ..money import ROUNDING_RULE, format_money
from ..periods import CONVENTION_TEXT, period_containing
from ..proration import DOWNGRADES, billing_period, prorate
from ..proration import reanchor as reanchor_upgrade
from .args import MacroInputError, convention_arg, cycle_arg, date_arg, money_arg, plan_arg, team_arg


def price_text(data: SiteData, plan: str, cycle: str) -> str:
    chosen = plan_arg(data, plan)
    amount = format_money(chosen.price(cycle_arg(cycle)), data.currency)
    per = "a month, billed monthly" if cycle == "monthly" else "a year, billed annually"
    change = data.upcoming("plans", f"plans.{chosen.key}.{cycle_arg(cycle)}")
    if change is not None:
        per += f" (changes to {format_money(Decimal(str(change.value)), data.currency)} on {change.effective.isoformat()})"
    label = (
        ""
        if chosen.verified
        else ' <span class="kb-unverified" title="From a secondary source: confirm on cloudflare.com/plans before quoting">unverified list price</span>'
    )
    return f"{amount} {per}{label}"


def policy_text(data: SiteData, key: str) -> str:
    try:
        value = data.policy_value(key)
    except KeyError as exc:
        raise MacroInputError(exc.args[0]) from None
    change = data.upcoming("policy", key)
    if change is not None:
        return f"{tables.cell(value)} (changes to {tables.cell(change.value)} on {change.effective.isoformat()})"
    return tables.cell(value)


def approval_limits_block(data: SiteData) -> str:
    rows = [
        (limit.title, format_money(limit.refund, data.currency), format_money(limit.credit, data.currency), format_money(limit.waive, data.currency))
        for limit in data.approval_limits
    ]
    return tables.block(
        tables.table(["Role", "Refund up to", "Account credit up to", "Fee waiver up to"], rows, ["l", "r", "r", "r"]),
        f"*{tables.cell(data.policy_label)}. Limits count everything given to the same customer over "
        f"{data.policy_value('approvals.window_days')} days. Above the highest limit: {tables.cell(data.policy_value('approvals.above_all_limits'))}*",
    )


def escalation_block(data: SiteData, queue: str) -> str:
    team = team_arg(data, queue, "queue")
    return tables.block(
        tables.table(
            ["Escalate to", "Queue", "Channel", "First response target", "Handles"],
            [(team.name, team.queue, team.channel, f"{team.response_target_hours} business hours", team.handles)],
        ),
        f"*Queues and response targets are team policy ({tables.cell('data/teams.yml')}).*",
    )


def convention_note(data: SiteData, convention: str) -> str:
    """The line under every period table: which convention it used, and that it is a convention."""
    site = " (the site's setting)" if convention == data.billing.convention else f" (not the site's setting, {data.billing.convention}: shown for comparison)"
    return f"Billing period: {CONVENTION_TEXT[convention]}{site}. Cloudflare's pages disagree on the period, so this is a convention: quote the invoice."


def proration_block(
    data: SiteData,
    as_of: date,
    why: str,
    from_plan: str,
    to_plan: str,
    cycle: str = "monthly",
    billing_day: int = 1,
    billing_month: int = 1,
    change_date: object = None,
    convention: str | None = None,
    last_billed: object = None,
    hour: int = 0,
    reanchor: bool = False,
    downgrade: str = "period_end",
    from_price: object = None,
    to_price: object = None,
) -> str:
    old, new = plan_arg(data, from_plan, "from_plan"), plan_arg(data, to_plan, "to_plan")
    if old.key == new.key:
        raise MacroInputError(f"from_plan and to_plan are both {from_plan!r} — a plan change needs two different plans")
    if downgrade not in DOWNGRADES:
        raise MacroInputError(
            f"downgrade={downgrade!r} — use one of: {', '.join(DOWNGRADES)} (period_end: Cloudflare's rule; immediate: Stripe's default, for comparison)"
        )
    cycle_arg(cycle)
    rule = convention_arg(data, convention)
    when = date_arg(change_date, "change_date", as_of)
    try:
        # A thirty-day period counts from the last billing date; without one, from the calendar billing date.
        calendar_start = billing_period(when, cycle, int(billing_day), int(billing_month)).start
        anchor = date_arg(last_billed, "last_billed", None) if last_billed not in (None, "") else calendar_start
        period = period_containing(when, cycle, rule, int(billing_day), int(billing_month), anchor)
        old_price = money_arg(from_price, "from_price") if from_price not in (None, "") else old.price(cycle)
        new_price = money_arg(to_price, "to_price") if to_price not in (None, "") else new.price(cycle)
        result = prorate(old_price, new_price, period, when, rule, int(hour), downgrade)
        moved = reanchor_upgrade(old_price, new_price, period, when, cycle, rule, int(hour)) if reanchor else None
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda amount: format_money(amount, data.currency)  # noqa: E731 - a local formatter reads best inline
    if moved is not None and not result.is_upgrade:
        raise MacroInputError("reanchor=true applies to an upgrade; a downgrade waits for the period end")
    if downgrade == "immediate" and result.is_upgrade:
        raise MacroInputError(f"downgrade='immediate' applies to a downgrade; {old.name} to {new.name} is an upgrade — leave downgrade out")
    given = lambda argument: " (given on the page)" if argument not in (None, "") else ""  # noqa: E731
    new_at = f"{new.name} at " + ("the price given" if to_price not in (None, "") else "list price")
    facts = [
        ("change", f"{old.name} to {new.name}"),
        ("cycle", cycle),
        ("period", f"{period.start.isoformat()} to {period.end.isoformat()} (next billing date, exclusive), {period.days} days"),
        ("change date", when.isoformat() + (f" {int(hour):02d}:00 UTC" if rule == "hourly" else "")),
        (f"{old.name} price", money(old_price) + given(from_price)),
        (f"{new.name} price", money(new_price) + given(to_price)),
    ]
    if moved is not None:
        fraction = f"{moved.remaining_units}/{moved.total_units} {moved.unit}"
        end = moved.new_period.end.isoformat()
        rows = [
            (f"Credit for unused {old.name}", f"{money(old_price)} × {fraction}", money(-moved.credit)),
            (f"Charge for a whole {cycle} period of {new.name}", f"from {when.isoformat()} to {end}", money(moved.charge)),
            ("Net due now", "charge − credit", money(moved.net)),
            (f"Next {cycle} invoice ({end})", f"the billing date moves to {when.isoformat()}", money(new_price)),
        ]
        method = (
            "Upgrade that re-anchors the billing date: the old plan's unused part is credited and a whole new period "
            f"starts on the change date; {ROUNDING_RULE}."
        )
    elif result.is_upgrade:
        fraction = f"{result.remaining_units}/{result.total_units} {result.unit}"
        rows = [
            (f"Credit for unused {old.name}", f"{money(old_price)} × {fraction}", money(-result.credit)),
            (f"Charge for {new.name} to period end", f"{money(new_price)} × {fraction}", money(result.charge)),
            ("Net due now", "charge − credit", money(result.net)),
            (f"Next full {cycle} invoice ({period.end.isoformat()})", new_at, money(new_price)),
        ]
        method = f"Upgrade: takes effect on the change date, which counts as time on the new plan; {ROUNDING_RULE}."
    elif downgrade == "immediate":
        fraction = f"{result.remaining_units}/{result.total_units} {result.unit}"
        following = new_price + result.net
        rows = [
            (f"Credit for unused {old.name}", f"{money(old_price)} × {fraction}", money(-result.credit)),
            (f"Charge for {new.name} to period end", f"{money(new_price)} × {fraction}", money(result.charge)),
            ("Net credit to the customer's balance", "charge − credit (not refunded)", money(result.net)),
            (
                f"Next {cycle} invoice ({period.end.isoformat()})",
                f"{new_at} less the credit" + (f"; {money(-following)} of credit carries to later invoices" if following < 0 else ""),
                money(max(following, Decimal("0.00"))),
            ),
        ]
        method = (
            "NOT Cloudflare's rule, shown for comparison: a downgrade credited at once, Stripe's default proration "
            "(proration_behavior=create_prorations). The downgrade takes effect on the change date; the unused old plan is credited "
            "and the new plan charged to the period end, and the net credit goes to the customer's balance, which pays the next "
            f"invoice; it is not refunded. Cloudflare's downgrades wait for the end of the period and are not prorated; {ROUNDING_RULE}."
        )
    else:
        rows = [
            ("Charged now", "a downgrade is not prorated", money(Decimal("0.00"))),
            (f"{old.name} features remain until", "end of the current period", period.end.isoformat()),
            (f"Next {cycle} invoice ({period.end.isoformat()})", new_at, money(new_price)),
        ]
        method = "Downgrade: takes effect at the end of the current billing period; no credit for unused time."
    return tables.block(
        tables.inputs(facts),
        tables.table(["Line", "Calculation", "Amount"], rows, ["l", "l", "r"]),
        f"*Method: {tables.cell(method)} {tables.cell(convention_note(data, rule))}*",
        tables.computed_for(as_of.isoformat(), why, fixed=change_date not in (None, "")),
    )


def billing_convention_block(data: SiteData) -> str:
    """The conflict box: what is settled about billing periods, what is not, the convention this site uses, whom to ask."""
    billing = data.billing
    team = team_arg(data, billing.ask, "ask (data/billing.yml)")
    sources = "; ".join(f"[{tables.cell(title)}]({url})" for title, url in billing.sources)
    return (
        '!!! warning "Billing periods: Cloudflare\'s pages disagree"\n\n'
        f"    - **Settled:** {tables.cell(billing.settled)}\n"
        f"    - **Not settled:** {tables.cell(billing.unsettled)}\n"
        f"    - **This site computes with:** {tables.cell(CONVENTION_TEXT[billing.convention])} "
        "(one setting for every table and calculator on this site).\n"
        f"    - **Whom to ask:** {tables.cell(team.name)} ({tables.cell(team.channel)}), before quoting any figure the invoice does not show.\n"
        f"    - **Sources:** {sources}\n"
    )


def dunning_block(data: SiteData, as_of: date, why: str, failed_on: object = None) -> str:
    from ..dunning import dunning_dates

    rules = data.dunning
    day0 = date_arg(failed_on, "failed_on", as_of)
    dates = dunning_dates(day0, list(rules.retry_days), rules.grace_days)
    rows: list[tuple[object, ...]] = [
        ("Renewal payment fails", "day 0", day0.isoformat(), "The customer is emailed; paid features keep working. They can pay manually at any time.")
    ]
    for number, (offset, when) in enumerate(zip(sorted(rules.retry_days), dates.retries, strict=True), start=1):
        rows.append(
            (f"Automatic retry {number} (illustrative day)", f"day {offset}", when.isoformat(), "Primary method first, then any backup methods in turn.")
        )
    rows.append(("Grace period ends (team counting)", f"day {rules.grace_days}", dates.grace_ends.isoformat(), "Last day to pay before the downgrade."))
    rows.append(("Downgrade (team counting)", f"day {rules.grace_days + 1}", dates.downgrade_on.isoformat(), rules.downgrade))
    return tables.block(
        tables.inputs(
            [("renewal failed on (day 0)", day0.isoformat()), ("grace period", f"{rules.grace_days} days"), ("automatic retries", f"up to {rules.max_retries}")]
        ),
        tables.table(["Event", "Day", "Date (UTC)", "What it means"], rows),
        f"*{tables.cell(rules.retry_days_note)} {tables.cell(rules.counting_note)} Source: [{tables.cell(rules.source_title)}]({rules.source_url}).*",
        tables.computed_for(as_of.isoformat(), why, fixed=failed_on not in (None, "")),
    )


def partial_refund_block(
    data: SiteData, as_of: date, why: str, plan: str = "pro", cycle: str = "annual", paid_on: object = None, refund_on: object = None
) -> str:
    from ..refund import approver_for, partial_refund

    chosen = plan_arg(data, plan)
    cycle_arg(cycle)
    when = date_arg(refund_on, "refund_on", as_of)
    paid = date_arg(paid_on, "paid_on", when - timedelta(days=20))
    window = int(data.policy_value("refunds.goodwill_window_days"))
    price = chosen.price(cycle)
    try:
        result = partial_refund(price, cycle, paid, when, window, data.billing.convention)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    approver = approver_for(result.unused_value, [(limit.title, limit.refund) for limit in data.approval_limits])
    verdict = (
        f"inside the {window}-day goodwill window (team policy): an exception may be considered"
        if result.inside_window
        else f"outside the {window}-day goodwill window (team policy): no goodwill refund"
    )
    rows = [
        ("Period paid", f"{paid.isoformat()} to {(result.period_end - timedelta(days=1)).isoformat()}", f"{result.days} days"),
        ("Used, including the request day", f"{paid.isoformat()} to {when.isoformat()}", f"{result.used_days} days"),
        ("Unused", f"{money(price)} × {result.unused_days}/{result.days} days", money(result.unused_value)),
        ("Days since the charge", f"{result.days_since_charge} days", verdict),
        (
            "Lowest role that may approve this amount",
            "team approval limits",
            (approver or f"above every limit: {data.policy_value('approvals.above_all_limits')}")
            if result.inside_window
            else "not applicable: outside the window",
        ),
    ]
    return tables.block(
        tables.inputs(
            [
                ("plan", f"{chosen.name}, {cycle}, {money(price)}" + ("" if chosen.verified else " (unverified list price)")),
                ("paid on", paid.isoformat()),
                ("refund requested on", when.isoformat()),
            ]
        ),
        tables.table(["Line", "Calculation", "Result"], rows, ["l", "l", "r"]),
        f"*Method: unused days × the period price ÷ days in the period; the request day counts as used; "
        f"{tables.cell(ROUNDING_RULE)}. Cloudflare's published policy is that fees are non-refundable: this is the most "
        f"an approved exception could return, not an entitlement. {tables.cell(convention_note(data, data.billing.convention))}*",
        tables.computed_for(as_of.isoformat(), why, fixed=refund_on not in (None, "")),
    )


def tax_block(data: SiteData, as_of: date, why: str, amount: object = "250.00") -> str:
    from ..tax import self_assessment, tax_line

    net = money_arg(amount, "amount")
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    rows = []
    for example in data.tax_examples:
        line = tax_line(net, example.rate)
        label = example.note + ("" if example.verified else " (unverified for Cloudflare)")
        rows.append((example.jurisdiction, example.customer, example.treatment, f"{example.rate}%", money(line.net), money(line.tax), money(line.gross), label))
    # Who owes the tax when the invoice shows none: the customer under a reverse charge, no one under an exemption.
    owed = []
    for example in data.tax_examples:
        if example.self_assessed_rate is not None:
            own = self_assessment(net, example.self_assessed_rate)
            owed.append(
                (
                    example.jurisdiction,
                    example.treatment,
                    money(own.paid_to_seller),
                    f"{money(own.due)} at {own.rate}%",
                    example.self_assessed_note,
                )
            )
        elif example.treatment == "exempt":
            nothing = "The exemption removes the tax; there is nothing to declare or deduct."
            owed.append((example.jurisdiction, example.treatment, money(net), "nothing: no one owes the tax", nothing))
    sources = sorted({e.source for e in data.tax_examples} | {e.self_assessed_source for e in data.tax_examples if e.self_assessed_source})
    links = ", ".join(f"[source {i}]({url})" for i, url in enumerate(sources, start=1))
    return tables.block(
        tables.inputs([("net amount", money(net))]),
        tables.table(["Where", "Customer", "Treatment", "Rate", "Net", "Tax", "Gross", "Note"], rows, ["l", "l", "l", "r", "r", "r", "r", "l"]),
        "**When the invoice shows no tax**, who owes it:",
        tables.table(["Where", "Treatment", "Paid to Cloudflare", "The customer declares itself", "What that means"], owed, ["l", "l", "r", "r", "l"]),
        f"*Method: tax = net × rate, {tables.cell(ROUNDING_RULE)}; gross = net + tax. Under a reverse charge Cloudflare is paid "
        "the net only, and the customer declares net × its own rate in its own return, rounded the same way. "
        f"These rows illustrate how each treatment works; the customer's invoice is the record. Sources: {links}.*",
        tables.computed_for(as_of.isoformat(), why),
    )


def error_codes_block(data: SiteData, current_page: str, kind: str | None = None) -> str:
    import posixpath

    if kind is not None and kind not in data.error_kinds:
        raise MacroInputError(f"kind={kind!r} — use one of: {', '.join(data.error_kinds)}")
    base = posixpath.dirname(current_page)
    rows = []
    for code in data.error_codes:
        if kind is not None and code.kind != kind:
            continue
        target = posixpath.relpath(code.page, base or ".")
        shown = tables.Code(code.code) if code.kind == "decline" else (f"“{code.code}”" if code.exact else f"{code.code} (paraphrase)")
        title = code.page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ")
        rows.append((shown, data.error_kinds[code.kind], code.meaning, tables.Link(title, f"{target}#{code.anchor}"), tables.Link("source", code.source)))
    return tables.table(["Code or message", "Kind", "What it means", "Handled in", "Source"], rows) + "\n"
