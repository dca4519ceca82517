"""Every runbook and explainer meets the page contract; broken pages get the exact message an editor sees."""

from __future__ import annotations

import html as _html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from kbtools import check
from kbtools.contract import ANSWER_FIRST_WORDS, Rules, check_text, contract_pages, page_kind
from macros.data import load_site_data

from .conftest import AS_OF, ROOT

#: The contract as the test build sees it: the same pinned date as every other test (conftest.AS_OF).
RULES = Rules.from_data(ROOT, date.fromisoformat(AS_OF))
#: The broken-page fixtures are checked as of a fixed day, so the fixture's review never falls due.
FIXED = Rules(RULES.owners, RULES.tags, date(2026, 3, 1), RULES.replies)
PAGES = [p.relative_to(ROOT).as_posix() for p in contract_pages(ROOT)]


def test_the_contract_covers_runbooks_and_explainers() -> None:
    kinds = {page_kind(p) for p in PAGES}
    assert kinds == {"runbook", "explainer"}, f"expected both kinds of page, found {kinds} in {PAGES}"


@pytest.mark.parametrize("doc", PAGES)
def test_page_meets_the_contract(doc: str) -> None:
    problems = [p for p in check_text(doc, (ROOT / doc).read_text(encoding="utf-8"), RULES) if p.severity == "error"]
    assert not problems, "\n".join(str(p) for p in problems)


GOOD = """---
title: Customer asks where their refund is
description: A customer was told a refund was issued and cannot see it yet.
owner: billing-support
last_reviewed: 2026-01-05
review_every: 180
tags: [refunds]
aliases: [where is my refund, refund not received, refund missing]
replies:
  refund-status-on-its-way: Refund on its way
render_macros: true
---

{{ at_a_glance(who="Any billing specialist", time="5 minutes") }}

## Decide and act

Open the refund in the processor dashboard. If it succeeded, send [Refund on its way](#reply-refund-status-on-its-way).

## Reply to the customer

{{ reply_composers() }}

## Before you start

Verify the account.

## Steps

1. Open the payment.

## Escalate

{{ escalation(queue="billing-ops") }}

## When to use

A customer cannot see a refund.

## Related

- [Duplicate charge](../payments/duplicate-charge.md)

## Check yourself

??? question "The processor shows the refund as succeeded; the customer says their bank shows nothing. What do you send?"

    Send [Refund on its way](#reply-refund-status-on-its-way): the refund left us, and the bank posts it in its own time.

??? question "The processor shows the refund as failed. What do you do?"

    Escalate: a failed refund is the one case this page does not close.
"""
PATH = "docs/runbooks/refunds/refund-status.md"
#: The second self-check question of GOOD, whole (question, blank line, answer) and its answer line alone.
SECOND_ANSWER = "    Escalate: a failed refund is the one case this page does not close.\n"
SECOND_QUESTION = '\n??? question "The processor shows the refund as failed. What do you do?"\n\n' + SECOND_ANSWER


def test_the_good_fixture_passes() -> None:
    assert check_text(PATH, GOOD, FIXED) == []


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


