"""The on-page calculators' reference: their data (emitted into the page) and their results, as plain JSON.

Each calculator on a runbook (refund, plan change, domain, dunning, transfer) runs in the browser
(docs/assets/javascripts/calc-core.js) on the config this module builds from data/. ``compute`` is the
reference the browser code must equal, to the cent and the day: tests/test_calculator_parity.py runs generated
cases through both. Inputs arrive as the strings a form holds; dates are ISO, amounts are decimal strings.
Bad input is a result too: ``{"error": code, "field": name}``, which the page shows next to the field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from .data import SiteData
from .dunning import dunning_dates
from .lifecycle import PhaseSpec, domain_status
from .periods import period_containing
from .proration import billing_period, prorate
from .refund import refund_decision
from .transfer import TldRules, transfer_timeline

KINDS = ("refund", "proration", "domain", "dunning", "transfer")
CYCLES = ("monthly", "annual")
# ASCII digits only, as in JavaScript (Python's \d also matches other scripts' digits).
AMOUNT = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,2})?")
ISO = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}")
#: Years a form accepts: enough for any billing question, and safe for JavaScript's Date.
YEARS = (1900, 2199)


class Invalid(Exception):
    """One bad input: the field and a code the page turns into a message."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _plans(data: SiteData) -> list[dict[str, Any]]:
    return [{"key": p.key, "name": p.name, "monthly": _money(p.monthly), "annual": _money(p.annual), "verified": p.verified} for p in data.plans.values()]


def config(kind: str, data: SiteData) -> dict[str, Any]:
    """The data one calculator needs, JSON-ready. Money is a decimal string; text comes from data/ as plain text."""
    if kind == "refund":
        return {
            "currency": data.currency,
            "window_days": int(data.policy_value("refunds.goodwill_window_days")),
            "plans": _plans(data),
            "limits": [{"title": limit.title, "refund": _money(limit.refund)} for limit in data.approval_limits],
            "policy_label": data.policy_label,
            "above_all_limits": str(data.policy_value("approvals.above_all_limits")),
            "convention": data.billing.convention,
        }
    if kind == "proration":
        return {"currency": data.currency, "plans": _plans(data), "convention": data.billing.convention}
    if kind == "domain":
        return {
            "phases": [
                {
                    "key": p.key,
                    "name": p.name,
                    "first_day": p.first_day,
                    "last_day": p.last_day,
                    "customer_can": p.customer_can,
                    "specialist_does": p.specialist_does,
                    "fee": p.fee,
                }
                for p in data.lifecycle_phases
            ],
            "released": data.lifecycle_released,
            "tlds": [{"key": t.key, "name": t.name, "restore_in_dashboard": t.rules["restore_in_dashboard"]} for t in data.tlds.values()],
            "source": data.lifecycle_source,
        }
    if kind == "dunning":
        rules = data.dunning
        return {
            "grace_days": rules.grace_days,
            "retry_days": sorted(rules.retry_days),
            "downgrade": rules.downgrade,
            "note": rules.retry_days_note,
            "counting": rules.counting_note,
        }
    if kind == "transfer":
        return {
            "tlds": [{"key": t.key, "name": t.name, "note": t.note or "", **{k: t.rules[k] for k in TldRules.__dataclass_fields__}} for t in data.tlds.values()]
        }
    raise ValueError(f"unknown calculator {kind!r} — use one of: {', '.join(KINDS)}")


def _date(inputs: dict[str, Any], name: str, required: bool = True) -> date | None:
    raw = str(inputs.get(name) or "").strip()
    if not raw:
        if required:
            raise Invalid(name, "missing_date")
        return None
    match = ISO.fullmatch(raw)
    if not match or not YEARS[0] <= int(match.group(1)) <= YEARS[1]:
        raise Invalid(name, "bad_date")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(name, "bad_date") from None


def _amount(raw: object, name: str) -> Decimal:
    text = re.sub(r"[\s,$]", "", str(raw or ""))  # pragma: no mutate — equivalent: any placeholder for "no amount" fails AMOUNT
    if not AMOUNT.fullmatch(text):
        raise Invalid(name, "bad_amount")
    return Decimal(text).quantize(Decimal("0.01"))


