"""What files the build may read and publish: no symbolic link anywhere in the folders it reads (a link to a machine
file would be copied into the site), and no file a browser would run outside the folders engineering owns.

`make check` and the build's publish guard (kbtools/rules.py) both call ``problems``; every other rule skips links,
so a link is named once, by this rule, and its target is never read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

#: The folders the build reads, besides mkdocs.yml.
READ = ("docs", "snippets", "data", "overrides")
#: Where code lives (reviewed by engineering, CODEOWNERS): the only places a script or stylesheet may be published from.
CODE = ("docs/assets/javascripts/", "docs/assets/stylesheets/")
#: Files a browser runs or renders as a document with script: allowed only under CODE.
RUNNABLE = (".js", ".mjs", ".cjs", ".wasm", ".html", ".htm", ".xhtml", ".xml", ".css", ".svgz")
#: Images that can hold script when opened on their own: allowed when they hold none.
SVG = ".svg"


def walk(root: Path) -> Iterator[tuple[str, bool]]:
    """``(path from root, is a link)`` for every entry under the folders the build reads, links not followed."""
    for folder in READ:
        base = root / folder
        if base.is_symlink():
            yield folder, True
            continue
        if not base.is_dir():
            continue
        for current, dirs, files in os.walk(base):
            here = Path(current)
            for name in sorted(dirs + files):
                path = here / name
                yield path.relative_to(root).as_posix(), path.is_symlink()
            dirs[:] = [d for d in dirs if not (here / d).is_symlink()]


def links(root: Path) -> set[str]:
    """Every symbolic link under the folders the build reads (other rules skip them)."""
    return {rel for rel, link in walk(root) if link}


def problems(root: Path) -> Iterator[tuple[str, int, str]]:
    """``(path, line, message)`` for each link and each runnable file outside the code folders."""
    config = root / "mkdocs.yml"
    if config.is_symlink():
        yield "mkdocs.yml", 1, "is a symbolic link — the build reads only files in the repository: replace the link with the file itself"
    for rel, link in walk(root):
        if link:
            target = os.readlink(root / rel)
            yield rel, 1, f"is a symbolic link (to {target}) — the build would publish what it points at: replace it with the file itself, or delete it"
            continue
        suffix = Path(rel).suffix.lower()
        if rel.startswith("docs/") and not rel.startswith(CODE) and (root / rel).is_file():
            if suffix in RUNNABLE:
                where = " and ".join(CODE)
                yield (
                    rel,
                    1,
                    f"a {suffix} file outside {where} could run in a reader's browser once published — remove it (code is reviewed by engineering)",
                )
            elif suffix == SVG and _svg_runs(root / rel):
                yield rel, 1, "an SVG image that holds a script or an event handler — export it again without scripts, or use a PNG"


def _svg_runs(path: Path) -> bool:
    text = path.read_bytes()[:1_000_000].decode("utf-8", errors="replace").lower()
    return "<script" in text or " on" in text and any(f" on{event}" in text for event in ("load", "click", "error", "mouse", "focus", "begin", "end"))
