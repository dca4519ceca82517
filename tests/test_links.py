"""Every internal link and #anchor in the built HTML resolves: an independent check, beside MkDocs' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbtools.linkcheck import SiteIndex, check_page

from .conftest import Site, built_path, doc_pages


@pytest.fixture(scope="module")
def index(site: Site) -> SiteIndex:
    return SiteIndex(site.dir)


@pytest.mark.parametrize("doc", doc_pages())
def test_links_and_anchors_resolve(site: Site, index: SiteIndex, doc: str) -> None:
    problems = check_page(index, built_path(site.dir, doc))
    assert not problems, f"docs/{doc}:\n  " + "\n  ".join(problems)


def _write(site_dir: Path, rel: str, html: str) -> Path:
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def test_checker_reports_broken_links_anchors_and_external_assets(tmp_path: Path) -> None:
    _write(tmp_path, "b/index.html", '<h2 id="steps">Steps</h2>')
    page = _write(
        tmp_path,
        "a/index.html",
        """
        <a href="../b/">ok</a> <a href="../b/#steps">ok anchor</a> <a href="#here">self</a><span id="here"></span>
        <a href="../missing/">broken page</a> <a href="../b/#nope">broken anchor</a>
        <a href="https://developers.cloudflare.com/billing/">external link is fine</a>
        <script src="https://unpkg.com/mermaid@11/dist/mermaid.min.js"></script>
        <img src="../img/missing.png">""",
    )
    problems = check_page(SiteIndex(tmp_path), page)
    assert problems == [
        "script.src loads an external asset: https://unpkg.com/mermaid@11/dist/mermaid.min.js — vendor it under docs/assets/",
        "a.href points at a missing page: ../missing/",
        "a.href points at a missing anchor: ../b/#nope (no id 'nope' on b/index.html)",
        "img.src points at a missing file: ../img/missing.png",
    ]
