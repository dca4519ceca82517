"""Snippets: every include exists (the failure names the page), none is orphaned, reply templates are clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbtools import rules
from macros.data import load_site_data
from macros.replies import template_problems

from .conftest import DOCS, ROOT, doc_pages

SNIPPETS = ROOT / "snippets"
DATA = load_site_data(ROOT)


@pytest.mark.parametrize("doc", doc_pages())
def test_included_snippets_exist(doc: str) -> None:
    problems = rules.includes(ROOT, f"docs/{doc}", (DOCS / doc).read_text(encoding="utf-8"))
    assert not problems, "\n".join(str(p) for p in problems)


def test_no_reply_is_left_unused() -> None:
    problems = [p for p in rules.site_problems(ROOT) if p.path.startswith("snippets/")]
    assert not problems, "\n".join(str(p) for p in problems)


REPLIES = sorted(p.relative_to(SNIPPETS).as_posix() for p in (SNIPPETS / "replies").glob("*.md"))


def internal_markers() -> list[str]:
    """Words that must never reach a customer: queue and channel names from data/teams.yml, internal hosts."""
    markers = ["internal note", "internal only", ".internal", "data/", "KB-", "{{", "{%"]
    for team in DATA.teams.values():
        markers += [team.queue, team.channel]
    return markers


@pytest.mark.parametrize("reply", REPLIES)
def test_reply_placeholders_are_declared(reply: str) -> None:
    problems = template_problems((SNIPPETS / reply).read_text(encoding="utf-8"), set(DATA.placeholders))
    assert not problems, "\n".join(f"snippets/{reply}:{line}: {message}" for line, message in problems)


@pytest.mark.parametrize("reply", REPLIES)
def test_reply_has_no_internal_material(reply: str) -> None:
    text = (SNIPPETS / reply).read_text(encoding="utf-8")
    found = [marker for marker in internal_markers() if marker.lower() in text.lower()]
    assert not found, f"snippets/{reply} is customer-facing but contains internal material: {found}"
    assert not re.search(r"^#", text, re.M), f"snippets/{reply}: no Markdown headings in a reply template"


def test_the_guards_catch_what_they_guard(tmp_path: Path) -> None:
    assert [p.line for p in rules.includes(ROOT, "docs/x.md", 'a\n```text\n--8<-- "replies/x.md"\n```\n')] == [3]
    assert template_problems("Hi {customer_name},\nYour {amont} and {Invoice number}.\n{{ x }}", {"customer_name"}) == [
        (2, "placeholder {amont} is not declared — declare it in data/placeholders.yml, or fix the spelling"),
        (2, "placeholder {Invoice number} is not declared — placeholders are {lowercase_with_underscores}, or fix the spelling"),
        (3, "template syntax ({{ or {%) in a reply — replies are plain text with {placeholder} fields"),
    ]
    assert any(m in "Escalated to BILLING-OPS" for m in internal_markers())
