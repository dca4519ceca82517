"""Every internal link and #anchor in the built HTML resolves: an independent check, beside MkDocs' own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kbtools.linkcheck import SiteIndex, check_page

from .conftest import ROOT, Site, built_path, doc_pages


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


def _fixture_site(root: Path) -> Path:
    """A small built site as any MkDocs site writes it, with one of each problem, served under /docs/."""
    pages = {
        "index.html": '<h1 id="top">Home</h1><a href="guide/">Guide</a><a href="guide/#setup">Setup</a><a href="/docs/guide/#setup">Setup, root-absolute</a>'
        '<a href="https://example.com/">web</a><a href="mailto:a@example.com">mail</a>',
        "guide/index.html": '<h2 id="setup">Setup</h2><a href="../missing/">Gone</a><a href="../#nowhere">Bad anchor</a>'
        '<a href="/guide/">Root link without the base</a><script src="https://cdn.example.com/x.js"></script>',
    }
    for rel, body in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><head></head><body>{body}</body></html>", encoding="utf-8")
    return root


def _run_linkcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kbtools.linkcheck", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_link_checker_runs_from_the_command_line_on_any_built_site(tmp_path: Path) -> None:
    site = _fixture_site(tmp_path / "site")
    result = _run_linkcheck(str(site), "--base", "/docs/")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "guide/index.html: script.src loads an external asset: https://cdn.example.com/x.js — vendor it under docs/assets/",
        "guide/index.html: a.href points at a missing page: ../missing/",
        "guide/index.html: a.href points at a missing anchor: ../#nowhere (no id 'nowhere' on index.html)",
        "guide/index.html: a.href points outside the site: /guide/",
    ], result.stderr
    assert result.stdout.startswith("kb-linkcheck: 2 page(s), 4 problem(s)")


def test_without_the_base_a_root_link_resolves_against_the_site_root(tmp_path: Path) -> None:
    """Served at the host's root, /guide/ exists and /docs/guide/ does not: the base path decides which is broken."""
    site = _fixture_site(tmp_path / "site")
    result = _run_linkcheck(str(site))
    assert "guide/index.html: a.href points outside the site: /guide/" not in result.stderr
    assert "index.html: a.href points at a missing page: /docs/guide/#setup" in result.stderr.splitlines()


def test_a_clean_site_passes_and_a_wrong_folder_says_so(tmp_path: Path, site) -> None:
    assert site.error is None, site.error
    assert _run_linkcheck(str(site.dir)).returncode == 0
    wrong = _run_linkcheck(str(tmp_path / "nothing"))
    assert wrong.returncode == 1 and "is not a folder — build the site first" in wrong.stderr
