"""Freshness: the review rule (one home, macros/freshness.py), what a page depends on, the Review queue page,
`make stale`, the overdue banner and the "changed since this review" line — with dates pinned on both sides."""

from __future__ import annotations

import html as _html
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import macros
from kbtools import stale
from kbtools.contract import contract_pages, parse
from macros import freshness
from macros.data import load_site_data

from .conftest import ROOT, Site, build_fixture_site

DATA = load_site_data(ROOT)


@pytest.mark.parametrize(
    ("as_of", "status", "days"),
    [("2026-06-19", "ok", 15), ("2026-06-20", "due soon", 14), ("2026-07-04", "due soon", 0), ("2026-07-05", "overdue", 1), ("2026-08-03", "overdue", 30)],
)
def test_review_state_at_each_boundary(as_of: str, status: str, days: int) -> None:
    state = freshness.review_state(date(2026, 1, 5), 180, date.fromisoformat(as_of), 14)
    assert (state.due, state.status, state.days) == (date(2026, 7, 4), status, days)


def test_a_page_depends_on_its_macro_data_replies_includes_and_declared_sources() -> None:
    text = '{{ price("pro") }} and {{ policy("refunds.goodwill_window_days") }} {{ proration_table(from_plan="pro") }}\n--8<-- "shared/abbr.md"\n'
    meta = {"replies": {"refund-issued": "Refund issued"}, "depends_on": ["data/tlds.yml"]}
    assert freshness.dependencies(text, meta) == (
        "data/billing.yml",
        "data/plans.yml",
        "data/plans.yml#plans.pro",
        "data/policy.yml#refunds.goodwill_window_days",
        "data/tlds.yml",
        "snippets/replies/chat/refund-issued.md",
        "snippets/replies/refund-issued.md",
        "snippets/replies/social/refund-issued.md",
        "snippets/shared/abbr.md",
    )
    assert freshness.describe("snippets/replies/refund-issued.md", meta) == "the reply 'Refund issued'"
    assert freshness.describe("snippets/replies/chat/refund-issued.md", meta) == "the reply 'Refund issued' (chat)"
    assert freshness.describe("data/plans.yml", meta) == "the plan prices"
    assert freshness.describe("data/plans.yml#plans.pro", meta) == "the plan prices"
    assert freshness.describe("data/policy.yml#refunds.goodwill_window_days", meta) == "the policy value for refunds: goodwill window days"


def test_a_macro_depends_only_on_what_it_shows() -> None:
    """A calculator reads its own kind's data, an escalation its team, a reply the policy values it writes in."""
    assert freshness.dependencies('{{ calculator("proration", from_plan="pro") }}', {}) == (
        "data/billing.yml",
        "data/plans.yml#plans",
        "data/policy.yml#currency",
    )
    glance = '{{ at_a_glance(who="Any specialist; {roles.change_plan} makes the change", time="5 minutes") }}'
    assert freshness.dependencies(glance, {}) == (
        "data/decisions.yml#roles.actions.change_plan",
        "data/decisions.yml#roles.names",
        "data/teams.yml#teams.*.name",
        "data/teams.yml#teams.*.short",
    )
    assert "data/policy.yml#approval_limits" in freshness.dependencies(glance, {"actions": ["refund"]})
    assert freshness.dependencies('{{ escalation(queue="billing-ops") }}', {}) == ("data/teams.yml#teams.billing-ops",)
    files = {"snippets/replies/r.md": "Hi, within {policy.refunds.goodwill_window_days} days; {roles.pay} pays.", "snippets/replies/social/r.md": "Hi."}
    found = freshness.dependencies("{{ reply_composers() }}", {"replies": {"r": "R"}}, files.get)
    assert found == (
        "data/channels.yml",
        "data/decisions.yml#roles.actions.pay",
        "data/decisions.yml#roles.names",
        "data/policy.yml#refunds.goodwill_window_days",
        "snippets/replies/r.md",
        "snippets/replies/social/r.md",
    ), found


