"""MkDocs hooks (mkdocs.yml `hooks:`): the build steps that belong to the site rather than to one page.

Loaded by file path, so the project root is put on sys.path first. Each hook is a thin call into kbtools.
- on_files: the publish guard (kbtools/rules.py): no card number, secret, raw template syntax, broken front matter,
  missing snippet or undeclared placeholder reaches the site; every problem is logged as path:line and the build stops.
- on_post_page: the Content-Security-Policy meta tag, with the hashes of the page's inline scripts (kbtools/csp.py).
- on_post_build: write the search vocabulary for the browser (search/terms.json), build Pagefind's index, the
  table of pages the browser shows results from (search/pages.json), and the static host's _headers file.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kbtools import csp, forge, rules  # noqa: E402 - after sys.path is set
from macros import changes, freshness  # noqa: E402
from macros.asof import resolve_as_of  # noqa: E402
from macros.data import load_site_data  # noqa: E402
from macros.yamlsource import DataError  # noqa: E402

log = logging.getLogger("mkdocs.plugins.kb_hooks")

#: What the index leaves out: reply templates and calculators (their words would match every query), the review
#: line, heading permalinks and diagrams.
NOT_INDEXED = ".kb-replies, .kb-calc, .kb-review, .kb-review-banner, .kb-review-changed, .headerlink, .mermaid, .kb-computed"


def build_search_index(site_dir: Path, project_dir: Path) -> None:
    """Write search/terms.json and run Pagefind over the built site; stop the build with one clear line on failure."""
    try:
        words = load_site_data(project_dir).search_words
    except DataError as exc:
        raise PluginError(str(exc)) from None
    target = site_dir / "search"
    target.mkdir(exist_ok=True)
    (target / "terms.json").write_text(json.dumps(words.worker_terms(), ensure_ascii=False), encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--exclude-selectors", NOT_INDEXED, "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PluginError(f"search index: Pagefind failed ({detail[0]}) — run `make install` to get the pinned pagefind package")
    write_page_table(site_dir)


def write_page_table(site_dir: Path) -> int:
    """search/pages.json: for each Pagefind page id, its address, title, description, area, kind, and the phrases that
    name it (title, aliases and the customer phrasings from data/search_terms.yml).

    The browser ranks and shows results from this one small file instead of fetching one fragment per result
    (Pagefind's fragments are gzip'd JSON after a ``pagefind_dcd`` signature). Returns the number of pages.
    """
    table = {}
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        meta = data.get("meta", {})
        phrases = [p.strip().lower() for p in meta.get("phrases", "").split(" · ") if p.strip()]
        title = meta.get("title", "")
        row = [data["url"].lstrip("/"), title, meta.get("description", ""), meta.get("area", ""), meta.get("kind", "page"), [title.lower(), *phrases]]
        table[fragment.stem] = row
    (site_dir / "search" / "pages.json").write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(table)


def on_pre_build(config: Any, **_: Any) -> None:
    csp.reset()


def on_files(files: Any, config: Any, **_: Any) -> Any:
    problems = rules.publish_problems(Path(config["config_file_path"]).parent)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"{len(problems)} problem(s) above would be published — fix them; `make check` lists them with the same lines")
    return files


def on_config(config: Any, **_: Any) -> Any:
    """KB_REPO_URL: the repository the edit and report links open (kbtools/forge.py); unset, neither link shows."""
    try:
        config.extra["kb_repo"] = forge.repo_from_env(os.environ)
    except forge.ForgeError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_page_context(context: Any, page: Any, config: Any, **_: Any) -> Any:
    """The page's edit and report links (overrides/partials/actions.html), or none without a configured repository."""
    repo = config.extra.get("kb_repo")
    if repo is not None:
        review = page.meta.get("kb_review") or {}
        page.meta["kb_actions"] = {
            "edit": repo.edit_url(page.file.src_uri),
            "report": repo.report_url(page.file.src_uri, page.title or "", review.get("owner", ""), page.canonical_url or page.abs_url or ""),
        }
    return context


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    return csp.with_policy(output, page.file.src_uri)


def on_post_build(config: Any, **_: Any) -> None:
    site_dir = Path(config["site_dir"])
    # KB_SEARCH_INDEX=0 skips the index: the quick test gate builds a site nobody searches.
    if os.environ.get("KB_SEARCH_INDEX", "1") != "0":
        build_search_index(site_dir, Path(config["config_file_path"]).parent)
    write_change_feed(site_dir, Path(config["config_file_path"]).parent, config["site_url"] or "")
    csp.write_headers(site_dir)


def write_change_feed(site_dir: Path, project_dir: Path, site_url: str) -> None:
    """changes.xml: the Atom feed of the change notes, the same list as the Recent changes page."""
    as_of, _ = resolve_as_of(os.environ, date.today())
    notes = changes.all_notes(freshness.read_pages(project_dir / "docs"), as_of)
    base = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / "changes.xml").write_text(changes.atom(notes, base, "Billing Knowledge Base: recent changes", as_of), encoding="utf-8")
