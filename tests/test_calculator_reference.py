"""The calculators' Python reference (macros/calculators.py) without a browser: every form's whole result worked out by
hand, every error code on its field, and the limits a form accepts.

tests/test_calculator_parity.py proves that the browser equals this reference; these tests prove the reference is
right, so that a wrong comparison or a dropped argument in it fails here, in the fast suite. Configs are written out
in the test (not read from data/) wherever the figures matter, so a price change in data/ does not move them.
"""

from __future__ import annotations

import pytest

from macros.calculators import CYCLES, KINDS, YEARS, Invalid, compute, config
from macros.data import load_site_data

from .conftest import ROOT

DATA = load_site_data(ROOT)
PLANS = [
    {"key": "free", "name": "Free", "monthly": "0.00", "annual": "0.00", "verified": True},
    {"key": "pro", "name": "Pro", "monthly": "25.00", "annual": "240.00", "verified": False},
    {"key": "business", "name": "Business", "monthly": "250.00", "annual": "2400.00", "verified": False},
]
LIMITS = [{"title": "Tier 1", "refund": "100.00"}, {"title": "Senior", "refund": "500.00"}]


def refund_cfg(convention: str = "calendar") -> dict:
    return {
        "currency": "USD",
        "window_days": 14,
        "plans": PLANS,
        "limits": LIMITS,
        "policy_label": "Team policy",
        "above_all_limits": "Billing Operations decides.",
        "convention": convention,
    }


def proration_cfg(convention: str = "calendar") -> dict:
    return {"currency": "USD", "plans": PLANS, "convention": convention}


DUNNING = {"grace_days": 5, "retry_days": [1, 2, 3, 4, 5], "downgrade": "Downgraded to Free.", "note": "Illustration.", "counting": "Day 0."}


# The config each calculator's page carries: the data a specialist's form needs, named as calc-core.js reads it.


def test_the_refund_config_carries_the_policy_and_the_convention() -> None:
    cfg = config("refund", DATA)
    assert set(cfg) == {"currency", "window_days", "plans", "limits", "policy_label", "above_all_limits", "convention"}
    assert (cfg["currency"], cfg["window_days"], cfg["convention"]) == ("USD", 14, DATA.billing.convention)
    assert cfg["policy_label"] == DATA.policy_label and cfg["policy_label"].startswith("Team policy")
    assert cfg["above_all_limits"].startswith("Billing Operations takes it to the Chief Financial Officer")
    pro = next(plan for plan in cfg["plans"] if plan["key"] == "pro")
    assert pro == {"key": "pro", "name": "Pro", "monthly": "25.00", "annual": "240.00", "verified": DATA.plans["pro"].verified}
    assert [plan["key"] for plan in cfg["plans"]] == list(DATA.plans)
    assert cfg["limits"][0] == {"title": "Billing specialist (tier 1)", "refund": "100.00"}
    assert [limit["refund"] for limit in cfg["limits"]] == ["100.00", "500.00", "2500.00", "25000.00"]


def test_the_proration_config_carries_the_plans_and_the_convention() -> None:
    cfg = config("proration", DATA)
    assert set(cfg) == {"currency", "plans", "convention"}
    assert (cfg["currency"], cfg["convention"]) == ("USD", DATA.billing.convention)
    assert next(plan for plan in cfg["plans"] if plan["key"] == "business")["annual"] == "2400.00"


