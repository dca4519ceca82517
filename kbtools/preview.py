"""What a `make serve` rebuild (``--dirty``) must redo after an edit outside docs/: the pages that show that data.

MkDocs' dirty build rebuilds a page only when its Markdown is newer than its HTML; it knows nothing of data/ or
snippets/. Here each page's dependencies are read from its source, and the HTML of every page older than one of
them is aged, so MkDocs rebuilds exactly those pages:

- data/glossary.yml (tooltips), search_terms.yml (search entries), teams.yml (the review line) and tags.yml
  shape every page;
- any other data file reaches the pages whose macros read it, a reply template the pages that send it, a snippet
  the pages that include it: macros/freshness.dependencies, the same list that flags a page as changed since its
  review (one home for "what a page shows"). A page whose front matter cannot be read is rebuilt on any edit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from macros import freshness, yamlsource

#: Data files every page shows something of.
EVERY_PAGE = ("data/glossary.yml", "data/search_terms.yml", "data/teams.yml", "data/tags.yml")
INCLUDE = re.compile(r"""^\s*(?:```\w*\s*)?-{1,2}8<-{1,2}\s+["']([^"']+)["']""", re.M)


def _mtimes(root: Path, folder: str, pattern: str) -> dict[str, float]:
    base = root / folder
    return {p.relative_to(root).as_posix(): p.stat().st_mtime for p in base.rglob(pattern) if p.is_file()} if base.is_dir() else {}


def dependencies(root: Path, page: str, text: str) -> set[str]:
    """The files outside docs/ that ``page`` (a path under docs/) shows, as paths relative to the project."""
    needs = set(EVERY_PAGE)
    front = text.split("\n---", 1)[0] if text.startswith("---") else ""
    try:
        meta = yamlsource.load(front.removeprefix("---")) or {} if front else {}
    except (yaml.YAMLError, yamlsource.UnsafeYaml):
        meta = None
    if not isinstance(meta, dict):  # unreadable: rebuild it on any edit, MkDocs will report the page
        needs.update(p.relative_to(root).as_posix() for p in (root / "data").glob("*.yml"))
        needs.update(p.relative_to(root).as_posix() for p in (root / "snippets").rglob("*.md"))
        return needs
    renders = meta.get("render_macros") is True
    needs.update(freshness.file_of(dep) for dep in freshness.dependencies(text if renders else "", meta))
    needs.update(f"snippets/{name}" for name in INCLUDE.findall(text))
    return needs


#: Data a page shows only through its macros. After an edit to these alone, a page whose macros render the same Markdown
#: as in the last build shows nothing new and is left as it is (``unchanged``). The review line and the search entry of
#: every page read the policy's review days, the teams and the search words besides the macros: never skipped on those.
MACROS_ONLY = frozenset(dep for deps in freshness.MACRO_DATA.values() for dep in deps) - set(EVERY_PAGE) - {"data/policy.yml"}

#: ``unchanged(page, text)``: True when the page's macros, with the data as it is now, render what the last build had.
Unchanged = Callable[[str, str], bool]


@dataclass
class Stale:
    """What a data or snippet edit reaches: the pages to rebuild, and those that read it but render the same."""

    pages: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)


def stale_pages(root: Path, site_dir: Path, pages: list[tuple[str, str]], unchanged: Unchanged | None = None) -> Stale:
    """Pages (``(path under docs/, output path under site_dir)``) whose built HTML is older than something they show,
    less those that ``unchanged`` says render the same when only their macros' data changed."""
    found = Stale()
    changed = {**_mtimes(root, "data", "*.yml"), **_mtimes(root, "snippets", "*.md")}
    if not changed:
        return found
    newest = max(changed.values())
    for page, output in pages:
        built = site_dir / output
        try:
            built_at = built.stat().st_mtime
        except OSError:
            continue  # never built: MkDocs builds it anyway
        if built_at >= newest:
            continue
        text = yamlsource.normalise((root / "docs" / page).read_text(encoding="utf-8", errors="replace"))
        edited = {dep for dep in dependencies(root, page, text) if changed.get(dep, 0) > built_at}
        if not edited:
            continue
        if unchanged is not None and edited <= MACROS_ONLY:
            # Its HTML stays older than the data, so every later rebuild asks again: remember the answer until the
            # data changes again (a page save then costs no re-rendering of the pages a price edit left alone).
            when = max(changed[dep] for dep in edited)
            key = (str(root), page)
            if _SAME.get(key) == when or unchanged(page, text):
                _SAME[key] = when
                found.same.append(page)
                continue
        found.pages.append(page)
    return found


#: Pages found to render the same after a data edit, with the time of the edit they were judged against.
_SAME: dict[tuple[str, str], float] = {}


def mark_stale(root: Path, site_dir: Path, pages: list[tuple[str, str]], unchanged: Unchanged | None = None) -> Stale:
    """Age the HTML of every stale page so the dirty build rebuilds it; returns both lists. A page that renders the same
    is not touched: its HTML is what it shows, and the next rebuild compares it with the last build's again."""
    stale = stale_pages(root, site_dir, pages, unchanged)
    outputs = dict(pages)
    for page in stale.pages:
        os.utime(site_dir / outputs[page], (0, 0))
    return stale


class CompiledTemplates(BytecodeCache):
    """The theme's compiled templates, kept in memory across the rebuilds of one `make serve`.

    Every rebuild makes a new Jinja environment, which compiled Material's ~50 templates again: about a third of
    a rebuild after one save. Jinja checks each template's source checksum, so an edited override is recompiled.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = CompiledTemplates()
