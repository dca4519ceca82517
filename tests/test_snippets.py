"""Snippets: every include exists (the failure names the page), none is orphaned, reply templates are clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.data import load_site_data
from macros.replies import template_problems

from .conftest import DOCS, ROOT, doc_pages

SNIPPETS = ROOT / "snippets"
INCLUDE = re.compile(r"""^\s*(?:```\w*\s*)?-{1,2}8<-{1,2}\s+["']([^"']+)["']""", re.M)
DATA = load_site_data(ROOT)


def includes(text: str) -> list[str]:
    return INCLUDE.findall(text)


@pytest.mark.parametrize("doc", doc_pages())
def test_included_snippets_exist(doc: str) -> None:
    missing = [name for name in includes((DOCS / doc).read_text(encoding="utf-8")) if not (SNIPPETS / name).is_file()]
    assert not missing, f"docs/{doc} includes snippets that do not exist under snippets/: {missing}"


def _listed_replies() -> dict[str, str]:
    """Every reply a runbook lists under replies: in front matter, mapped to the first page that lists it."""
    from kbtools.contract import parse

    listed: dict[str, str] = {}
    for doc in doc_pages():
        page, _ = parse(f"docs/{doc}", (DOCS / doc).read_text(encoding="utf-8"))
        replies = page.meta.get("replies") if page else None
        for name in replies or {}:
            listed.setdefault(f"replies/{name}.md", doc)
    return listed


def test_no_orphan_snippets() -> None:
    used = set(_listed_replies()) | {name for page in doc_pages() for name in includes((DOCS / page).read_text(encoding="utf-8"))}
    orphans = sorted(p.relative_to(SNIPPETS).as_posix() for p in SNIPPETS.rglob("*.md") if p.relative_to(SNIPPETS).as_posix() not in used)
    assert not orphans, f"snippets no page uses (delete them, or list them under replies: in a runbook): {orphans}"


def test_listed_replies_exist() -> None:
    missing = {name: doc for name, doc in _listed_replies().items() if not (SNIPPETS / name).is_file()}
    assert not missing, f"replies listed in front matter with no file under snippets/: {missing}"


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
    assert includes('    ```text\n    --8<-- "replies/x.md"\n') == ["replies/x.md"]
    assert template_problems("Hi {customer_name},\nYour {amont} and {Invoice number}.\n{{ x }}", {"customer_name"}) == [
        (2, "placeholder {amont} is not declared — declare it in data/placeholders.yml, or fix the spelling"),
        (2, "placeholder {Invoice number} is not declared — placeholders are {lowercase_with_underscores}, or fix the spelling"),
        (3, "template syntax ({{ or {%) in a reply — replies are plain text with {placeholder} fields"),
    ]
    assert any(m in "Escalated to BILLING-OPS" for m in internal_markers())
