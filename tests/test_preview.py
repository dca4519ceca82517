"""`make serve` after an edit outside docs/: the pages that show the edited data or snippet are rebuilt, no others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbtools import preview

PAGES = {
    "macros.md": "---\ntitle: A\nrender_macros: true\n---\n\n{{ price('pro') }}\n",
    "includes.md": '---\ntitle: B\n---\n\nText.\n\n--8<-- "warnings/x.md"\n',
    "plain.md": "---\ntitle: C\n---\n\nNothing else.\n",
}
BUILT = 1_000_000_000


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, list[tuple[str, str]]]:
    root, site = tmp_path / "project", tmp_path / "site"
    files = {
        "data/plans.yml": "plans: {}\n",
        "data/glossary.yml": "terms: []\n",
        "snippets/warnings/x.md": "Careful.\n",
        "snippets/replies/r.md": "Hello {name}\n",
        **{f"docs/{page}": text for page, text in PAGES.items()},
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
        os.utime(root / rel, (BUILT - 100, BUILT - 100))
    pages = []
    for page in PAGES:
        output = page.removesuffix(".md") + "/index.html"
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text("<html></html>", encoding="utf-8")
        os.utime(site / output, (BUILT, BUILT))
        pages.append((page, output))
    return root, site, pages


def _edit(root: Path, rel: str) -> None:
    os.utime(root / rel, (BUILT + 10, BUILT + 10))


def test_nothing_stale_after_a_build(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    root, site, pages = project
    assert preview.stale_pages(root, site, pages) == []


@pytest.mark.parametrize(
    ("edited", "stale"),
    [
        ("data/plans.yml", ["macros.md"]),
        ("snippets/replies/r.md", ["macros.md"]),
        ("snippets/warnings/x.md", ["includes.md"]),
        ("data/glossary.yml", ["macros.md", "includes.md", "plain.md"]),
    ],
    ids=["data-file", "reply-template", "included-snippet", "glossary-every-page"],
)
def test_an_edit_rebuilds_what_shows_it(project: tuple[Path, Path, list[tuple[str, str]]], edited: str, stale: list[str]) -> None:
    root, site, pages = project
    _edit(root, edited)
    assert preview.mark_stale(root, site, pages) == stale
    for page, output in pages:
        aged = (site / output).stat().st_mtime == 0
        assert aged == (page in stale), page


def test_a_page_never_built_is_left_to_mkdocs(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    root, site, pages = project
    (site / "plain/index.html").unlink()
    _edit(root, "data/glossary.yml")
    assert preview.stale_pages(root, site, pages) == ["macros.md", "includes.md"]
