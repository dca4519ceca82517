"""Decline codes and messages: every mapping lands on an existing page and section; the reference page lists them all."""

from __future__ import annotations

import html
import re

import pytest

from kbtools.linkcheck import SiteIndex
from macros.data import load_site_data

from .conftest import ROOT, Site, built_path

DATA = load_site_data(ROOT)


def test_every_kind_is_used_and_declines_are_many() -> None:
    assert {c.kind for c in DATA.error_codes} == set(DATA.error_kinds)
    assert sum(c.kind == "decline" for c in DATA.error_codes) >= 10


@pytest.mark.parametrize("entry", DATA.error_codes, ids=[c.code[:40] for c in DATA.error_codes])
def test_mapping_points_at_an_existing_page_and_anchor(site: Site, entry) -> None:
    target = built_path(site.dir, entry.page)
    assert target.is_file(), f"data/error_codes.yml: {entry.code!r} points at docs/{entry.page}, which was not built"
    ids = SiteIndex(site.dir).page(target).ids
    assert entry.anchor in ids, f"data/error_codes.yml: {entry.code!r} points at #{entry.anchor}, not a section of docs/{entry.page}"


def test_reference_page_lists_every_code(site: Site) -> None:
    # Compare on text: glossary tooltips wrap words such as GST in <abbr> elements.
    page = html.unescape(re.sub(r"<[^>]+>", "", site.html("runbooks/error-codes.md")))
    missing = [c.code for c in DATA.error_codes if c.code not in page]
    assert not missing, f"not on the reference page: {missing}"


def test_epp_reference_has_at_least_15_statuses(site: Site) -> None:
    assert len(DATA.epp_statuses) >= 15
    page = site.html("domains/epp-status-codes.md")
    missing = [s.code for s in DATA.epp_statuses if f"<code>{s.code}</code>" not in page]
    assert not missing, f"statuses missing from the EPP page: {missing}"