def test_a_change_elsewhere_in_a_data_file_is_not_a_change_to_the_page() -> None:
    """With the file's history, a page that shows one policy value is flagged when that value changes, not when
    another key of the same file does; a list of teams counts only their names."""
    policy = [
        (date(2026, 3, 20), {"refunds": {"goodwill_window_days": 14}, "reviews": {"due_soon_days": 21}}),
        (date(2026, 3, 10), {"refunds": {"goodwill_window_days": 14}, "reviews": {"due_soon_days": 14}}),
        (date(2026, 2, 1), {"refunds": {"goodwill_window_days": 30}, "reviews": {"due_soon_days": 14}}),
    ]
    teams = [
        (date(2026, 3, 25), {"teams": {"a": {"name": "A", "queue": "NEW"}}}),
        (date(2026, 2, 1), {"teams": {"a": {"name": "A", "queue": "OLD"}}}),
    ]
    changes = freshness.ChangeDates(
        {"data/policy.yml": date(2026, 3, 20), "data/teams.yml": date(2026, 3, 25)}, {"data/policy.yml": policy, "data/teams.yml": teams}
    )
    assert changes["data/policy.yml#refunds.goodwill_window_days"] == date(2026, 3, 10)
    assert changes["data/policy.yml#reviews.due_soon_days"] == date(2026, 3, 20)
    assert changes["data/teams.yml#teams.*.name"] == date(2026, 2, 1)
    assert changes["data/teams.yml#teams.a"] == date(2026, 3, 25)
    text = '{{ policy("refunds.goodwill_window_days") }} {{ at_a_glance(who="x", time="y") }}'
    assert freshness.changed_since(date(2026, 3, 15), text, {}, changes, date(2026, 4, 1)) == ()
    assert freshness.changed_since(date(2026, 3, 5), text, {}, changes, date(2026, 4, 1)) == (
        ("data/policy.yml#refunds.goodwill_window_days", date(2026, 3, 10)),
    )
    # Without the history (dates by file only), a key counts as its file: flagged rather than missed.
    plain = {"data/policy.yml": date(2026, 3, 20)}
    assert freshness.changed_since(date(2026, 3, 15), text, {}, plain, date(2026, 4, 1)) == (
        ("data/policy.yml#refunds.goodwill_window_days", date(2026, 3, 20)),
    )


@pytest.mark.parametrize(
    ("changed_on", "flagged"),
    [("2026-03-01", False), ("2026-03-02", True), ("2026-03-10", True), ("2026-03-11", False)],
    ids=["the-review-day", "the-day-after", "the-build-day", "after-the-build-day"],
)
def test_a_change_counts_after_the_review_and_up_to_the_build_date(changed_on: str, flagged: bool) -> None:
    changes = {"data/plans.yml": date.fromisoformat(changed_on)}
    found = freshness.changed_since(date(2026, 3, 1), '{{ price("pro") }}', {}, changes, date(2026, 3, 10))
    assert found == ((("data/plans.yml#plans.pro", date.fromisoformat(changed_on)),) if flagged else ())


class _Env:
    """Just enough of mkdocs-macros' env for define_env to register its macros."""

    def __init__(self) -> None:
        self.project_dir = str(ROOT)
        self.conf: dict[str, Any] = {"markdown_extensions": ["abbr"], "mdx_configs": {}}
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}

    def macro(self, func: Any, name: str) -> None:
        self.macros[name] = func


def test_only_a_change_in_what_a_file_says_counts() -> None:
    """Comments, formatting and review handles are not changes a page's words could be wrong about."""
    versions = [
        (date(2026, 3, 20), {"teams": {"a": {"name": "A", "codeowner": "@x/new"}}}),
        (date(2026, 3, 15), {"teams": {"a": {"name": "A", "codeowner": "@x/old"}}}),
        (date(2026, 3, 10), {"teams": {"a": {"name": "Old A", "codeowner": "@x/old"}}}),
    ]
    assert freshness.last_meaningful_change(versions) == date(2026, 3, 15)
    assert freshness.last_meaningful_change(versions[:2]) == date(2026, 3, 15)  # never changed: its first version
    assert freshness.last_meaningful_change([]) is None


def test_every_macro_names_the_data_it_reads() -> None:
    """A new macro must say which data files it reads, or pages using it would never be flagged when they change."""
    env = _Env()
    macros.define_env(env)
    assert set(env.macros) - set(freshness.MACRO_DATA) == set(), "add these macros to MACRO_DATA in macros/freshness.py"
    assert set(freshness.MACRO_DATA) - set(env.macros) == set(), "MACRO_DATA names macros that no longer exist"
    for files in freshness.MACRO_DATA.values():
        for name in files:
            assert (ROOT / name).is_file(), name


def test_the_queue_lists_owned_pages_soonest_due_first() -> None:
    pages = [
        ("b.md", {"title": "B", "owner": "billing-ops", "last_reviewed": date(2026, 1, 1), "review_every": 30}, ""),
        ("a.md", {"title": "A", "owner": "billing-ops", "last_reviewed": date(2026, 1, 1), "review_every": 30}, ""),
        ("c.md", {"title": "C", "owner": "indirect-tax", "last_reviewed": date(2025, 12, 1), "review_every": 30}, ""),
        ("index.md", {"title": "Home"}, ""),
    ]
    items = freshness.queue(pages, date(2026, 1, 20), 14, {})
    assert [(i.path, i.state.status) for i in items] == [("c.md", "overdue"), ("a.md", "due soon"), ("b.md", "due soon")]


