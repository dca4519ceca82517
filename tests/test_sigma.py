"""Research queries: every query parses as Trino, names only the Sigma schema, only reads, and returns exactly the
planted rows of the sample data (run on DuckDB, translated by sqlglot), each row with a finding the page explains.

Also: a deliberately wrong query is caught; the editors' gate reports each kind of bad query at its line; the sample
data is the same for the same seed and date; every case a result names exists; on the built site every SQL block
parses as shown and each sample table is the query's real output; in Chromium the query composer copies exactly what
macros/sigma/queries.fill() writes (the browser repeats the rule).
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import sqlglot

from kbtools import rules
from kbtools.contract import Rules, check_text
from macros.blocks.research import example_sql
from macros.data import load_site_data
from macros.sigma import fixture, sqlcheck
from macros.sigma.engine import Sample, to_duckdb
from macros.sigma.queries import NO_ROWS, fill

from .conftest import AS_OF, ROOT, built_path

DATA = load_site_data(ROOT, date.fromisoformat(AS_OF))
QUERIES = sorted(DATA.queries)
TYPES = {key: p.type for key, p in DATA.placeholders.items()}

#: What each query must return for its planted customer on the sample data, row by row: its first column and its
#: finding. The meaning of each finding is data/queries.yml's; the test checks each has one.
EXPECTED: dict[str, list[tuple[object, str]]] = {
    "duplicate-charges": [("ch_fxDup3", "single"), ("ch_fxDup1", "first_payment"), ("ch_fxDup2", "later_duplicate"), ("ch_fxDupHold", "hold")],
    "authorization-holds": [
        ("ch_fxHoldReleased", "released"),
        ("ch_fxHoldStuck", "stuck_hold"),
        ("ch_fxHoldPaid", "captured"),
        ("ch_fxHoldOpen", "open_hold"),
    ],
    "failed-payments": [("ch_fxDecl1", "renewal_failed"), ("ch_fxDecl2", "processing_error"), ("ch_fxDecl3", "declined")],
    "authentication-attempts": [("pi_fxAuthPaid", "paid"), ("pi_fxAuthFailed", "failed_or_declined"), ("pi_fxAuthWaiting", "awaiting_authentication")],
    "refund-status": [("ch_fxRef3", "failed"), ("ch_fxRef2", "completed"), ("ch_fxRef1", "pending"), ("ch_fxRef4", "no_refund")],
    "disputes": [("dp_fxDsp3", "decided"), ("dp_fxDsp1", "chargeback"), ("dp_fxDsp2", "inquiry"), ("dp_fxDsp4", "fraud_claim")],
    "dispute-and-refund": [("ch_fxDsp3", "refunded_before_dispute")],
    "unpaid-invoices": [("IN-FX000602", "retries_over"), ("IN-FX000601", "retrying")],
    "usage-by-period": [
        ("Pro plan", "first_period"),
        ("Pro plan", "steady"),
        ("Pro plan", "steady"),
        ("Pro plan", "steady"),
        ("Workers requests", "first_period"),
        ("Workers requests", "steady"),
        ("Workers requests", "steady"),
        ("Workers requests", "spike"),
    ],
    "prorations": [("IN-FX000801", "unused_time_credit"), ("IN-FX000801", "remaining_time_charge"), ("IN-FX000802", "unpaid_change")],
    "payment-currency": [("ch_fxUsd", "matches_invoice"), ("ch_fxShort", "differs_from_invoice"), ("ch_fxEur", "invoice_in_other_currency")],
    "invoice-payments": [("IN-FX001003", "unpaid"), ("IN-FX001001", "paid"), ("IN-FX001002", "partly_paid"), ("IN-FX001004", "unpaid")],
    "overdue-invoices": [("IN-FX001003", "overdue"), ("IN-FX001002", "overdue_partly_paid"), ("IN-FX001004", "not_yet_due")],
    "credit-notes": [("CN-FX001101", "lowered_unpaid_invoice"), ("CN-FX001102", "credited_paid_invoice"), ("CN-FX001103", "voided")],
    "tax-on-invoices": [("IN-FX001301", "taxed_before_exemption"), ("IN-FX001302", "taxed_while_exempt")],
    "threshold-invoices": [("IN-FX001401", "threshold_paid"), ("IN-FX001402", "second_threshold")],
    "subscription-state": [("sub_fxActive", "active"), ("sub_fxCancelling", "cancel_scheduled"), ("sub_fxEnded", "ended"), ("sub_fxPastDue", "payment_due")],
    "seat-counts": [("IN-FX001501", "first_period"), ("IN-FX001502", "more_seats"), ("IN-FX001503", "fewer_seats")],
    "fraud-signals": [("ch_fxFraud", "fraud_dispute")] + [(f"ch_fxTest{n}", "card_testing") for n in range(1, 7)],
    "renewal-charges": [
        ("2026-11-23", "one_per_domain"),
        ("2026-11-23", "one_per_domain"),
        ("2026-11-23", "same_domain_twice"),
    ],
    "customer-charges": [("ch_fxRef3", "paid"), ("ch_fxRef2", "refunded"), ("ch_fxRef1", "paid"), ("ch_fxRef4", "paid")],
    "invoice-for-charge": [("IN-FX001801", "invoice_found"), ("IN-FX001802", "zero_invoice"), ("IN-FX001803", "no_payment_yet")],
}
#: Facts the rows must show beyond their finding: the point of each planted case, by query.
FACTS = {
    "duplicate-charges": lambda rows: rows[2]["minutes_after_previous"] == 4 and rows[1]["invoice_id"] == rows[2]["invoice_id"],
    "disputes": lambda rows: [r["days_left"] for r in rows] == [-60, 6, 9, 15] and rows[2]["is_charge_refundable"] is True,
    "unpaid-invoices": lambda rows: rows[1]["attempt_count"] == 2 and rows[1]["next_retry_utc"] == "2026-12-02 10:00" and rows[0]["next_retry_utc"] is None,
    "usage-by-period": lambda rows: rows[-1]["quantity"] == 42_000_000 and rows[-1]["previous_quantity"] == 10_500_000,
    "payment-currency": lambda rows: rows[2]["charge_currency"] == "eur" and rows[2]["settled_currency"] == "usd" and rows[2]["exchange_rate"] == 1.0712,
    "invoice-payments": lambda rows: (rows[2]["amount_paid"], rows[2]["amount_remaining"]) == (800_000, 400_000),
    "authorization-holds": lambda rows: rows[3]["hold_lapses_utc"] == "2026-12-05" and rows[1]["hold_lapses_utc"] < AS_OF,
    "refund-status": lambda rows: rows[0]["failure_reason"] == "expired_or_canceled_card",
}


@pytest.fixture(scope="module")
def sample() -> Sample:
    return Sample(DATA.sigma, date.fromisoformat(AS_OF))


def planted_problem(name: str, records: list[dict]) -> str | None:
    """Why the rows are not the planted ones (None when they are): the rows, then the meaning of every finding."""
    got = [(next(iter(row.values())), row["finding"]) for row in records]
    if got != EXPECTED[name]:
        return f"{name}: returned {got}, expected {EXPECTED[name]}"
    unexplained = sorted({finding for _, finding in got} - set(DATA.queries[name].results))
    if unexplained:
        return f"{name}: findings {unexplained} have no meaning in data/queries.yml"
    fact = FACTS.get(name)
    if fact is not None and not fact(records):
        return f"{name}: the planted case's facts are not in the rows: {records}"
    return None


def test_every_query_has_its_planted_rows_asserted() -> None:
    assert sorted(EXPECTED) == QUERIES, "add the planted rows of every query to EXPECTED (and remove those of deleted queries)"


@pytest.mark.parametrize("name", QUERIES)
def test_query_is_valid_read_only_trino_over_the_schema(name: str) -> None:
    query = DATA.queries[name]
    assert sqlcheck.problems(query.sql, DATA.sigma, query.results, set(DATA.placeholders)) == []
    shown = example_sql(DATA, query, date.fromisoformat(AS_OF))
    assert "{" not in shown, f"{name}: an example value is missing: {shown}"
    tree = sqlglot.parse_one(shown, read="trino")
    assert type(tree).__name__ == "Select", f"{name}: the example is not one SELECT"
    assert sqlcheck.problems(shown, DATA.sigma) == []


@pytest.mark.parametrize("name", QUERIES)
def test_query_returns_the_planted_rows_and_their_meaning(sample: Sample, name: str) -> None:
    query = DATA.queries[name]
    answer = sample.run(example_sql(DATA, query, sample.as_of))
    assert answer.columns[-1] == "finding"
    assert planted_problem(name, answer.records()) is None, planted_problem(name, answer.records())
    assert NO_ROWS in query.results


@pytest.mark.parametrize("name", QUERIES)
def test_query_finds_nothing_for_another_customer(sample: Sample, name: str) -> None:
    """The customer filter holds: a customer with no data gets no rows (the no_rows meaning), never someone else's."""
    query = DATA.queries[name]
    values = query.example_values(sample.as_of, TYPES) | {"customer_id": "cus_fxNobody", "charge_id": "ch_fxNobody"}
    assert sample.run(fill(query.sql, values)).rows == ()


