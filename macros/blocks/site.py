"""What the site's own reference pages show from data: the glossary."""

from __future__ import annotations

from .. import tables
from ..data import SiteData

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
