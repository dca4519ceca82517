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


def test_phase_dates_are_whole() -> None:
    from macros.lifecycle import PhaseDates

    grace = PHASES[0]
    assert phase_dates(date(2026, 11, 10), PHASES)[0] == PhaseDates("grace", grace.name, 1, 30, date(2026, 11, 11), date(2026, 12, 10), grace.customer_can)


def test_event_dates_count_from_the_expiry() -> None:
    from macros.lifecycle import event_date

    # The first auto-renew attempt 30 days before expiry, the second notice 20 days after it.
    assert (event_date(date(2026, 3, 1), -30), event_date(date(2026, 3, 1), 20)) == (date(2026, 1, 30), date(2026, 3, 21))


def test_a_domain_status_is_whole() -> None:
    from macros.lifecycle import DomainStatus, domain_status

    expiry = date(2026, 11, 10)
    assert domain_status(expiry, date(2026, 12, 15), PHASES) == DomainStatus(
        "suspended", 35, date(2026, 12, 11), date(2026, 12, 20), date(2026, 12, 20), date(2027, 1, 19), date(2027, 1, 25)
    )
    assert domain_status(expiry, date(2026, 11, 1), PHASES) == DomainStatus("active", -9, None, None, date(2026, 12, 20), date(2027, 1, 19), date(2027, 1, 25))


def test_deadlines_with_one_renewal_phase_or_none() -> None:
    """renew_by is the end of the last phase renewable at the normal price (the expiry date itself when none is);
    restore_by the end of the last restore phase (none when no phase allows a restore)."""
    from macros.lifecycle import PhaseSpec, domain_status

    one = [PhaseSpec("grace", "Grace", 1, 30, "Renew.", fee="renewal"), PhaseSpec("hold", "Hold", 31, 40, "Wait.", fee="none")]
    status = domain_status(date(2026, 11, 10), date(2026, 11, 30), one)
    assert (status.renew_by, status.restore_by, status.released_from) == (date(2026, 12, 10), None, date(2026, 12, 21))
    lost = [PhaseSpec("hold", "Hold", 1, 40, "Wait.", fee="none")]
    assert domain_status(date(2026, 11, 10), date(2026, 11, 30), lost).renew_by == date(2026, 11, 10)
