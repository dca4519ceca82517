"""The review line: every runbook and explainer shows its owner, last review and next review; overdue is marked."""

from __future__ import annotations

import html as _html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from kbtools.contract import contract_pages, parse
from macros.data import load_site_data
from macros.widgets import review_status

from .conftest import ROOT, Site, build_fixture_site, built_path

DATA = load_site_data(ROOT)
PAGES = [p.relative_to(ROOT).as_posix() for p in contract_pages(ROOT)]


def _review_line(html: str) -> str | None:
    found = re.search(r'<p class="kb-review[^"]*">(.*?)</p>', html, re.S)
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else None


@pytest.mark.parametrize("doc", PAGES)
def test_page_shows_owner_and_review_dates(site: Site, doc: str) -> None:
    page, _ = parse(doc, (ROOT / doc).read_text(encoding="utf-8"))
    meta = page.meta
    due = meta["last_reviewed"] + timedelta(days=meta["review_every"])
    line = _review_line(built_path(site.dir, doc.removeprefix("docs/")).read_text(encoding="utf-8"))
    assert line is not None, f"{doc}: no review line under the title"
    expected = f"Owner: {DATA.teams[meta['owner']].name} Last reviewed {meta['last_reviewed'].isoformat()} Next review {due.isoformat()}"
    assert line.startswith(expected), f"{doc}: review line reads {line!r}, expected it to start {expected!r}"


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [("2026-07-04", False), ("2026-07-05", True)],
    ids=["on-the-due-day", "the-day-after"],
)
def test_review_status_turns_overdue_the_day_after_it_is_due(as_of: str, overdue: bool) -> None:
    meta = {"owner": "billing-support", "last_reviewed": date(2026, 1, 5), "review_every": 180}
    status = review_status(meta, "Text.", DATA.teams, date.fromisoformat(as_of), 14, {})
    assert status == {
        "owner": DATA.teams["billing-support"].name,
        "channel": DATA.teams["billing-support"].channel,
        "last_reviewed": "2026-01-05",
        "next_review": "2026-07-04",
        "status": "overdue" if overdue else "due soon",
        "days": 1 if overdue else 0,
        "overdue": overdue,
        "as_of": as_of,
        "changed": [],
    }


def test_pages_without_review_keys_get_no_line() -> None:
    assert review_status({"title": "Home"}, "# Home", DATA.teams, date(2026, 1, 1), 14, {}) is None


EXPLAINER = """---
title: A page reviewed on 5 January
description: An explainer whose review falls due on 4 July 2026.
owner: revenue-accounting
last_reviewed: 2026-01-05
review_every: 180
tags: [accounting]
---

Text.
"""


def test_the_built_page_marks_an_overdue_review(tmp_path: Path) -> None:
    """One build on 2026-07-05: a page due that day is not overdue; a page due the day before is."""
    due_today = EXPLAINER.replace("last_reviewed: 2026-01-05", "last_reviewed: 2026-01-06").replace("reviewed on 5 January", "reviewed on 6 January")
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "accounting/late.md": EXPLAINER, "accounting/on-time.md": due_today}, as_of="2026-07-05")
    assert site.error is None, site.error
    late = _review_line((site.dir / "accounting" / "late" / "index.html").read_text(encoding="utf-8"))
    on_time = _review_line((site.dir / "accounting" / "on-time" / "index.html").read_text(encoding="utf-8"))
    assert late == "Owner: Revenue Accounting Last reviewed 2026-01-05 Next review 2026-07-04 Review overdue", late
    assert on_time == "Owner: Revenue Accounting Last reviewed 2026-01-06 Next review 2026-07-05 Review due today", on_time
