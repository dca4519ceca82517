"""MkDocs hooks (mkdocs.yml `hooks:`): the build steps that belong to the site rather than to one page.

Loaded by file path, so the project root is put on sys.path first. Each hook is a thin call into kbtools.
- on_files: the publish guard (kbtools/rules.py): no card number, secret, raw template syntax, broken front matter,
  missing snippet or undeclared placeholder reaches the site; every problem is logged as path:line and the build stops.
- on_page_content: the HTML policy on each rendered page (kbtools/htmlpolicy.py), refusals named at their source line.
- on_post_page: the Content-Security-Policy meta tag, a constant that allows no inline script (kbtools/csp.py); a
  page holding one stops the build.
- on_post_build: write the search vocabulary for the browser (search/terms.json), build Pagefind's index, the
  table of pages the browser shows results from (search/pages.json), the site's words for correcting a typed word
  (search/words.json), and the static host's _headers file.
  Under `mkdocs serve` the index is rebuilt in the background once saving pauses, so a saved page shows at once.
- on_serve: watch data/ and snippets/ too; on_files then makes a dirty rebuild redo the pages an edit there reaches
  (kbtools/preview.py). Saves are heard through inotify, and on_env keeps the compiled theme templates between
  rebuilds.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kbtools import csp, forge, preview, rules  # noqa: E402 - after sys.path is set
from macros import changes, freshness, rendered_again  # noqa: E402
from macros.asof import resolve_as_of  # noqa: E402
from macros.data import load_site_data  # noqa: E402
from macros.pages import read as read_page  # noqa: E402
from macros.templatecheck import body_offset  # noqa: E402
from macros.yamlsource import DataError  # noqa: E402

log = logging.getLogger("mkdocs.plugins.kb_hooks")

#: What the index leaves out: reply templates, practice cases (customer words for trainees) and calculators (their words would match every query), the review
#: line, heading permalinks and diagrams.
NOT_INDEXED = ".kb-replies, .kb-case, .kb-calc, .kb-review, .kb-review-banner, .kb-review-changed, .headerlink, .mermaid, .kb-computed"


def build_search_index(site_dir: Path, project_dir: Path, background: bool = False) -> None:
    """Write search/terms.json and run Pagefind over the built site; stop the build with one clear line on failure."""
    try:
        words = load_site_data(project_dir).search_words
    except DataError as exc:
        raise PluginError(str(exc)) from None
    target = site_dir / "search"
    target.mkdir(exist_ok=True)
    # The highlighter (search-highlight.js) leaves out what the index left out: a word there was never matched.
    rules = {**words.worker_terms(), "skip": NOT_INDEXED}
    (target / "terms.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--exclude-selectors", NOT_INDEXED, "--quiet"]
    # In the preview the index is rebuilt behind the pages: at low priority, so the next save is not slowed by it.
    result = subprocess.run(command, capture_output=True, text=True, preexec_fn=(lambda: os.nice(10)) if background and hasattr(os, "nice") else None)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise PluginError(f"search index: Pagefind failed ({detail[0]}) — run `make install` to get the pinned pagefind package")
    write_page_table(site_dir)
    write_vocabulary(site_dir)


def _fragments(site_dir: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each page Pagefind indexed: its id and its fragment (gzip'd JSON after a ``pagefind_dcd`` signature)."""
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        yield fragment.stem, json.loads(raw[raw.index(b"{") :])


#: A word of the vocabulary: letters only, four or more (the search corrects only words of five letters or more).
VOCABULARY_WORD = re.compile(r"[^\W\d_]{4,}")