def test_the_domain_config_carries_every_phase_and_tld() -> None:
    cfg = config("domain", DATA)
    assert set(cfg) == {"phases", "released", "tlds", "source"}
    assert cfg["phases"][0] == {
        "key": "grace",
        "name": "Renewal grace",
        "first_day": 1,
        "last_day": 30,
        "customer_can": "Renew manually from the dashboard at the normal renewal price. The domain keeps resolving.",
        "specialist_does": "Check the payment method, then walk the customer through a manual renewal.",
        "fee": "renewal",
    }
    assert [(p["key"], p["first_day"], p["last_day"], p["fee"]) for p in cfg["phases"]][1:] == [
        ("suspended", 31, 40, "renewal"),
        ("redemption", 41, 70, "restore"),
        ("pending_delete", 71, 75, "none"),
    ]
    assert cfg["released"].startswith("Register the name again")
    assert {t["key"]: t for t in cfg["tlds"]}["uk"] == {"key": "uk", "name": ".uk", "restore_in_dashboard": False}
    assert {t["key"]: t for t in cfg["tlds"]}["com"] == {"key": "com", "name": ".com", "restore_in_dashboard": True}
    assert cfg["source"]["title"] == "Cloudflare Registrar FAQ — domain expiry timeline"


def test_the_dunning_config_carries_the_grace_period_and_retries() -> None:
    cfg = config("dunning", DATA)
    assert set(cfg) == {"grace_days", "retry_days", "downgrade", "note", "counting"}
    assert (cfg["grace_days"], cfg["retry_days"]) == (5, [1, 2, 3, 4, 5])
    assert cfg["downgrade"].startswith("The account is downgraded to the Free plan")
    assert cfg["note"].startswith("Illustration") and cfg["counting"].startswith("Team counting")


def test_the_transfer_config_carries_each_tlds_rules() -> None:
    tlds = {t["key"]: t for t in config("transfer", DATA)["tlds"]}
    assert tlds["com"] == {
        "key": "com",
        "name": ".com",
        "note": "",
        "transfer_adds_year": True,
        "losing_registrar_days": 5,
        "lock_before_transfer_days": 60,
        "lock_after_transfer_days": 60,
        "renew_first_within_days": 15,
        "max_years": 10,
        "auto_cancel_days": 0,
    }
    assert (tlds["uk"]["transfer_adds_year"], tlds["uk"]["auto_cancel_days"], tlds["co"]["max_years"]) == (False, 30, 5)
    # .uk: no lock before a transfer (Cloudflare's Registrar FAQ), Cloudflare's own 60 days after one (its .uk page).
    assert (tlds["uk"]["lock_before_transfer_days"], tlds["uk"]["lock_after_transfer_days"]) == (0, 60)
    assert tlds["us"]["note"] == "Transfers of .us names always get a Form of Authorization email."


def test_an_unknown_calculator_is_named_with_the_choices() -> None:
    with pytest.raises(ValueError) as caught:
        config("tax", DATA)
    assert str(caught.value) == "unknown calculator 'tax' — use one of: refund, proration, domain, dunning, transfer"
    assert KINDS == ("refund", "proration", "domain", "dunning", "transfer")


def test_a_bad_input_names_its_field_and_code() -> None:
    bad = Invalid("paid", "bad_amount")
    assert (bad.field, bad.code, str(bad)) == ("paid", "bad_amount", "paid: bad_amount")


# Refunds. A goodwill refund is the unused part of the period: the request day counts as used.


