"""Lists of pages for index pages, read from the pages' own front matter (so a new page lists itself)."""

from __future__ import annotations

from pathlib import Path

from . import tables
from .yamlsource import load, normalise

#: Each file's front matter and text, by path, as of its size and modification time. Several macros read every page
#: (the review queue, recent changes, page lists): without this a 1,000-page build parsed each page's YAML dozens of
#: times (docs/contributing/build-cost.md). A saved file has a new time, so `make serve` reads it again.
_READ: dict[Path, tuple[tuple[int, int], dict[str, object], str]] = {}


def read(path: Path) -> tuple[dict[str, object], str]:
    """A Markdown file's front matter (an empty dict when it has none) and its normalised text. Do not change them."""
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _READ.get(path)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    text = normalise(path.read_text(encoding="utf-8"))
    meta: object = {}
    if text.startswith("---"):
        head, _, _ = text[3:].partition("\n---")
        meta = load(head) or {}
    found = meta if isinstance(meta, dict) else {}
    _READ[path] = (key, found, text)
    return found, text


def front_matter(path: Path) -> dict[str, object]:
    """The YAML front matter of a Markdown file, or an empty dict when it has none (a copy: change it freely)."""
    return dict(read(path)[0])


def page_list(docs: Path, folder: str) -> str:
    """A bulleted list of every page in ``docs/folder`` (not its index), linked relative to that folder.

    Each item shows the title and the description; sub-folders with an index page are listed by their
    index's title.
    """
    base = (docs / folder).resolve()
    if not base.is_relative_to(docs.resolve()) or base.is_symlink():
        raise ValueError(f"folder={folder!r} is outside docs/ — give a folder under docs/, like 'runbooks/payments'")
    if not base.is_dir():
        raise ValueError(f"folder={folder!r} is not a folder under docs/")
    items = []
    for path in sorted(base.iterdir()):
        target = path / "index.md" if path.is_dir() else path
        if target.name == "index.md" and path.is_file() or target.suffix != ".md" or not target.is_file():
            continue
        meta = front_matter(target)
        title = str(meta.get("title") or target.stem.replace("-", " ").capitalize())
        link = target.relative_to(base).as_posix()
        description = f" — {tables.cell(meta['description'])}" if meta.get("description") else ""
        items.append(f"- [{tables.cell(title)}]({link}){description}")
    if not items:
        raise ValueError(f"docs/{folder} has no pages to list yet")
    return "\n".join(items) + "\n"
