"""Published examples entered as their authors wrote them: each test names its source and asserts the published result.

Where the calculation cannot reproduce a published figure to the cent, the test says why and asserts both numbers;
the page that shows the example says the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from macros.blocks import billing
from macros.credit import allowance
from macros.data import load_site_data
from macros.fx import convert, fx_remeasured, fx_settlement
from macros.modification import modify_by_cost, modify_contract
from macros.periods import Period, period_containing
from macros.proration import prorate
from macros.tax import self_assessment
from macros.usage import usage_events_schedule

from .conftest import ROOT

D = Decimal
DATA = load_site_data(ROOT)


# Proration


def test_stripe_upgrade_halfway_through_the_period() -> None:
    """Stripe, "Prorations": upgrading from a 10 USD to a 20 USD monthly plan halfway through the period bills an
    additional 5 USD: -5 USD for unused time on the 10 USD plan, +10 USD for the remaining time on the 20 USD plan.
    https://docs.stripe.com/billing/subscriptions/prorations
    Halfway: 15 of a 30-day period left. Matched exactly.
    """
    result = prorate(D("10.00"), D("20.00"), Period(date(2026, 4, 1), date(2026, 5, 1)), date(2026, 4, 16))
    assert (-result.credit, result.charge, result.net) == (D("-5.00"), D("10.00"), D("5.00"))


def test_stripe_downgrade_credited_at_once_is_the_same_example_reversed() -> None:
    """Stripe, "Prorations": "upgrading or downgrading a subscription can result in prorated charges ... Negative
    prorations aren't automatically refunded" (https://docs.stripe.com/billing/subscriptions/prorations); and "Customer
    invoice balance": "Prorations from downgrading a subscription can indirectly create credits to reduce the amount
    due on the next invoice" (https://stripe.com/docs/billing/customer/balance).
    Stripe prints figures for the upgrade only, so this is its example reversed (20 USD to 10 USD halfway), not a
    published figure: -10 USD unused, +5 USD remaining, a 5 USD credit to the balance. Cloudflare's rule for the same
    change credits nothing and waits for the period end.
    """
    period = Period(date(2026, 4, 1), date(2026, 5, 1))
    stripe = prorate(D("20.00"), D("10.00"), period, date(2026, 4, 16), downgrade="immediate")
    assert (-stripe.credit, stripe.charge, stripe.net, stripe.effective) == (D("-10.00"), D("5.00"), D("-5.00"), date(2026, 4, 16))
    cloudflare = prorate(D("20.00"), D("10.00"), period, date(2026, 4, 16))
    assert (cloudflare.net, cloudflare.effective) == (D("0.00"), date(2026, 5, 1))


def test_cloudflare_upgrade_example_reads_as_a_change_on_the_16th_under_thirty_day_periods() -> None:
    """Cloudflare Billing Policy (docs repository, commit 2e05d2c):
    https://github.com/cloudflare/cloudflare-docs/blob/2e05d2c75dc550be007e75be15e7530e21a8a748/content/support/account-management-billing/Billing%20Cloudflare%20Plans/Cloudflare%20Billing%20Policy.md
    Billing date 1 January, Pro ($20, "two $20 charges" on the same page) upgraded to Business on 15 January: Business
    "January 15 - January 30 ($100)", Pro credited "($10)", and an invoice "for the billing period of January 1 -
    January 30 in the amount of $110" on January 31.
    Not matched as printed, and why: under 30-day periods the dates match (1 January to 31 January exclusive, 30 days,
    invoiced on the 31st), but $100 and $10 are 15 of 30 days, a change on 16 January; a change on the 15th leaves 16
    days ($106.67 and $10.67). And $110 adds the credit to the charge; the net due is $90.
    """
    period = period_containing(date(2026, 1, 15), "monthly", "thirty_day", 1, 1, date(2026, 1, 1))
    assert (period.start, period.end, period.days) == (date(2026, 1, 1), date(2026, 1, 31), 30)
    on_16th = prorate(D("20.00"), D("200.00"), period, date(2026, 1, 16), "thirty_day")
    assert (on_16th.charge, on_16th.credit) == (D("100.00"), D("10.00"))
    assert on_16th.charge + on_16th.credit == D("110.00") and on_16th.net == D("90.00")
    on_15th = prorate(D("20.00"), D("200.00"), period, date(2026, 1, 15), "thirty_day")
    assert (on_15th.charge, on_15th.credit, on_15th.net) == (D("106.67"), D("10.67"), D("96.00"))
    # Through the macro, with the example's own prices.
    table = billing.proration_block(
        DATA, date(2026, 11, 30), "test", "pro", "business", "monthly", 1, 1, "2026-01-16", "thirty_day", from_price="20.00", to_price="200.00"
    )
    assert "| Charge for Business to period end | $200.00 × 15/30 days | $100.00 |" in table and "| Net due now | charge − credit | $90.00 |" in table


# Revenue by month


def test_ifrs15_example_7_services_contract_modified_recognises_70000_a_year_by_month() -> None:
    """IFRS 15 Illustrative Examples, Example 7 "Modification of a services contract" (ASC 606-10 Example 7, listed in
    Deloitte's Roadmap 9.2: https://dart.deloitte.com/USDART/home/codification/revenue/asc606-10/roadmap-revenue-recognition/chapter-9-contract-modifications/9-2-types-contract-modifications;
    the IASB booklet, May 2014: https://documents.pub/document/illustrative-examples-international-financial-examples-international-financial.html).
    A three-year cleaning contract at 100,000 a year; 100,000 recognised in each of the first two years; at the end of
    year two the third year's fee falls to 80,000 and three more years are added for 200,000, so the added
    consideration is 200,000 - 20,000 = 180,000 (this macro takes one added amount). The remaining 280,000 is
    recognised at 70,000 a year over the remaining four years.
    Matched exactly by month. By day the same contract (2021-2026, 2024 a leap year) is off by up to 143.73 a year,
    which is why the basis is a setting.
    """
    by_month = modify_contract(D("300000.00"), date(2021, 1, 1), date(2024, 1, 1), date(2023, 1, 1), D("180000.00"), date(2027, 1, 1), "prospective", "monthly")
    assert by_month.recognised_before == D("200000.00")
    assert [sum(r.recognised for r in by_month.rows[i : i + 12]) for i in range(0, 48, 12)] == [D("70000.00")] * 4
    by_day = modify_contract(D("300000.00"), date(2021, 1, 1), date(2024, 1, 1), date(2023, 1, 1), D("180000.00"), date(2027, 1, 1), "prospective")
    years = [sum(r.recognised for r in by_day.rows[i : i + 12]) for i in range(0, 48, 12)]
    assert years == [D("69952.09"), D("70143.73"), D("69952.09"), D("69952.09")]
    assert max(abs(year - D("70000.00")) for year in years) == D("143.73")


# Cost-to-cost


def test_ifrs15_example_8_cost_to_cost_catch_up() -> None:
    """IFRS 15 Illustrative Examples, Example 8 "Modification resulting in a cumulative catch-up adjustment to revenue"
    (ASC 606-10 Example 8; the IASB booklet, May 2014: https://documents.pub/document/illustrative-examples-international-financial-examples-international-financial.html).
    A building for 1,000,000 with expected costs of 700,000 (a 200,000 bonus constrained); 420,000 of costs in year
    one is 60% progress and 600,000 of revenue. The modification adds 150,000 of fixed consideration and 120,000 of
    expected costs, and the 200,000 bonus is now included: 1,350,000 against 820,000 of costs.
    Year one matched exactly. The catch-up is not matched: the example states progress as 51.2% and books
    0.512 × 1,350,000 - 600,000 = 91,200; the exact ratio 420,000 ÷ 820,000 = 51.2195…% gives 91,463.41. The
    calculation keeps the exact ratio rather than a rounded percentage.
    """
    result = modify_by_cost(D("1000000.00"), D("420000.00"), D("700000.00"), D("350000.00"), D("820000.00"), "catch_up")
    assert result.recognised_before == D("600000.00") and result.progress_before == D("0.6")
    assert result.catch_up == D("91463.41")
    # The published figure is the same formula at the rounded 51.2%.
    assert D("0.512") * D("1350000.00") - result.recognised_before == D("91200.000")


# Foreign currency


def test_a_receivable_settled_at_a_higher_rate_asc_830() -> None:
    """CPA Class, ASC 830-20: on 1 November, at EUR 1 = USD 1.40, 200 units are sold at EUR 10 (a receivable of
    USD 2,800); EUR 2,000 collected on 15 December at USD 1.45 is USD 2,900, a transaction gain of USD 100.
    https://cpaclass.com/gaap-accounting-standards/codification-800/asc-codification-topic-830-20.htm
    Matched exactly.
    """
    result = fx_settlement(D("2000.00"), D("1.40"), D("1.45"))
    assert (result.invoice_usd, result.settle_usd, result.difference) == (D("2800.00"), D("2900.00"), D("100.00"))


def test_a_payable_remeasured_at_year_end_then_settled_us_cpa_question() -> None:
    """US CPA exam question (Yumi Corp.), copy: https://www.gaodun.com/q/b00nmr — merchandise bought for 10,000 units
    of a foreign currency on 22 September at USD .55; USD .70 on 31 December; paid on 20 March at USD .65: a loss of
    USD 1,500 in year one [10,000 × (.70 - .55)] and a gain of USD 500 in year two. Matched exactly, and the same rate
    moves on a receivable give the opposite signs.
    """
    plain, steps, settle = fx_remeasured(D("10000.00"), D(".55"), [D(".70")], D(".65"), side="payable")
    assert (plain.invoice_usd, steps[0].value, steps[0].difference, settle) == (D("5500.00"), D("7000.00"), D("-1500.00"), D("500.00"))
    owed, owed_steps, owed_settle = fx_remeasured(D("10000.00"), D(".55"), [D(".70")], D(".65"))
    assert (owed_steps[0].difference, owed_settle) == (D("1500.00"), D("-500.00"))


def test_a_payable_remeasured_at_year_end_then_settled_gripping_ifrs() -> None:
    """Gripping IFRS, graded questions, Solution 24.2 (Kolitz & Sowden-Service): USD 100,000 of devices imported on
    25 July at R7.60 (a foreign creditor of R760,000); translated at the year end at R7.10, a gain of R50,000; paid on
    2 February at R6.90 (R690,000), a further gain of R20,000. https://www.scribd.com/doc/238147503/Chapter-24
    Matched exactly (the reporting currency is the rand; the calculation has no currency of its own).
    """
    plain, steps, settle = fx_remeasured(D("100000.00"), D("7.60"), [D("7.10")], D("6.90"), side="payable")
    assert (plain.invoice_usd, steps[0].value, steps[0].difference, settle) == (D("760000.00"), D("710000.00"), D("50000.00"), D("20000.00"))


def test_a_payable_remeasured_and_settled_acowtancy_illustration_2() -> None:
    """aCOWtancy, ACCA SBR, "Foreign exchange single company", Illustration 2: goods for £100 bought on 1 June at
    £1 = €1.2 (payable €120); still owed at the year end at €1.1 (gain €10); paid on 5 January at €1.05 (gain €5).
    https://www.acowtancy.com/textbook/acca-sbr/foreign-transactions-and-entities/foreign-exchange-single-company/notes
    Matched exactly.
    """
    plain, steps, settle = fx_remeasured(D("100.00"), D("1.2"), [D("1.1")], D("1.05"), side="payable")
    assert (plain.invoice_usd, steps[0].difference, settle, plain.settle_usd) == (D("120.00"), D("10.00"), D("5.00"), D("105.00"))


def test_an_indirect_quote_deloitte_example_4_1() -> None:
    """Deloitte, Roadmap to Foreign Currency Transactions and Translations, Example 4-1: Retailer (USD) owes a Japanese
    supplier ¥1,300 when $1 = ¥6.50, and records the purchase at ¥1,300 ÷ 6.50 = $200.
    https://dart.deloitte.com/USDART/home/codification/broad-transactions/asc830-10/roadmap-foreign-currency-transactions-translations/chapter-4-foreign-currency-transactions/4-2-initial-measurement-foreign-currency
    Matched exactly.
    """
    assert convert(D("1300.00"), D("6.50"), "indirect") == D("200.00")


def test_an_indirect_quote_payable_at_year_end_kaplan_vardy() -> None:
    """Kaplan ACCA F7 workbook, Chapter 24 Example 1 (Vardy): goods for D60,000 bought on credit on 1 December when
    $1 = D1.50 ($40,000); at 31 December $1 = D1.80, so the payable is $33,333 and the gain $6,667.
    https://online.flipbuilder.com/bmcx/kgmo/files/basic-html/page324.html
    Matched to the author's whole dollars, not to the cent: the calculation carries cents, $33,333.33 and a gain of
    $6,666.67, which the author rounds to $33,333 and $6,667. The example stops at the year end; the settlement rate
    below (the year-end rate again) adds nothing.
    """
    plain, steps, settle = fx_remeasured(D("60000.00"), D("1.50"), [D("1.80")], D("1.80"), side="payable", quote="indirect")
    assert (plain.invoice_usd, steps[0].value, steps[0].difference, settle) == (D("40000.00"), D("33333.33"), D("6666.67"), D("0.00"))
    assert (steps[0].value.quantize(D("1")), steps[0].difference.quantize(D("1"))) == (D("33333"), D("6667"))


# Tax and credit losses


def test_eu_reverse_charge_customer_accounts_for_the_vat() -> None:
    """VAT Estimator, "Reverse charge VAT: calculation examples": a EUR 1,000.00 service at 22% under the reverse
    charge is invoiced at EUR 1,000.00 with no VAT; the customer accounts for EUR 220.00 itself.
    https://vatestimator.com/en/reverse-charge-vat/
    Matched exactly.
    """
    own = self_assessment(D("1000.00"), D("22"))
    assert (own.paid_to_seller, own.due) == (D("1000.00"), D("220.00"))


def test_ifrs9_provision_matrix_company_m() -> None:
    """IFRS 9 Illustrative Examples, the provision matrix example (Company M, trade receivables of CU30 million at
    31 December 20X4), as reproduced by annualreporting.info: https://annualreporting.info/simplified-approach-trade-receivables/
    Default rates 0.3%, 1.6%, 3.6%, 6.6% and 10.6% on CU15m, 7.5m, 4m, 2.5m and 1m give lifetime expected credit
    losses of CU45,000, 120,000, 144,000, 165,000 and 106,000: CU580,000 in all. Matched exactly.
    """
    rows, balance, total = allowance(
        [
            ("Current", D("15000000"), D("0.3")),
            ("1-30 days past due", D("7500000"), D("1.6")),
            ("31-60 days past due", D("4000000"), D("3.6")),
            ("61-90 days past due", D("2500000"), D("6.6")),
            ("More than 90 days past due", D("1000000"), D("10.6")),
        ]
    )
    assert [r.allowance for r in rows] == [D("45000.00"), D("120000.00"), D("144000.00"), D("165000.00"), D("106000.00")]
    assert (balance, total) == (D("30000000.00"), D("580000.00"))


# Usage


def _one_month_bill(units: str, rate: str, included: str) -> Decimal:
    """A month's usage (one batch) billed on the next billing date, with the allowance."""
    rows = usage_events_schedule(date(2026, 3, 1), [(date(2026, 3, 10), D(units))], D(rate), "calendar", D(included))
    return next(r.billed for r in rows if r.kind == "invoice")


def test_workers_pricing_example_1_included_allowance() -> None:
    """Cloudflare Workers pricing, Example 1 (https://developers.cloudflare.com/workers/platform/pricing/, read at
    https://github.com/cloudflare/cloudflare-docs/blob/07acbb6612b5cefa1f8348106c158b0814a2972a/src/content/docs/workers/platform/pricing.mdx):
    15 million requests a month at 7 ms of CPU each: requests (15,000,000 - 10,000,000 included) / 1,000,000 × $0.30 =
    $1.50; CPU ((7 × 15,000,000) - 30,000,000 included ms) / 1,000,000 × $0.02 = $1.50; with the $5.00 subscription,
    $8.00. Entered in millions (requests, CPU ms) with the allowance per billing period. Matched exactly.
    """
    requests, cpu = _one_month_bill("15", "0.30", "10"), _one_month_bill("105", "0.02", "30")
    assert (requests, cpu, D("5.00") + requests + cpu) == (D("1.50"), D("1.50"), D("8.00"))


def test_workers_pricing_examples_3_and_4() -> None:
    """Cloudflare Workers pricing (https://developers.cloudflare.com/workers/platform/pricing/, read at
    https://github.com/cloudflare/cloudflare-docs/blob/07acbb6612b5cefa1f8348106c158b0814a2972a/src/content/docs/workers/platform/pricing.mdx).
    Example 3: a Cron Trigger, 720 requests of 180,000 ms of CPU each: ((180,000 × 720) - 30,000,000) / 1,000,000 ×
    $0.02 = $1.99 (1.992), total $6.99, requests $0.00 under the allowance. Example 4: 100 million requests at 7 ms:
    requests $27.00, CPU $13.40, total $45.40. Matched exactly.
    """
    assert _one_month_bill("0.00072", "0.30", "10") == D("0.00")
    assert _one_month_bill("129.6", "0.02", "30") == D("1.99")
    assert D("5.00") + _one_month_bill("129.6", "0.02", "30") == D("6.99")
    requests, cpu = _one_month_bill("100", "0.30", "10"), _one_month_bill("700", "0.02", "30")
    assert (requests, cpu, D("5.00") + requests + cpu) == (D("27.00"), D("13.40"), D("45.40"))


def test_cloudflare_usage_turned_on_before_the_billing_date() -> None:
    """Cloudflare, "Usage-based billing": "if your billing date is on the 15th of the month and you turn on Cloudflare
    Workers in the dashboard on the 1st, your next invoice includes the Workers charges from the 1st through the 15th.
    The following invoice includes charges for Workers usage during the full billing period."
    https://github.com/cloudflare/cloudflare-docs/blob/0309c8bed23afe438f28fd5026b5a7999e653081/src/content/docs/billing/understand/usage-based-billing.mdx
    Entered as written: billing date 15 January, usage from 1 January (before it: a ValueError until now). Matched on
    which invoice carries which usage. One reading to note: the period ends at the billing date, so usage on the 15th
    itself goes on the following invoice (the billing policy makes the billing date the first day of a period).
    """
    events = [(date(2026, 1, day), D("1")) for day in range(1, 32)] + [(date(2026, 2, day), D("1")) for day in range(1, 15)]
    rows = usage_events_schedule(date(2026, 1, 15), events, D("1.00"), "calendar")
    invoices = [r for r in rows if r.kind == "invoice"]
    # The first invoice, on the billing date, holds 1 to 14 January; the next, a full period, 15 January to 14 February.
    assert [(r.start, r.billed) for r in invoices] == [(date(2026, 1, 15), D("14.00")), (date(2026, 2, 15), D("31.00"))]


def test_every_published_example_names_its_source() -> None:
    tests = [value for name, value in globals().items() if name.startswith("test_") and name != "test_every_published_example_names_its_source"]
    assert len(tests) >= 15
    for test in tests:
        assert test.__doc__ and "https://" in test.__doc__, f"{test.__name__}: put the source's address in the docstring"
        words = " ".join(test.__doc__.split())
        assert any(word in words.lower() for word in ("matched", "not a published figure")), (
            f"{test.__name__}: say whether the published result is matched exactly, and if not why"
        )
