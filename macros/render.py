"""What each macro shows: pure functions from data and arguments to a Markdown block (no MkDocs)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from . import tables
from .data import SiteData
from .dates import add_months, parse_iso_date
from .lifecycle import event_date, phase_dates, phase_on, release_date
from .money import ROUNDING_RULE, format_money, parse_money, to_cents
from .periods import CONVENTION_TEXT, CONVENTIONS, period_containing
from .proration import CYCLES, billing_period, prorate
from .proration import reanchor as reanchor_upgrade
from .revenue import BASES, ratable_schedule


class MacroInputError(ValueError):
    """A macro called with arguments it cannot use; the message says what to write instead."""


def _plan(data: SiteData, key: str, argument: str = "plan") -> Any:
    if key not in data.plans:
        raise MacroInputError(f"{argument}={key!r} is not a plan in data/plans.yml — use one of: {', '.join(data.plans)}")
    return data.plans[key]


def _cycle(cycle: str) -> str:
    if cycle not in CYCLES:
        raise MacroInputError(f"cycle={cycle!r} is not a billing cycle — use one of: {', '.join(CYCLES)}")
    return cycle


def _date(value: object, what: str, default: date) -> date:
    if value is None or value == "":
        return default
    try:
        return parse_iso_date(value, what)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None


def _money_arg(value: object, argument: str) -> Decimal:
    """A money argument from a page: a quoted decimal of zero or more (a negative amount is never a price or a fee)."""
    try:
        amount = parse_money(value)
    except ValueError as exc:
        raise MacroInputError(f"{argument}: {exc}") from None
    if amount < 0:
        raise MacroInputError(f'{argument}: expected an amount of zero or more, like "250.00", got {value!r}')
    return amount


def _team(data: SiteData, key: str, argument: str) -> Any:
    if key not in data.teams:
        raise MacroInputError(f"{argument}={key!r} is not a team in data/teams.yml — use one of: {', '.join(data.teams)}")
    return data.teams[key]


def price_text(data: SiteData, plan: str, cycle: str) -> str:
    chosen = _plan(data, plan)
    amount = format_money(chosen.price(_cycle(cycle)), data.currency)
    per = "a month, billed monthly" if cycle == "monthly" else "a year, billed annually"
    change = data.upcoming("plans", f"plans.{chosen.key}.{_cycle(cycle)}")
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
    team = _team(data, queue, "queue")
    return tables.block(
        tables.table(
            ["Escalate to", "Queue", "Channel", "First response target", "Handles"],
            [(team.name, team.queue, team.channel, f"{team.response_target_hours} business hours", team.handles)],
        ),
        f"*Queues and response targets are team policy ({tables.cell('data/teams.yml')}).*",
    )


def _convention(data: SiteData, convention: str | None) -> str:
    chosen = convention or data.billing.convention
    if chosen not in CONVENTIONS:
        raise MacroInputError(f"convention={convention!r} — use one of: {', '.join(CONVENTIONS)} (data/billing.yml sets the site's)")
    return chosen


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
) -> str:
    old, new = _plan(data, from_plan, "from_plan"), _plan(data, to_plan, "to_plan")
    if old.key == new.key:
        raise MacroInputError(f"from_plan and to_plan are both {from_plan!r} — a plan change needs two different plans")
    _cycle(cycle)
    rule = _convention(data, convention)
    when = _date(change_date, "change_date", as_of)
    try:
        # A thirty-day period counts from the last billing date; without one, from the calendar billing date.
        calendar_start = billing_period(when, cycle, int(billing_day), int(billing_month)).start
        anchor = _date(last_billed, "last_billed", None) if last_billed not in (None, "") else calendar_start
        period = period_containing(when, cycle, rule, int(billing_day), int(billing_month), anchor)
        old_price, new_price = old.price(cycle), new.price(cycle)
        result = prorate(old_price, new_price, period, when, rule, int(hour))
        moved = reanchor_upgrade(old_price, new_price, period, when, cycle, rule, int(hour)) if reanchor else None
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda amount: format_money(amount, data.currency)  # noqa: E731 - a local formatter reads best inline
    if moved is not None and not result.is_upgrade:
        raise MacroInputError("reanchor=true applies to an upgrade; a downgrade waits for the period end")
    facts = [
        ("change", f"{old.name} to {new.name}"),
        ("cycle", cycle),
        ("period", f"{period.start.isoformat()} to {period.end.isoformat()} (next billing date, exclusive), {period.days} days"),
        ("change date", when.isoformat() + (f" {int(hour):02d}:00 UTC" if rule == "hourly" else "")),
        (f"{old.name} price", money(old_price)),
        (f"{new.name} price", money(new_price)),
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
            (f"Next full {cycle} invoice ({period.end.isoformat()})", f"{new.name} at list price", money(new_price)),
        ]
        method = f"Upgrade: takes effect on the change date, which counts as time on the new plan; {ROUNDING_RULE}."
    else:
        rows = [
            ("Charged now", "a downgrade is not prorated", money(Decimal("0.00"))),
            (f"{old.name} features remain until", "end of the current period", period.end.isoformat()),
            (f"Next {cycle} invoice ({period.end.isoformat()})", f"{new.name} at list price", money(new_price)),
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
    team = _team(data, billing.ask, "ask (data/billing.yml)")
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
    if basis not in BASES:
        raise MacroInputError(f"basis={basis!r} — use one of: {', '.join(BASES)}")
    if amount not in (None, ""):
        total = _money_arg(amount, "amount")
        what = "contract value given on the page"
    else:
        chosen = _plan(data, str(plan))
        total = chosen.price(_cycle(cycle)) if cycle == "annual" else chosen.price("monthly") * int(months)
        what = f"{chosen.name} {cycle} list price" + ("" if chosen.verified else " (unverified)")
    first = _date(start, "start", as_of)
    rows = ratable_schedule(total, first, int(months), basis)
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    body = [
        (f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}", r.days, money(r.recognised), money(r.cumulative), money(r.deferred))
        for r in rows
    ]
    body.append(("Total", sum(r.days for r in rows), money(sum((r.recognised for r in rows), Decimal("0.00"))), "", ""))
    basis_text = "each day of the term earns the same share; rows are calendar months" if basis == "daily" else "each service month earns the same share"
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


def lifecycle_block(data: SiteData, as_of: date, why: str, expiry: object = None) -> str:
    day0 = _date(expiry, "expiry", as_of)
    phases = phase_dates(day0, data.lifecycle_phases)
    current = phase_on(day0, data.lifecycle_phases, as_of)
    rows: list[tuple[object, ...]] = [
        ("Active, renews automatically", "up to day 0", f"until {day0.isoformat()}", "Renew or change auto-renew in the dashboard.")
    ]
    for p in phases:
        rows.append((p.name, f"day {p.first_day} to {p.last_day}", f"{p.start.isoformat()} to {p.end.isoformat()}", p.customer_can))
    released = release_date(day0, data.lifecycle_phases)
    rows.append(
        (
            "Released by the registry",
            f"from day {data.lifecycle_phases[-1].last_day + 1}",
            f"from {released.isoformat()} (registry decides the exact day)",
            data.lifecycle_released,
        )
    )
    events = [(e.name, f"day {e.day}", event_date(day0, e.day).isoformat(), e.detail) for e in data.lifecycle_events]
    names = {p.key: p.name for p in phases} | {"active": "active (not yet expired)", "released": "released"}
    status = ""
    if expiry not in (None, ""):
        status = f"On {as_of.isoformat()} a domain that expires on {day0.isoformat()} is **{tables.cell(names[current])}**."
    return tables.block(
        tables.inputs([("expiry date (day 0)", day0.isoformat()), ("timeline", data.lifecycle_source["title"])]),
        tables.table(["Phase", "Days after expiry", "Dates (inclusive)", "What the customer can do"], rows),
        tables.table(["Notice or attempt", "Day", "Date", "What happens"], events),
        status,
        f"*Source: [{tables.cell(data.lifecycle_source['title'])}]({data.lifecycle_source['url']}). Day 0 is the expiry date; dates are UTC calendar dates.*",
        tables.computed_for(as_of.isoformat(), why, fixed=expiry not in (None, "")),
    )


CATEGORY_TITLES = {"billing": "Billing operations", "accounting": "Accounting and tax", "domains": "Domain registration"}


def glossary_block(data: SiteData) -> str:
    parts = []
    for category, title in CATEGORY_TITLES.items():
        terms = sorted((t for t in data.glossary if t.category == category), key=lambda t: t.term.lower())
        if not terms:
            continue
        parts.append(f"## {title}")
        for term in terms:
            source = f" [Source]({term.source})" if term.source else " *No public source: team usage.*"
            parts.append(f"### {tables.cell(term.term)} {{#{term.anchor}}}\n\n{tables.cell(term.definition)}{source}")
    return tables.block(*parts)


def dunning_block(data: SiteData, as_of: date, why: str, failed_on: object = None) -> str:
    from .dunning import dunning_dates

    rules = data.dunning
    day0 = _date(failed_on, "failed_on", as_of)
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
    from .refund import approver_for, partial_refund

    chosen = _plan(data, plan)
    _cycle(cycle)
    when = _date(refund_on, "refund_on", as_of)
    paid = _date(paid_on, "paid_on", when - timedelta(days=20))
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
    from .tax import self_assessment, tax_line

    net = _money_arg(amount, "amount")
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
        shown = f"`{code.code}`" if code.kind == "decline" else (f"“{tables.cell(code.code)}”" if code.exact else f"{tables.cell(code.code)} (paraphrase)")
        title = code.page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ")
        rows.append(
            f"| {shown} | {tables.cell(data.error_kinds[code.kind])} | {tables.cell(code.meaning)} | "
            f"[{tables.cell(title)}]({target}#{code.anchor}) | [source]({code.source}) |"
        )
    header = "| Code or message | Kind | What it means | Handled in | Source |\n| --- | --- | --- | --- | --- |"
    return header + "\n" + "\n".join(rows) + "\n"


EPP_SETTER_WORDS = {"registrar": "Registrar (client)", "registry": "Registry (server)", "registry-grace": "Registry (grace period)"}


def epp_status_block(data: SiteData, set_by: str | None = None) -> str:
    if set_by is not None and set_by not in EPP_SETTER_WORDS:
        raise MacroInputError(f"set_by={set_by!r} — use one of: {', '.join(EPP_SETTER_WORDS)}")
    rows = [
        (f"{s.code}", EPP_SETTER_WORDS[s.set_by], s.meaning, s.customer_can, s.customer_cannot, s.specialist_does)
        for s in data.epp_statuses
        if set_by is None or s.set_by == set_by
    ]
    body = tables.table(["Status", "Set by", "What it means", "The customer can", "The customer cannot", "You do"], rows)
    # Code-format the status column after escaping, so statuses read as the literal values RDAP shows.
    lines = body.splitlines()
    for index in range(2, len(lines)):
        first, rest = lines[index][2:].split(" | ", 1)
        lines[index] = f"| `{first}` | {rest}"
    sources = sorted({s.source for s in data.epp_statuses})
    links = ", ".join(f"[{i}]({url})" for i, url in enumerate(sources, start=1))
    return tables.block("\n".join(lines), f"*Sources: {links}.*")


def lifecycle_diagram_block(data: SiteData) -> str:
    """A mermaid flowchart of the post-expiry phases, drawn from the same data as the lifecycle table."""

    def label(text: str) -> str:
        return text.replace('"', "'")

    lines = ["```mermaid", "flowchart LR", '    ACTIVE["Active term<br>auto-renew on"] -- "not renewed" --> EXP["Expiry date<br>day 0"]']
    previous = "EXP"
    for phase in data.lifecycle_phases:
        node = phase.key.upper()
        lines.append(f'    {previous} --> {node}["{label(phase.name)}<br>days {phase.first_day}-{phase.last_day}"]')
        previous = node
    lines.append(f'    {previous} --> RELEASED["Released by the registry<br>from day {data.lifecycle_phases[-1].last_day + 1}"]')
    for phase in data.lifecycle_phases:
        if phase.back_to_active:
            lines.append(f'    {phase.key.upper()} -- "{label(phase.back_to_active)}" --> ACTIVE')
    return "\n".join(lines) + "\n```\n"


JOURNAL_EVENTS = ("invoice", "payment", "recognise", "upgrade", "refund", "credit_note", "chargeback", "write_off")


def _journal_lines_table(entries: list[Any], currency: str) -> str:
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
    from .journal import Ledger, Line, entry
    from .refund import partial_refund
    from .revenue import ratable_schedule
    from .tax import tax_line

    names = [e.strip() for e in str(events).split(",") if e.strip()]
    unknown = [e for e in names if e not in JOURNAL_EVENTS]
    if unknown or not names:
        raise MacroInputError(f"events={events!r}: use a comma-separated list of: {', '.join(JOURNAL_EVENTS)}")
    chosen = _plan(data, plan)
    _cycle(cycle)
    first = _date(start, "start", as_of)
    rate = _money_arg(tax_rate, "tax_rate")
    acc, ill = data.accounting.accounts, data.accounting
    net = chosen.price(cycle)
    months = 12 if cycle == "annual" else 1
    schedule = ratable_schedule(net, first, months, "monthly")
    ledger = Ledger()
    recognised_rows = 0
    paid = Decimal("0.00")

    def invoiced(on: date, event: str, memo: str, amount: Decimal) -> Any:
        """An invoice for ``amount`` before tax: receivable for the gross, deferred revenue and tax payable."""
        line = tax_line(amount, rate)
        return entry(on, event, memo, Line(acc["receivable"], debit=line.gross), Line(acc["deferred"], credit=line.net), Line(acc["tax"], credit=line.tax))

    for name in names:
        receivable = ledger.balance(acc["receivable"])
        deferred = -ledger.balance(acc["deferred"])
        if name == "invoice":
            ledger.post(invoiced(first, "invoice", f"{chosen.name} {cycle} invoiced in advance", net))
        elif name == "payment":
            if receivable <= 0:
                raise MacroInputError("payment: nothing is receivable yet — put 'invoice' before 'payment'")
            paid += receivable
            ledger.post(entry(first, "payment", "card payment collected", Line(acc["cash"], debit=receivable), Line(acc["receivable"], credit=receivable)))
        elif name == "recognise":
            if recognised_rows >= len(schedule):
                raise MacroInputError("recognise: the whole term is already recognised")
            row = schedule[recognised_rows]
            remaining = len(schedule) - recognised_rows
            recognised_rows += 1
            # Spread what is still deferred over the service months left, so upgrades, refunds and credit notes
            # posted earlier change the monthly amount prospectively and deferred revenue never goes negative.
            amount = deferred if remaining == 1 else to_cents(deferred / remaining)
            ledger.post(
                entry(
                    row.end - timedelta(days=1),
                    "recognise",
                    f"service month {recognised_rows} delivered",
                    Line(acc["deferred"], debit=amount),
                    Line(acc["revenue"], credit=amount),
                )
            )
        elif name == "upgrade":
            new = _plan(data, str(to_plan or ""), "to_plan")
            when = _date(change_date, "change_date", as_of)
            rule = data.billing.convention
            period = period_containing(when, cycle, rule, first.day, first.month, first)
            result = prorate(net, new.price(cycle), period, when, rule)
            if not result.is_upgrade:
                raise MacroInputError(f"upgrade: {new.name} does not cost more than {chosen.name}; a downgrade waits for the period end")
            ledger.post(invoiced(when, "upgrade", f"prorated upgrade to {new.name} invoiced", result.net))
        elif name == "refund":
            when = _date(change_date, "change_date", as_of)
            try:
                unused = partial_refund(net, cycle, first, when, 0, data.billing.convention).unused_value
            except ValueError as exc:
                raise MacroInputError(f"refund: {exc}") from None
            value = min(unused, deferred)
            line = tax_line(value, rate)
            source = acc["cash"] if paid > 0 else acc["receivable"]
            ledger.post(
                entry(
                    when,
                    "refund",
                    "unused time refunded",
                    Line(acc["deferred"], debit=line.net),
                    Line(acc["tax"], debit=line.tax),
                    Line(source, credit=line.gross),
                )
            )
        elif name == "credit_note":
            value = _money_arg(amount, 'credit_note needs amount="…"')
            if value > deferred:
                raise MacroInputError(f"credit_note: amount {value} is more than the deferred revenue left ({deferred})")
            line = tax_line(value, rate)
            target = acc["receivable"] if receivable >= line.gross else acc["customer_credit"]
            ledger.post(
                entry(
                    first,
                    "credit_note",
                    "price concession on the invoice",
                    Line(acc["deferred"], debit=line.net),
                    Line(acc["tax"], debit=line.tax),
                    Line(target, credit=line.gross),
                )
            )
        elif name == "chargeback":
            if paid <= 0:
                raise MacroInputError("chargeback: nothing was paid — put 'payment' before 'chargeback'")
            when = first + timedelta(days=ill.chargeback_after_days)
            ledger.post(
                entry(
                    when,
                    "chargeback",
                    "bank reversed the payment and charged a dispute fee",
                    Line(acc["disputed"], debit=paid),
                    Line(acc["dispute_fee"], debit=ill.dispute_fee),
                    Line(acc["cash"], credit=paid + ill.dispute_fee),
                )
            )
        elif name == "write_off":
            if receivable <= 0:
                raise MacroInputError("write_off: nothing is receivable — write off an unpaid invoice (omit 'payment')")
            # On the page's change_date when it gives one (a service stopped early), else the illustrative delay.
            when = _date(change_date, "change_date", as_of) if change_date not in (None, "") else first + timedelta(days=ill.write_off_after_days)
            if recognised_rows and when < schedule[recognised_rows - 1].end - timedelta(days=1):
                raise MacroInputError(f"write_off on {when.isoformat()} comes before the service month it follows was delivered — move change_date")
            # Service not yet delivered is cancelled rather than written off: its deferred revenue (and the tax on it)
            # comes off the receivable. Only the earned, unpaid remainder is a credit loss.
            cancel = min(deferred, receivable)
            cancel_tax = min(tax_line(cancel, rate).tax, -ledger.balance(acc["tax"]), receivable - cancel)
            loss = receivable - cancel - cancel_tax
            ledger.post(
                entry(
                    when,
                    "write_off",
                    "service stopped: unearned part cancelled, earned part written off",
                    Line(acc["deferred"], debit=cancel),
                    Line(acc["tax"], debit=cancel_tax),
                    Line(acc["allowance"], debit=loss),
                    Line(acc["receivable"], credit=receivable),
                )
            )
    closing = [(account, format_money(abs(value), data.currency), "debit" if value > 0 else "credit") for account, value in ledger.balances.items() if value]
    notes = [
        f"Method: the plan's {cycle} list price is the contract value"
        + ("" if chosen.verified else " (unverified list price)")
        + f"; revenue is recognised by service month; tax at {rate}% is a liability, never revenue; {ROUNDING_RULE}."
    ]
    if "chargeback" in names:
        notes.append(ill.dispute_fee_note)
    return tables.block(
        tables.inputs([("plan", f"{chosen.name}, {cycle}"), ("contract starts", first.isoformat()), ("tax rate", f"{rate}%"), ("events", ", ".join(names))]),
        _journal_lines_table(ledger.entries, data.currency),
        "**Balances after these entries**",
        tables.table(["Account", "Balance", "Side"], closing, ["l", "r", "l"]) if closing else "Every account is back to zero.",
        "*" + " ".join(tables.cell(n) for n in notes) + "*",
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
) -> str:
    from .modification import modify

    if price not in (None, ""):
        return _term_contract_block(data, as_of, why, price, start, change_date, int(years), int(extend_years), extension_price, method)

    old, new = _plan(data, from_plan, "from_plan"), _plan(data, to_plan, "to_plan")
    when = _date(change_date, "change_date", as_of)
    first = _date(start, "start", when - timedelta(days=120))
    try:
        result = modify(old.annual, new.annual, first, when, data.billing.convention)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    summary = [
        (f"{old.name} annual contract", f"{result.term.start.isoformat()} to {(result.term.end - timedelta(days=1)).isoformat()}", money(old.annual)),
        ("Recognised before the change", f"{(when - result.term.start).days}/{result.term.days} days", money(result.recognised_before)),
        ("Deferred revenue left at the change", "contract value − recognised", money(result.deferred_at_change)),
        ("Extra consideration (upgrade invoice, net of credit)", f"prorated {old.name} → {new.name}", money(result.extra)),
        ("To recognise from the change date", "deferred left + extra", money(result.deferred_at_change + result.extra)),
    ]
    rows = [(f"{r.start.isoformat()} to {(r.end - timedelta(days=1)).isoformat()}", r.days, money(r.recognised), money(r.deferred)) for r in result.rows]
    total = result.recognised_before + sum((r.recognised for r in result.rows), Decimal("0.00"))
    rows.append(("Total recognised over the term", result.term.days, money(total), ""))
    method = (
        "Upgrade: treated prospectively (the remaining service is distinct), so the deferred balance plus the extra "
        "consideration is spread evenly by day over the rest of the term"
        if result.is_upgrade
        else "Downgrade: takes effect at the end of the term, so nothing changes within it"
    )
    return tables.block(
        tables.inputs([("change", f"{old.name} to {new.name}, annual"), ("term starts", first.isoformat()), ("change date", when.isoformat())]),
        tables.table(["Step", "Calculation", "Amount"], summary, ["l", "l", "r"]),
        tables.table(["After the change (inclusive)", "Days", "Recognised", "Deferred revenue left"], rows, ["l", "r", "r", "r"]),
        f"*Method: {tables.cell(method)}; the total equals the original price plus the extra consideration; "
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
) -> str:
    """A multi-year contract (``price`` for ``years``), extended and repriced part-way, by either modification method."""
    from .modification import METHODS, modify_contract

    if method not in METHODS:
        raise MacroInputError(f"method={method!r} — use one of: {', '.join(METHODS)}")
    if years < 1 or extend_years < 0:
        raise MacroInputError(f"years must be 1 or more and extend_years 0 or more, got years={years}, extend_years={extend_years}")
    total = _money_arg(price, "price")
    extra = _money_arg(extension_price, "extension_price") if extension_price not in (None, "") else Decimal("0.00")
    first = _date(start, "start", as_of)
    end = add_months(first, 12 * years, first.day)
    when = _date(change_date, "change_date", add_months(first, 12 * years - 12, first.day))
    new_end = add_months(end, 12 * extend_years, first.day)
    try:
        result = modify_contract(total, first, end, when, extra, new_end, method)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    summary = [
        (f"Contract, {years} year{'s' if years > 1 else ''}", f"{first.isoformat()} to {(end - timedelta(days=1)).isoformat()}", money(total)),
        ("Recognised before the change", f"{(when - first).days}/{(end - first).days} days of the original term", money(result.recognised_before)),
        (
            "Added by the change",
            f"{extend_years} more year{'s' if extend_years != 1 else ''}, to {(new_end - timedelta(days=1)).isoformat()}" if extend_years else "no extension",
            money(extra),
        ),
    ]
    if method == "catch_up":
        summary.append(
            ("Catch-up on the change date", f"(contract + added) × {(when - first).days}/{(new_end - first).days} days − recognised", money(result.catch_up))
        )
    left = total + extra - result.recognised_before - result.catch_up
    summary.append(("To recognise from the change date", "evenly by day to the new end", money(left)))
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
            ]
        ),
        tables.table(["Step", "Calculation", "Amount"], summary, ["l", "l", "r"]),
        tables.table(["After the change (inclusive)", "Days", "Recognised", "Deferred revenue left"], rows, ["l", "r", "r", "r"]),
        f"*Method: {tables.cell(words[method])}; everything recognised adds up to the contract plus the added consideration; "
        f"{tables.cell(ROUNDING_RULE)}. Which method applies to a real contract is Revenue Accounting's call.*",
        tables.computed_for(as_of.isoformat(), why, fixed=change_date not in (None, "")),
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
) -> str:
    from decimal import InvalidOperation

    from .usage import usage_events_schedule, usage_schedule

    acc = data.accounting
    first = _date(period_start, "period_start", as_of)
    rule = data.billing.convention
    money = lambda value: format_money(value, data.currency)  # noqa: E731
    label = unit or acc.usage_unit
    try:
        price = Decimal(str(rate)) if rate not in (None, "") else acc.usage_rate
        if events not in (None, ""):
            rows = usage_events_schedule(first, _usage_events(events), price, rule)
            usage = "dated events: " + str(events)
        else:
            units = Decimal(str(daily_units)) if daily_units not in (None, "") else acc.usage_daily_units
            _, _, rows = usage_schedule(first, units, price, rule)
            usage = f"{units.normalize():f} {label} a day"
    except InvalidOperation:
        raise MacroInputError("daily_units and rate must be quoted non-negative decimals") from None
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
    return tables.block(
        tables.inputs(
            [
                ("first billing period starts", first.isoformat()),
                ("usage", usage),
                ("rate", f"{money(price) if price == price.quantize(Decimal('0.01')) else price} per {label}"),
                ("invoices", bills),
            ]
        ),
        tables.table(
            ["Calendar month of a billing period (inclusive)", f"Units ({label})", "Revenue recognised", "Billed", "Unbilled at row end"],
            body,
            ["l", "r", "r", "r", "r"],
        ),
        f"*Method: usage is recognised in the month it is consumed and billed in arrears on the invoice date of the billing period its "
        f"date falls in; until then it is an unbilled receivable, which is why the last day before an invoice carries the whole "
        f"period. Each period's months sum to its invoice; {tables.cell(ROUNDING_RULE)}. {tables.cell(convention_note(data, rule))} "
        f"{tables.cell(acc.usage_note)}*",
        tables.computed_for(as_of.isoformat(), why, fixed=period_start not in (None, "")),
    )


def credit_loss_block(data: SiteData, as_of: date, why: str) -> str:
    from .credit import allowance

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
) -> str:
    from decimal import InvalidOperation

    from .fx import fx_remeasured
    from .journal import Line, entry

    if not re.fullmatch(r"[A-Z]{3}", str(currency)) or currency == data.currency:
        raise MacroInputError(f"currency={currency!r}: give a three-letter code other than {data.currency}")
    if (report_on in (None, "")) != (report_rate in (None, "")):
        raise MacroInputError("report_on and report_rate go together: give both (a reporting date and its closing rate) or neither")
    try:
        value = _money_arg(amount, "amount")
        rates = Decimal(str(invoice_rate)), Decimal(str(settle_rate))
        closing = [Decimal(str(report_rate))] if report_rate not in (None, "") else []
        plain, steps, settle_difference = fx_remeasured(value, rates[0], closing, rates[1])
    except (InvalidOperation, ValueError) as exc:
        raise MacroInputError(f"amount and rates must be quoted positive decimals ({exc})") from None
    first = _date(invoice_on, "invoice_on", as_of)
    second = _date(settle_on, "settle_on", first + timedelta(days=30))
    reported = _date(report_on, "report_on", None) if report_on not in (None, "") else None
    if reported is not None and not first < reported < second:
        raise MacroInputError(
            f"report_on={reported.isoformat()} must fall after the invoice ({first.isoformat()}) and before the payment ({second.isoformat()})"
        )
    acc = data.accounting.accounts

    def gain_or_loss(difference: Decimal) -> Any:
        return Line(acc["fx"], debit=-difference if difference < 0 else Decimal("0.00"), credit=difference if difference > 0 else Decimal("0.00"))

    entries = [
        entry(
            first,
            "invoice",
            f"{value} {currency} at {rates[0]}",
            Line(acc["receivable"], debit=plain.invoice_usd),
            Line(acc["revenue"], credit=plain.invoice_usd),
        ),
    ]
    for step in steps:
        up = step.difference >= 0
        entries.append(
            entry(
                reported,
                "remeasure",
                f"unpaid {value} {currency} at the closing rate {step.rate}",
                Line(acc["receivable"], debit=step.difference if up else Decimal("0.00"), credit=Decimal("0.00") if up else -step.difference),
                gain_or_loss(step.difference),
            )
        )
    carrying = steps[-1].value if steps else plain.invoice_usd
    entries.append(
        entry(
            second,
            "settlement",
            f"{value} {currency} received at {rates[1]}",
            Line(acc["cash"], debit=plain.settle_usd),
            gain_or_loss(settle_difference),
            Line(acc["receivable"], credit=carrying),
        )
    )
    total = plain.difference
    outcome = "an exchange gain" if total > 0 else "an exchange loss" if total < 0 else "no exchange difference"
    split = ""
    if steps:
        parts = [f"{format_money(step.difference, data.currency)} at the reporting date" for step in steps]
        split = f" ({', '.join(parts)}, {format_money(settle_difference, data.currency)} at settlement)"
    inputs = [
        ("invoice", f"{value:,.2f} {currency} on {first.isoformat()} at {rates[0]} {data.currency}/{currency}"),
        ("payment", f"received on {second.isoformat()} at {rates[1]} {data.currency}/{currency}"),
    ]
    if reported is not None:
        inputs.insert(1, ("reporting date", f"{reported.isoformat()}, still unpaid, closing rate {closing[0]} {data.currency}/{currency}"))
    return tables.block(
        tables.inputs(inputs),
        _journal_lines_table(entries, data.currency),
        f"*Result: {outcome} of {tables.cell(format_money(abs(total), data.currency))} in all{tables.cell(split)}. Method: each conversion is "
        f"rounded to the cent ({tables.cell(ROUNDING_RULE)}); an unpaid receivable is remeasured at the closing rate at each "
        "reporting date, the difference to profit or loss (IAS 21.23(a) and 21.28; ASC 830-20), and at settlement the "
        "difference is measured from the last carrying amount, so the differences add up to payment minus invoice. Rates are "
        "illustrative, not market rates. The example books revenue at once for simplicity; a prepaid plan would go to "
        "deferred revenue first.*",
        tables.computed_for(as_of.isoformat(), why, fixed=invoice_on not in (None, "")),
    )


def _tld(data: SiteData, tld: str) -> Any:
    key = str(tld).lstrip(".").lower()
    if key not in data.tlds:
        raise MacroInputError(f"tld={tld!r} is not in data/tlds.yml — use one of: {', '.join(data.tlds)}")
    return data.tlds[key]


def transfer_block(
    data: SiteData, as_of: date, why: str, requested_on: object = None, expiry: object = None, tld: str = "com", last_change_on: object = None
) -> str:
    from .transfer import TldRules, transfer_timeline

    chosen = _tld(data, tld)
    request = _date(requested_on, "requested_on", as_of)
    old_expiry = _date(expiry, "expiry", add_months(request, 5, request.day))
    change = _date(last_change_on, "last_change_on", None) if last_change_on not in (None, "") else None
    rules = TldRules(**{k: chosen.rules[k] for k in TldRules.__dataclass_fields__})
    t = transfer_timeline(request, old_expiry, rules, change)
    src = data.tld_sources
    rows: list[tuple[object, ...]] = []
    if change is not None:
        rows.append(("Last registration, transfer or registrant change", change.isoformat(), "A 60-day lock starts.", f"[rule]({src['icann_transfer']})"))
    charge = (
        "Auth code entered and contacts confirmed: the transfer is charged now (one year)."
        if rules.losing_registrar_days
        else "Checkout completed at Cloudflare (no transfer fee); the customer asks the old registrar to change the IPS tag."
    )
    delayed = t.allowed_from > request
    if delayed:
        charge += " The lock has not ended, so the transfer waits (In progress) and is retried when it does."
    rows.append(("Transfer requested", request.isoformat(), charge, f"[rule]({src['transfer_faq'] if rules.losing_registrar_days else src['uk']})"))
    rows.append(
        (
            "Transfer can start",
            t.starts_on.isoformat(),
            "The lock has ended: Cloudflare retries, and the losing registrar's window starts."
            if delayed
            else ("The losing registrar's window starts." if rules.losing_registrar_days else "The old registrar can now move the IPS tag."),
            f"[rule]({src['transfer_faq'] if rules.losing_registrar_days else src['uk']})",
        )
    )
    if rules.losing_registrar_days:
        rows.append(
            (
                "Latest completion",
                t.latest_completion.isoformat(),
                f"The losing registrar has {rules.losing_registrar_days} days; with no action the transfer auto-approves.",
                f"[rule]({src['transfer_faq']})",
            )
        )
    if t.cancels_on:
        rows.append(
            (
                "Request lapses if not completed",
                t.cancels_on.isoformat(),
                f"{chosen.name}: completes when the old registrar changes the IPS tag; otherwise the request cancels after {rules.auto_cancel_days} days.",
                f"[rule]({src['uk']})",
            )
        )
    expiry_text = (
        "One year added to the current expiry."
        if t.year_added
        else "No year added: the name would exceed the maximum registration length."
        if t.capped
        else f"No year added for {chosen.name}."
    )
    rows.append(("New expiry date", t.new_expiry.isoformat(), f"Was {t.old_expiry.isoformat()}. {expiry_text}", f"[rule]({src['transfer_faq']})"))
    rows.append(
        (
            "Next transfer allowed from",
            t.next_transfer_from.isoformat(),
            f"{rules.transfer_lock_days}-day lock after the transfer (counted here from the latest possible completion).",
            f"[rule]({src['icann_transfer']})",
        )
    )
    warnings = []
    if t.renew_first:
        warnings.append(
            f"The name expires within {rules.renew_first_within_days} days of the request: renew it at the current registrar first "
            f"([before you begin]({src['before_you_begin']}))."
        )
    if chosen.note:
        warnings.append(tables.cell(chosen.note))
    body = "\n".join(f"| {tables.cell(a)} | {tables.cell(b)} | {tables.cell(c)} | {d} |" for a, b, c, d in rows)
    return tables.block(
        tables.inputs(
            [("TLD", chosen.name), ("requested on", request.isoformat()), ("current expiry", old_expiry.isoformat())]
            + ([("last change", change.isoformat())] if change else [])
        ),
        "| Step | Date | What happens | Source |\n| --- | --- | --- | --- |\n" + body,
        " ".join(f"**Note:** {w}" for w in warnings),
        "*Method: calendar days (UTC); the lock after a change runs 60 days from the change; one year is added to the expiry date, "
        "anchored on its day (29 February becomes 28 February). The pending ICANN Transfer Policy revision is not yet in force.*",
        tables.computed_for(as_of.isoformat(), why, fixed=requested_on not in (None, "")),
    )


def price_breakdown_block(data: SiteData, tld: str | None = None) -> str:
    chosen = _tld(data, tld).key if tld not in (None, "") else None
    rows = []
    for p in data.tld_prices:
        if chosen and p.tld != chosen:
            continue
        rows.append(
            f"| {tables.cell(data.tlds[p.tld].name)} | {p.as_of} | {format_money(p.wholesale)} | {format_money(p.icann_fee)} | "
            f"**{format_money(p.wholesale + p.icann_fee)}** | {'verified' if p.verified else 'unverified, secondary'} | "
            f"[{tables.cell(p.label)}]({p.source}) |"
        )
    if not rows:
        raise MacroInputError(f"tld={tld!r} has no price example in data/tlds.yml")
    header = (
        "| TLD | Figures as of | Registry wholesale | ICANN fee | At-cost price per year | Status | Source |\n| --- | --- | ---: | ---: | ---: | --- | --- |\n"
    )
    return tables.block(
        header + "\n".join(rows),
        "*At cost means the price is the registry's wholesale price plus the ICANN fee, with no markup. These are dated "
        "examples to show the arithmetic, not today's prices: the dashboard shows the price at checkout. A restore from "
        "redemption adds a TLD-specific restore fee, shown in the dashboard before the customer confirms.*",
    )
