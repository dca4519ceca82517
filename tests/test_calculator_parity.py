"""The calculators in the browser equal the Python reference: generated cases, identical to the cent and the day.

macros/calculators.py is the reference; docs/assets/javascripts/calc-core.js repeats it in integer cents and day
numbers. Each calculator gets at least 500 generated cases (month ends, 29 February, same-day requests, half-cent
rounding, bad and out-of-order input) run through both, in Chromium.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

import pytest

from macros.calculators import KINDS, compute, config
from macros.data import load_site_data
from macros.periods import CONVENTIONS

from .conftest import ROOT

pytestmark = pytest.mark.browser
CORE = ROOT / "docs" / "assets" / "javascripts" / "calc-core.js"
DATA = load_site_data(ROOT)
CASES_PER_KIND = 600


def _day(rng: random.Random) -> date:
    """A date biased to the edges: month ends, 28/29 February, 1 March, year ends."""
    year = rng.choice([2023, 2024, 2025, 2026, 2027, 2028, 2100])
    pick = rng.random()
    if pick < 0.15:
        return date(year, 2, 29) if year % 4 == 0 and year != 2100 else date(year, 2, 28)
    if pick < 0.35:
        month = rng.randint(1, 12)
        return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    if pick < 0.45:
        return date(year, rng.choice([1, 3, 12]), 1)
    return date(year, 1, 1) + timedelta(days=rng.randint(0, 364))


def _later(rng: random.Random, start: date, most: int) -> date:
    return start + timedelta(days=rng.choice([0, 0, 1, 13, 14, 15, rng.randint(0, most)]))


BAD_DATES = ["", "2026-02-30", "2026-13-01", "27/11/2026", "2026-1-5", "1899-12-31", "2200-01-01", "２０２６-01-01", "nonsense"]


def _maybe_bad(rng: random.Random, value: str, bad: list[str], rate: float = 0.06) -> str:
    return rng.choice(bad) if rng.random() < rate else value


def _refund_case(rng: random.Random, cfg: dict[str, Any]) -> dict[str, Any]:
    plan = rng.choice([p["key"] for p in cfg["plans"]] + ["enterprise"] * (rng.random() < 0.05))
    cycle = rng.choice(["monthly", "annual", "annual"] + ["weekly"] * (rng.random() < 0.03))
    paid_on = _day(rng)
    refund_on = _later(rng, paid_on, 400) if rng.random() > 0.05 else paid_on - timedelta(days=rng.randint(1, 30))
    amount = rng.choice(["", "", "240.00", "25", "0.15", "2,400.00", "$99.99", "100.01", "500.00", "500.01", "12345.67", "abc", "1.999"])
    return {
        "plan": plan,
        "cycle": cycle,
        "paid": amount,
        "paid_on": _maybe_bad(rng, paid_on.isoformat(), BAD_DATES),
        "refund_on": _maybe_bad(rng, refund_on.isoformat(), BAD_DATES),
        "reason": rng.choice(["goodwill", "goodwill", "error", "" if rng.random() < 0.5 else "whim"]),
    }


def _proration_case(rng: random.Random, cfg: dict[str, Any]) -> dict[str, Any]:
    keys = [p["key"] for p in cfg["plans"]]
    change = _day(rng)
    last = change - timedelta(days=rng.choice([0, 1, 29, 30, 31, 59, 60, 364, 365, 700, -3]))
    case = {
        "from_plan": rng.choice(keys + ["gold"] * (rng.random() < 0.04)),
        "to_plan": rng.choice(keys),
        "cycle": rng.choice(["monthly", "monthly", "annual"]),
        "billing_day": _maybe_bad(rng, str(rng.choice([1, 15, 28, 29, 30, 31, rng.randint(1, 31)])), ["0", "32", "", "x"]),
        "billing_month": _maybe_bad(rng, str(rng.randint(1, 12)), ["0", "13", ""]),
        "change_date": _maybe_bad(rng, change.isoformat(), BAD_DATES),
        "last_billed": "" if rng.random() < 0.3 else _maybe_bad(rng, last.isoformat(), BAD_DATES),
        "hour": rng.choice(["", "0", "9", "23", str(rng.randint(0, 23)), "24", "x"]),
    }
    if rng.random() < 0.2:
        # The form leaves out the fields its convention does not ask for (the billing day under thirty_day).
        del case["billing_day"], case["billing_month"]
    return case


def _domain_case(rng: random.Random, cfg: dict[str, Any]) -> dict[str, Any]:
    expiry = _day(rng)
    today = expiry + timedelta(days=rng.choice([-31, -30, -1, 0, 1, 20, 30, 31, 40, 41, 70, 71, 75, 76, 200, rng.randint(-60, 120)]))
    return {
        "tld": rng.choice([t["key"] for t in cfg["tlds"]] + ["xyz"] * (rng.random() < 0.04)),
        "expiry": _maybe_bad(rng, expiry.isoformat(), BAD_DATES),
        "today": _maybe_bad(rng, today.isoformat(), BAD_DATES),
    }


def _dunning_case(rng: random.Random, cfg: dict[str, Any]) -> dict[str, Any]:
    failed = _day(rng)
    today = failed + timedelta(days=rng.choice([-1, 0, 1, 4, 5, 6, 7, 30]))
    return {
        "failed_on": _maybe_bad(rng, failed.isoformat(), BAD_DATES),
        "today": "" if rng.random() < 0.2 else _maybe_bad(rng, today.isoformat(), BAD_DATES),
    }


def _transfer_case(rng: random.Random, cfg: dict[str, Any]) -> dict[str, Any]:
    requested = _day(rng)
    expiry = requested + timedelta(days=rng.choice([-3, 0, 10, 15, 16, 60, 365, 3000, 3650, 3652, rng.randint(1, 3700)]))
    change = requested - timedelta(days=rng.choice([-5, 0, 1, 30, 59, 60, 61, 400]))
    return {
        "tld": rng.choice([t["key"] for t in cfg["tlds"]] + ["xyz"] * (rng.random() < 0.04)),
        "requested_on": _maybe_bad(rng, requested.isoformat(), BAD_DATES),
        "expiry": _maybe_bad(rng, expiry.isoformat(), BAD_DATES),
        "last_change_on": "" if rng.random() < 0.4 else _maybe_bad(rng, change.isoformat(), BAD_DATES),
    }


GENERATORS = {"refund": _refund_case, "proration": _proration_case, "domain": _domain_case, "dunning": _dunning_case, "transfer": _transfer_case}


#: Calculators whose arithmetic depends on the billing-period convention are checked under every convention.
BY_CONVENTION = ("refund", "proration")


def generated(kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(config, inputs)`` pairs: the config as the page emits it (one per convention where that matters)."""
    base = json.loads(json.dumps(config(kind, DATA)))
    rng = random.Random(f"kb-parity-{kind}")
    configs = [{**base, "convention": rule} for rule in CONVENTIONS] if kind in BY_CONVENTION else [base]
    return [(cfg, GENERATORS[kind](rng, cfg)) for cfg in configs for _ in range(CASES_PER_KIND)]


