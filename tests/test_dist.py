"""`make dist`: the deployable folder keeps everything a page loads and nothing the static host does not need."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbtools import dist

from .conftest import Site


def _copy(site: Site, tmp_path: Path) -> Path:
    target = tmp_path / "dist"
    shutil.copytree(site.dir, target)
    return target


def test_pruning_removes_maps_and_unused_search_files_and_breaks_no_address(site: Site, tmp_path: Path) -> None:
    out = _copy(site, tmp_path)
    assert any(out.rglob("*.map")), "the build writes source maps (else this test checks nothing)"
    indexed = (out / "pagefind").is_dir()  # the session build has Pagefind's index only when browser tests run
    removed = dist.prune(out)
    assert "assets/javascripts/lunr/" in removed
    assert ("pagefind/pagefind-ui.js" in removed) is indexed
    assert not any(out.rglob("*.map"))
    for name in dist.UNUSED:
        assert not (out / name).exists(), name
    assert dist.missing(out) == []
    needed = ["_headers", "changes.xml", "assets/javascripts/search-worker.js"]
    for name in needed + (["pagefind/pagefind.js", "pagefind/pagefind-worker.js", "search/pages.json"] if indexed else []):
        assert (out / name).is_file(), name


def test_a_missing_file_a_page_loads_is_named(site: Site, tmp_path: Path) -> None:
    out = _copy(site, tmp_path)
    dist.prune(out)
    (out / "assets" / "stylesheets" / "kb.css").unlink()
    found = dist.missing(out)
    assert "index.html: assets/stylesheets/kb.css" in found, found[:5]
