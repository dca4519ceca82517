"""The trainer's sign-off sheet on paper, printed by Chromium: one week per page (the trainee, trainer and start date
with week 1 on the first), no table row, week or signature split across pages, and ink instead of the screen's
link colour and glossary underline. Looked at page by page as PNG when it was built (see the lead's note); here the
parts a machine can judge."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.browser
WEEKS = len(yaml.safe_load((ROOT / "data" / "learning_path.yml").read_text(encoding="utf-8"))["weeks"])
#: Paper sizes in millimetres, and the stylesheet's @page margins (12 mm top and sides, 14 mm bottom).
PAPER = {"A4": (210, 297), "Letter": (215.9, 279.4)}
MARGINS = (12, 12, 14)
PX_PER_MM = 96 / 25.4


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.mark.parametrize("paper", list(PAPER))
def test_the_sheet_prints_one_week_per_page(page, offline, base_url: str, paper: str) -> None:
    page.goto(base_url + "onboarding/sign-off-sheet/", wait_until="load")
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, print_background=True)
    # Each week's box keeps together and no two weeks fit on one page, so a page per week means nothing was split and
    # no page was wasted: the header (trainee, trainer, start date) shares the first page with week 1.
    assert _pages(pdf) == WEEKS, f"{paper}: {_pages(pdf)} pages for {WEEKS} weeks"
    assert offline == []


def test_no_row_or_week_can_split(page, base_url: str) -> None:
    """Every row, week box and signature line keeps together and is shorter than the printable page."""
    width_mm, height_mm = PAPER["A4"]
    top, side, bottom = MARGINS
    printable = (height_mm - top - bottom) * PX_PER_MM
    page.set_viewport_size({"width": round((width_mm - 2 * side) * PX_PER_MM), "height": 1000})
    page.goto(base_url + "onboarding/sign-off-sheet/", wait_until="load")
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => [...document.querySelectorAll('.kb-sheet tr, .kb-sheet__week, .kb-sheet__days, .kb-sheet__cases, .kb-sheet__sign')].map((el) => ({
            what: el.className || el.tagName, breaks: getComputedStyle(el).breakInside, height: el.getBoundingClientRect().height }))"""
    )
    assert len(found) > 60, "the sheet's rows were not found"
    loose = [f for f in found if f["breaks"] != "avoid"]
    assert not loose, f"may split across pages: {loose[:3]}"
    tall = [f for f in found if f["height"] > printable]
    assert not tall, f"taller than an A4 page ({printable:.0f} px), so it would split anyway: {tall[:3]}"


def _rgb(colour: str) -> list[float]:
    return [float(n) for n in re.findall(r"[\d.]+", colour)]


def test_paper_shows_ink_not_screen_colours(page, base_url: str) -> None:
    page.goto(base_url + "onboarding/sign-off-sheet/", wait_until="load")
    page.emulate_media(media="print", reduced_motion="reduce")
    page.wait_for_timeout(300)  # Material eases link colours; read them settled
    looks = page.evaluate(
        """() => {
            const text = getComputedStyle(document.querySelector('.kb-sheet p')).color;
            const link = document.querySelector('.kb-sheet a');
            const abbr = document.querySelector('article abbr');
            return { text, link: getComputedStyle(link).color, underline: getComputedStyle(link).textDecorationLine,
                     abbr: abbr ? getComputedStyle(abbr).textDecorationLine : 'none',
                     intro: getComputedStyle(document.querySelector('.kb-screen-only')).display };
        }"""
    )
    assert all(abs(a - b) <= 2 for a, b in zip(_rgb(looks["link"]), _rgb(looks["text"]), strict=True)), looks
    assert looks["underline"] == "none", looks
    assert looks["abbr"] == "none", looks
    assert looks["intro"] == "none", "the how-to-print paragraph is printed"
