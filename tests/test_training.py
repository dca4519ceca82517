"""The learning path (data/learning_path.yml): each way the file can be wrong is reported as ``path:line: message``
by `make check`, the real file keeps the rules the Billing Support leads set for it, and in the browser a practice
case hides its answer until clicked and the sign-off sheet prints without the navigation.

Each broken case copies the checked files (docs without assets, data, snippets, mkdocs.yml) into tmp_path, breaks
one thing in the learning path, and runs the real command on it, as an editor's `make check` would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from kbtools import check
from macros.pages import front_matter

from .conftest import DOCS, ROOT

DATA = "data/learning_path.yml"
TRAINING = yaml.safe_load((ROOT / DATA).read_text(encoding="utf-8"))
_POLICY = yaml.safe_load((ROOT / "data" / "policy.yml").read_text(encoding="utf-8"))
POLICY_DAYS = sorted({v for v in _POLICY["refunds"].values() if isinstance(v, int)} | {_POLICY["approvals"]["window_days"]})
POLICY_AMOUNTS = sorted({row[k] for row in _POLICY["approval_limits"] for k in ("refund", "credit", "waive")})


@pytest.fixture(scope="module")
def clean_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("assets"))
    for name in ("data", "snippets"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _line(text: str, needle: str) -> int:
    assert needle in text, f"the learning path no longer contains {needle!r}: update the test's fixture edit"
    return text[: text.index(needle)].count("\n") + 1


def _check(clean: Path, tmp_path: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    """A broken copy of the tree in tmp_path (``old`` replaced by ``new`` once in the learning path): the original text and what `make check` printed."""
    tree = tmp_path / "tree"
    shutil.copytree(clean, tree)
    text = (tree / DATA).read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply to {DATA}: {old!r}"
    (tree / DATA).write_text(text.replace(old, new, 1), encoding="utf-8")
    code = check.main(["--root", str(tree), DATA])
    printed = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1, printed
    return text, printed


LOAD = " (the data must load before pages can be checked)"


def test_the_clean_copy_passes(clean_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The fixture itself is sound: every failure below comes from its one edit."""
    assert check.main(["--root", str(clean_tree), DATA]) == 0, capsys.readouterr().err


