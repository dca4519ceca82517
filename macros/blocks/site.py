"""What the site's own reference pages show from data: the glossary and the contact-reason codes."""

from __future__ import annotations

import posixpath
from pathlib import Path

from .. import tables
from ..data import SiteData
from ..pages import front_matter

CATEGORY_TITLES = {"billing": "Billing operations", "accounting": "Accounting and tax", "domains": "Domain registration"}


def glossary_block(data: SiteData) -> str:
    parts = []
    for category, title in CATEGORY_TITLES.items():
        terms = sorted((t for t in data.glossary if t.category == category), key=lambda t: t.term.lower())
        if not terms:
            continue
        parts.append(f"## {title}")
        for term in terms:
            source = f" [Source]({term.source})" if term.source else " *No public source: team usage.*"
            parts.append(f"### {tables.cell(term.term)} {{#{term.anchor}}}\n\n{tables.cell(term.definition)}{source}")
    return tables.block(*parts)


def contact_reasons_block(data: SiteData, docs: Path, here: str) -> str:
    """Every contact-reason code with its runbook (linked), by area, as the ticketing tool imports them."""
    reasons = data.contact_reasons
    rows = []
    for reason in reasons.reasons:
        link = posixpath.relpath(reason.runbook, posixpath.dirname(here) or ".")
        title = front_matter(docs / reason.runbook).get("title") if (docs / reason.runbook).is_file() else reason.runbook
        rows.append(f"| {tables.cell(reason.code)} | {tables.cell(reason.name)} | [{tables.cell(title)}]({link}) |")
    table = "\n".join(["| Code | Label in the ticketing tool | Runbook |", "| --- | --- | --- |", *rows])
    parts = [table]
    if reasons.retired:
        parts.append(
            "**Retired codes** (old tickets carry them; never given out again): "
            + ", ".join(f"{tables.cell(r.code)} ({tables.cell(r.name)})" for r in reasons.retired)
            + "."
        )
    parts.append(f"*{tables.cell(reasons.label)}.*")
    return tables.block(*parts)
