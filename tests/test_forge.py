"""The edit and report links: one setting (KB_REPO_URL), the forge deduced, nothing shown when it is unset."""

from __future__ import annotations

import html as _html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kbtools.forge import ForgeError, repo_from_env

from .conftest import build_fixture_site


@pytest.mark.parametrize(
    ("env", "edit", "issues", "title_key"),
    [
        (
            {"KB_REPO_URL": "https://github.com/acme/billing-kb"},
            "https://github.com/acme/billing-kb/edit/main/docs/a/b.md",
            "https://github.com/acme/billing-kb/issues/new",
            "title",
        ),
        (
            {"KB_REPO_URL": "https://gitlab.example.net/billing/kb.git/", "KB_REPO_BRANCH": "trunk"},
            "https://gitlab.example.net/billing/kb/-/edit/trunk/docs/a/b.md",
            "https://gitlab.example.net/billing/kb/-/issues/new",
            "issue[title]",
        ),
        (
            {"KB_REPO_URL": "https://codeberg.org/acme/kb"},
            "https://codeberg.org/acme/kb/_edit/main/docs/a/b.md",
            "https://codeberg.org/acme/kb/issues/new",
            "title",
        ),
        (
            {"KB_REPO_URL": "https://git.example.net/acme/kb", "KB_REPO_FORGE": "gitlab"},
            "https://git.example.net/acme/kb/-/edit/main/docs/a/b.md",
            "https://git.example.net/acme/kb/-/issues/new",
            "issue[title]",
        ),
    ],
    ids=["github", "gitlab-branch", "codeberg", "self-hosted-named"],
)
def test_each_forge_gets_its_own_edit_and_issue_address(env: dict[str, str], edit: str, issues: str, title_key: str) -> None:
    repo = repo_from_env(env)
    assert repo is not None
    assert repo.edit_url("a/b.md") == edit
    report = repo.report_url("a/b.md", "Charged twice", "Billing Support (tier 1)", "https://kb.example.net/a/b/")
    base, _, query = report.partition("?")
    assert base == issues
    fields = parse_qs(query)
    assert fields[title_key] == ["Problem with the page: Charged twice"]
    body = next(v[0] for k, v in fields.items() if k != title_key)
    for line in ("File: docs/a/b.md", "Owner: Billing Support (tier 1)", "Address: https://kb.example.net/a/b/"):
        assert line in body.splitlines()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KB_REPO_URL": "git@github.com:acme/kb.git"}, "is not a repository's web address — set it like KB_REPO_URL=https://github.com/acme/billing-kb"),
        ({"KB_REPO_URL": "https://github.com/"}, "is not a repository's web address"),
        (
            {"KB_REPO_URL": "https://git.example.net/acme/kb"},
            "cannot tell which forge git.example.net runs — set KB_REPO_FORGE to one of github, gitlab, gitea",
        ),
        ({"KB_REPO_URL": "https://git.example.net/acme/kb", "KB_REPO_FORGE": "svn"}, "set KB_REPO_FORGE to one of"),
    ],
)
def test_a_setting_that_cannot_work_says_how_to_fix_it(env: dict[str, str], message: str) -> None:
    with pytest.raises(ForgeError, match=re.escape(message)):
        repo_from_env(env)


def test_unset_means_no_links() -> None:
    assert repo_from_env({}) is None
    assert repo_from_env({"KB_REPO_URL": "  "}) is None


PAGE = """---
title: "Late fees: what we charge"
description: An explainer used to see the page actions.
owner: revenue-accounting
last_reviewed: 2026-11-01
review_every: 180
tags: [accounting]
---

Text.
"""


def _actions(site_dir: Path) -> list[tuple[str, str]]:
    built = (site_dir / "accounting" / "fees" / "index.html").read_text(encoding="utf-8")
    return [
        (title, _html.unescape(href)) for href, title in re.findall(r'<a href="([^"]*)" title="((?:Edit this page|Report a problem with this page))"', built)
    ]


def test_the_built_page_shows_both_links_only_when_the_setting_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KB_REPO_URL", raising=False)
    plain = build_fixture_site(tmp_path / "plain", {"index.md": "# Home\n", "accounting/fees.md": PAGE})
    assert plain.error is None, plain.error
    assert _actions(plain.dir) == []
    assert "git.internal.example" not in (plain.dir / "accounting" / "fees" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("KB_REPO_URL", "https://github.com/acme/billing-kb")
    linked = build_fixture_site(tmp_path / "linked", {"index.md": "# Home\n", "accounting/fees.md": PAGE})
    assert linked.error is None, linked.error
    actions = dict(_actions(linked.dir))
    assert actions["Edit this page"] == "https://github.com/acme/billing-kb/edit/main/docs/accounting/fees.md"
    report = parse_qs(urlsplit(actions["Report a problem with this page"]).query)
    assert report["title"] == ["Problem with the page: Late fees: what we charge"]
    assert "Owner: Revenue Accounting" in report["body"][0].splitlines()


def test_a_bad_setting_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_REPO_URL", "https://git.example.net/acme/kb")
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n"})
    assert site.error is not None
    assert site.warnings == ["KB_REPO_URL: cannot tell which forge git.example.net runs — set KB_REPO_FORGE to one of github, gitlab, gitea"]