BROKEN = [
    ("missing-owner", ("owner: billing-support\n", ""), f"{PATH}:2: front matter key 'owner' is missing — add it (see docs/contributing/page-contract.md)"),
    ("unknown-owner", ("owner: billing-support", "owner: billing"), f"{PATH}:4: owner 'billing' is not a team in data/teams.yml — use one of: "),
    ("unknown-tag", ("tags: [refunds]", "tags: [refund]"), f"{PATH}:7: tag 'refund' is not in data/tags.yml — use one of: "),
    ("bad-date", ("last_reviewed: 2026-01-05", "last_reviewed: 5 Jan 2026"), f"{PATH}:5: last_reviewed must be an ISO date like 2026-11-27, got '5 Jan 2026'"),
    ("review-too-long", ("review_every: 180", "review_every: 900"), f"{PATH}:6: review_every must be a number of days from 30 to 365, got 900"),
    (
        "two-sentences",
        ("refund was issued and cannot see it yet.", "refund was issued. They cannot see it."),
        f"{PATH}:3: description must be ONE sentence — move the rest into 'When to use'",
    ),
    ("typo-key", ("render_macros: true", "render_macros: true\nownr: x"), f"{PATH}:12: unknown front matter key 'ownr' — a typo? Allowed keys: "),
    (
        "few-aliases",
        ("aliases: [where is my refund, refund not received, refund missing]", "aliases: [refund]"),
        f"{PATH}:8: give 3 to 12 aliases (the words customers and specialists type), got 1",
    ),
    (
        "no-glance",
        ('{{ at_a_glance(who="Any billing specialist", time="5 minutes") }}', "Intro."),
        f"{PATH}:14: the body must open with the at-a-glance box",
    ),
    (
        "missing-section",
        ("## Before you start\n\nVerify the account.\n\n", ""),
        f"{PATH}:20: section '## Before you start' is missing — add it after '## Reply to the customer'",
    ),
    (
        "missing-decide",
        (
            "## Decide and act\n\nOpen the refund in the processor dashboard. If it succeeded, send [Refund on its way](#reply-refund-status-on-its-way).\n\n",
            "",
        ),
        f"{PATH}:14: section '## Decide and act' is missing — add it first, right after the at-a-glance box",
    ),
    (
        "out-of-order",
        (
            "## Before you start\n\nVerify the account.\n\n## Steps\n\n1. Open the payment.\n",
            "## Steps\n\n1. Open the payment.\n\n## Before you start\n\nVerify the account.\n",
        ),
        f"{PATH}:24: section '## Steps' is out of order — the order is: Decide and act, Reply to the customer, Before you start, Steps, Escalate, When to use, Related",
    ),
    (
        "background-first",
        ("## Decide and act", "## When to use\n\nBackground first.\n\n## Decide and act"),
        f"{PATH}:16: '## When to use' comes before '## Decide and act' — the page answers first: move it below the replies",
    ),
    ("no-numbered-steps", ("1. Open the payment.", "Open the payment."), f"{PATH}:28: '## Steps' needs a numbered list (1. ...) of concrete steps"),
    ("no-composers", ("{{ reply_composers() }}", "Hello!"), f"{PATH}:20: '## Reply to the customer' must show the reply composers"),
    (
        "old-include",
        ("{{ reply_composers() }}", '{{ reply_composers() }}\n\n```text\n--8<-- "replies/refund-status-on-its-way.md"\n```'),
        f"{PATH}:25: replies are no longer included with --8<-- — list them under replies: in front matter",
    ),
    ("no-replies-key", ("replies:\n  refund-status-on-its-way: Refund on its way\n", ""), f"{PATH}:2: front matter key 'replies' is missing"),
    (
        "unknown-reply-file",
        ("  refund-status-on-its-way: Refund on its way", "  refund-status-gone: Refund on its way"),
        f"{PATH}:9: reply 'refund-status-gone' is not a file in snippets/replies/ — create snippets/replies/refund-status-gone.md or fix the name",
    ),
    (
        "unlinked-reply",
        ("1. Open the payment.", "1. Open the payment, then send the **Refund on its way** reply."),
        f"{PATH}:30: '**Refund on its way**' names a reply — link it so a click opens it: [Refund on its way](#reply-refund-status-on-its-way)",
    ),
    (
        "reply-link-to-nothing",
        ("(#reply-refund-status-on-its-way)", "(#reply-refund-status-gone)"),
        f"{PATH}:18: link to #reply-refund-status-gone, but replies: in front matter has no 'refund-status-gone' — use one of: refund-status-on-its-way",
    ),
    (
        "unknown-reply-label",
        ("1. Open the payment.", "1. Open the payment, then send the **Refund sent** reply."),
        f"{PATH}:30: 'send the **Refund sent** reply': no reply on this page is labelled so — use one of: Refund on its way",
    ),
    (
        "decide-links-no-reply",
        ("If it succeeded, send [Refund on its way](#reply-refund-status-on-its-way).", "If it succeeded, reply."),
        f"{PATH}:16: '## Decide and act' must link the reply for each outcome",
    ),
    (
        "too-long-before-the-reply",
        ("Open the refund in the processor dashboard.", "Open the refund. " + "Read the whole case history first. " * 60),
        # 3 + 60 × 6 + 8 words ("If it succeeded, send Refund on its way."): link targets do not count.
        f"{PATH}:16: 371 words of prose before the first reply — keep it to {ANSWER_FIRST_WORDS}",
    ),
    (
        "scaffold-left",
        ("Verify the account.", "TODO: verify the account."),
        f"{PATH}:26: '## Before you start' is still scaffold text (TODO) — write it, then delete the TODO",
    ),
    ("no-escalation-macro", ('{{ escalation(queue="billing-ops") }}', "Ask someone."), f"{PATH}:32: '## Escalate' must render the queue and response target"),
    ("no-front-matter", ("---\ntitle:", "title:"), f"{PATH}:1: no front matter — start the file with a '---' line, the keys, and a closing '---'"),
    (
        "missing-check-yourself",
        (GOOD[GOOD.index("\n## Check yourself") :], ""),
        f"{PATH}:40: section '## Check yourself' is missing — add it after '## Related', with 2 or 3 questions: ??? question \"…\" and an indented answer",
    ),
    (
        "one-question",
        (SECOND_QUESTION, ""),
        f"{PATH}:44: '## Check yourself' has 1 question — give 2 or 3: ??? question \"…\" with an indented answer, each a case this page decides",
    ),
    (
        "question-without-answer",
        (SECOND_ANSWER, ""),
        f"{PATH}:50: this question has no answer — write it below, indented by four spaces: the decision, the reason, the reply or team",
    ),
    (
        "answer-not-indented",
        (SECOND_ANSWER, SECOND_ANSWER.lstrip()),
        f"{PATH}:50: this question has no answer — write it below, indented by four spaces",
    ),
    (
        "four-questions",
        (SECOND_QUESTION, SECOND_QUESTION * 3),
        f"{PATH}:44: '## Check yourself' has 4 questions — keep 2 or 3: the judgement calls a new specialist gets wrong",
    ),
    (
        "answer-shown-open",
        ('\n??? question "The processor shows the refund as failed.', '\n???+ question "The processor shows the refund as failed.'),
        f'{PATH}:50: a self-check question is written ??? question "…" — a collapsed block, type question, the question in double quotes',
    ),
    (
        "check-yourself-after-sources",
        ("## Check yourself", "## Sources\n\n- [Stripe: refunds](https://docs.stripe.com/refunds)\n\n## Check yourself"),
        f"{PATH}:48: '## Check yourself' comes after '## Sources' — move it above: '## Sources' is the last section",
    ),
]