def test_every_calculator_has_a_generator() -> None:
    assert set(GENERATORS) == set(KINDS)


@pytest.fixture
def core_page(page):
    page.set_content("<!doctype html><title>parity</title>")
    page.add_script_tag(content=CORE.read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("kind", KINDS)
def test_browser_equals_python(core_page, kind: str) -> None:
    pairs = generated(kind)
    cases = [case for _, case in pairs]
    expected = [compute(kind, cfg, case) for cfg, case in pairs]
    actual = core_page.evaluate("([kind, pairs]) => pairs.map(([cfg, c]) => KBCalc.compute(kind, cfg, c))", [kind, pairs])
    mismatches = [(pair, want, got) for pair, want, got in zip(pairs, expected, actual, strict=True) if want != got]
    assert not mismatches, (
        f"{kind}: {len(mismatches)} of {len(cases)} cases differ; first: inputs {mismatches[0][0]}\n python  {mismatches[0][1]}\n browser {mismatches[0][2]}"
    )
    # The generated cases reach every branch: valid results and each kind of error.
    outcomes = {r.get("error") or r.get("outcome") or r.get("kind") or r.get("phase") or r.get("status") or "ok" for r in expected}
    assert len(cases) >= 500 and len(outcomes) >= 4, f"{kind}: the generator covers too little: {sorted(outcomes)}"


def test_a_broken_mirror_is_caught(core_page) -> None:
    """The parity check can fail: a browser refund that rounds halves down differs from Python on generated cases."""
    pairs = generated("refund")
    expected = [compute("refund", cfg, case) for cfg, case in pairs]
    broken = core_page.evaluate(
        """(pairs) => pairs.map(([cfg, c]) => {
            const r = KBCalc.compute('refund', cfg, c);
            if (r.unused_value && /5$/.test(String(KBCalc.cents(r.unused_value)))) r.unused_value = KBCalc.money(KBCalc.cents(r.unused_value) - 1);
            return r;
        })""",
        pairs,
    )
    assert broken != expected
