"""The strict build: no warnings, no raw template syntax, no macro errors, no external asset, noindex everywhere."""

from __future__ import annotations

import re

import pytest

from kbtools.linkcheck import SiteIndex, is_external, parse_html
from macros import ERROR_MARK

from .conftest import Site, built_path, doc_pages

PAGES = doc_pages()
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def test_strict_build_succeeds(site: Site) -> None:
    assert site.error is None, f"the strict build stopped: {site.error}\n" + "\n".join(site.warnings)
    assert site.warnings == [], "the build logged warnings (a strict build fails on them):\n" + "\n".join(site.warnings)


@pytest.mark.parametrize("doc", PAGES)
def test_page_builds_without_warnings(site: Site, doc: str) -> None:
    mine = [w for w in site.warnings if doc in w]
    assert not mine, f"docs/{doc}: build warnings:\n" + "\n".join(mine)
    assert built_path(site.dir, doc).is_file(), f"docs/{doc} was not built — is it in the nav of mkdocs.yml?"


@pytest.mark.parametrize("doc", PAGES)
def test_page_has_no_raw_template_syntax_or_error(site: Site, doc: str) -> None:
    html = site.html(doc)
    outside_code = CODE.sub("", html)
    for marker in ("{{", "{%", "Macro Rendering Error", ERROR_MARK):
        assert marker not in outside_code, f"docs/{doc}: the built page contains {marker!r} outside code"


@pytest.mark.parametrize("doc", PAGES)
def test_page_loads_nothing_external_and_is_noindex(site: Site, doc: str) -> None:
    html = site.html(doc)
    parsed = parse_html(html)
    external = [url for _, url in parsed.assets if is_external(url)]
    assert not external, f"docs/{doc} loads external assets: {external}"
    assert re.search(r'<meta name="robots" content="noindex', html), f"docs/{doc} lacks the noindex meta tag"
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_every_page_is_in_the_nav(site: Site) -> None:
    # omitted_files: warn makes MkDocs itself warn; this names the pages directly.
    missing = [p for p in PAGES if not built_path(site.dir, p).is_file()]
    assert not missing, f"pages not built: {missing}"


def test_mermaid_is_vendored_and_loaded_lazily(site: Site) -> None:
    index = SiteIndex(site.dir)
    scripts = [url for _, url in index.page(site.dir / "index.html").assets]
    assert any(url.endswith("assets/javascripts/mermaid-lazy.js") for url in scripts), scripts
    assert not any("mermaid.min.js" in url for url in scripts), "mermaid is loaded on every page again"
    assert (site.dir / "assets/javascripts/vendor/mermaid.min.js").stat().st_size > 1_000_000


def test_preview_is_not_strict_so_make_serve_dirty_runs() -> None:
    # `mkdocs serve --dirty` logs a warning about dirty builds; with strict set in mkdocs.yml it would abort
    # the preview. Strictness comes from the command line instead (make build, make test, CI).
    from mkdocs.config import load_config

    from .conftest import ROOT

    assert load_config(str(ROOT / "mkdocs.yml")).strict is False
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "kbtools.engine build --strict" in makefile and "kbtools.engine serve --dirty" in makefile