def _plan(cfg: dict[str, Any], inputs: dict[str, Any], name: str) -> dict[str, Any]:
    found = next((p for p in cfg["plans"] if p["key"] == inputs.get(name)), None)
    if found is None:
        raise Invalid(name, "unknown_plan")
    return found


def _cycle(inputs: dict[str, Any]) -> str:
    if inputs.get("cycle") not in CYCLES:
        raise Invalid("cycle", "unknown_cycle")
    return str(inputs["cycle"])


def _whole(inputs: dict[str, Any], name: str, low: int, high: int) -> int:
    raw = str(inputs.get(name) or "").strip()  # pragma: no mutate — equivalent: any placeholder for "blank" fails the pattern
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not low <= int(raw) <= high:
        raise Invalid(name, "out_of_range")
    return int(raw)


def _refund(cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(cfg, inputs, "plan")
    cycle = _cycle(inputs)
    reason = inputs.get("reason") or "goodwill"
    if reason not in ("goodwill", "error"):
        raise Invalid("reason", "unknown_reason")
    paid = _amount(inputs.get("paid") or plan[cycle], "paid")
    paid_on = _date(inputs, "paid_on")
    refund_on = _date(inputs, "refund_on")
    if refund_on < paid_on:
        raise Invalid("refund_on", "before_payment")
    limits = [(limit["title"], Decimal(limit["refund"])) for limit in cfg["limits"]]
    try:
        decision = refund_decision(paid, cycle, paid_on, refund_on, cfg["window_days"], reason, limits, cfg.get("convention", "calendar"))
    except ValueError:
        raise Invalid("refund_on", "after_period") from None
    unused = decision.unused
    return {
        "outcome": decision.outcome,
        "amount": _money(decision.amount),
        "paid": _money(paid),
        "days_since_charge": decision.days_since_charge,
        "inside_window": decision.inside_window,
        "period_end": unused.period_end.isoformat() if unused else None,
        "days": unused.days if unused else None,
        "used_days": unused.used_days if unused else None,
        "unused_days": unused.unused_days if unused else None,
        "unused_value": _money(unused.unused_value) if unused else None,
        "approver": decision.approver,
        "above_all_limits": decision.above_all_limits,
    }


def _proration(cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    old, new = _plan(cfg, inputs, "from_plan"), _plan(cfg, inputs, "to_plan")
    if old["key"] == new["key"]:
        raise Invalid("to_plan", "same_plan")
    cycle = _cycle(inputs)
    rule = cfg.get("convention", "calendar")

    # Under thirty_day the form asks for the last billing date instead of a billing day and month: both default to 1.
    def asked(name: str) -> bool:
        return rule != "thirty_day" or bool(str(inputs.get(name) or "").strip())

    day = _whole(inputs, "billing_day", 1, 31) if asked("billing_day") else 1
    month = _whole(inputs, "billing_month", 1, 12) if cycle == "annual" and asked("billing_month") else 1
    when = _date(inputs, "change_date")
    hour = _whole(inputs, "hour", 0, 23) if rule == "hourly" and str(inputs.get("hour") or "").strip() else 0
    # A thirty-day period counts from the last billing date; without one, from the calendar billing date.
    anchor = _date(inputs, "last_billed", required=False) if rule == "thirty_day" else None  # pragma: no mutate — equivalent: required=None is falsy too
    if anchor is not None and anchor > when:
        raise Invalid("last_billed", "after_change")
    if anchor is None:
        anchor = billing_period(when, cycle, day, month).start
    period = period_containing(when, cycle, rule, day, month, anchor)
    old_price, new_price = Decimal(old[cycle]), Decimal(new[cycle])
    result = prorate(old_price, new_price, period, when, rule, hour)
    return {
        "kind": "upgrade" if result.is_upgrade else "downgrade",
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "period_days": period.days,
        "remaining_days": result.remaining_days,
        "remaining_units": result.remaining_units,
        "total_units": result.total_units,
        "unit": result.unit,
        "credit": _money(result.credit),
        "charge": _money(result.charge),
        "net": _money(result.net),
        "effective": result.effective.isoformat(),
        "next_invoice_date": period.end.isoformat(),
        "next_invoice_amount": _money(new_price),
    }


def _domain(cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    tld = next((t for t in cfg["tlds"] if t["key"] == inputs.get("tld")), None)
    if tld is None:
        raise Invalid("tld", "unknown_tld")
    expiry = _date(inputs, "expiry")
    today = _date(inputs, "today")
    phases = [
        PhaseSpec(
            p["key"],
            p["name"],  # pragma: no mutate — equivalent: the status reads a phase's key, days and fee, not its texts
            p["first_day"],
            p["last_day"],
            p["customer_can"],  # pragma: no mutate — equivalent: as above
            None,
            p["specialist_does"],  # pragma: no mutate — equivalent: as above
            p["fee"],
        )
        for p in cfg["phases"]
    ]
    status = domain_status(expiry, today, phases)
    fee = "renewal" if status.phase == "active" else "register" if status.phase == "released" else next(p.fee for p in phases if p.key == status.phase)
    return {
        "phase": status.phase,
        "day": status.day,
        "phase_start": status.phase_start.isoformat() if status.phase_start else None,
        "phase_end": status.phase_end.isoformat() if status.phase_end else None,
        "renew_by": status.renew_by.isoformat(),
        "restore_by": status.restore_by.isoformat() if status.restore_by else None,
        "released_from": status.released_from.isoformat(),
        "fee": fee,
        "restore_in_dashboard": bool(tld["restore_in_dashboard"]),
    }


def _dunning(cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    failed = _date(inputs, "failed_on")
    today = _date(inputs, "today", required=False)  # pragma: no mutate — equivalent: required=None is falsy too
    if today is not None and today < failed:
        raise Invalid("today", "before_failure")
    dates = dunning_dates(failed, list(cfg["retry_days"]), cfg["grace_days"])
    status = None
    if today is not None:
        status = "downgraded" if today >= dates.downgrade_on else "grace" if today > failed else "failed_today"
    return {
        "retries": [d.isoformat() for d in dates.retries],
        "grace_ends": dates.grace_ends.isoformat(),
        "downgrade_on": dates.downgrade_on.isoformat(),
        "day": (today - failed).days if today is not None else None,
        "status": status,
    }


def _transfer(cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    tld = next((t for t in cfg["tlds"] if t["key"] == inputs.get("tld")), None)
    if tld is None:
        raise Invalid("tld", "unknown_tld")
    requested = _date(inputs, "requested_on")
    expiry = _date(inputs, "expiry")
    change = _date(inputs, "last_change_on", required=False)  # pragma: no mutate — equivalent: required=None is falsy too
    if change is not None and change > requested:
        raise Invalid("last_change_on", "after_request")
    rules = TldRules(**{k: tld[k] for k in TldRules.__dataclass_fields__})
    t = transfer_timeline(requested, expiry, rules, change)
    return {
        "allowed_from": t.allowed_from.isoformat(),
        "waits_for_lock": t.allowed_from > requested,
        "latest_completion": t.latest_completion.isoformat(),
        "new_expiry": t.new_expiry.isoformat(),
        "year_added": t.year_added,
        "capped": t.capped,
        "next_transfer_from": t.next_transfer_from.isoformat(),
        "renew_first": t.renew_first,
        "cancels_on": t.cancels_on.isoformat() if t.cancels_on else None,
    }


COMPUTE = {"refund": _refund, "proration": _proration, "domain": _domain, "dunning": _dunning, "transfer": _transfer}


def compute(kind: str, cfg: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The result for one set of form inputs, or ``{"error": code, "field": name}`` for the first bad input."""
    try:
        return COMPUTE[kind](cfg, inputs)
    except Invalid as bad:
        return {"error": bad.code, "field": bad.field}