def write_vocabulary(site_dir: Path) -> int:
    """search/words.json: every word the index holds (as the pages write it, lower case) and how often it occurs.

    The worker fetches it the first time a query word finds no page, and searches the nearest word instead
    ("recieved" -> "received"). Returns the number of words."""
    counts: Counter[str] = Counter()
    for _, data in _fragments(site_dir):
        counts.update(VOCABULARY_WORD.findall(data.get("content", "").lower()))
    ordered = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    (site_dir / "search" / "words.json").write_text(json.dumps(ordered, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(ordered)


def write_page_table(site_dir: Path) -> int:
    """search/pages.json: for each Pagefind page id, its address, title, description, area, kind, and the phrases that
    name it (title, aliases and the customer phrasings from data/search_terms.yml).

    The browser ranks and shows results from this one small file instead of fetching one fragment per result
    (Pagefind's fragments are gzip'd JSON after a ``pagefind_dcd`` signature). Returns the number of pages.
    """
    table = {}
    for page_id, data in _fragments(site_dir):
        meta = data.get("meta", {})
        phrases = [p.strip().lower() for p in meta.get("phrases", "").split(" · ") if p.strip()]
        title = meta.get("title", "")
        row = [data["url"].lstrip("/"), title, meta.get("description", ""), meta.get("area", ""), meta.get("kind", "page"), [title.lower(), *phrases]]
        table[page_id] = row
    (site_dir / "search" / "pages.json").write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(table)


#: How MkDocs was started (on_startup runs once per process; this module is loaded once per process too).
_RUN: dict[str, Any] = {"command": "build", "index": None}


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    _RUN["command"] = command


def on_serve(server: Any, config: Any, **_: Any) -> Any:
    root = Path(config["config_file_path"]).parent
    for folder in ("data", "snippets"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    _notify_on_save(server)
    return server


class _WritesOnly:
    """Pass on changes only: inotify also reports every file the build opens and reads, which would rebuild forever."""

    CHANGES = frozenset({"modified", "created", "deleted", "moved", "closed"})

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    def dispatch(self, event: Any) -> None:
        if event.event_type in self.CHANGES:
            self.handler.dispatch(event)


def _notify_on_save(server: Any) -> None:
    """Hear about a save at once (inotify) instead of on MkDocs' next 0.5 s poll of the docs folder.

    MkDocs polls for portability (network drives, some containers). KB_SERVE_POLL=1 keeps its polling. The handlers
    MkDocs registered so far move to the new observer; anything watched later goes there directly.
    """
    if os.environ.get("KB_SERVE_POLL") == "1" or not sys.platform.startswith("linux"):
        return
    try:
        from watchdog.observers import Observer

        class ChangesObserver(Observer):  # type: ignore[misc,valid-type] - Observer is the platform's class
            def schedule(self, handler: Any, path: str, recursive: bool = False, **kwargs: Any) -> Any:
                return super().schedule(_WritesOnly(handler), path, recursive=recursive, **kwargs)

        polling, observer = server.observer, ChangesObserver()
        for path, watch in list(server._watch_refs.items()):
            for handler in polling._handlers.get(watch, ()):
                server._watch_refs[path] = observer.schedule(handler, path, recursive=watch.is_recursive)
    except Exception as exc:  # noqa: BLE001 - any failure keeps MkDocs' own polling
        log.info("watching by polling (inotify unavailable: %s)", exc)
        return
    for watch in list(polling._handlers):
        polling.unschedule(watch)
    server.observer = observer


def on_env(env: Any, config: Any, files: Any, **_: Any) -> Any:
    env.bytecode_cache = preview.TEMPLATES
    return env


def on_files(files: Any, config: Any, **_: Any) -> Any:
    root = Path(config["config_file_path"]).parent
    problems = rules.publish_problems(root)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"{len(problems)} problem(s) above would be published — fix them; `make check` lists them with the same lines")
    # A dirty rebuild (make serve) redoes only pages whose Markdown changed: age the pages a data or snippet edit reaches.
    if _RUN["command"] == "serve":
        pages = [(f.src_uri, f.dest_uri) for f in files.documentation_pages()]
        stale = preview.mark_stale(root, Path(config["site_dir"]), pages, lambda page, text: _renders_the_same(root / "docs", page, text))
        if stale.pages or stale.same:
            log.info(
                "data or snippet edit: rebuilding %d page(s) that show it; %d more read it and render the same (not rewritten)",
                len(stale.pages),
                len(stale.same),
            )
    return files


#: Under `make serve`: each page's Markdown as the macros rendered it in the last build (on_page_markdown), so a data
#: edit rebuilds only the pages whose macros now render something else (kbtools/preview.py).
_RENDERED: dict[str, str] = {}


def _renders_the_same(docs: Path, page: str, text: str) -> bool:
    """True when the page's macros, with the data as edited, render what the last build handed to Markdown."""
    before = _RENDERED.get(page)
    if before is None:
        return False
    meta, _ = read_page(docs / page)
    lines = text.splitlines()
    return rendered_again(page, dict(meta), "\n".join(lines[body_offset(lines) :])) == before


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    if _RUN["command"] == "serve":
        _RENDERED[page.file.src_uri] = markdown
    return markdown


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


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """The HTML policy (kbtools/htmlpolicy.py) on what the page's Markdown, macros and snippets rendered: every refusal
    is logged at its source line, then the build stops before the page is written."""
    root = Path(config["config_file_path"]).parent
    problems = rules.html_problems(root, f"docs/{page.file.src_uri}", html)
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"docs/{page.file.src_uri}: {len(problems)} problem(s) above would be published — fix them; `make check` lists most of them too")
    return html


def on_post_page(output: str, page: Any, config: Any, **_: Any) -> str:
    try:
        return csp.with_policy(output, page.file.src_uri)
    except csp.InlineScript as exc:
        raise PluginError(str(exc)) from None


def on_post_build(config: Any, **_: Any) -> None:
    site_dir = Path(config["site_dir"])
    # KB_SEARCH_INDEX=0 skips the index: the quick test gate builds a site nobody searches.
    if os.environ.get("KB_SEARCH_INDEX", "1") != "0":
        project = Path(config["config_file_path"]).parent
        if _RUN["command"] == "serve":
            if not _RUN.get("announced"):
                # Said once, for `make bench` (which checks which pages a data edit rewrote) and the curious.
                log.info("preview: the built pages are in %s", site_dir)
                _RUN["announced"] = True
            _index_in_background(site_dir, project)
        else:
            build_search_index(site_dir, project)
    write_change_feed(site_dir, Path(config["config_file_path"]).parent, config["site_url"] or "")
    csp.write_headers(site_dir)


#: Seconds the preview waits after a rebuild before re-indexing: a run of saves is indexed once, after the last.
INDEX_DELAY = 3.0


def _index_in_background(site_dir: Path, project: Path) -> None:
    """Preview only: rebuild the search index once saving pauses, behind the served pages, one run at a time."""
    previous = _RUN["index"]
    if previous is not None:
        previous.cancel()  # not started yet: this rebuild's index replaces it
    lock = _RUN.setdefault("index_lock", threading.Lock())

    def run() -> None:
        with lock:
            try:
                build_search_index(site_dir, project, background=True)
            except PluginError as exc:
                log.warning("search index not rebuilt: %s", exc)

    timer = threading.Timer(INDEX_DELAY, run)
    timer.daemon = True
    timer.name = "kb-search-index"
    _RUN["index"] = timer
    timer.start()


def write_change_feed(site_dir: Path, project_dir: Path, site_url: str) -> None:
    """changes.xml: the Atom feed of the change notes, the same list as the Recent changes page."""
    as_of, _ = resolve_as_of(os.environ, date.today())
    notes = changes.all_notes(freshness.read_pages(project_dir / "docs"), as_of)
    base = site_url if site_url.endswith("/") else site_url + "/"
    (site_dir / "changes.xml").write_text(changes.atom(notes, base, "Billing Knowledge Base: recent changes", as_of), encoding="utf-8")
