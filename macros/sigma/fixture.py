"""The sample data the research queries run on: synthetic, Stripe-shaped rows for the Sigma tables, with one planted
customer per question and other customers around them, generated from a fixed seed.

Nothing here is a real customer: every planted ID starts ``cus_fx``/``ch_fx``/``in_fx`` …, names are made up, and no card
number, e-mail address or phone number appears. Times are UTC and counted from ``as_of`` (the build date), so a hold
that is "two days old" is two days old on every build. Standard library only; the same seed and date give the same rows.
"""

from __future__ import annotations

import random
import string
from datetime import date, datetime, time, timedelta
from typing import Any

#: The seed of the customers around the planted ones. Change it and every sample table on the site changes.
SEED = 20261130
#: Customers generated around the planted ones, so a query that forgets its customer filter shows it.
OTHER_CUSTOMERS = 40

Rows = dict[str, list[dict[str, Any]]]

#: The planted customers, one per question (docs/contributing/research-queries.md lists them with their queries).
DUPLICATE = "cus_fxDuplicate"
HOLDS = "cus_fxHolds"
DECLINES = "cus_fxDeclines"
AUTHENTICATION = "cus_fxAuthentication"
REFUNDS = "cus_fxRefunds"
DISPUTES = "cus_fxDisputes"
DUNNING = "cus_fxDunning"
USAGE = "cus_fxUsage"
PLAN_CHANGE = "cus_fxPlanChange"
CURRENCY = "cus_fxCurrency"
ENTERPRISE = "cus_fxEnterprise"
CREDIT = "cus_fxCredit"
TAX = "cus_fxTax"
TAX_EXEMPT = "cus_fxTaxExempt"
THRESHOLD = "cus_fxThreshold"
SUBSCRIPTIONS = "cus_fxSubscriptions"
SEATS = "cus_fxSeats"
FRAUD = "cus_fxFraud"
RENEWALS = "cus_fxRenewals"
INVOICES = "cus_fxInvoices"

TABLES = (
    "customers",
    "charges",
    "refunds",
    "disputes",
    "balance_transactions",
    "payment_intents",
    "invoices",
    "invoice_line_items",
    "subscriptions",
    "subscription_items",
    "prices",
    "credit_notes",
)


class _Builder:
    """Collects rows; every insert names its table, and a column not given is null."""

    def __init__(self, as_of: date) -> None:
        self.rows: Rows = {name: [] for name in TABLES}
        self.start = datetime.combine(as_of, time(0, 0))

    def at(self, days: float, hour: int = 10, minute: int = 0) -> datetime:
        """``days`` before the build date (negative: after it), at ``hour:minute`` UTC."""
        return self.start - timedelta(days=days) + timedelta(hours=hour, minutes=minute)

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        self.rows[table].append(row)
        return row

    def customer(self, cid: str, currency: str = "usd", tax_exempt: str = "none", created_days: float = 400) -> None:
        self.add("customers", id=cid, created=self.at(created_days), currency=currency, balance=0, delinquent=False, tax_exempt=tax_exempt)

    def invoice(self, iid: str, cid: str, days: float, amount: int, status: str = "paid", currency: str = "usd", **more: Any) -> dict[str, Any]:
        paid = amount if status == "paid" else more.pop("amount_paid", 0)
        row = dict(
            id=iid,
            customer_id=cid,
            number=more.pop("number", "IN-" + iid.removeprefix("in_").upper()[:12]),
            status=status,
            billing_reason=more.pop("billing_reason", "subscription_cycle"),
            collection_method=more.pop("collection_method", "charge_automatically"),
            currency=currency,
            created=self.at(days),
            subtotal=more.pop("subtotal", amount),
            total_excluding_tax=more.pop("total_excluding_tax", amount),
            total=amount,
            amount_due=amount,
            amount_paid=paid,
            amount_remaining=amount - paid,
            attempt_count=more.pop("attempt_count", 1 if status == "paid" else 0),
            customer_tax_exempt=more.pop("customer_tax_exempt", "none"),
        )
        row.update(more)
        return self.add("invoices", **row)

    def charge(self, chid: str, cid: str, days: float, amount: int, invoice: str | None = None, currency: str = "usd", **more: Any) -> dict[str, Any]:
        status = more.pop("status", "succeeded")
        captured = more.pop("captured", status == "succeeded")
        row = dict(
            id=chid,
            customer_id=cid,
            invoice_id=invoice,
            payment_intent_id="pi_" + chid.removeprefix("ch_"),
            amount=amount,
            amount_captured=amount if captured else 0,
            amount_refunded=more.pop("amount_refunded", 0),
            currency=currency,
            created=more.pop("created", None) or self.at(days, more.pop("hour", 10), more.pop("minute", 0)),
            captured=captured,
            paid=status == "succeeded",
            refunded=more.pop("refunded", False),
            disputed=more.pop("disputed", False),
            status=status,
            failure_code=more.pop("failure_code", None),
            failure_message=more.pop("failure_message", None),
            description=more.pop("description", "Subscription payment"),
        )
        row.update(more)
        if captured:
            self.add(
                "balance_transactions",
                id="txn_" + chid.removeprefix("ch_"),
                source_id=chid,
                type="charge",
                amount=amount,
                currency=currency,
                exchange_rate=None,
                fee=round(amount * 0.029) + 30,
                net=amount - round(amount * 0.029) - 30,
                created=row["created"],
            )
        return self.add("charges", **row)

    def line(
        self,
        lid: str,
        invoice: str,
        amount: int,
        days_from: float,
        days_to: float,
        price: str,
        quantity: int = 1,
        proration: bool = False,
        description: str = "",
        subscription: str | None = None,
        currency: str = "usd",
    ) -> None:
        self.add(
            "invoice_line_items",
            id=lid,
            invoice_id=invoice,
            subscription_id=subscription,
            price_id=price,
            amount=amount,
            currency=currency,
            quantity=quantity,
            proration=proration,
            period_start=self.at(days_from, 0),
            period_end=self.at(days_to, 0),
            description=description,
        )


