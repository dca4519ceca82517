"""The macros as pages call them: golden rendered tables, HTML escaping, and the messages for bad arguments."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import yaml

from macros import widgets
from macros.blocks import accounting, args, billing, domains, journal
from macros.data import load_site_data
from macros.money import format_money
from macros.tables import cell

from .conftest import AS_OF as PINNED
from .conftest import ROOT

DATA = load_site_data(ROOT)
AS_OF = date.fromisoformat(PINNED)  # the one pinned build date, from conftest
WHY = "pinned by KB_AS_OF"
GOLDEN = Path(__file__).parent / "golden"
RENDERERS = {
    "proration_table": lambda **kw: billing.proration_block(DATA, AS_OF, WHY, **kw),
    "revenue_schedule": lambda **kw: accounting.revenue_block(DATA, AS_OF, WHY, **kw),
    "domain_lifecycle": lambda **kw: domains.lifecycle_block(DATA, AS_OF, WHY, **kw),
    "dunning_schedule": lambda **kw: billing.dunning_block(DATA, AS_OF, WHY, **kw),
    "partial_refund": lambda **kw: billing.partial_refund_block(DATA, AS_OF, WHY, **kw),
    "tax_example": lambda **kw: billing.tax_block(DATA, AS_OF, WHY, **kw),
    "journal_entries": lambda **kw: journal.journal_block(DATA, AS_OF, WHY, **kw),
    "contract_modification": lambda **kw: accounting.modification_block(DATA, AS_OF, WHY, **kw),
    "usage_revenue": lambda **kw: accounting.usage_block(DATA, AS_OF, WHY, **kw),
    "credit_loss_allowance": lambda **kw: accounting.credit_loss_block(DATA, AS_OF, WHY, **kw),
    "fx_example": lambda **kw: accounting.fx_block(DATA, AS_OF, WHY, **kw),
    "transfer_timeline": lambda **kw: domains.transfer_block(DATA, AS_OF, WHY, **kw),
    "price_breakdown": lambda **kw: domains.price_breakdown_block(DATA, **kw),
}
CASES = sorted(GOLDEN.glob("*/*.yml"))


class _LiteralDumper(yaml.SafeDumper):
    """Writes multi-line strings as YAML literal blocks, so a golden file reads like the rendered Markdown."""


_LiteralDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def test_there_are_golden_cases_for_every_table_macro() -> None:
    assert {case.parent.name for case in CASES} == set(RENDERERS)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_golden(case: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    rendered = RENDERERS[case.parent.name](**spec["args"])
    if os.environ.get("KB_UPDATE_GOLDEN") == "1":
        # Regenerate after an intended change, then review the diff like any other change.
        case.write_text(
            yaml.dump({"args": spec["args"], "expected": rendered}, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8"
        )
    assert rendered == spec["expected"], f"{case.relative_to(ROOT)} differs; if intended, rerun with KB_UPDATE_GOLDEN=1 and review the diff"


def test_values_are_html_escaped() -> None:
    assert cell('<script>alert("x")</script> | *a* _b_ [c]') == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#124; &#42;a&#42; &#95;b&#95; &#91;c&#93;")


def test_escalation_and_glance_come_from_data() -> None:
    team = DATA.teams["payments-eng"]
    block = billing.escalation_block(DATA, "payments-eng")
    assert team.queue in block and f"{team.response_target_hours} business hours" in block
    glance = widgets.at_a_glance(DATA, {"owner": "billing-support", "aliases": ["charged twice"], "actions": ["credit"]}, "Any", "5 min", "")
    assert "**Also known as:** charged twice" in glance
    credit = " · ".join(f"{limit.short} {format_money(limit.credit, DATA.currency)}" for limit in DATA.approval_limits)
    assert f"**Approval (team policy):** Account credit or credit note up to: {credit}" in glance


def test_policy_and_price() -> None:
    assert billing.policy_text(DATA, "refunds.goodwill_window_days") == str(DATA.policy["refunds"]["goodwill_window_days"])
    assert billing.price_text(DATA, "pro", "monthly").startswith("$25.00 a month") and "unverified" in billing.price_text(DATA, "pro", "monthly")
    assert "unverified" not in billing.price_text(DATA, "free", "monthly")


BAD_CALLS = [
    (
        "unknown-plan",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="gold", to_plan="pro"),
        "from_plan='gold' is not a plan in data/plans.yml — use one of: free, pro, business",
    ),
    (
        "same-plan",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="pro", to_plan="pro"),
        "from_plan and to_plan are both 'pro' — a plan change needs two different plans",
    ),
    (
        "bad-cycle",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="pro", to_plan="business", cycle="yearly"),
        "cycle='yearly' is not a billing cycle — use one of: monthly, annual",
    ),
    ("bad-date", lambda: domains.lifecycle_block(DATA, AS_OF, WHY, expiry="29/02/2024"), "expiry: expected an ISO date like 2026-02-28, got '29/02/2024'"),
    ("bad-amount", lambda: accounting.revenue_block(DATA, AS_OF, WHY, amount=12.5), 'amount: expected a quoted decimal like "20.00", got 12.5'),
    ("unknown-queue", lambda: billing.escalation_block(DATA, "finance"), "queue='finance' is not a team in data/teams.yml — use one of: "),
    ("unknown-policy", lambda: billing.policy_text(DATA, "refunds.window"), "unknown policy key 'refunds.window' — use one of: "),
    (
        "bad-basis",
        lambda: accounting.modification_block(DATA, AS_OF, WHY, price="100.00", start="2026-01-01", basis="weekly"),
        "basis='weekly' — use one of: daily, monthly (daily: ratable by day; monthly: ratable by month)",
    ),
    (
        "bad-progress",
        lambda: accounting.modification_block(DATA, AS_OF, WHY, price="100.00", progress="units"),
        "progress='units' — use one of: time, cost (time: elapsed time; cost: costs incurred ÷ expected costs)",
    ),
    (
        "cost-without-costs",
        lambda: accounting.modification_block(DATA, AS_OF, WHY, price="100.00", progress="cost"),
        'progress="cost" needs price, costs_to_date and expected_costs',
    ),
    (
        "costs-beyond-estimate",
        lambda: accounting.modification_block(DATA, AS_OF, WHY, price="100.00", progress="cost", costs_to_date="80.00", expected_costs="70.00"),
        "costs incurred (80.00) cannot exceed the total expected costs (70.00): revise the estimate",
    ),
    (
        "bad-side",
        lambda: accounting.fx_block(DATA, AS_OF, WHY, side="asset"),
        "side='asset' — use one of: receivable, payable",
    ),
    (
        "bad-quote",
        lambda: accounting.fx_block(DATA, AS_OF, WHY, quote="reciprocal"),
        "quote='reciprocal' — use one of: direct, indirect (direct: USD per foreign unit; indirect: foreign units per USD)",
    ),
    (
        "bad-downgrade",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="business", to_plan="pro", downgrade="now"),
        "downgrade='now' — use one of: period_end, immediate (period_end: Cloudflare's rule; immediate: Stripe's default, for comparison)",
    ),
    (
        "immediate-upgrade",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="pro", to_plan="business", downgrade="immediate"),
        "downgrade='immediate' applies to a downgrade; Pro to Business is an upgrade — leave downgrade out",
    ),
    (
        "negative-allowance",
        lambda: accounting.usage_block(DATA, AS_OF, WHY, period_start="2026-01-15", included="-5"),
        "units, rate and the included allowance must not be negative",
    ),
    (
        "bad-price",
        lambda: billing.proration_block(DATA, AS_OF, WHY, from_plan="pro", to_plan="business", to_price=200.5),
        "to_price: expected a quoted decimal",
    ),
]


@pytest.mark.parametrize(("case", "call", "message"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
def test_bad_macro_arguments_explain_the_fix(case, call, message) -> None:
    with pytest.raises(args.MacroInputError) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_lifecycle_diagram_is_drawn_from_the_data() -> None:
    diagram = domains.lifecycle_diagram_block(DATA)
    assert diagram.startswith("```mermaid\nflowchart LR\n") and diagram.endswith("```\n")
    for phase in DATA.lifecycle_phases:
        assert f"days {phase.first_day}-{phase.last_day}" in diagram and phase.name in diagram
        if phase.back_to_active:
            assert f'-- "{phase.back_to_active}" --> ACTIVE' in diagram
