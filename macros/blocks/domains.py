"""What the domain macros show: the lifecycle table and diagram, EPP statuses, transfer timelines, at-cost price breakdowns."""

from __future__ import annotations

from datetime import date

from .. import tables
from ..data import SiteData
from ..dates import add_months
from ..lifecycle import event_date, phase_dates, phase_on, release_date
from ..money import format_money
from .args import MacroInputError, date_arg, tld_arg

EPP_SETTER_WORDS = {"registrar": "Registrar (client)", "registry": "Registry (server)", "registry-grace": "Registry (grace period)"}


def lifecycle_block(data: SiteData, as_of: date, why: str, expiry: object = None) -> str:
    day0 = date_arg(expiry, "expiry", as_of)
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


def epp_status_block(data: SiteData, set_by: str | None = None) -> str:
    if set_by is not None and set_by not in EPP_SETTER_WORDS:
        raise MacroInputError(f"set_by={set_by!r} — use one of: {', '.join(EPP_SETTER_WORDS)}")
    rows = [
        # The status as code: the literal value RDAP shows.
        (tables.Code(s.code), EPP_SETTER_WORDS[s.set_by], s.meaning, s.customer_can, s.customer_cannot, s.specialist_does)
        for s in data.epp_statuses
        if set_by is None or s.set_by == set_by
    ]
    body = tables.table(["Status", "Set by", "What it means", "The customer can", "The customer cannot", "You do"], rows)
    sources = sorted({s.source for s in data.epp_statuses})
    links = ", ".join(f"[{i}]({url})" for i, url in enumerate(sources, start=1))
    return tables.block(body, f"*Sources: {links}.*")


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


def transfer_block(
    data: SiteData, as_of: date, why: str, requested_on: object = None, expiry: object = None, tld: str = "com", last_change_on: object = None
) -> str:
    from ..transfer import TldRules, transfer_timeline

    chosen = tld_arg(data, tld)
    request = date_arg(requested_on, "requested_on", as_of)
    old_expiry = date_arg(expiry, "expiry", add_months(request, 5, request.day))
    change = date_arg(last_change_on, "last_change_on", None) if last_change_on not in (None, "") else None
    rules = TldRules(**{k: chosen.rules[k] for k in TldRules.__dataclass_fields__})
    t = transfer_timeline(request, old_expiry, rules, change)
    src = data.tld_sources
    rows: list[tuple[object, ...]] = []
    before = src[chosen.rules["lock_before_transfer_source"]]
    after = src[chosen.rules["lock_after_transfer_source"]]
    if change is not None:
        lock = (
            f"A {rules.lock_before_transfer_days}-day lock before a transfer starts."
            if rules.lock_before_transfer_days
            else f"No lock before a transfer for {chosen.name}: the transfer can start at once."
        )
        rows.append(("Last registration, transfer or registrant change", change.isoformat(), lock, tables.Link("rule", before)))
    charge = (
        "Auth code entered and contacts confirmed: the transfer is charged now (one year)."
        if rules.losing_registrar_days
        else "Checkout completed at Cloudflare (no transfer fee); the customer asks the old registrar to change the IPS tag."
    )
    delayed = t.allowed_from > request
    if delayed:
        charge += " The lock has not ended, so the transfer waits (In progress) and is retried when it does."
    rows.append(("Transfer requested", request.isoformat(), charge, tables.Link("rule", src["transfer_faq"] if rules.losing_registrar_days else src["uk"])))
    rows.append(
        (
            "Transfer can start",
            t.starts_on.isoformat(),
            "The lock has ended: Cloudflare retries, and the losing registrar's window starts."
            if delayed
            else ("The losing registrar's window starts." if rules.losing_registrar_days else "The old registrar can now move the IPS tag."),
            tables.Link("rule", src["transfer_faq"] if rules.losing_registrar_days else src["uk"]),
        )
    )
    if rules.losing_registrar_days:
        rows.append(
            (
                "Latest completion",
                t.latest_completion.isoformat(),
                f"The losing registrar has {rules.losing_registrar_days} days; with no action the transfer auto-approves.",
                tables.Link("rule", src["transfer_faq"]),
            )
        )
    if t.cancels_on:
        rows.append(
            (
                "Request lapses if not completed",
                t.cancels_on.isoformat(),
                f"{chosen.name}: completes when the old registrar changes the IPS tag; otherwise the request cancels after {rules.auto_cancel_days} days.",
                tables.Link("rule", src["uk"]),
            )
        )
    expiry_text = (
        "One year added to the current expiry."
        if t.year_added
        else "No year added: the name would exceed the maximum registration length."
        if t.capped
        else f"No year added for {chosen.name}."
    )
    rows.append(("New expiry date", t.new_expiry.isoformat(), f"Was {t.old_expiry.isoformat()}. {expiry_text}", tables.Link("rule", src["transfer_faq"])))
    rows.append(
        (
            "Next transfer allowed from",
            t.next_transfer_from.isoformat(),
            f"{rules.lock_after_transfer_days}-day lock after the transfer (counted here from the latest possible completion).",
            tables.Link("rule", after),
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
    body = tables.table(["Step", "Date", "What happens", "Source"], rows)
    lock_rule = (
        f"the lock before a transfer runs {rules.lock_before_transfer_days} days from the last registration, transfer or registrant change"
        if rules.lock_before_transfer_days
        else "there is no lock before a transfer"
    )
    year_rule = (
        "one year is added to the expiry date, anchored on its day (29 February becomes 28 February)" if rules.transfer_adds_year else "no year is added"
    )
    return tables.block(
        tables.inputs(
            [("TLD", chosen.name), ("requested on", request.isoformat()), ("current expiry", old_expiry.isoformat())]
            + ([("last change", change.isoformat())] if change else [])
        ),
        body,
        " ".join(f"**Note:** {w}" for w in warnings),
        f"*Method: calendar days (UTC); for {tables.cell(chosen.name)}, {lock_rule} and the lock after it runs "
        f"{rules.lock_after_transfer_days} days; {year_rule}. The ICANN Transfer Policy revision is recommended, not in force.*",
        tables.computed_for(as_of.isoformat(), why, fixed=requested_on not in (None, "")),
    )


def price_breakdown_block(data: SiteData, tld: str | None = None) -> str:
    chosen = tld_arg(data, tld).key if tld not in (None, "") else None
    rows = []
    for p in data.tld_prices:
        if chosen and p.tld != chosen:
            continue
        rows.append(
            (
                data.tlds[p.tld].name,
                p.as_of,
                format_money(p.wholesale),
                format_money(p.icann_fee),
                tables.Strong(format_money(p.wholesale + p.icann_fee)),
                "verified" if p.verified else "unverified, secondary",
                tables.Link(p.label, p.source),
            )
        )
    if not rows:
        raise MacroInputError(f"tld={tld!r} has no price example in data/tlds.yml")
    headers = ["TLD", "Figures as of", "Registry wholesale", "ICANN fee", "At-cost price per year", "Status", "Source"]
    return tables.block(
        tables.table(headers, rows, ["l", "l", "r", "r", "r", "l", "l"]),
        "*At cost means the price is the registry's wholesale price plus the ICANN fee, with no markup. These are dated "
        "examples to show the arithmetic, not today's prices: the dashboard shows the price at checkout. A restore from "
        "redemption adds a TLD-specific restore fee, shown in the dashboard before the customer confirms.*",
    )