def generate(as_of: date, seed: int = SEED) -> Rows:
    """Every table's rows for the build date ``as_of``: the planted cases, then ``OTHER_CUSTOMERS`` generated ones."""
    b = _Builder(as_of)
    _prices(b)
    _planted(b)
    _others(b, random.Random(seed))
    return b.rows


def _prices(b: _Builder) -> None:
    for pid, nickname, amount, kind in (
        ("price_fxPro", "Pro plan", 2500, "recurring"),
        ("price_fxBusiness", "Business plan", 25000, "recurring"),
        ("price_fxWorkersRequests", "Workers requests", None, "recurring"),
        ("price_fxSeats", "Zero Trust seats", 700, "recurring"),
        ("price_fxDomain", "Registrar renewal", 1046, "one_time"),
    ):
        b.add("prices", id=pid, product_id="prod_" + pid.removeprefix("price_"), nickname=nickname, currency="usd", unit_amount=amount, type=kind)


def _planted(b: _Builder) -> None:
    # A true duplicate: the same invoice captured twice, four minutes apart; another invoice paid once; a usage hold.
    b.customer(DUPLICATE)
    b.invoice("in_fxDup1", DUPLICATE, 3, 2500, number="IN-FX000101")
    b.charge("ch_fxDup1", DUPLICATE, 3, 2500, "in_fxDup1", hour=10, minute=2)
    b.charge("ch_fxDup2", DUPLICATE, 3, 2500, "in_fxDup1", hour=10, minute=6)
    b.invoice("in_fxDup2", DUPLICATE, 20, 500, number="IN-FX000102")
    b.charge("ch_fxDup3", DUPLICATE, 20, 500, "in_fxDup2")
    b.charge("ch_fxDupHold", DUPLICATE, 1, 100, None, captured=False, description="Usage preauthorization")

    # Holds: one open (lapses in five days), one that lapsed and was released, one captured payment of an invoice.
    b.customer(HOLDS)
    b.charge("ch_fxHoldOpen", HOLDS, 2, 1500, None, captured=False, description="Usage preauthorization")
    b.charge("ch_fxHoldReleased", HOLDS, 12, 1500, None, captured=False, refunded=True, description="Usage preauthorization")
    b.charge("ch_fxHoldStuck", HOLDS, 9, 1046, None, captured=False, description="Registrar renewal hold")
    b.invoice("in_fxHoldPaid", HOLDS, 4, 2500, number="IN-FX000201")
    b.charge("ch_fxHoldPaid", HOLDS, 4, 2500, "in_fxHoldPaid")

    # Declines: a failed renewal, a processing error, a failed one-off purchase.
    b.customer(DECLINES)
    b.invoice("in_fxRenewal", DECLINES, 6, 2500, status="open", number="IN-FX000301", attempt_count=2, next_payment_attempt=b.at(-1))
    b.charge("ch_fxDecl1", DECLINES, 6, 2500, "in_fxRenewal", status="failed", failure_code="card_declined", failure_message="Your card was declined.")
    b.invoice("in_fxUpgrade", DECLINES, 2, 22500, status="open", number="IN-FX000302", billing_reason="subscription_update")
    b.charge(
        "ch_fxDecl2",
        DECLINES,
        2,
        22500,
        "in_fxUpgrade",
        status="failed",
        failure_code="processing_error",
        failure_message="An error occurred while processing your card.",
    )
    b.charge("ch_fxDecl3", DECLINES, 1, 22500, "in_fxUpgrade", status="failed", failure_code="expired_card", failure_message="Your card has expired.")

    # Authentication: one payment waiting for the customer's bank check, one that failed it, one paid.
    b.customer(AUTHENTICATION)
    for pid, days, status, received in (
        ("pi_fxAuthWaiting", 1, "requires_action", 0),
        ("pi_fxAuthFailed", 3, "requires_payment_method", 0),
        ("pi_fxAuthPaid", 30, "succeeded", 2500),
    ):
        b.add(
            "payment_intents",
            id=pid,
            customer_id=AUTHENTICATION,
            amount=2500,
            amount_received=received,
            currency="inr",
            status=status,
            capture_method="automatic",
            created=b.at(days),
            canceled_at=None,
            cancellation_reason=None,
        )

    # Refunds: one pending, one succeeded, one failed (closed card), and a payment with no refund.
    b.customer(REFUNDS)
    for n, (status, reason) in enumerate((("pending", None), ("succeeded", None), ("failed", "expired_or_canceled_card")), start=1):
        b.invoice(f"in_fxRef{n}", REFUNDS, 20 + n, 2500, number=f"IN-FX00040{n}")
        b.charge(f"ch_fxRef{n}", REFUNDS, 20 + n, 2500, f"in_fxRef{n}", amount_refunded=2500 if status == "succeeded" else 0, refunded=status == "succeeded")
        b.add(
            "refunds",
            id=f"re_fxRef{n}",
            charge_id=f"ch_fxRef{n}",
            amount=2500,
            currency="usd",
            created=b.at(5 + n),
            status=status,
            reason="requested_by_customer",
            failure_reason=reason,
        )
    b.invoice("in_fxRef4", REFUNDS, 10, 2500, number="IN-FX000404")
    b.charge("ch_fxRef4", REFUNDS, 10, 2500, "in_fxRef4")

    # Disputes: a chargeback to answer in six days, an inquiry (still refundable), a lost one, a fraud claim.
    b.customer(DISPUTES)
    for n, (status, reason, refundable, due, opened) in enumerate(
        (
            ("needs_response", "product_not_received", False, -6, 8),
            ("warning_needs_response", "general", True, -9, 3),
            ("lost", "subscription_canceled", False, 60, 90),
            ("needs_response", "fraudulent", False, -15, 4),
        ),
        start=1,
    ):
        b.invoice(f"in_fxDsp{n}", DISPUTES, opened + 20, 25000, number=f"IN-FX00050{n}")
        b.charge(f"ch_fxDsp{n}", DISPUTES, opened + 20, 25000, f"in_fxDsp{n}", disputed=True)
        b.add(
            "disputes",
            id=f"dp_fxDsp{n}",
            charge_id=f"ch_fxDsp{n}",
            amount=25000,
            currency="usd",
            created=b.at(opened),
            status=status,
            reason=reason,
            is_charge_refundable=refundable,
            evidence_details_due_by=b.at(due, 23, 59),
        )
    # The lost dispute's payment had been refunded before the dispute: a refund, then a dispute, on the same payment.
    b.add(
        "refunds",
        id="re_fxDsp3",
        charge_id="ch_fxDsp3",
        amount=25000,
        currency="usd",
        created=b.at(95),
        status="succeeded",
        reason="requested_by_customer",
        failure_reason=None,
    )

    # Dunning: one invoice still being retried, one whose retries are over.
    b.customer(DUNNING)
    b.invoice("in_fxDun1", DUNNING, 3, 2500, status="open", number="IN-FX000601", attempt_count=2, next_payment_attempt=b.at(-2, 10))
    b.invoice("in_fxDun2", DUNNING, 40, 2500, status="open", number="IN-FX000602", attempt_count=4, next_payment_attempt=None)
    for n, days in enumerate((3, 2, 40, 37, 35, 33), start=1):
        invoice = "in_fxDun1" if n <= 2 else "in_fxDun2"
        b.charge(f"ch_fxDun{n}", DUNNING, days, 2500, invoice, status="failed", failure_code="card_declined", failure_message="Your card was declined.")

    # Usage: Workers requests steady for three months, then four times as many.
    b.customer(USAGE)
    for n, (quantity, amount) in enumerate(((10_000_000, 500), (11_000_000, 550), (10_500_000, 525), (42_000_000, 2100)), start=1):
        start_days = 30 * (5 - n)
        b.invoice(f"in_fxUse{n}", USAGE, start_days - 30, 2500 + amount, number=f"IN-FX00070{n}")
        b.line(f"il_fxUse{n}a", f"in_fxUse{n}", 2500, start_days, start_days - 30, "price_fxPro", description="Pro plan")
        b.line(f"il_fxUse{n}b", f"in_fxUse{n}", amount, start_days, start_days - 30, "price_fxWorkersRequests", quantity, description="Workers requests")

    # Plan change: an upgrade from Pro to Business mid-period, paid; a second change still unpaid.
    b.customer(PLAN_CHANGE)
    b.invoice("in_fxPlan1", PLAN_CHANGE, 12, 16500, number="IN-FX000801", billing_reason="subscription_update")
    b.line("il_fxPlan1a", "in_fxPlan1", -1000, 12, 0, "price_fxPro", proration=True, description="Unused time on Pro plan")
    b.line("il_fxPlan1b", "in_fxPlan1", 17500, 12, 0, "price_fxBusiness", proration=True, description="Remaining time on Business plan")
    b.invoice("in_fxPlan2", PLAN_CHANGE, 1, 800, status="open", number="IN-FX000802", billing_reason="subscription_update")
    b.line("il_fxPlan2a", "in_fxPlan2", 800, 1, -29, "price_fxBusiness", proration=True, description="Remaining time on Business plan")

    # Currency: a USD customer charged once in euros; a USD payment that matches its invoice; one that does not.
    b.customer(CURRENCY)
    b.invoice("in_fxEur", CURRENCY, 6, 2300, currency="eur", number="IN-FX000901")
    b.charge("ch_fxEur", CURRENCY, 6, 2300, "in_fxEur", currency="eur")
    b.rows["balance_transactions"][-1].update(currency="usd", exchange_rate=1.0712, amount=2464)
    b.invoice("in_fxUsd", CURRENCY, 36, 2500, number="IN-FX000902")
    b.charge("ch_fxUsd", CURRENCY, 36, 2500, "in_fxUsd")
    b.invoice("in_fxShort", CURRENCY, 16, 2700, number="IN-FX000903")
    b.charge("ch_fxShort", CURRENCY, 16, 2500, "in_fxShort")

    # Enterprise: invoices sent to pay by bank transfer: paid, partly paid (a short payment), overdue, not yet due.
    b.customer(ENTERPRISE)
    sent = dict(collection_method="send_invoice", billing_reason="manual")
    b.invoice("in_fxEnt1", ENTERPRISE, 75, 1_200_000, number="IN-FX001001", due_date=b.at(45), **sent)
    b.invoice("in_fxEnt2", ENTERPRISE, 45, 1_200_000, status="open", number="IN-FX001002", due_date=b.at(15), amount_paid=800_000, **sent)
    b.invoice("in_fxEnt3", ENTERPRISE, 80, 450_000, status="open", number="IN-FX001003", due_date=b.at(50), **sent)
    b.invoice("in_fxEnt4", ENTERPRISE, 10, 1_200_000, status="open", number="IN-FX001004", due_date=b.at(-20), **sent)

    # Credit notes: one that lowered an unpaid invoice, one on a paid invoice, one voided.
    b.customer(CREDIT)
    b.invoice("in_fxCred1", CREDIT, 8, 2500, status="open", number="IN-FX001101")
    b.invoice("in_fxCred2", CREDIT, 38, 25000, number="IN-FX001102")
    for n, (invoice, kind, status, amount, reason) in enumerate(
        (
            ("in_fxCred1", "pre_payment", "issued", 1000, "order_change"),
            ("in_fxCred2", "post_payment", "issued", 5000, "product_unsatisfactory"),
            ("in_fxCred2", "post_payment", "void", 2000, "duplicate"),
        ),
        start=1,
    ):
        b.add(
            "credit_notes",
            id=f"cn_fxCred{n}",
            invoice_id=invoice,
            customer_id=CREDIT,
            number=f"CN-FX00110{n}",
            status=status,
            type=kind,
            reason=reason,
            amount=amount,
            currency="usd",
            created=b.at(7 - n),
        )

    # Tax: a taxed invoice; an exempt customer taxed before the certificate and once after it; a reverse-charge invoice.
    b.customer(TAX)
    b.invoice("in_fxTax1", TAX, 5, 2163, number="IN-FX001201", subtotal=2000, total_excluding_tax=2000)
    b.invoice("in_fxTax2", TAX, 35, 2000, number="IN-FX001202", customer_tax_exempt="reverse")
    b.customer(TAX_EXEMPT, tax_exempt="exempt")
    b.invoice("in_fxExempt1", TAX_EXEMPT, 40, 2160, number="IN-FX001301", subtotal=2000, total_excluding_tax=2000)
    b.invoice("in_fxExempt2", TAX_EXEMPT, 10, 2160, number="IN-FX001302", subtotal=2000, total_excluding_tax=2000, customer_tax_exempt="exempt")

    # Threshold: one threshold invoice paid, then a second in the same period, unpaid.
    b.customer(THRESHOLD)
    b.invoice("in_fxThr1", THRESHOLD, 15, 50000, number="IN-FX001401", billing_reason="subscription_threshold")
    b.invoice("in_fxThr2", THRESHOLD, 2, 50000, status="open", number="IN-FX001402", billing_reason="subscription_threshold", attempt_count=1)

    # Subscriptions: one active, one set to cancel at the period end, one ended, one past due.
    b.customer(SUBSCRIPTIONS)
    for sid, price, status, at_end, cancel_at, canceled, ended, days in (
        ("sub_fxActive", "price_fxPro", "active", False, None, None, None, 300),
        ("sub_fxCancelling", "price_fxBusiness", "active", True, b.at(-12, 0), b.at(3), None, 200),
        ("sub_fxEnded", "price_fxPro", "canceled", False, None, b.at(50), b.at(20, 0), 150),
        ("sub_fxPastDue", "price_fxPro", "past_due", False, None, None, None, 100),
    ):
        b.add(
            "subscriptions",
            id=sid,
            customer_id=SUBSCRIPTIONS,
            price_id=price,
            status=status,
            created=b.at(days),
            cancel_at_period_end=at_end,
            cancel_at=cancel_at,
            canceled_at=canceled,
            ended_at=ended,
        )
        b.add("subscription_items", id="si_" + sid.removeprefix("sub_"), subscription_id=sid, price_id=price, quantity=1, created=b.at(days))

    # Seats: 50 seats, then 65 (users added), then 40 (a decrease from the next cycle).
    b.customer(SEATS)
    b.add(
        "subscriptions",
        id="sub_fxSeats",
        customer_id=SEATS,
        price_id="price_fxSeats",
        status="active",
        created=b.at(120),
        cancel_at_period_end=False,
        cancel_at=None,
        canceled_at=None,
        ended_at=None,
    )
    b.add("subscription_items", id="si_fxSeats", subscription_id="sub_fxSeats", price_id="price_fxSeats", quantity=40, created=b.at(120))
    for n, seats in enumerate((50, 65, 40), start=1):
        start_days = 30 * (4 - n)
        b.invoice(f"in_fxSeat{n}", SEATS, start_days, seats * 700, number=f"IN-FX00150{n}")
        b.line(
            f"il_fxSeat{n}",
            f"in_fxSeat{n}",
            seats * 700,
            start_days,
            start_days - 30,
            "price_fxSeats",
            seats,
            description="Zero Trust seats",
            subscription="sub_fxSeats",
        )

    # Fraud: six failed attempts within twenty minutes with different cards (card testing), a fraud chargeback.
    b.customer(FRAUD, created_days=5)
    for n in range(6):
        b.charge(
            f"ch_fxTest{n + 1}",
            FRAUD,
            2,
            100,
            None,
            status="failed",
            hour=3,
            minute=4 * n,
            failure_code="card_declined",
            failure_message="Your card was declined.",
            description="Card check",
        )
    b.invoice("in_fxFraud", FRAUD, 4, 25000, number="IN-FX001601")
    b.charge("ch_fxFraud", FRAUD, 4, 25000, "in_fxFraud", disputed=True)
    b.add(
        "disputes",
        id="dp_fxFraud",
        charge_id="ch_fxFraud",
        amount=25000,
        currency="usd",
        created=b.at(1),
        status="needs_response",
        reason="fraudulent",
        is_charge_refundable=False,
        evidence_details_due_by=b.at(-18, 23, 59),
    )

    # Renewals: three domains renewed on one day, one of them charged twice.
    b.customer(RENEWALS)
    for n, domain in enumerate(("fixture-shop.com", "fixture-blog.net", "fixture-mail.org", "fixture-shop.com"), start=1):
        b.invoice(f"in_fxRen{n}", RENEWALS, 7, 1046, number=f"IN-FX00170{n}", billing_reason="manual")
        b.charge(f"ch_fxRen{n}", RENEWALS, 7, 1046, f"in_fxRen{n}", hour=1, minute=n, description=f"Registrar renewal: {domain}")

    # Invoices: one paid by a payment, one at $0.00, one not paid yet.
    b.customer(INVOICES)
    b.invoice("in_fxInv1", INVOICES, 14, 2500, number="IN-FX001801")
    b.charge("ch_fxInv1", INVOICES, 14, 2500, "in_fxInv1")
    b.invoice("in_fxInv2", INVOICES, 9, 0, number="IN-FX001802", subtotal=0, total_excluding_tax=0)
    b.invoice("in_fxInv3", INVOICES, 1, 2500, status="open", number="IN-FX001803")