def test_goodwill_refund_under_calendar_periods() -> None:
    # $25 monthly paid 1 January, refunded 5 January: January has 31 days, 5 used, 26 unused: 25 × 26 / 31 = 20.967… → 20.97.
    result = compute("refund", refund_cfg("calendar"), {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-05"})
    assert result == {
        "outcome": "partial",
        "amount": "20.97",
        "paid": "25.00",
        "days_since_charge": 4,
        "inside_window": True,
        "period_end": "2026-02-01",
        "days": 31,
        "used_days": 5,
        "unused_days": 26,
        "unused_value": "20.97",
        "approver": "Tier 1",
        "above_all_limits": False,
    }


def test_goodwill_refund_under_thirty_day_periods() -> None:
    # The same request with 30-day periods: the period ends on 31 January, 25 of 30 days unused: 25 × 25 / 30 = 20.833… → 20.83.
    result = compute("refund", refund_cfg("thirty_day"), {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-05"})
    assert (result["amount"], result["period_end"], result["days"], result["unused_days"]) == ("20.83", "2026-01-31", 30, 25)


def test_a_refund_config_without_a_convention_counts_calendar_periods() -> None:
    cfg = {key: value for key, value in refund_cfg("thirty_day").items() if key != "convention"}
    result = compute("refund", cfg, {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-05"})
    assert (result["amount"], result["days"]) == ("20.97", 31)


def test_a_typed_amount_with_a_dollar_sign_and_thousands_separator() -> None:
    # "$2,400.00" is what a specialist copies off an invoice. Our billing error: all of it back, above every limit here.
    result = compute(
        "refund",
        refund_cfg(),
        {"plan": "business", "cycle": "annual", "paid": " $2,400.00 ", "paid_on": "2026-01-01", "refund_on": "2026-12-30", "reason": "error"},
    )
    assert result == {
        "outcome": "full",
        "amount": "2400.00",
        "paid": "2400.00",
        "days_since_charge": 363,
        "inside_window": False,
        "period_end": None,
        "days": None,
        "used_days": None,
        "unused_days": None,
        "unused_value": None,
        "approver": None,
        "above_all_limits": True,
    }


def test_a_late_goodwill_request_gets_nothing_but_shows_the_unused_time() -> None:
    # 15 days after the charge, outside the 14-day window: 16 of 31 days used, 15 unused (25 × 15 / 31 = 12.10), no refund.
    result = compute("refund", refund_cfg(), {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-16", "reason": ""})
    assert (result["outcome"], result["amount"], result["approver"], result["above_all_limits"]) == ("none", "0.00", None, False)
    assert (result["days_since_charge"], result["inside_window"], result["unused_value"]) == (15, False, "12.10")


def test_the_last_day_of_the_window_is_inside() -> None:
    result = compute("refund", refund_cfg(), {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-15"})
    assert (result["outcome"], result["inside_window"], result["amount"]) == ("partial", True, "12.90")  # 25 × 16 / 31 = 12.903…


def test_a_typed_amount_replaces_the_list_price_and_picks_the_approver() -> None:
    # 400.00 paid for a year, refunded the same day: 364 of 365 days unused, 400 × 364 / 365 = 398.904… → 398.90: Senior.
    result = compute("refund", refund_cfg(), {"plan": "pro", "cycle": "annual", "paid": "400", "paid_on": "2026-03-01", "refund_on": "2026-03-01"})
    assert (result["paid"], result["amount"], result["days_since_charge"], result["approver"]) == ("400.00", "398.90", 0, "Senior")


@pytest.mark.parametrize(
    ("inputs", "field", "code"),
    [
        ({"plan": "gold"}, "plan", "unknown_plan"),
        ({"cycle": "weekly"}, "cycle", "unknown_cycle"),
        ({"reason": "whim"}, "reason", "unknown_reason"),
        ({"paid": "two hundred"}, "paid", "bad_amount"),
        ({"paid": "1.999"}, "paid", "bad_amount"),
        ({"paid": "1234567890"}, "paid", "bad_amount"),
        ({"paid_on": ""}, "paid_on", "missing_date"),
        ({"paid_on": "27/11/2026"}, "paid_on", "bad_date"),
        ({"refund_on": None}, "refund_on", "missing_date"),
        ({"refund_on": "2026-02-30"}, "refund_on", "bad_date"),
        ({"refund_on": "2025-12-31"}, "refund_on", "before_payment"),
        ({"refund_on": "2026-02-01"}, "refund_on", "after_period"),
    ],
    ids=[
        "unknown-plan",
        "weekly",
        "whim",
        "words",
        "three-decimals",
        "ten-digits",
        "no-paid-date",
        "day-first",
        "no-refund-date",
        "30-february",
        "before",
        "after",
    ],
)
def test_refund_errors_name_their_field(inputs, field, code) -> None:
    base = {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-05"}
    assert compute("refund", refund_cfg(), {**base, **inputs}) == {"error": code, "field": field}


@pytest.mark.parametrize(
    ("paid", "accepted"),
    [("123456789.99", "123456789.99"), ("0.5", "0.50"), ("7", "7.00"), ("1,000", "1000.00"), ("12 345.60", "12345.60")],
)
def test_amounts_a_form_accepts(paid, accepted) -> None:
    # Up to nine digits and two decimals; spaces, commas and a dollar sign are typing, not value.
    base = {"plan": "pro", "cycle": "monthly", "paid_on": "2026-01-01", "refund_on": "2026-01-05", "reason": "error"}
    assert compute("refund", refund_cfg(), {**base, "paid": paid})["paid"] == accepted


@pytest.mark.parametrize(("day", "ok"), [("1899-12-31", False), ("1900-01-01", True), ("2199-12-31", True), ("2200-01-01", False), ("２０２６-01-01", False)])
def test_years_a_form_accepts(day, ok) -> None:
    """1900 to 2199: any billing question, and safe for JavaScript's Date. Only ASCII digits, as in the browser."""
    assert YEARS == (1900, 2199) and CYCLES == ("monthly", "annual")
    result = compute("domain", config("domain", DATA), {"tld": "com", "expiry": day, "today": day})
    assert ("error" not in result) is ok, result
    if not ok:
        assert result == {"error": "bad_date", "field": "expiry"}


# Plan changes. An upgrade credits the unused old plan and charges the new one for the rest of the period.


def test_a_calendar_upgrade_mid_period() -> None:
    # Billed on the 10th: 10 November to 10 December is 30 days; from 27 November 13 are left.
    # Credit 25 × 13/30 = 10.833… → 10.83; charge 250 × 13/30 = 108.333… → 108.33; net 97.50.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "10", "change_date": "2026-11-27"}
    assert compute("proration", proration_cfg(), inputs) == {
        "kind": "upgrade",
        "period_start": "2026-11-10",
        "period_end": "2026-12-10",
        "period_days": 30,
        "remaining_days": 13,
        "remaining_units": 13,
        "total_units": 30,
        "unit": "days",
        "credit": "10.83",
        "charge": "108.33",
        "net": "97.50",
        "effective": "2026-11-27",
        "next_invoice_date": "2026-12-10",
        "next_invoice_amount": "250.00",
    }


def test_a_downgrade_waits_for_the_period_end() -> None:
    inputs = {"from_plan": "business", "to_plan": "pro", "cycle": "monthly", "billing_day": "10", "change_date": "2026-11-27"}
    result = compute("proration", proration_cfg(), inputs)
    assert (result["kind"], result["credit"], result["charge"], result["net"]) == ("downgrade", "0.00", "0.00", "0.00")
    assert (result["effective"], result["next_invoice_date"], result["next_invoice_amount"], result["remaining_days"]) == (
        "2026-12-10",
        "2026-12-10",
        "25.00",
        13,
    )


def test_an_annual_upgrade_uses_the_billing_month() -> None:
    # Billed on 15 March: 15 March 2026 to 15 March 2027 is 365 days, 108 left from 27 November.
    # Credit 240 × 108/365 = 71.013… → 71.01; charge 2400 × 108/365 = 710.136… → 710.14; net 639.13.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "annual", "billing_day": "15", "billing_month": "3", "change_date": "2026-11-27"}
    result = compute("proration", proration_cfg(), inputs)
    assert (result["period_start"], result["period_end"], result["remaining_days"]) == ("2026-03-15", "2027-03-15", 108)
    assert (result["credit"], result["charge"], result["net"], result["next_invoice_amount"]) == ("71.01", "710.14", "639.13", "2400.00")


def test_an_hourly_upgrade_counts_hours_from_the_change() -> None:
    # November has 720 hours; a change at 09:00 UTC on 20 November leaves 11 days × 24 − 9 = 255 hours.
    # Credit 25 × 255/720 = 8.854… → 8.85; charge 250 × 255/720 = 88.541… → 88.54; net 79.69.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "1", "change_date": "2026-11-20", "hour": "9"}
    result = compute("proration", proration_cfg("hourly"), inputs)
    assert (result["remaining_units"], result["total_units"], result["unit"], result["remaining_days"]) == (255, 720, "hours", 11)
    assert (result["credit"], result["charge"], result["net"]) == ("8.85", "88.54", "79.69")
    midnight = compute("proration", proration_cfg("hourly"), {**inputs, "hour": ""})
    assert (midnight["remaining_units"], midnight["credit"]) == (264, "9.17")  # 25 × 264/720 = 9.166…


def test_the_hour_is_read_only_under_the_hourly_convention() -> None:
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "1", "change_date": "2026-11-20", "hour": "24"}
    assert compute("proration", proration_cfg("hourly"), inputs) == {"error": "out_of_range", "field": "hour"}
    assert compute("proration", proration_cfg("calendar"), inputs)["remaining_units"] == 11


def test_thirty_day_periods_count_from_the_last_billing_date() -> None:
    # Last billed 25 October: the period is 25 October to 24 November (30 days); from 20 November 4 days are left.
    # Credit 25 × 4/30 = 3.333… → 3.33; charge 250 × 4/30 = 33.333… → 33.33; net 30.00.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "last_billed": "2026-10-25", "change_date": "2026-11-20"}
    result = compute("proration", proration_cfg("thirty_day"), inputs)
    assert (result["period_start"], result["period_end"], result["period_days"], result["remaining_days"]) == ("2026-10-25", "2026-11-24", 30, 4)
    assert (result["credit"], result["charge"], result["net"]) == ("3.33", "33.33", "30.00")
    # Billed three periods earlier, on 1 September: the periods run 1 Sep, 1 Oct, 31 Oct, 30 Nov; 20 November is in the third.
    older = compute("proration", proration_cfg("thirty_day"), {**inputs, "last_billed": "2026-09-01"})
    assert (older["period_start"], older["period_end"], older["remaining_days"]) == ("2026-10-31", "2026-11-30", 10)


def test_thirty_day_periods_without_a_last_billing_date_start_on_the_typed_billing_day() -> None:
    # No last billing date: the period starts on the calendar billing date, 15 November, and runs 30 days to 15 December.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "15", "change_date": "2026-11-20"}
    result = compute("proration", proration_cfg("thirty_day"), inputs)
    assert (result["period_start"], result["period_end"], result["remaining_days"], result["net"]) == ("2026-11-15", "2026-12-15", 25, "187.50")
    # Neither typed: the billing day defaults to the 1st.
    plain = compute("proration", proration_cfg("thirty_day"), {**inputs, "billing_day": " "})
    assert (plain["period_start"], plain["period_end"], plain["remaining_days"]) == ("2026-11-01", "2026-12-01", 11)


def test_thirty_day_annual_periods_start_on_the_typed_billing_month() -> None:
    # Billed on 15 March: 365 days from 15 March 2026 to 15 March 2027; 115 left from 20 November.
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "annual", "billing_day": "15", "billing_month": "3", "change_date": "2026-11-20"}
    result = compute("proration", proration_cfg("thirty_day"), inputs)
    assert (result["period_start"], result["period_end"], result["period_days"], result["remaining_days"]) == ("2026-03-15", "2027-03-15", 365, 115)
    plain = compute("proration", proration_cfg("thirty_day"), {**inputs, "billing_month": ""})
    assert (plain["period_start"], plain["period_end"]) == ("2026-01-15", "2027-01-15")


def test_january_and_midnight_are_in_range() -> None:
    """The lowest value of each list a form offers is accepted: billing month 1 (January), hour 0 (midnight UTC)."""
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "annual", "billing_day": "1", "billing_month": "1", "change_date": "2026-11-20"}
    assert compute("proration", proration_cfg(), inputs)["period_start"] == "2026-01-01"
    hourly = compute("proration", proration_cfg("hourly"), {**inputs, "cycle": "monthly", "hour": "0"})
    assert (hourly["remaining_units"], hourly["total_units"]) == (264, 720)
    assert compute("proration", proration_cfg("hourly"), {**inputs, "cycle": "monthly", "hour": "23"})["remaining_units"] == 241


def test_a_last_billing_date_on_the_change_day_starts_a_whole_period() -> None:
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "last_billed": "2026-11-20", "change_date": "2026-11-20"}
    result = compute("proration", proration_cfg("thirty_day"), inputs)
    assert (result["period_start"], result["remaining_days"], result["credit"], result["charge"]) == ("2026-11-20", 30, "25.00", "250.00")


def test_the_last_billing_date_is_ignored_outside_thirty_day_periods() -> None:
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "1", "last_billed": "2026-12-25", "change_date": "2026-11-20"}
    assert compute("proration", proration_cfg("calendar"), inputs)["period_start"] == "2026-11-01"


def test_a_proration_config_without_a_convention_counts_calendar_periods() -> None:
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "31", "change_date": "2026-02-10"}
    result = compute("proration", {"plans": PLANS}, inputs)
    assert (result["period_start"], result["period_end"], result["unit"]) == ("2026-01-31", "2026-02-28", "days")


@pytest.mark.parametrize(
    ("convention", "inputs", "field", "code"),
    [
        ("calendar", {"from_plan": "gold"}, "from_plan", "unknown_plan"),
        ("calendar", {"to_plan": "gold"}, "to_plan", "unknown_plan"),
        ("calendar", {"to_plan": "pro"}, "to_plan", "same_plan"),
        ("calendar", {"cycle": ""}, "cycle", "unknown_cycle"),
        ("calendar", {"billing_day": "32"}, "billing_day", "out_of_range"),
        ("calendar", {"billing_day": "0"}, "billing_day", "out_of_range"),
        ("calendar", {"billing_day": ""}, "billing_day", "out_of_range"),
        ("calendar", {"billing_day": "1.5"}, "billing_day", "out_of_range"),
        ("calendar", {"billing_day": "0001"}, "billing_day", "out_of_range"),
        ("thirty_day", {"billing_day": "32"}, "billing_day", "out_of_range"),
        ("calendar", {"cycle": "annual", "billing_month": "13"}, "billing_month", "out_of_range"),
        ("calendar", {"cycle": "annual", "billing_month": "0"}, "billing_month", "out_of_range"),
        ("thirty_day", {"cycle": "annual", "billing_month": "13"}, "billing_month", "out_of_range"),
        ("calendar", {"change_date": "27/11/2026"}, "change_date", "bad_date"),
        ("calendar", {"change_date": ""}, "change_date", "missing_date"),
        ("thirty_day", {"last_billed": "2026-11-21"}, "last_billed", "after_change"),
        ("thirty_day", {"last_billed": "2026-11-31"}, "last_billed", "bad_date"),
        ("hourly", {"hour": "x"}, "hour", "out_of_range"),
    ],
)
def test_plan_change_errors_name_their_field(convention, inputs, field, code) -> None:
    base = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": "1", "billing_month": "1", "change_date": "2026-11-20"}
    assert compute("proration", proration_cfg(convention), {**base, **inputs}) == {"error": code, "field": field}


def test_a_monthly_plan_ignores_the_billing_month_and_a_padded_day_is_read() -> None:
    inputs = {"from_plan": "pro", "to_plan": "business", "cycle": "monthly", "billing_day": " 20 ", "billing_month": "13", "change_date": "2026-11-20"}
    result = compute("proration", proration_cfg(), inputs)
    assert (result["period_start"], result["remaining_days"]) == ("2026-11-20", 30)
    assert compute("proration", proration_cfg(), {**inputs, "billing_day": "31"})["period_start"] == "2026-10-31"


# Domains: the phase a name is in, from the real lifecycle data (day 0 is the expiry date).


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-05", ("active", -5, None, None, "renewal")),
        ("2026-11-10", ("active", 0, None, None, "renewal")),
        ("2026-11-30", ("grace", 20, "2026-11-11", "2026-12-10", "renewal")),
        ("2026-12-15", ("suspended", 35, "2026-12-11", "2026-12-20", "renewal")),
        ("2026-12-21", ("redemption", 41, "2026-12-21", "2027-01-19", "restore")),
        ("2027-01-24", ("pending_delete", 75, "2027-01-20", "2027-01-24", "none")),
        ("2027-01-25", ("released", 76, None, None, "register")),
    ],
    ids=["before-expiry", "expiry-day", "grace", "suspended", "redemption", "pending-delete", "released"],
)
def test_domain_phase_on_each_side_of_each_boundary(today, expected) -> None:
    # Expired 10 November: renew at the normal price to day 40 (20 December), restore to day 70 (19 January),
    # released from day 76 (25 January).
    result = compute("domain", config("domain", DATA), {"tld": "com", "expiry": "2026-11-10", "today": today})
    assert (result["phase"], result["day"], result["phase_start"], result["phase_end"], result["fee"]) == expected
    assert (result["renew_by"], result["restore_by"], result["released_from"], result["restore_in_dashboard"]) == (
        "2026-12-20",
        "2027-01-19",
        "2027-01-25",
        True,
    )


def test_a_uk_domain_is_restored_by_registrar_operations() -> None:
    result = compute("domain", config("domain", DATA), {"tld": "uk", "expiry": "2026-11-10", "today": "2026-12-21"})
    assert (result["phase"], result["restore_in_dashboard"]) == ("redemption", False)


def test_a_lifecycle_without_a_restore_phase_has_no_restore_date() -> None:
    cfg = config("domain", DATA)
    cfg = {**cfg, "phases": [{**p, "fee": "renewal" if p["fee"] == "restore" else p["fee"]} for p in cfg["phases"]]}
    result = compute("domain", cfg, {"tld": "com", "expiry": "2026-11-10", "today": "2026-11-30"})
    assert (result["restore_by"], result["renew_by"]) == (None, "2027-01-19")


@pytest.mark.parametrize(
    ("inputs", "field", "code"),
    [({"tld": "xyz"}, "tld", "unknown_tld"), ({"expiry": "2026-13-01"}, "expiry", "bad_date"), ({"today": ""}, "today", "missing_date")],
)
def test_domain_errors_name_their_field(inputs, field, code) -> None:
    base = {"tld": "com", "expiry": "2026-11-10", "today": "2026-11-30"}
    assert compute("domain", config("domain", DATA), {**base, **inputs}) == {"error": code, "field": field}


# Dunning: day 0 is the failed payment; five retry days inside a five-day grace period; downgraded on day 6.


def test_dunning_dates_without_today() -> None:
    assert compute("dunning", DUNNING, {"failed_on": "2026-11-28"}) == {
        "retries": ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"],
        "grace_ends": "2026-12-03",
        "downgrade_on": "2026-12-04",
        "day": None,
        "status": None,
    }


@pytest.mark.parametrize(
    ("today", "day", "status"),
    [
        ("2026-11-28", 0, "failed_today"),
        ("2026-11-29", 1, "grace"),
        ("2026-12-03", 5, "grace"),
        ("2026-12-04", 6, "downgraded"),
        ("2027-01-01", 34, "downgraded"),
    ],
)
def test_dunning_status_on_each_day(today, day, status) -> None:
    result = compute("dunning", DUNNING, {"failed_on": "2026-11-28", "today": today})
    assert (result["day"], result["status"], result["downgrade_on"]) == (day, status, "2026-12-04")


def test_dunning_retries_are_listed_in_date_order() -> None:
    result = compute("dunning", {**DUNNING, "retry_days": [5, 1, 3]}, {"failed_on": "2026-12-30", "today": ""})
    assert result["retries"] == ["2026-12-31", "2027-01-02", "2027-01-04"] and result["grace_ends"] == "2027-01-04"


@pytest.mark.parametrize(
    ("inputs", "field", "code"),
    [({"failed_on": ""}, "failed_on", "missing_date"), ({"today": "2026-11-27"}, "today", "before_failure"), ({"today": "28/11/2026"}, "today", "bad_date")],
)
def test_dunning_errors_name_their_field(inputs, field, code) -> None:
    assert compute("dunning", DUNNING, {"failed_on": "2026-11-28", **inputs}) == {"error": code, "field": field}


# Transfers, from the real TLD rules: .com adds a year after a five-day window; .uk adds none and lapses after 30 days.


def test_a_com_transfer_waits_for_the_lock_after_a_registrant_change() -> None:
    # Changed 10 February: 60 days later is 11 April. The window closes 5 days after (16 April); the next transfer
    # 60 days after that (15 June). Expiry 30 June 2026 gains a year.
    inputs = {"tld": "com", "requested_on": "2026-03-02", "expiry": "2026-06-30", "last_change_on": "2026-02-10"}
    assert compute("transfer", config("transfer", DATA), inputs) == {
        "allowed_from": "2026-04-11",
        "waits_for_lock": True,
        "latest_completion": "2026-04-16",
        "new_expiry": "2027-06-30",
        "year_added": True,
        "capped": False,
        "next_transfer_from": "2026-06-15",
        "renew_first": False,
        "cancels_on": None,
    }


def test_a_uk_transfer_adds_no_year_and_lapses_after_thirty_days() -> None:
    # Requested 2 March, expiring 10 March (8 days: renew first). No lock: it may start at once and lapses on 1 April.
    inputs = {"tld": "uk", "requested_on": "2026-03-02", "expiry": "2026-03-10", "last_change_on": ""}
    assert compute("transfer", config("transfer", DATA), inputs) == {
        "allowed_from": "2026-03-02",
        "waits_for_lock": False,
        "latest_completion": "2026-04-01",
        "new_expiry": "2026-03-10",
        "year_added": False,
        "capped": False,
        "next_transfer_from": "2026-05-31",
        "renew_first": True,
        "cancels_on": "2026-04-01",
    }


def test_a_uk_transfer_does_not_wait_after_a_registrant_change() -> None:
    # Changed 10 February, requested 2 March: .uk has no lock before a transfer, so it may start at once and lapses
    # 30 days later (1 April); Cloudflare's own 60-day lock after it arrives ends 60 days after that (31 May).
    inputs = {"tld": "uk", "requested_on": "2026-03-02", "expiry": "2026-06-30", "last_change_on": "2026-02-10"}
    result = compute("transfer", config("transfer", DATA), inputs)
    assert (result["allowed_from"], result["waits_for_lock"], result["latest_completion"]) == ("2026-03-02", False, "2026-04-01")
    assert (result["next_transfer_from"], result["new_expiry"], result["year_added"]) == ("2026-05-31", "2026-06-30", False)


def test_a_co_transfer_at_the_five_year_cap_adds_no_year() -> None:
    inputs = {"tld": "co", "requested_on": "2026-03-02", "expiry": "2030-12-31"}
    result = compute("transfer", config("transfer", DATA), inputs)
    assert (result["new_expiry"], result["year_added"], result["capped"]) == ("2030-12-31", False, True)


@pytest.mark.parametrize(
    ("inputs", "field", "code"),
    [
        ({"tld": "xyz"}, "tld", "unknown_tld"),
        ({"requested_on": ""}, "requested_on", "missing_date"),
        ({"expiry": "soon"}, "expiry", "bad_date"),
        ({"last_change_on": "2026-03-03"}, "last_change_on", "after_request"),
        ({"last_change_on": "2026-3-1"}, "last_change_on", "bad_date"),
    ],
)
def test_transfer_errors_name_their_field(inputs, field, code) -> None:
    base = {"tld": "com", "requested_on": "2026-03-02", "expiry": "2026-06-30"}
    assert compute("transfer", config("transfer", DATA), {**base, **inputs}) == {"error": code, "field": field}


def test_a_change_on_the_request_day_is_allowed() -> None:
    inputs = {"tld": "com", "requested_on": "2026-03-02", "expiry": "2026-06-30", "last_change_on": "2026-03-02"}
    assert compute("transfer", config("transfer", DATA), inputs)["allowed_from"] == "2026-05-01"
