"""Bigger copies of the real site for the benchmarks: all of docs/ copied N times, with the nav generated to match.

`make bench` and `make bench-search` measure the site at its real size and at several hundred or a thousand pages,
built from the real pages, data, macros and glossary (outside the checkout, in a temporary folder).
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Code is linked into a copy; what the build reads is copied, since a symbolic link there is refused (kbtools/tree.py).
LINKED = ("macros", "kbtools")
COPIED = ("overrides", "data", "snippets")
#: Pages a copy leaves out: the tags index belongs to the whole site, not to each copy.
NOT_COPIED = ("tags.md",)
NAV_ITEM = re.compile(r"^(\s*- (?:\"[^\"]*\"|[^:\n]+): |\s*- )(\S+\.md)\s*$")


def page_count(root: Path = ROOT) -> int:
    return sum(1 for _ in (root / "docs").rglob("*.md"))


def _copied_nav(nav_lines: list[str], prefix: str, title: str) -> list[str]:
    """The real nav with every page under ``prefix/``, nested one level under a section named ``title``."""
    out = [f"  - {title}:"]
    for line in nav_lines:
        match = NAV_ITEM.match(line)
        if match and match.group(2) in NOT_COPIED:
            continue
        if match:
            line = f"{match.group(1)}{prefix}/{match.group(2)}"
        out.append("    " + line)
    return out


def make_copy(dest: Path, pages: int, root: Path = ROOT) -> int:
    """Write a project of about ``pages`` pages into ``dest`` and return its real page count.

    The original site stays at the top; copies go to ``docs/copy-N/``, so every relative link inside a copy
    still resolves. Macros and kbtools are linked; data, theme overrides and snippets are copied.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        (dest / name).symlink_to(root / name)
    for name in COPIED:
        shutil.copytree(root / name, dest / name)
    shutil.copytree(root / "docs", dest / "docs")
    per_copy = page_count(root) - len(NOT_COPIED)
    copies = max(0, math.ceil((pages - page_count(root)) / per_copy))
    content = [p for p in (root / "docs").iterdir() if p.name not in NOT_COPIED and p.name != "assets"]
    for number in range(1, copies + 1):
        target = dest / "docs" / f"copy-{number}"
        target.mkdir()
        for item in content:
            (shutil.copytree if item.is_dir() else shutil.copy)(item, target / item.name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    head, _, nav = config.partition("\nnav:\n")
    nav_lines = [line for line in nav.splitlines() if line.strip()]
    lines = ["nav:", *nav_lines]
    for number in range(1, copies + 1):
        lines += _copied_nav(nav_lines, f"copy-{number}", f"Copy {number}")
    (dest / "mkdocs.yml").write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return page_count(dest)
