"""Change notes: validated in front matter, listed on Recent changes and in the Atom feed, a "Changed" badge on
recently changed pages, and `make check` asking for a note when a runbook's steps or replies change against main."""

from __future__ import annotations

import html as _html
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from kbtools import changenotes
from kbtools.contract import Rules, check_text
from macros import changes, freshness
from macros.data import load_site_data

from .conftest import ROOT, Site, build_fixture_site

DATA = load_site_data(ROOT)
BADGE_DAYS = DATA.policy_value("reviews.changed_badge_days")
RUNBOOK = "docs/runbooks/payments/card-declined.md"
TEXT = (ROOT / RUNBOOK).read_text(encoding="utf-8")
RULES = Rules(frozenset(DATA.teams), frozenset(DATA.tags), date(2026, 11, 30), frozenset(p.stem for p in (ROOT / "snippets" / "replies").glob("*.md")))


def _with_notes(block: str) -> str:
    """The real page with its whole changes: list (however many notes it has) replaced by ``block``."""
    start = TEXT.index("\nchanges:\n")
    end = TEXT.index("\n", start + 1)
    while TEXT.startswith("\n  - {date:", end):
        end = TEXT.index("\n", end + 1)
    return TEXT[:start] + "\n" + block + TEXT[end:]


def test_the_real_page_passes() -> None:
    assert check_text(RUNBOOK, TEXT, RULES) == []


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('changes:\n  - {date: 2026-12-01, note: "Later."}', "the note is dated 2026-12-01, after today (2026-11-30) — date it the day the change lands"),
        (
            'changes:\n  - {date: 2026-11-01, note: "Ok."}\n  - {date: 2026-11-02}',
            'a change note has exactly two keys, date and note — write each as - {date: 2026-11-30, note: "What changed, in one sentence."}',
        ),
        (
            'changes:\n  - {date: 2026-11-02, note: "Two sentences. Not one."}',
            "a change note is ONE sentence ending with a period — what a specialist now does differently",
        ),
        (
            'changes:\n  - {date: 2026-11-02, note: "See <b>this</b>."}',
            "a change note is plain text — remove markup (< > { } ` * [ ]); the list links the page itself",
        ),
        ("changes:\n  - {date: 2026-11-02, note: " + '"' + "x" * 200 + '."}', "the note is 201 characters — keep it under 200; the detail belongs on the page"),
        ('changes:\n  - {date: last week, note: "Ok."}', "the note's date must be an ISO date like 2026-11-30, got 'last week'"),
        ("changes: yesterday", 'changes must be a list of dated notes — write each as - {date: 2026-11-30, note: "What changed, in one sentence."}'),
    ],
    ids=["future", "no-note", "two-sentences", "markup", "too-long", "not-a-date", "not-a-list"],
)
def test_a_bad_note_is_reported_at_its_line(block: str, message: str) -> None:
    text = _with_notes(block)
    lines = text.splitlines()
    line = len(lines[: lines.index(block.splitlines()[-1])]) + 1
    assert [str(p) for p in check_text(RUNBOOK, text, RULES)] == [f"{RUNBOOK}:{line}: {message}"]


@pytest.mark.parametrize(("on", "shown"), [("2026-11-30", True), ("2026-11-17", True), ("2026-11-16", False), ("2026-12-01", False)])
def test_the_badge_shows_for_the_policy_window_counting_the_build_day(on: str, shown: bool) -> None:
    assert BADGE_DAYS == 14  # the boundaries below are written for the team's 14 days
    meta = {"title": "T", "changes": [{"date": date.fromisoformat(on), "note": "A change."}]}
    assert (changes.badge("a.md", meta, date(2026, 11, 30), BADGE_DAYS) is not None) is shown


def test_the_feed_lists_notes_newest_first_with_absolute_links_and_escaped_text() -> None:
    pages = [
        (
            "runbooks/a/one.md",
            {"title": "One & two", "owner": "billing-ops", "changes": [{"date": date(2026, 11, 2), "note": "Ask for the ARN < 10 days."}]},
            "",
        ),
        ("index.md", {"title": "Home", "changes": [{"date": date(2026, 11, 20), "note": "Newer."}, {"date": date(2026, 12, 24), "note": "Not yet."}]}, ""),
    ]
    notes = changes.all_notes(pages, date(2026, 11, 30))
    feed = ET.fromstring(changes.atom(notes, "https://kb.example.net/", "KB", date(2026, 11, 30)))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:link", ns).get("href") for e in entries] == ["https://kb.example.net/", "https://kb.example.net/runbooks/a/one/"]
    assert entries[1].find("a:title", ns).text == "One & two: Ask for the ARN < 10 days."
    assert feed.find("a:updated", ns).text == "2026-11-20T00:00:00Z"


