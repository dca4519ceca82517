"""Change notes: what changed in a procedure, when, in one line — for a specialist starting a shift.

A runbook or explainer lists its notes in front matter (``changes:``, newest first or in any order; `make check`
validates them). From the notes come the Recent changes page (the ``recent_changes`` macro), the "Changed" badge
on a page changed in the last ``changed_badge_days`` days (team policy), and the Atom feed ``changes.xml``.
Pure: dates in, lists and text out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree as ET


@dataclass(frozen=True)
class ChangeNote:
    page: str  # path under docs/
    title: str
    owner: str  # team key, or "" when the page has none
    on: date
    note: str


def page_notes(path: str, meta: Mapping[str, Any]) -> list[ChangeNote]:
    """The well-formed notes of one page (the contract reports malformed ones), newest first."""
    notes = []
    for raw in meta.get("changes") or ():
        if isinstance(raw, Mapping) and isinstance(raw.get("date"), date) and isinstance(raw.get("note"), str):
            notes.append(ChangeNote(path, str(meta.get("title") or path), str(meta.get("owner") or ""), raw["date"], raw["note"].strip()))
    return sorted(notes, key=lambda n: n.on, reverse=True)


def all_notes(pages: Iterable[tuple[str, Mapping[str, Any], str]], as_of: date) -> list[ChangeNote]:
    """Every note dated on or before ``as_of``, newest first (then by page)."""
    notes = [note for path, meta, _ in pages for note in page_notes(path, meta) if note.on <= as_of]
    return sorted(notes, key=lambda n: (-n.on.toordinal(), n.page))


def is_recent(note: ChangeNote, as_of: date, days: int) -> bool:
    """Within the last ``days`` days, counting the build date as day 1: a note dated ``as_of - days + 1`` still is."""
    return as_of - timedelta(days=days) < note.on <= as_of


def badge(path: str, meta: Mapping[str, Any], as_of: date, days: int) -> dict[str, str] | None:
    """The page's newest note when it is recent, for the "Changed" badge; None otherwise."""
    recent = [note for note in page_notes(path, meta) if is_recent(note, as_of, days)]
    return {"on": recent[0].on.isoformat(), "note": recent[0].note} if recent else None


def atom(notes: list[ChangeNote], site_url: str, title: str, as_of: date, limit: int = 50) -> str:
    """An Atom feed of the newest ``limit`` notes; entry links are absolute (``site_url`` ends in /)."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        child.text = text
        return child

    def stamp(day: date) -> str:
        return datetime.combine(day, time(0, 0), tzinfo=UTC).isoformat().replace("+00:00", "Z")

    add(feed, "title", title)
    add(feed, "id", f"{site_url}changes.xml")
    add(feed, "link", href=f"{site_url}changes/")
    add(feed, "link", rel="self", href=f"{site_url}changes.xml")
    add(feed, "updated", stamp(notes[0].on if notes else as_of))
    add(add(feed, "author"), "name", "Billing Support")
    for note in notes[:limit]:
        url = site_url + _url(note.page)
        entry = add(feed, "entry")
        add(entry, "title", f"{note.title}: {note.note}")
        add(entry, "id", f"{url}#change-{note.on.isoformat()}")
        add(entry, "link", href=url)
        add(entry, "updated", stamp(note.on))
        add(entry, "summary", note.note)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _url(page: str) -> str:
    """MkDocs' directory URL of a page under docs/ (``runbooks/a/b.md`` -> ``runbooks/a/b/``)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