@pytest.mark.parametrize(("case", "edit", "expected"), BROKEN, ids=[case for case, _, _ in BROKEN])
def test_broken_page_gets_the_exact_message(case: str, edit: tuple[str, str], expected: str) -> None:
    old, new = edit
    assert old in GOOD, f"fixture edit for {case} does not apply"
    messages = [str(p) for p in check_text(PATH, GOOD.replace(old, new, 1), FIXED)]
    assert any(m.startswith(expected) for m in messages), f"expected a message starting with:\n  {expected}\ngot:\n  " + "\n  ".join(messages)


def test_check_yourself_sits_before_sources() -> None:
    text = GOOD + "\n## Sources\n\n- [Stripe: refunds](https://docs.stripe.com/refunds)\n"
    assert check_text(PATH, text, FIXED) == []


def test_overdue_review_is_a_warning_not_an_error() -> None:
    late = Rules(RULES.owners, RULES.tags, date(2027, 1, 1))
    problems = check_text(PATH, GOOD, late)
    assert [str(p) for p in problems] == [
        f"{PATH}:5: warning: review overdue since 2026-07-04 — re-read the page against its sources, then update last_reviewed"
    ]


def _explainer_head() -> str:
    """GOOD's front matter without the runbook-only keys (aliases, replies, search)."""
    head = GOOD.split("---\n\n")[0]
    for key in ("aliases: [where is my refund, refund not received, refund missing]\n", "replies:\n  refund-status-on-its-way: Refund on its way\n"):
        head = head.replace(key, "")
    return head


