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


def test_root_absolute_links_resolve_against_the_site_not_the_machine(tmp_path: Path) -> None:
    """A fixture site served under /kb/: working and broken root-absolute links, and hrefs that used to crash."""
    _write(tmp_path, "b/index.html", '<h2 id="steps">Steps</h2>')
    page = _write(
        tmp_path,
        "a/index.html",
        """
        <a href="/kb/b/">ok</a> <a href="/kb/b/#steps">ok anchor</a> <a href="/kb/">home</a>
        <a href="/kb/missing/">broken</a> <a href="/kb/b/#nope">broken anchor</a>
        <a href="/etc/hostname">machine file</a> <a href="/kb/../../etc/passwd">climbing out</a>
        <a href="http://[::1">bad address</a> <a href="#">top</a> <a href="?q=refund">query</a>
        <a href="mailto:ar@cloudflare.com">mail</a> <a href="javascript:void(0)">js</a>""",
    )
    _write(tmp_path, "index.html", "<h1>Home</h1>")
    problems = check_page(SiteIndex(tmp_path, "/kb/"), page)
    assert problems == [
        "a.href points at a missing page: /kb/missing/",
        "a.href points at a missing anchor: /kb/b/#nope (no id 'nope' on b/index.html)",
        "a.href points outside the site: /etc/hostname",
        "a.href points outside the site: /kb/../../etc/passwd",
        "a.href is not a valid address: 'http://[::1'",
    ]


def test_a_root_absolute_link_works_on_a_site_at_the_root(tmp_path: Path) -> None:
    _write(tmp_path, "b/index.html", "<p>b</p>")
    page = _write(tmp_path, "a/index.html", '<a href="/b/">ok</a> <a href="/c/">broken</a>')
    assert check_page(SiteIndex(tmp_path), page) == ["a.href points at a missing page: /c/"]
