"""The colours in kb.css: every contrast ratio written beside a colour is what the colours really give, and passes AA.

kb.css states each pair as ``#fg on #bg: R:1 (kind ≥ minimum)`` (kind: text, large or ui). This recomputes each
ratio with kbtools/contrast.py, so a colour changed without its comment, or a comment that rounds up, fails here.
Whether the pages really use these pairs is checked in Chromium by axe (tests/test_accessibility.py).
"""

from __future__ import annotations

import re

import pytest

from kbtools.contrast import MINIMUM, ratio

from .conftest import DOCS

CSS = DOCS / "assets" / "stylesheets" / "kb.css"
PAIR = re.compile(r"(#[0-9a-fA-F]{6}) on (#[0-9a-fA-F]{6}): (\d+\.\d\d):1(?:\s*\((\w+) ≥ ([\d.]+)\))?")


def palette_problems(text: str) -> list[str]:
    """Every stated pair whose ratio is wrong, below its minimum, or without a kind; with its line."""
    problems = []
    for match in PAIR.finditer(text):
        fg, bg, stated, kind, minimum = match.groups()
        actual = ratio(fg, bg)
        where = f"kb.css:{text.count(chr(10), 0, match.start()) + 1}: {fg} on {bg}"
        if not kind:
            problems.append(f"{where}: say what the pair is for, e.g. '(text ≥ 4.5)', '(large ≥ 3)' or '(ui ≥ 3)'")
            continue
        if kind not in MINIMUM or float(minimum) != MINIMUM[kind]:
            problems.append(f"{where}: '{kind} ≥ {minimum}' is not a WCAG AA minimum; use one of {MINIMUM}")
        if f"{actual:.2f}" != stated:
            problems.append(f"{where}: written {stated}:1, measured {actual:.2f}:1")
        if kind in MINIMUM and actual < MINIMUM[kind]:
            problems.append(f"{where}: {actual:.2f}:1 is below {MINIMUM[kind]}:1 for {kind}")
    return problems


def test_every_written_ratio_is_measured_and_passes() -> None:
    text = CSS.read_text(encoding="utf-8")
    assert len(PAIR.findall(text)) >= 30, "kb.css states fewer colour pairs than it did when this test was written"
    assert palette_problems(text) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/* #ffffff on #ff6e42: 2.78:1 (text ≥ 4.5) */", "below 4.5:1 for text"),
        ("/* #ffffff on #bf360c: 5.70:1 (text ≥ 4.5) */", "written 5.70:1, measured 5.60:1"),
        ("/* #ffffff on #bf360c: 5.60:1 */", "say what the pair is for"),
        ("/* #ffffff on #bf360c: 5.60:1 (text ≥ 3) */", "not a WCAG AA minimum"),
    ],
    ids=["below-minimum", "wrong-ratio", "no-kind", "wrong-minimum"],
)
def test_the_palette_check_can_fail(line: str, expected: str) -> None:
    assert any(expected in problem for problem in palette_problems(line))


def test_contrast_matches_known_values() -> None:
    assert f"{ratio('#ffffff', '#000000'):.2f}" == "21.00"
    assert f"{ratio('#767676', '#ffffff'):.2f}" == "4.54"
    # Black at 54% on white composites to about #757575 (Material's secondary text, 4.61:1 once rounded to whole steps).
    assert abs(ratio("rgba(0, 0, 0, 0.54)", "#ffffff") - ratio("#757575", "#ffffff")) < 0.03
