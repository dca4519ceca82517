"""`make mutation` (kbtools/mutation.py): the score table, the markers it counts, and the hand-made constant changes,
which must still find their text in the modules (a renamed constant would silently stop being checked)."""

from __future__ import annotations

from datetime import date

import pytest

from kbtools import mutation

from .conftest import ROOT


@pytest.mark.parametrize(("path", "old", "new", "what"), mutation.CONSTANT_MUTANTS, ids=[what for *_, what in mutation.CONSTANT_MUTANTS])
def test_each_constant_change_finds_its_text_once(path, old, new, what) -> None:
    assert (ROOT / path).read_text(encoding="utf-8").count(old) == 1, f"{path}: update CONSTANT_MUTANTS for {what!r}"
    assert old != new and path in mutation.CONSTANT_TESTS and (ROOT / mutation.CONSTANT_TESTS[path]).is_file()


def test_the_mutated_modules_and_their_tests_exist() -> None:
    assert "macros/calculators.py" in mutation.modules() and all((ROOT / path).is_file() for path in mutation.modules())
    selection = mutation.test_selection()
    assert all((ROOT / arg).is_file() for arg in selection if arg.startswith("tests/"))
    assert selection[selection.index("-m") + 1] == "not browser"


def test_markers_are_stripped_with_their_reason() -> None:
    source = "x = f(a, 1)  # pragma: no mutate — equivalent: 1 is the default\ny = 2  # a comment\n"
    assert mutation.unmarked(source) == "x = f(a, 1)\ny = 2  # a comment\n"


def test_the_table_scores_killed_over_mutants() -> None:
    scores = [
        mutation.Score("macros/refund.py", 100, 95, 1, 4, 0, 0, 1, 9),
        mutation.Score("macros/tax.py", 40, 40, 0, 0, 0, 0, 0, 0),
    ]
    text = mutation.table(scores, date(2026, 12, 6), 300.0)
    assert "| `refund.py` | 96 / 100 | 96.0% | 4 | 0 | 1 / 9 |" in text
    assert "| **all 2** | **136 / 140** | **97.1%** | 4 | 0 | 1 / 9 |" in text
    assert "Run on 2026-12-06, 5.0 min wall time on" in text
