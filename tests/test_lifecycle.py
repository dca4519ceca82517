"""Domain lifecycle dates across month ends, year ends and leap days, from the real data file."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.data import load_site_data
from macros.lifecycle import phase_dates, phase_on, release_date

from .conftest import ROOT

PHASES = load_site_data(ROOT).lifecycle_phases


@pytest.mark.parametrize(
    ("expiry", "expected", "released"),
    [
        pytest.param(
            date(2024, 2, 29),
            [
                ("grace", date(2024, 3, 1), date(2024, 3, 30)),
                ("suspended", date(2024, 3, 31), date(2024, 4, 9)),
                ("redemption", date(2024, 4, 10), date(2024, 5, 9)),
                ("pending_delete", date(2024, 5, 10), date(2024, 5, 14)),
            ],
            date(2024, 5, 15),
            id="leap-day-expiry",
        ),
        pytest.param(
            date(2025, 12, 31),
            [
                ("grace", date(2026, 1, 1), date(2026, 1, 30)),
                ("suspended", date(2026, 1, 31), date(2026, 2, 9)),
                ("redemption", date(2026, 2, 10), date(2026, 3, 11)),
                ("pending_delete", date(2026, 3, 12), date(2026, 3, 16)),
            ],
            date(2026, 3, 17),
            id="year-end-expiry-into-common-february",
        ),
        pytest.param(
            date(2028, 1, 31),
            [
                ("grace", date(2028, 2, 1), date(2028, 3, 1)),
                ("suspended", date(2028, 3, 2), date(2028, 3, 11)),
                ("redemption", date(2028, 3, 12), date(2028, 4, 10)),
                ("pending_delete", date(2028, 4, 11), date(2028, 4, 15)),
            ],
            date(2028, 4, 16),
            id="month-end-expiry-across-leap-february",
        ),
    ],
)
def test_phase_dates(expiry: date, expected, released: date) -> None:
    assert [(p.key, p.start, p.end) for p in phase_dates(expiry, PHASES)] == expected
    assert release_date(expiry, PHASES) == released


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2024, 2, 28), "active"),
        (date(2024, 2, 29), "active"),
        (date(2024, 3, 1), "grace"),
        (date(2024, 3, 30), "grace"),
        (date(2024, 3, 31), "suspended"),
        (date(2024, 4, 10), "redemption"),
        (date(2024, 5, 14), "pending_delete"),
        (date(2024, 5, 15), "released"),
    ],
)
def test_phase_on_a_given_day(day: date, phase: str) -> None:
    assert phase_on(date(2024, 2, 29), PHASES, day) == phase


@given(st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 1, 1)))
def test_phases_are_contiguous_for_any_expiry(expiry: date) -> None:
    dated = phase_dates(expiry, PHASES)
    assert dated[0].start == expiry + timedelta(days=1)
    assert all(b.start == a.end + timedelta(days=1) for a, b in pairwise(dated))
    assert release_date(expiry, PHASES) == dated[-1].end + timedelta(days=1)