def test_a_wrong_query_is_caught(sample: Sample) -> None:
    """The duplicate query with its duplicate rule loosened (every payment counts as a later one) returns other rows
    for the planted customer, and the check that guards every query says so."""
    query = DATA.queries["duplicate-charges"]
    wrong = example_sql(DATA, query, sample.as_of).replace("nth_on_invoice > 1", "nth_on_invoice >= 1")
    assert wrong != example_sql(DATA, query, sample.as_of)
    problem = planted_problem("duplicate-charges", sample.run(wrong).records())
    assert problem is not None and "later_duplicate" in problem
    dropped = example_sql(DATA, query, sample.as_of).replace("AND c.status = 'succeeded'", "AND c.status = 'failed'")
    assert planted_problem("duplicate-charges", sample.run(dropped).records()) is not None


def test_today_in_a_query_is_the_build_date() -> None:
    sql = to_duckdb("SELECT current_date AS d, current_timestamp AS t FROM customers", date(2026, 11, 30))
    assert "2026-11-30" in sql and "CURRENT_DATE" not in sql.upper().replace("'2026-11-30'", "")


def test_fill_doubles_quotes_and_leaves_empty_fields() -> None:
    assert fill("WHERE id = '{customer_id}' AND d >= DATE '{from_date}'", {"customer_id": "cus_O'Neil"}) == (
        "WHERE id = 'cus_O''Neil' AND d >= DATE '{from_date}'"
    )


