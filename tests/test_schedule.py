"""Scheduled changes: a data value with an effective date reads as the old value before it and the new one from it,
with "changes to X on D" on the pages until then — dates pinned on both sides of the change."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kbtools import check
from macros.data import load_site_data
from macros.yamlsource import DataError

from .conftest import ROOT, build_fixture_site

GOODWILL = "  goodwill_window_days: 14\n"
SCHEDULED = "  goodwill_window_days: {value: 10, from: 2027-01-01, was: 14}\n"
PRO = '    monthly: "25.00"\n    annual: "240.00"\n'
PRO_SCHEDULED = '    monthly: {value: "30.00", from: 2027-01-01, was: "25.00"}\n    annual: "240.00"\n'


def _schedule(data_dir: Path) -> None:
    policy = data_dir / "policy.yml"
    text = policy.read_text(encoding="utf-8")
    assert GOODWILL in text
    policy.write_text(text.replace(GOODWILL, SCHEDULED, 1), encoding="utf-8")
    plans = data_dir / "plans.yml"
    text = plans.read_text(encoding="utf-8")
    assert PRO in text
    plans.write_text(text.replace(PRO, PRO_SCHEDULED, 1), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("data", "docs", "snippets"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("assets"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    _schedule(tmp_path / "data")
    return tmp_path


@pytest.mark.parametrize(
    ("as_of", "window", "price", "upcoming"),
    [("2026-12-31", 14, "25.00", True), ("2027-01-01", 10, "30.00", False), (None, 14, "25.00", True)],
    ids=["the-day-before", "the-day-of", "no-date"],
)
def test_the_value_in_force_depends_on_the_date(root: Path, as_of: str | None, window: int, price: str, upcoming: bool) -> None:
    data = load_site_data(root, date.fromisoformat(as_of) if as_of else None)
    assert data.policy_value("refunds.goodwill_window_days") == window
    assert data.plans["pro"].monthly == Decimal(price)
    change = data.upcoming("policy", "refunds.goodwill_window_days")
    assert (change is not None) is upcoming
    if change:
        assert (change.value, change.effective, change.was) == (10, date(2027, 1, 1), 14)


PAGE = """---
title: Scheduled values
description: A page that quotes a scheduled policy value and a scheduled price.
render_macros: true
---

Goodwill window: {{ policy("refunds.goodwill_window_days") }} days. Pro: {{ price("pro") }}.
"""


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2026-12-31", "Goodwill window: 14 (changes to 10 on 2027-01-01) days. Pro: $25.00 a month, billed monthly (changes to $30.00 on 2027-01-01)"),
        ("2027-01-01", "Goodwill window: 10 days. Pro: $30.00 a month, billed monthly"),
    ],
)
def test_the_page_says_what_changes_and_when_then_shows_the_new_value_with_no_edit(tmp_path: Path, as_of: str, expected: str) -> None:
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "values.md": PAGE}, as_of=as_of, before_build=lambda project: _schedule(project / "data"))
    assert site.error is None, site.error
    built = (site.dir / "values" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", built[built.index("Goodwill window") :]).split())
    assert text.startswith(expected), text


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "{value: 10, from: 2027-01-01}",
            "refunds.goodwill_window_days: a scheduled change has exactly value, from and was — {value: NEW, from: 2027-01-01, was: OLD}",
        ),
        (
            "{value: 10, from: soon, was: 14}",
            "refunds.goodwill_window_days.from: from must be the date the new value takes effect, like 2027-01-01, got 'soon'",
        ),
        ('{value: "10", from: 2027-01-01, was: 14}', "refunds.goodwill_window_days: value and was must be the same kind of value"),
    ],
    ids=["no-was", "no-date", "mixed-kinds"],
)
def test_a_malformed_schedule_is_refused_at_its_line(root: Path, written: str, message: str) -> None:
    policy = root / "data" / "policy.yml"
    text = policy.read_text(encoding="utf-8").replace(SCHEDULED, f"  goodwill_window_days: {written}\n")
    policy.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  goodwill_window_days: {written}") + 1
    with pytest.raises(DataError) as caught:
        load_site_data(root, date(2026, 12, 1))
    assert str(caught.value).startswith(f"data/policy.yml:{line}: {message}"), str(caught.value)


def test_both_sides_must_be_valid_values(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A new value the loader would refuse fails make check today, not on the day it takes effect."""
    policy = root / "data" / "policy.yml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(SCHEDULED, "  goodwill_window_days: {value: 900, from: 2027-01-01, was: 14}\n"), encoding="utf-8"
    )
    monkeypatch.setenv("KB_AS_OF", "2026-12-01")
    assert check.main(["--root", str(root), "data/policy.yml"]) == 1
    assert "data/policy.yml:" in capsys.readouterr().err


def test_a_passed_change_is_a_warning_to_write_the_plain_value(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_AS_OF", "2027-01-02")
    check.main(["--root", str(root), "data/policy.yml"])
    err = capsys.readouterr().err
    line = (root / "data" / "policy.yml").read_text(encoding="utf-8").splitlines().index(SCHEDULED.rstrip("\n")) + 1
    assert f"data/policy.yml:{line}: warning: refunds.goodwill_window_days: the change to 10 took effect on 2027-01-01 — write the plain value now" in err, err
