"""The query rules in the browser equal the Python ones: docs/assets/javascripts/search-words.js (the search worker
and the highlighter read every query with it) and macros/searchwords.py (the data checks read every phrasing with it)
give the same normalized text, the same core words and the same words without filler, in Chromium, for every query
and phrasing the site knows and for generated customer sentences (filler, apostrophes of every kind, punctuation,
hyphens, underscores, digits, accents, capitals)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from macros.data import load_site_data
from macros.searchwords import core_words, normalize, without_filler

from .conftest import ROOT

pytestmark = pytest.mark.browser
WORDS_JS = ROOT / "docs" / "assets" / "javascripts" / "search-words.js"
WORDS = load_site_data(ROOT).search_words
GENERATED = 1500


def _known_text() -> list[str]:
    queries = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
    texts = [case["query"] for case in queries]
    texts += [phrase for phrases in WORDS.pages.values() for phrase in phrases]
    texts += list(WORDS.products) + [side for pair in WORDS.rewrite for side in pair]
    texts += sorted(WORDS.filler.words) + [" ".join(p) for p in WORDS.filler.phrases]
    return texts


def _generated(count: int) -> list[str]:
    rng = random.Random(20)
    filler = sorted(WORDS.filler.words) + [" ".join(p) for p in WORDS.filler.phrases]
    subject = ["refund", "charged", "twice", "invoice", "VAT", "do_not_honor", "W-9", "3-D", "add-on", "R2", "café", "Zürich", "STRASSE", "straße"]
    marks = ["'", "\u2019", "\u2018", "`", "\u02bc", "-", "--", "_", ",", ".", "!", "?", "…", "(", ")", "\u00a0", "\t", "\n", "€", "$", "42", "😀", ""]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 9)):
            word = rng.choice(filler if rng.random() < 0.5 else subject)
            if rng.random() < 0.2:
                word = word.upper() if rng.random() < 0.5 else word.title()
            if rng.random() < 0.3:
                word = rng.choice(marks) + word if rng.random() < 0.5 else word + rng.choice(marks)
            if rng.random() < 0.1 and len(word) > 2:
                cut = rng.randint(1, len(word) - 1)
                word = word[:cut] + rng.choice(marks) + word[cut:]
            parts.append(word)
        texts.append(rng.choice([" ", "  ", ", "]).join(parts))
    return texts


def test_the_browser_reads_a_query_as_python_does(page) -> None:
    texts = _known_text() + _generated(GENERATED)
    page.set_content("<!doctype html><title>parity</title>")
    page.add_script_tag(path=str(WORDS_JS))
    got = page.evaluate(
        """([texts, filler]) => texts.map(t => [
             KBSearchWords.normalize(t), KBSearchWords.coreWords(t, filler), KBSearchWords.withoutFiller(t, filler)])""",
        [texts, WORDS.filler.as_json()],
    )
    wrong = []
    for text, (js_normal, js_core, js_bare) in zip(texts, got, strict=True):
        py = (normalize(text), core_words(text, WORDS.filler), without_filler(text, WORDS.filler))
        if (js_normal, js_core, js_bare) != py:
            wrong.append(f"{text!r}: browser {(js_normal, js_core, js_bare)} != python {py}")
    assert not wrong, f"{len(wrong)} of {len(texts)} differ:\n" + "\n".join(wrong[:10])
    assert len(texts) > GENERATED + 300


def test_the_comparison_can_fail(page) -> None:
    """A rule changed on one side only (the browser keeps "please") is caught by the same comparison."""
    page.set_content("<!doctype html><title>parity</title>")
    page.add_script_tag(path=str(WORDS_JS))
    broken = {**WORDS.filler.as_json(), "words": [w for w in WORDS.filler.as_json()["words"] if w != "please"]}
    got = page.evaluate("([t, filler]) => KBSearchWords.coreWords(t, filler)", ["please cancel my plan", broken])
    assert got != core_words("please cancel my plan", WORDS.filler)