BAD = [
    ("unknown-column", "SELECT c.amout AS a, 'x' AS finding FROM charges c", 1, "column amout is not in the Sigma schema"),
    ("unknown-table", "SELECT 1 AS n,\n  'x' AS finding\nFROM payouts", 3, "table 'payouts' is not in the Sigma schema"),
    ("delete", "DELETE FROM charges WHERE id = 'ch_1'", 1, "DELETE is not read-only"),
    ("update", "UPDATE charges SET amount = 0", 1, "UPDATE is not read-only"),
    ("insert-in-with", "INSERT INTO refunds SELECT * FROM refunds", 1, "INSERT is not read-only"),
    ("create", "CREATE TABLE x AS SELECT id FROM charges", 1, "CREATE is not read-only"),
    ("two-statements", "SELECT id, 'x' AS finding FROM charges;\nSELECT id, 'x' AS finding FROM refunds", 1, "2 statements"),
    ("not-trino", "SELECT id,\nFROM charges WHERE", 2, "not valid Trino SQL"),
    ("field-outside-quotes", "SELECT id, 'x' AS finding FROM charges\nWHERE amount = {customer_id}", 2, "{customer_id} stands outside a quoted string"),
    ("undeclared-field", "SELECT id, 'x' AS finding FROM charges WHERE id = '{charge}'", 1, "{charge} is not a declared field"),
    ("no-finding", "SELECT id FROM charges", 1, "returns no finding column"),
    ("unexplained-finding", "SELECT id, CASE WHEN paid THEN 'ok' ELSE 'odd' END AS finding FROM charges", 1, "finding 'odd' has no meaning"),
]


@pytest.mark.parametrize(("sql", "line", "message"), [(s, n, m) for _, s, n, m in BAD], ids=[case for case, *_ in BAD])
def test_a_bad_query_is_refused_at_its_line(sql: str, line: int, message: str) -> None:
    found = sqlcheck.problems(sql, DATA.sigma, {"ok": None, "no_rows": None}, set(DATA.placeholders))
    assert any(number == line and message in text for number, text in found), found