def test_the_review_queue_page_lists_every_owned_page_in_due_order(site: Site) -> None:
    built = (site.dir / "contributing" / "review-queue" / "index.html").read_text(encoding="utf-8")
    table = built[built.index("<th>Due</th>") :]
    rows = re.findall(r"<tr>\s*<td>(\d{4}-\d\d-\d\d)</td>\s*<td>([^<]*)</td>\s*<td><a href=\"([^\"]+)\"", table)
    owned = [p for p in contract_pages(ROOT) if "owner" in parse(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8"))[0].meta]
    assert len(rows) == len(owned) > 40
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    summary = " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", built[built.index("On 2026") :][:400])).split())
    assert summary.startswith(f"On 2026-11-30: 0 overdue, 0 due within 14 days, {len(owned)} up to date, of {len(owned)} pages with an owner"), summary


def test_make_stale_lists_a_teams_pages_and_refuses_an_unknown_team(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KB_AS_OF", "2027-11-20")  # the two Indirect Tax explainers fall due on 2027-11-27
    assert stale.main(["--owner", "indirect-tax"]) == 0
    out = capsys.readouterr().out
    assert "Review queue on 2027-11-20 (pinned by KB_AS_OF), Indirect Tax: 2 page(s), 2 needing attention" in out, out
    assert re.search(r"2027-11-27  due in 7 days\s+docs/accounting/sales-tax-and-vat\.md", out), out
    assert "billing-ops" not in out and "runbooks/" not in out
    assert stale.main(["--owner", "nobody"]) == 2
    assert "no team 'nobody' — use one of: accounts-receivable, billing-ops" in capsys.readouterr().err


PAGE = """---
title: Proration for a plan upgrade
description: An explainer reviewed on 1 March 2026, due every 30 days, that shows a price.
owner: revenue-accounting
last_reviewed: 2026-03-01
review_every: 30
tags: [accounting]
render_macros: true
---

The Pro plan costs {{ price("pro") }} a month.
"""


def _history(project: Path) -> None:
    """Commit the project on 2026-02-01, then a price change on 2026-03-15 (after the page's review)."""

    def git(*args: str, when: str = "2026-02-01T12:00:00") -> None:
        env = {
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    plans = project / "data" / "plans.yml"
    plans.write_text(plans.read_text(encoding="utf-8") + "\n# a comment only: not a change in what pages say\n", encoding="utf-8")
    git("commit", "-qam", "comment", when="2026-03-10T12:00:00")
    text = plans.read_text(encoding="utf-8")
    plans.write_text(text.replace('monthly: "25.00"', 'monthly: "26.00"', 1), encoding="utf-8")
    git("commit", "-qam", "prices", when="2026-03-15T12:00:00")
    teams = project / "data" / "teams.yml"
    teams.write_text(teams.read_text(encoding="utf-8").replace("@billing-kb/", "@billing-kb-new/"), encoding="utf-8")
    git("commit", "-qam", "review handles only", when="2026-03-20T12:00:00")


def _notes(site: Site) -> tuple[str | None, str | None]:
    built = (site.dir / "accounting" / "upgrade" / "index.html").read_text(encoding="utf-8")
    found = [
        re.search(rf'<{tag} class="[^"]*\b{cls}\b[^"]*"[^>]*>(.*?)</{tag}>', built, re.S)
        for tag, cls in (("p", "kb-review-changed"), ("div", "kb-review-banner"))
    ]
    text = [" ".join(_html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split()) if m else None for m in found]
    return tuple(re.sub(r" ([,.;])", r"\1", t) if t else None for t in text)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("as_of", "changed", "overdue"),
    [("2026-03-14", False, False), ("2026-03-15", True, False), ("2026-03-31", True, False), ("2026-04-01", True, True)],
)
def test_the_page_says_what_changed_since_its_review_and_when_it_is_overdue(tmp_path: Path, as_of: str, changed: bool, overdue: bool) -> None:
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "accounting/upgrade.md": PAGE}, as_of=as_of, before_build=_history)
    assert site.error is None, site.error
    note, banner = _notes(site)
    if changed:
        assert note is not None and note.startswith("Changed since this review: the plan prices (2026-03-15)."), note
        assert note.endswith(
            f"Figures are current; if the words disagree, tell {DATA.teams['revenue-accounting'].name} in {DATA.teams['revenue-accounting'].channel}."
        ), note
    else:
        assert note is None, note
    if overdue:
        assert banner is not None and "This page is overdue for review" in banner, banner
        assert "It was due for review on 2026-03-31, 1 day before this build (2026-04-01)" in banner, banner
        assert f"ask the owner, {DATA.teams['revenue-accounting'].name}, in {DATA.teams['revenue-accounting'].channel}" in banner, banner
    else:
        assert banner is None, banner