def test_explainer_needs_a_worked_example_and_sources() -> None:
    text = _explainer_head() + "---\n\nJust prose.\n"
    messages = [str(p) for p in check_text("docs/accounting/x.md", text, FIXED)]
    expected = [
        "docs/accounting/x.md:10: section '## The rule' is missing — explainers have: The rule, What it means",
        "docs/accounting/x.md:10: section '## Check yourself' is missing",
        "docs/accounting/x.md:11: no worked example — render one with a macro: proration_table, revenue_schedule,",
        "docs/accounting/x.md:11: section '## Sources' is missing — list the primary or named sources with links",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), f"missing {start!r} in {messages}"
    assert len(messages) == 7  # the four above, and What it means, Worked example, Common customer questions missing


def test_explainer_sections_must_keep_their_order() -> None:
    body = "\n".join(
        f"## {name}\n\ntext\n"
        for name in ["What it means for billing support", "The rule", "Worked example", "Common customer questions", "Check yourself", "Sources"]
    )
    head = _explainer_head()
    text = (
        head
        + "---\n\n"
        + body.replace("## Worked example\n\ntext", "## Worked example\n\n{{ tax_example() }}").replace(
            "## Sources\n\ntext", "## Sources\n\n- [Source](https://example.com/)"
        )
    )
    messages = [str(p) for p in check_text("docs/accounting/x.md", text, FIXED)]
    assert any("section '## What it means for billing support' is out of order" in m for m in messages), messages
    assert any("'## Check yourself' needs self-check questions with hidden answers" in m for m in messages), messages


def _linked_pages(root: Path) -> None:
    """The pages GOOD links to, so make check's link rule finds them in the test's tree."""
    target = root / "docs" / "runbooks" / "payments" / "duplicate-charge.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "runbooks" / "payments" / "duplicate-charge.md", target)


def test_check_command_prints_path_line_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_AS_OF", "2026-03-01")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    _linked_pages(tmp_path)
    page = tmp_path / PATH
    page.parent.mkdir(parents=True)
    page.write_text(GOOD.replace("owner: billing-support", "owner: nobody"), encoding="utf-8")
    assert check.main(["--root", str(tmp_path), str(page)]) == 1
    captured = capsys.readouterr()
    assert f"{PATH}:4: owner 'nobody' is not a team in data/teams.yml" in captured.err
    assert "1 file(s), 1 error(s), 0 warning(s)" in captured.out


def test_check_command_passes_a_good_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_AS_OF", "2026-03-01")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    _linked_pages(tmp_path)
    page = tmp_path / PATH
    page.parent.mkdir(parents=True)
    page.write_text(GOOD, encoding="utf-8")
    assert check.main(["--root", str(tmp_path), str(page)]) == 0
    assert capsys.readouterr().err == ""


def test_a_refund_instruction_needs_a_declared_action() -> None:
    text = GOOD.replace("1. Open the payment.", "1. Open the payment.\n2. Issue a full refund from the payment page.")
    messages = [str(p) for p in check_text(PATH, text, FIXED)]
    assert messages == [
        f"{PATH}:31: tells the reader to refund ('Issue a full refund') but front matter does not declare it — "
        "add 'refund' to actions: so the at-a-glance box shows the approval needed"
    ]
    declared = text.replace("render_macros: true", "actions: [refund]\nrender_macros: true")
    assert check_text(PATH, declared, FIXED) == []


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Add an account credit for the outage.", "credit"),
        ("Create a credit note against the invoice.", "credit"),
        ("Waive the late fee once.", "waive"),
        ("Refund the later of the two payments.", "refund"),
    ],
)
def test_money_moving_instructions_are_recognised(sentence: str, action: str) -> None:
    text = GOOD.replace("1. Open the payment.", f"1. {sentence}")
    assert [p.message.split(" (")[0] for p in check_text(PATH, text, FIXED)] == [f"tells the reader to {action}"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Do not refund a charge that is disputed.",
        "Never issue a credit note for a closed period.",
        "The customer asked for a refund.",
    ],
)
def test_mentions_and_prohibitions_are_not_actions(sentence: str) -> None:
    text = GOOD.replace("1. Open the payment.", f"1. {sentence}")
    assert check_text(PATH, text, FIXED) == []