def test_an_unknown_page(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(
        clean_tree,
        tmp_path,
        "read: [runbooks/accounts/billing-roles-and-ownership.md,",
        "read: [runbooks/accounts/billing-roles.md,",
        capsys,
    )
    line = _line(text, "- day: 2\n")
    assert printed[0] == f"{DATA}:{line}: day 2: runbooks/accounts/billing-roles.md is not a page under docs/ — fix the path", printed


def test_an_unknown_runbook_in_a_case(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "runbook: runbooks/payments/card-declined.md", "runbook: runbooks/payments/card-decline.md", capsys)
    line = _line(text, "- id: declined-upgrade\n")
    assert printed[0] == f"{DATA}:{line}: case declined-upgrade: runbooks/payments/card-decline.md is not a page under docs/ — fix the path", printed


def test_a_reply_the_runbook_does_not_list(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "reply: duplicate-charge-pending", "reply: refund-issued", capsys)
    line = _line(text, "- id: charged-twice-hold\n")
    assert printed[0] == (
        f"{DATA}:{line}: case charged-twice-hold: reply 'refund-issued' is not one runbooks/payments/duplicate-charge.md sends — "
        "use one of: duplicate-charge-pending, duplicate-charge-registrar-void, duplicate-charge-refunded, duplicate-charge-disputed, "
        "duplicate-charge-inquiry, duplicate-charge-two-invoices"
    ), printed


def test_a_day_number_out_of_order(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "- day: 3\n", "- day: 4\n", capsys)
    line = _line(text, "- day: 3\n")
    assert printed == [f"{DATA}:{line}: weeks[0].days[2].day: days are numbered in order across the weeks: expected 3, got 4{LOAD}"], printed


def test_a_missing_key_in_a_day(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "        minutes: 90\n", "", capsys)
    line = _line(text, "- day: 1\n")
    assert printed == [f"{DATA}:{line}: weeks[0].days[0]: missing key 'minutes' — add it (see the comment at the top of the file){LOAD}"], printed


def test_a_missing_key_in_a_case(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "    reply: plan-downgrade-before\n", "", capsys)
    line = _line(text, "- id: downgrade-mid-month\n")
    index = [case["id"] for case in TRAINING["cases"]].index("downgrade-mid-month")
    assert printed == [f"{DATA}:{line}: cases[{index}]: missing key 'reply' — add it (see the comment at the top of the file){LOAD}"], printed


def test_a_runbook_handled_on_no_day(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = "handle: [runbooks/payments/duplicate-charge.md, runbooks/payments/pending-authorization.md, runbooks/payments/unexpected-currency.md]"
    text, printed = _check(clean_tree, tmp_path, old, old.replace(", runbooks/payments/unexpected-currency.md", ""), capsys)
    line = _line(text, "weeks:\n")
    expected = f"docs/runbooks/payments/unexpected-currency.md:1: no day of the learning path handles this runbook — add it to a day's handle: list in {DATA} (line {line})"
    assert printed == [expected], printed


def test_a_page_that_is_not_a_runbook_under_handle(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(
        clean_tree,
        tmp_path,
        "handle: [runbooks/subscriptions/unpaid-invoice-dunning.md,",
        "handle: [glossary.md, runbooks/subscriptions/unpaid-invoice-dunning.md,",
        capsys,
    )
    line = _line(text, "- day: 7\n")
    assert printed == [f"{DATA}:{line}: day 7: handle lists glossary.md, which is not a runbook — move it to read:"], printed


def test_an_access_key_that_is_not_defined(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "access: [processor]", "access: [card-vault]", capsys)
    line = _line(text, "access: [processor]")
    keys = ", ".join(TRAINING["access"])
    assert printed == [f"{DATA}:{line}: weeks[0].days[3].access[0]: 'card-vault' is not under access: — use one of {keys}{LOAD}"], printed


def test_a_duplicate_case_id(clean_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(clean_tree, tmp_path, "- id: true-duplicate\n", "- id: charged-twice-hold\n", capsys)
    line = _line(text, "- id: true-duplicate\n")
    assert printed == [f"{DATA}:{line}: cases[1].id: 'charged-twice-hold' must be a unique kebab-case id{LOAD}"], printed


# The real file: the rules the Billing Support leads set for the path (not enforced by the loader, which accepts any
# length of path), so a later edit that breaks one is caught here with the rule in words.


def test_four_weeks_of_five_days_with_realistic_reading() -> None:
    weeks = TRAINING["weeks"]
    assert [w["week"] for w in weeks] == [1, 2, 3, 4]
    for week in weeks:
        assert len(week["days"]) == 5, f"week {week['week']} has {len(week['days'])} days"
        for day in week["days"]:
            assert 60 <= day["minutes"] <= 150, f"day {day['day']}: {day['minutes']} minutes of reading"
    assert 4 <= len(TRAINING["access"]) <= 7


def test_each_week_has_five_to_seven_cases_and_there_are_at_least_24() -> None:
    cases = TRAINING["cases"]
    assert len(cases) >= 24
    for week in (1, 2, 3, 4):
        count = sum(1 for case in cases if case["week"] == week)
        assert 5 <= count <= 7, f"week {week} has {count} practice cases"


@pytest.mark.parametrize("case", TRAINING["cases"], ids=[c["id"] for c in TRAINING["cases"]])
def test_a_case_reads_like_a_customer_and_its_search_is_tested(case: dict) -> None:
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", case["message"].strip()) if s]
    assert 1 <= len(sentences) <= 7, f"{len(sentences)} sentences (a sign-off line counts as one)"
    assert 2 <= len(case["search"].split()) <= 5, case["search"]
    decision = [s for s in re.split(r"(?<=[.?!])\s+", case["decision"].strip()) if s]
    assert 2 <= len(decision) <= 4, f"the decision has {len(decision)} sentences"
    # Team policy numbers reach readers only through policy(): a case names the rule ("the team's goodwill window"),
    # and the runbook shows the number, so a changed policy never leaves a case stating the old one.
    # The trainer's facts too: they say what the account shows, never a team-policy number.
    facts = " ".join(f"{fact['where']} {fact['shows']}" for fact in case["facts"])
    assert 2 <= len(case["facts"]) <= 5, f"{len(case['facts'])} facts: a role-play needs what the trainee will look up, no more"
    for days in POLICY_DAYS:
        assert not re.search(rf"\b{days}(-| business | )day", case["decision"] + case["title"] + facts), f"types the team-policy {days} days"
    for amount in POLICY_AMOUNTS:
        assert amount not in case["decision"] + facts, f"types the team-policy amount {amount}"
    # The search a specialist would type must find the runbook: it is one of the browser search queries.
    queries = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    wanted = case["runbook"].removesuffix(".md") + "/"
    assert any(q["query"] == case["search"] and wanted in ([q["expect"]] if isinstance(q["expect"], str) else q["expect"]) for q in queries), (
        f'add - {{query: "{case["search"]}", expect: "{wanted}"}} to tests/search_queries.yml'
    )
    assert case["reply"] in (front_matter(DOCS / case["runbook"]).get("replies") or {})


# In the browser: the built learning path and sign-off sheet.


@pytest.mark.browser
def test_a_practice_case_hides_its_answer_until_clicked(page, offline, base_url: str) -> None:
    page.goto(base_url + "onboarding/learning-path/", wait_until="load")
    first = TRAINING["cases"][0]
    case = page.locator(".admonition.example").filter(has_text=first["title"]).first
    assert case.locator("blockquote").is_visible(), "the customer's message is in view"
    answer = case.locator("details.success")
    decision = answer.locator("p", has_text="Decision:")
    assert answer.get_attribute("open") is None and decision.is_hidden(), "the answer shows before the trainee has decided"
    answer.locator("summary").click()
    decision.wait_for(state="visible", timeout=5_000)
    assert " ".join(first["decision"].split()) in " ".join(decision.inner_text().split())
    reply = answer.locator("a[href*='#reply-']")
    assert reply.is_visible() and reply.get_attribute("href").endswith("duplicate-charge/#reply-" + first["reply"])
    assert offline == []


@pytest.mark.browser
def test_the_sign_off_sheet_prints_without_the_navigation(page, offline, base_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url + "onboarding/sign-off-sheet/", wait_until="load")
    navigation = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
    assert page.locator(".md-sidebar--primary").is_visible(), "on screen the navigation shows"
    page.emulate_media(media="print")
    for selector in navigation:
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    sheet = page.locator("article")
    assert sheet.locator("h2", has_text="Week 1").is_visible()
    assert sheet.locator("table").first.is_visible()
    assert sheet.get_by_text("Week 1 signed off by the trainer").first.is_visible()
    assert sheet.get_by_text("Ready for solo work, signed by the trainer").first.is_visible()
    assert offline == []
