"""Lists of pages for index pages, read from the pages' own front matter (so a new page lists itself)."""

from __future__ import annotations

from pathlib import Path

from . import tables
from .yamlsource import load, normalise


def front_matter(path: Path) -> dict[str, object]:
    """The YAML front matter of a Markdown file, or an empty dict when it has none."""
    text = normalise(path.read_text(encoding="utf-8"))
    if not text.startswith("---"):
        return {}
    head, _, _ = text[3:].partition("\n---")
    meta = load(head) or {}
    return meta if isinstance(meta, dict) else {}


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