def test_unknown_action_is_refused() -> None:
    text = GOOD.replace("render_macros: true", "actions: [discount]\nrender_macros: true")
    assert [str(p) for p in check_text(PATH, text, FIXED)] == [f"{PATH}:11: actions must be a list of: refund, credit, waive — got ['discount']"]


DATA = load_site_data(ROOT)
ACTION_WORDS = {"refund": "Refund", "credit": "Account credit or credit note", "waive": "Fee waiver"}


@pytest.mark.parametrize("doc", [p for p in PAGES if page_kind(p) == "runbook"])
def test_runbook_shows_its_aliases_and_approvals(site, doc: str) -> None:
    import yaml as _yaml

    from macros.money import format_money

    from .conftest import built_path

    text = (ROOT / doc).read_text(encoding="utf-8")
    meta = _yaml.safe_load(text.split("---")[1])
    html = built_path(site.dir, doc.removeprefix("docs/")).read_text(encoding="utf-8")
    # Compare on the text: glossary tooltips wrap words of an alias in <abbr> elements.
    glance = re.search(r"Also known as:</strong>(.*?)</li>", html, re.S)
    assert glance, f"{doc}: the at-a-glance box shows no 'Also known as' line"
    shown = _html.unescape(re.sub(r"<[^>]+>", "", glance.group(1)))
    phrases = [phrase.strip() for phrase in shown.split(",")]
    for alias in meta["aliases"]:
        assert alias in phrases, f"{doc}: alias {alias!r} not shown (shown: {shown})"
    approvals = [_html.unescape(re.sub(r"<[^>]+>", "", line)) for line in re.findall(r"Approval \(team policy\):</strong>(.*?)</li>", html, re.S)]
    assert len(approvals) == len(meta.get("actions") or []), f"{doc}: {len(approvals)} approval lines for actions {meta.get('actions')}"
    for action, line in zip(meta.get("actions") or [], approvals, strict=True):
        expected = " · ".join(f"{limit.short} {format_money(getattr(limit, action), DATA.currency)}" for limit in DATA.approval_limits)
        assert line.strip() == f"{ACTION_WORDS[action]} up to: {expected}", f"{doc}: the {action} approval line reads {line!r}"


def test_search_key_only_excludes_a_page() -> None:
    assert check_text(PATH, GOOD.replace("render_macros: true", "search: {exclude: true}\nrender_macros: true"), FIXED) == []
    text = GOOD.replace("render_macros: true", "search:\n  boost: 2\nrender_macros: true")
    assert [str(p) for p in check_text(PATH, text, FIXED)] == [
        f"{PATH}:11: search: takes only {{exclude: true}} (leave the page out of the site search); ranking comes from data/search_terms.yml"
    ]


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        ("[data/tlds.yml, snippets/replies/3ds-indian-card.md]", None),
        ("[data/nope.yml]", "depends_on: 'data/nope.yml' is not a file under data/ or snippets/ — name one, e.g. data/tlds.yml"),
        ("[docs/index.md]", "depends_on: 'docs/index.md' is not a file under data/ or snippets/ — name one, e.g. data/tlds.yml"),
        ("data/tlds.yml", "depends_on must be a list of repository files, e.g. [data/tlds.yml]"),
    ],
)
def test_depends_on_names_real_data_or_snippet_files(listed: str, message: str | None) -> None:
    rules = Rules(RULES.owners, RULES.tags, date(2026, 3, 1), RULES.replies, root=ROOT)
    text = GOOD.replace("render_macros: true", f"depends_on: {listed}\nrender_macros: true")
    line = text.splitlines().index(f"depends_on: {listed}") + 1
    assert [str(p) for p in check_text(PATH, text, rules)] == ([f"{PATH}:{line}: {message}"] if message else [])