def test_recent_changes_page_and_feed_list_every_note(site: Site) -> None:
    notes = changes.all_notes(freshness.read_pages(ROOT / "docs"), date(2026, 11, 30))
    assert len(notes) >= 10
    built = (site.dir / "changes" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>(\d{4}-\d\d-\d\d)", built)
    assert len(rows) == len(notes)
    feed = ET.fromstring((site.dir / "changes.xml").read_bytes())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == min(len(notes), 50)
    head = (site.dir / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Billing Knowledge Base: recent changes" href="changes.xml">' in head


PAGE = """---
title: Late fees explained
description: An explainer with one change note, dated 2026-03-01.
owner: revenue-accounting
last_reviewed: 2026-03-01
review_every: 180
tags: [accounting]
changes:
  - {date: 2026-03-01, note: "Late fees are now shown per invoice & per day."}
---

Text.
"""


@pytest.mark.parametrize(("as_of", "shown"), [("2026-03-14", True), ("2026-03-15", False)])
def test_the_built_page_shows_the_badge_with_the_note(tmp_path: Path, as_of: str, shown: bool) -> None:
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "accounting/fees.md": PAGE}, as_of=as_of)
    assert site.error is None, site.error
    built = (site.dir / "accounting" / "fees" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<p class="kb-changed">(.*?)</p>', built, re.S)
    if shown:
        assert found is not None
        text = " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
        assert text == "Changed 2026-03-01 : Late fees are now shown per invoice & per day.", text
    else:
        assert found is None


def _git(root: Path, *args: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main holds one runbook and its replies, on a branch with no changes yet."""
    for rel in (RUNBOOK, "docs/runbooks/payments/duplicate-charge.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    shutil.copytree(ROOT / "snippets" / "replies", tmp_path / "snippets" / "replies")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "main")
    _git(tmp_path, "checkout", "-qb", "work")
    return tmp_path


def _edit(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_no_change_no_question(repo: Path) -> None:
    assert changenotes.missing_notes(repo) == []


def test_changed_steps_need_a_new_note_until_one_is_added(repo: Path) -> None:
    _edit(repo, RUNBOOK, "\n## Steps\n", "\n## Steps\n\nRead the decline code first.\n")
    line = (repo / RUNBOOK).read_text(encoding="utf-8").splitlines().index("## Steps") + 1
    assert [str(p) for p in changenotes.missing_notes(repo)] == [
        f"{RUNBOOK}:{line}: '## Steps' changed against main and the page has no new change note — {changenotes.SHAPE}"
    ]
    _edit(repo, RUNBOOK, "changes:\n", 'changes:\n  - {date: 2026-11-30, note: "Read the decline code first."}\n')
    assert changenotes.missing_notes(repo) == []


def test_a_changed_reply_asks_the_pages_that_send_it(repo: Path) -> None:
    text = (repo / RUNBOOK).read_text(encoding="utf-8")
    reply = re.search(r"^replies:\n  ([a-z0-9-]+):", text, re.M).group(1)
    reply_file = repo / "snippets" / "replies" / f"{reply}.md"
    reply_file.write_text(reply_file.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    line = text.splitlines().index("replies:") + 1
    assert [str(p) for p in changenotes.missing_notes(repo)] == [
        f"{RUNBOOK}:{line}: the reply {reply} changed against main and the page has no new change note — {changenotes.SHAPE}"
    ]


def test_other_sections_need_no_note_and_a_new_runbook_does(repo: Path) -> None:
    _edit(repo, RUNBOOK, "\n## Related\n", "\n## Related\n\n- One more related page.\n")
    assert changenotes.missing_notes(repo) == []
    new = repo / "docs" / "runbooks" / "payments" / "new-page.md"
    text = re.sub(r"\nchanges:\n(?:  - .*\n)+", "\n", (repo / "docs/runbooks/payments/duplicate-charge.md").read_text(encoding="utf-8"))
    new.write_text(text, encoding="utf-8")
    problems = [str(p) for p in changenotes.missing_notes(repo)]
    assert problems == [f"docs/runbooks/payments/new-page.md:2: a new runbook needs a change note so the next shift hears of it — {changenotes.SHAPE}"]
    new.write_text(text.replace("\nreplies:", '\nchanges:\n  - {date: 2026-11-30, note: "New runbook."}\nreplies:', 1), encoding="utf-8")
    assert changenotes.missing_notes(repo) == []