def _others(b: _Builder, rng: random.Random) -> None:
    """Customers with ordinary histories: monthly Pro invoices paid, the odd failure, refund and dispute."""

    def token(prefix: str) -> str:
        return prefix + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(14))

    for _ in range(OTHER_CUSTOMERS):
        cid = token("cus_")
        b.customer(cid, currency=rng.choice(("usd", "usd", "usd", "eur", "gbp")), created_days=rng.randint(100, 900))
        for month in range(rng.randint(1, 6)):
            days = month * 30 + rng.randint(0, 29)
            iid, chid = token("in_"), token("ch_")
            amount = rng.choice((2500, 2500, 25000, 500))
            failed = rng.random() < 0.1
            b.invoice(iid, cid, days, amount, status="open" if failed else "paid", number="IN-" + str(rng.randint(10_000_000, 99_999_999)), attempt_count=1)
            b.line(token("il_"), iid, amount, days, days - 30, "price_fxPro" if amount == 2500 else "price_fxBusiness", description="Plan")
            b.charge(
                chid,
                cid,
                days,
                amount,
                iid,
                status="failed" if failed else "succeeded",
                hour=rng.randint(0, 23),
                minute=rng.randint(0, 59),
                failure_code="card_declined" if failed else None,
            )
            if not failed and rng.random() < 0.08:
                b.add(
                    "refunds",
                    id=token("re_"),
                    charge_id=chid,
                    amount=amount,
                    currency="usd",
                    created=b.at(max(days - 2, 0)),
                    status="succeeded",
                    reason="requested_by_customer",
                    failure_reason=None,
                )
            if not failed and rng.random() < 0.04:
                b.add(
                    "disputes",
                    id=token("dp_"),
                    charge_id=chid,
                    amount=amount,
                    currency="usd",
                    created=b.at(max(days - 5, 0)),
                    status="under_review",
                    reason="general",
                    is_charge_refundable=False,
                    evidence_details_due_by=b.at(days - 20, 23, 59),
                )