def test_the_gate_refuses_a_bad_query_file_with_path_and_line(tmp_path: Path) -> None:
    """What `make check` prints for a query file: ``path:line: what — fix``, and the guard's rules on query files."""
    rel = "snippets/queries/refund-status.sql"
    text = DATA.queries["refund-status"].sql.replace("r.failure_reason,", "r.failure_reasons,")
    printed = [str(p) for p in rules.query_problems(ROOT, rel, text, DATA)]
    line = text[: text.index("failure_reasons")].count("\n") + 1
    assert any(p.startswith(f"{rel}:{line}: column failure_reasons is not in the Sigma schema") and " — use a listed column" in p for p in printed), printed
    secret = "-- card 4000 0012 3456 7899, sk_live_abcdefghij0123456789\n" + DATA.queries["refund-status"].sql
    printed = [str(p) for p in rules.query_problems(ROOT, rel, secret, DATA)]
    assert any(p.startswith(f"{rel}:1: contains a card number") for p in printed), printed
    assert any(p.startswith(f"{rel}:1: contains a processor secret key") for p in printed), printed


def test_every_case_a_result_names_exists() -> None:
    assert rules.case_problems(ROOT, DATA) == []


def test_a_case_the_page_does_not_have_is_reported(tmp_path: Path) -> None:
    import shutil

    for name in ("data", "snippets", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("assets"))
    path = tmp_path / "data" / "queries.yml"
    text = path.read_text(encoding="utf-8")
    old = "cases: {runbooks/refunds-and-disputes/refund-status.md: [4]}"
    assert old in text
    path.write_text(text.replace(old, "cases: {runbooks/refunds-and-disputes/refund-status.md: [9]}"), encoding="utf-8")
    found = rules.case_problems(tmp_path, load_site_data(tmp_path))
    line = text[: text.index(old)].count("\n") + 1
    assert [str(p) for p in found] == [
        f"data/queries.yml:{line}: queries.refund-status.results.failed.cases: docs/runbooks/refunds-and-disputes/refund-status.md has no case 9 "
        "in 'Decide and act' (it has 4) — name a case the page has"
    ]


def test_research_sits_after_the_reply_and_holds_the_queries() -> None:
    rel = "docs/runbooks/refunds-and-disputes/refund-status.md"
    text = (ROOT / rel).read_text(encoding="utf-8")
    contract = Rules.from_data(ROOT, date.fromisoformat(AS_OF))
    assert check_text(rel, text, contract) == []
    start, end = text.index("## Research"), text.index("## Before you start")
    research = text[start:end]
    moved = text.replace(research, "").replace("## Decide and act", research + "## Decide and act")
    messages = [p.message for p in check_text(rel, moved, contract)]
    assert any("'## Research' is out of place" in m for m in messages), messages
    empty = text.replace('{{ sigma_query(name="refund-status") }}', "")
    assert any("'## Research' shows no query" in p.message for p in check_text(rel, empty, contract))
    stray = text.replace("## Steps\n", '## Steps\n\n{{ sigma_query(name="refund-status") }}\n', 1)
    assert any("a research query sits outside '## Research'" in p.message for p in check_text(rel, stray, contract))


def test_the_sample_data_is_fixed_by_seed_and_date() -> None:
    first = fixture.generate(date(2026, 11, 30))
    assert first == fixture.generate(date(2026, 11, 30))
    other = fixture.generate(date(2026, 11, 30), seed=fixture.SEED + 1)
    planted = lambda rows: [r for r in rows["customers"] if r["id"].startswith("cus_fx")]  # noqa: E731 - one short helper
    assert planted(first) == planted(other) and first["customers"] != other["customers"]
    later = fixture.generate(date(2027, 3, 1))
    assert [r["id"] for r in later["charges"]] == [r["id"] for r in first["charges"]]
    source = (ROOT / "macros" / "sigma" / "fixture.py").read_text(encoding="utf-8")
    assert "today(" not in source and "now(" not in source and "import random" in source and "random.Random(seed)" in source


