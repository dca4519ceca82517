"""One source for each decision: the at-a-glance box lists the cases of "Decide and act" that escalate, pages take
who-may-do-what and shared answers from data, and a practice case expects the reply its runbook case sends.

The built-site test reads the published HTML, not the Markdown, so it fails if the box is ever written by hand again
(an old "escalate_when" box lists conditions that are no case's) or stops following the cases.
"""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kbtools.contract import Rules, check_text
from macros.blocks.decisions import decision_text, roles_table
from macros.cases import page_cases, team_names
from macros.data import load_site_data
from macros.replies import ROLES, template_problems
from macros.training import Case, _case_agrees
from macros.widgets import at_a_glance

from .conftest import DOCS, ROOT, Site

DATA = load_site_data(ROOT)
NAMES = team_names(DATA.teams)
RUNBOOKS = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("runbooks/*/*.md") if p.name != "index.md")


class _Reader(HTMLParser):
    """The box's "Escalate when" items, and each top-level case of Decide and act: its bold lead and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_glance = self.in_escalate = False
        self.glance_depth = 0
        self.glance_tag = "div"
        self.items: list[str] = []
        self.section = ""
        self.lists = 0  # list nesting inside Decide and act
        self.cases: list[list[str]] = []  # [lead, text]
        self.strong_open = False
        self.text: list[str] = []
        self.heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("div", "details") and "kb-glance" in classes:
            # The box is a collapsible admonition (a details element, open), once a div.
            self.in_glance, self.glance_depth, self.glance_tag = True, 0, tag
        if self.in_glance:
            if tag == self.glance_tag:
                self.glance_depth += 1
            if tag == "li":
                self.text = []
        if tag == "h2":
            self.heading, self.text = True, []
        if self.section == "Decide and act":
            if tag in ("ol", "ul"):
                self.lists += 1
            if tag == "li" and self.lists == 1:
                self.cases.append(["", ""])
            if tag == "strong" and self.lists == 1 and self.cases and not self.cases[-1][1].strip():
                self.strong_open = True

    def handle_endtag(self, tag: str) -> None:
        if self.in_glance:
            if tag == "li":
                item = " ".join("".join(self.text).split())
                if item.startswith("Escalate when:"):
                    rest = item[len("Escalate when:") :].strip()
                    if rest and "→" in rest and not self.items:
                        self.items.append(rest)  # one escalation, on the same line
                    elif rest and "→" not in rest and not self.items:
                        self.items.append(rest)  # free text, or "none of the cases below escalates"
                elif "→" in item:
                    self.items.append(item)
                self.text = []
            if tag == self.glance_tag:
                self.glance_depth -= 1
                if self.glance_depth == 0:
                    self.in_glance = False
        if tag == "h2" and self.heading:
            self.heading = False
            self.section = "".join(self.text).replace("¶", "").strip()
        if self.section == "Decide and act" and tag in ("ol", "ul"):
            self.lists -= 1
        if tag == "strong":
            self.strong_open = False

    def handle_data(self, data: str) -> None:
        if self.in_glance or self.heading:
            self.text.append(data)
        if self.section == "Decide and act" and self.lists >= 1 and self.cases:
            if self.strong_open:
                self.cases[-1][0] += data
            self.cases[-1][1] += data


def _norm(text: str) -> str:
    return " ".join(html.unescape(text).split()).rstrip(".:")


@pytest.mark.parametrize("doc", RUNBOOKS)
def test_the_box_lists_exactly_the_escalating_cases(site: Site, doc: str) -> None:
    reader = _Reader()
    reader.feed(site.html(doc))
    leads = [_norm(lead) for lead, _ in reader.cases if lead.strip()]
    escalations = [item for item in reader.items if "→" in item]
    for item in reader.items:
        assert "→" in item or item.startswith("none of the cases below escalates"), f"{doc}: the box's escalation is not a case: {item!r}"
    for item in escalations:
        condition, teams = (part.strip() for part in item.rsplit("→", 1))
        assert any(_norm(condition).startswith(lead) for lead in leads), f"{doc}: '{condition}' is no case of Decide and act (cases: {leads})"
    # Every case that tells the reader to escalate to a named team shows in the box with that team.
    for lead, text in reader.cases:
        for names in NAMES.values():
            for name in names:
                if re.search(rf"\bescalate to {re.escape(name)}\b", " ".join(text.split()), re.I):
                    shown = [i for i in escalations if _norm(i.rsplit("→", 1)[0]).startswith(_norm(lead)) and names[0] in i.rsplit("→", 1)[1]]
                    assert shown, f"{doc}: case '{_norm(lead)}' escalates to {name}, which the box does not show"


CASES = """## Decide and act