def test_the_sample_data_has_no_personal_data() -> None:
    from kbtools import guard

    rows = fixture.generate(date(2026, 11, 30))
    text = "\n".join(" ; ".join(str(v) for v in row.values()) for table in rows.values() for row in table)
    assert guard.scan("sample-data", text) == []


# The built site (one strict build per session, shared with the other modules).
SQL_START = re.compile(r"^\s*(SELECT|WITH)\b", re.I)


def _code_blocks(page_html: str) -> list[str]:
    blocks = re.findall(r'<div class="highlight"><pre><span></span><code>(.*?)</code></pre></div>', page_html, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


def test_every_sql_block_on_the_built_site_parses_as_trino(site) -> None:
    assert site.error is None, site.error
    found = 0
    for page in sorted(site.dir.rglob("*.html")):
        for block in _code_blocks(page.read_text(encoding="utf-8")):
            if SQL_START.match(block):
                found += 1
                sqlglot.parse_one(block, read="trino")
    assert found >= len(QUERIES) * 2, f"only {found} SQL blocks on the site"


USES = sorted(
    (p.relative_to(ROOT / "docs").as_posix(), name)
    for p in (ROOT / "docs" / "runbooks").rglob("*.md")
    for name in re.findall(r'sigma_query\(name="([a-z0-9-]+)"\)', p.read_text(encoding="utf-8"))
)


def test_at_least_twenty_runbooks_carry_a_research_query() -> None:
    assert len({page for page, _ in USES}) >= 20
    assert {name for _, name in USES} == set(QUERIES), "every query is shown on a runbook"


@pytest.mark.parametrize(("page", "name"), USES, ids=[f"{p}:{n}" for p, n in USES])
def test_the_sample_table_is_the_query_output(site, sample: Sample, page: str, name: str) -> None:
    """The table under a query on the built page is that query's real answer on the sample data, labelled as such."""
    built = built_path(site.dir, page).read_text(encoding="utf-8")
    block = built[built.index(f'id="query-{name}"') :]
    block = block[: block.index("</details>")]
    assert "Sample data, not a customer." in block
    answer = sample.run(example_sql(DATA, DATA.queries[name], sample.as_of))
    table = block[block.index('class="kb-sample"') :]
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    expected = [{None: "null", True: "true", False: "false"}.get(v, str(v)) if v is None or isinstance(v, bool) else str(v) for row in answer.rows for v in row]
    assert cells == expected


# In Chromium: the query composer is the reply composer, and copies what the Python rule writes.
@pytest.mark.browser
def test_the_query_composer_copies_exactly_what_fill_writes(context, page, base_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "runbooks/payments/duplicate-charge/", wait_until="load")
    page.locator("#query-duplicate-charges > summary").click()
    composer = page.locator("#query-duplicate-charges-fill")
    composer.wait_for(state="visible")
    assert composer.locator(".kb-pick__group").count() == 0, "a query offers no channels"
    values = {"customer_id": "cus_fxDuplicate", "from_date": "2026-10-31", "to_date": "2026-11-30"}
    composer.locator("[name=customer_id]").fill("cus_O'Neil")
    composer.locator("[name=from_date]").fill(values["from_date"])
    composer.locator("[name=to_date]").fill(values["to_date"])
    button = composer.locator(".kb-reply__copy")
    assert button.inner_text() == "Copy query"
    button.click()
    page.wait_for_function("() => document.getElementById('query-duplicate-charges-fill').hasAttribute('data-kb-copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    template = DATA.queries["duplicate-charges"].sql
    assert copied == fill(template, {**values, "customer_id": "cus_O'Neil"}).strip("\n") + "\n"
    assert "'cus_O''Neil'" in copied and "DATE '2026-10-31'" in copied
    sqlglot.parse_one(copied, read="trino")
    composer.locator("[name=customer_id]").fill(values["customer_id"])
    button.click()
    page.wait_for_function(
        "(v) => (document.getElementById('query-duplicate-charges-fill').getAttribute('data-kb-copied') || '').includes(v)", arg="'cus_fxDuplicate'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    rows = Sample(DATA.sigma, date.fromisoformat(AS_OF)).run(copied).records()
    assert [r["finding"] for r in rows] == [f for _, f in EXPECTED["duplicate-charges"]], "the copied query finds the duplicate"