Verify first.

1. **Enterprise contract.** Promise no copy, send [A](#reply-a) and escalate to Accounts Receivable.
2. **A copy.** Send [B](#reply-b).
    - Still not there: escalate to Billing Operations.
    - A formal receipt: ask the customer.
3. **Within {{ policy("refunds.goodwill_window_days") }} days.** {{ decision("dispute-first") }}
4. **Anything else.** Escalate it.

## Reply to the customer
"""


def _expand(name: str, args: str) -> str:
    return str(DATA.policy_value(args.strip("\"' "))) if name == "policy" else ""


def test_cases_escalate_by_their_own_words_and_sub_bullets_narrow_the_condition() -> None:
    _, found = page_cases(CASES, NAMES, _expand)
    assert [(c.number, c.lead) for c in found] == [
        (1, "Enterprise contract"),
        (2, "A copy"),
        (3, f"Within {DATA.policy_value('refunds.goodwill_window_days')} days"),
        (4, "Anything else"),
    ]
    assert [(e.condition, e.teams) for c in found for e in c.escalations] == [
        ("Enterprise contract", ("accounts-receivable",)),
        ("A copy: Still not there", ("billing-ops",)),
    ]
    # A shared answer inside a case is context: the case escalates only in its own words.
    assert found[2].escalations == ()
    assert found[3].unnamed == ("Escalate it.",)


def test_the_box_is_built_from_the_cases() -> None:
    box = at_a_glance(DATA, {}, "Any billing specialist; {roles.pay} pays", "5 minutes", "---\n---\n" + CASES)
    assert "**Who may act:** Any billing specialist; a Super Administrator or a Billing member pays" in box
    assert "        - Enterprise contract → Accounts Receivable and Collections" in box
    assert "        - A copy: Still not there → Billing Operations" in box
    nothing = at_a_glance(DATA, {}, "Any", "5 minutes", "## Decide and act\n\n1. **A.** Send [A](#reply-a).\n")
    assert "**Escalate when:** none of the cases below escalates" in nothing


GOOD = (ROOT / "tests" / "test_contract.py").read_text(encoding="utf-8").split('GOOD = """', 1)[1].split('"""', 1)[0]
PATH = "docs/runbooks/refunds/refund-status.md"
#: The contract with what pages call each team and the shared answers, on a fixed day so the fixture never falls due.
RULES = dataclasses.replace(Rules.from_site_data(ROOT, DATA, date(2026, 3, 1)), root=None)
DECIDE = "Open the refund in the processor dashboard. If it succeeded, send [Refund on its way](#reply-refund-status-on-its-way)."


@pytest.mark.parametrize(
    ("case", "edit", "expected"),
    [
        (
            "escalate-when-written",
            ('time="5 minutes") }}', 'time="5 minutes", escalate_when="The refund failed") }}'),
            f"{PATH}:14: at_a_glance() takes no escalate_when: the box lists the cases in '## Decide and act' that escalate",
        ),
        (
            "escalation-without-a-team",
            (DECIDE, DECIDE + "\n\n1. **The refund failed.** Escalate it."),
            f"{PATH}:20: case 1 says to escalate but names no team ('Escalate it.') — name it",
        ),
        (
            "escalation-without-a-lead",
            (DECIDE, DECIDE + "\n\n1. The refund failed: escalate to Billing Operations."),
            f"{PATH}:20: case 1 escalates but does not open with its condition in bold",
        ),
        (
            "case-without-a-reply",
            (DECIDE, DECIDE + "\n\n1. **The refund failed.** Look at it again tomorrow."),
            f"{PATH}:20: case 1 names no reply — link the reply it sends ([Label](#reply-name), or another runbook's ../area/page.md#reply-name), "
            "or write 'no reply: escalate to <team> with <what to include>'",
        ),
        (
            "no-reply-without-a-team",
            (DECIDE, DECIDE + "\n\n1. **The refund failed.** No reply: escalate it with the refund ID."),
            f"{PATH}:20: case 1 says 'no reply' but escalates to no team — name it",
        ),
        (
            "unknown-decision",
            (DECIDE, DECIDE + ' {{ decision("refund-rules") }}'),
            f"{PATH}:18: decision 'refund-rules' is not in data/decisions.yml — use one of: ",
        ),
        (
            "unknown-role-action",
            ('who="Any billing specialist"', 'who="{roles.refund}"'),
            f"{PATH}:14: role action 'refund' is not in data/decisions.yml roles.actions — use one of: ",
        ),
        (
            "shared-answer-restated",
            ("Verify the account.", "Verify the account. Under the RBI limit an e-mandate spares the check."),
            f"{PATH}:26: restates the shared answer 'india-cards' in its own words — show it with {{{{ decision(\"india-cards\") }}}}",
        ),
        (
            "shared-answer-counts-as-prose",
            (DECIDE, DECIDE + " " + "Read the whole case history first. " * 33 + '{{ decision("india-cards") }}'),
            # 15 words of the fixture's own, 33 × 6 added, and every word of the shared answer shown before the replies.
            f"{PATH}:16: {15 + 33 * 6 + len(DATA.decisions.answers['india-cards'].answer.split())} words of prose before the first reply",
        ),
    ],
    ids=[
        "escalate-when-written",
        "escalation-without-a-team",
        "escalation-without-a-lead",
        "case-without-a-reply",
        "no-reply-without-a-team",
        "unknown-decision",
        "unknown-role-action",
        "shared-answer-restated",
        "shared-answer-counts-as-prose",
    ],
)
def test_one_source_rules_give_the_exact_message(case: str, edit: tuple[str, str], expected: str) -> None:
    old, new = edit
    assert old in GOOD, f"fixture edit for {case} does not apply"
    messages = [str(p) for p in check_text(PATH, GOOD.replace(old, new, 1), RULES)]
    assert any(m.startswith(expected) for m in messages), f"expected a message starting with:\n  {expected}\ngot:\n  " + "\n  ".join(messages)


def test_the_good_fixture_passes_the_one_source_rules() -> None:
    assert check_text(PATH, GOOD, RULES) == []


def test_a_practice_case_expects_the_reply_its_runbook_case_sends() -> None:
    runbook = (DOCS / "runbooks" / "refunds-and-disputes" / "subscription-refund-request.md").read_text(encoding="utf-8")

    def practice(decision: str, reply: str) -> Case:
        return Case("fixture", 2, "chat", "t", "m", "s", "runbooks/refunds-and-disputes/subscription-refund-request.md", decision, reply, 7)

    assert _case_agrees(practice("Two months after the charge, so this is case 4.", "refund-request-declined"), runbook, "lp.yml") == []
    assert _case_agrees(practice("Within the window, case 3.", "refund-request-pending-approval"), runbook, "lp.yml") == []
    wrong = _case_agrees(practice("Outside the window, case 4.", "refund-request-pending-approval"), runbook, "lp.yml")
    assert wrong == [
        "lp.yml:7: case fixture: the decision names case 4 of runbooks/refunds-and-disputes/subscription-refund-request.md "
        "('Outside the window'), which does not send refund-request-pending-approval — name the case that does, or change the expected reply"
    ]
    assert _case_agrees(practice("This is case 9.", "refund-request-declined"), runbook, "lp.yml")[0].endswith("— renumber the decision")


def test_roles_read_as_a_phrase_and_a_table_from_the_permissions_data() -> None:
    shared = DATA.decisions
    assert shared.roles_text("cancel_subscription") == "a Super Administrator or an Administrator"
    assert shared.roles_text("view_invoices") == "a Super Administrator, an Administrator or a Billing member"
    assert shared.roles_text("members") == "a Super Administrator"
    table = roles_table(DATA)
    assert "| Change or cancel subscriptions | Yes | Yes | No |" in table and shared.role_source[1] in table


def test_a_shared_answer_carries_its_basis() -> None:
    policy = decision_text(DATA, "dispute-first")
    assert "(team policy, owned by Billing Operations" in policy
    public = decision_text(DATA, "empty-vat-field")
    assert "a Super Administrator or a Billing member adds it" in public and "owned by Indirect Tax)" in public
    assert "developers.cloudflare.com/billing/understand/sales-tax/" in public


@pytest.mark.parametrize("reply", sorted(p.name for p in (ROOT / "snippets" / "replies").glob("*.md")))
def test_every_role_list_in_a_reply_exists(reply: str) -> None:
    text = (ROOT / "snippets" / "replies" / reply).read_text(encoding="utf-8")
    assert template_problems(text, set(DATA.placeholders), None, set(DATA.decisions.actions)) == []


def test_an_unknown_role_list_in_a_reply_is_reported() -> None:
    assert ROLES.findall("Ask {roles.pay} or {roles.refunds}.") == ["pay", "refunds"]
    assert template_problems("Ask {roles.refunds}.", set(), None, {"pay"}) == [(1, "{roles.refunds} is not an action in data/decisions.yml — use one of: pay")]


def test_a_bad_decisions_file_names_the_key(tmp_path: Path) -> None:
    from macros.data import load_decisions
    from macros.yamlsource import DataError, Source

    text = (ROOT / "data" / "decisions.yml").read_text(encoding="utf-8")
    broken = tmp_path / "decisions.yml"
    broken.write_text(text.replace("roles: [super_admin, admin]}", "roles: [super_admin, owner]}", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_decisions(Source(broken, "data/decisions.yml"), DATA.teams)
    assert "roles.actions.cancel_subscription.roles[1]: 'owner' is not under roles.names" in str(caught.value)


@pytest.mark.parametrize(
    "case",
    [
        "1. **The refund failed.** No reply: escalate to Billing Operations with the refund ID and the date.",
        "1. **The refund failed.** Escalate to Billing Operations and send [Refund on its way](#reply-refund-status-on-its-way).",
        "1. **The refund failed.** Send [Dispute is open](../refunds-and-disputes/dispute-and-refund-requested.md#reply-dispute-refund-both).",
    ],
    ids=["no-reply-with-team-and-what", "a-reply-of-this-page", "a-reply-of-another-runbook"],
)
def test_a_case_names_its_reply_or_says_it_sends_none(case: str) -> None:
    """The three ways a case is complete: this page's reply, another runbook's, or "no reply: escalate to <team> with …"."""
    rules = dataclasses.replace(RULES, root=ROOT)
    text = GOOD.replace(DECIDE, DECIDE + "\n\n" + case, 1)
    assert [str(p) for p in check_text("docs/runbooks/refunds-and-disputes/refund-status.md", text, rules)] == []


def test_a_reply_of_another_runbook_must_be_one_it_sends() -> None:
    rules = dataclasses.replace(RULES, root=ROOT)
    case = "1. **The refund failed.** Send [Dispute](../refunds-and-disputes/dispute-and-refund-requested.md#reply-refund-status-failed)."
    messages = [str(p) for p in check_text("docs/runbooks/refunds-and-disputes/refund-status.md", GOOD.replace(DECIDE, DECIDE + "\n\n" + case, 1), rules)]
    assert messages == [
        "docs/runbooks/refunds-and-disputes/refund-status.md:20: case 1 links the reply 'refund-status-failed' of "
        "../refunds-and-disputes/dispute-and-refund-requested.md, which that page does not send — link one it lists under replies:"
    ], messages


def test_every_case_of_every_runbook_names_its_reply() -> None:
    """The rule holds on the real site: every case of Decide and act links its reply or says it sends none."""
    from kbtools.contract import contract_pages, page_kind

    rules = Rules.from_site_data(ROOT, DATA, date(2026, 11, 30))
    missing = []
    for path in contract_pages(ROOT):
        rel = path.relative_to(ROOT).as_posix()
        if page_kind(rel) == "runbook":
            missing += [str(p) for p in check_text(rel, path.read_text(encoding="utf-8"), rules) if "names no reply" in p.message or "'no reply'" in p.message]
    assert not missing, "\n".join(missing)
