"""Domain transfer timelines across month ends and leap days, per-TLD rules, locks and the ten-year cap."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.data import load_site_data
from macros.transfer import TldRules, transfer_timeline

from .conftest import ROOT

DATA = load_site_data(ROOT)


def rules(tld: str) -> TldRules:
    return TldRules(**{k: DATA.tlds[tld].rules[k] for k in TldRules.__dataclass_fields__})


@pytest.mark.parametrize(
    ("tld", "requested", "expiry", "change", "starts", "latest", "new_expiry", "next_from"),
    [
        pytest.param(
            "com",
            date(2024, 2, 26),
            date(2024, 3, 31),
            None,
            date(2024, 2, 26),
            date(2024, 3, 2),
            date(2025, 3, 31),
            date(2024, 5, 1),
            id="window-across-leap-day",
        ),
        pytest.param(
            "com",
            date(2023, 2, 26),
            date(2024, 2, 29),
            None,
            date(2023, 2, 26),
            date(2023, 3, 3),
            date(2025, 2, 28),
            date(2023, 5, 2),
            id="leap-day-expiry-plus-a-year",
        ),
        pytest.param(
            "com",
            date(2026, 3, 2),
            date(2026, 6, 30),
            date(2026, 2, 10),
            date(2026, 4, 11),
            date(2026, 4, 16),
            date(2027, 6, 30),
            date(2026, 6, 15),
            id="sixty-day-lock-after-registrant-change",
        ),
        pytest.param(
            "uk", date(2026, 3, 2), date(2026, 9, 30), None, date(2026, 3, 2), date(2026, 4, 1), date(2026, 9, 30), date(2026, 5, 31), id="uk-no-year-added"
        ),
        # Cloudflare's Registrar FAQ: the 60-day rule after a registration or registrant change does not apply to .uk,
        # so a registrant change ten days earlier delays nothing; the lock after the transfer (Cloudflare's own) stays.
        pytest.param(
            "uk",
            date(2026, 3, 2),
            date(2026, 9, 30),
            date(2026, 2, 20),
            date(2026, 3, 2),
            date(2026, 4, 1),
            date(2026, 9, 30),
            date(2026, 5, 31),
            id="uk-no-lock-before-the-transfer",
        ),
    ],
)
def test_timeline_cases(tld, requested, expiry, change, starts, latest, new_expiry, next_from) -> None:
    t = transfer_timeline(requested, expiry, rules(tld), change)
    assert (t.starts_on, t.latest_completion, t.new_expiry, t.next_transfer_from) == (starts, latest, new_expiry, next_from)


def test_no_year_beyond_the_ten_year_maximum() -> None:
    t = transfer_timeline(date(2026, 3, 2), date(2035, 12, 31), rules("com"))
    assert t.capped and not t.year_added and t.new_expiry == date(2035, 12, 31)


def test_co_has_a_five_year_cap() -> None:
    # Cloudflare's troubleshooting page: .co names cannot hold more than 5 years (10 for most TLDs).
    requested, expiry = date(2026, 3, 2), date(2030, 12, 31)
    co = transfer_timeline(requested, expiry, rules("co"))
    com = transfer_timeline(requested, expiry, rules("com"))
    assert co.capped and not co.year_added and co.new_expiry == expiry
    assert com.year_added and com.new_expiry == date(2031, 12, 31)
    # Just inside the cap: the year is added.
    inside = transfer_timeline(requested, date(2030, 3, 7), rules("co"))
    assert inside.year_added and inside.new_expiry == date(2031, 3, 7)


@given(
    tld=st.sampled_from(sorted(DATA.tlds)),
    requested=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    ahead=st.integers(1, 3700),
)
def test_no_tld_exceeds_its_own_maximum(tld, requested, ahead) -> None:
    """A transfer adds one year to the expiry, unless the TLD adds none or the name would then run past its maximum
    number of years counted from the day the transfer completes (the ICANN and registry rule, not our arithmetic)."""
    r = rules(tld)
    expiry = requested + timedelta(days=ahead)
    t = transfer_timeline(requested, expiry, r)
    one_more = years_later(expiry, 1)
    fits = one_more <= years_later(t.latest_completion, r.max_years)
    assert (t.new_expiry, t.year_added, t.capped) == ((one_more, True, False) if r.transfer_adds_year and fits else (expiry, False, r.transfer_adds_year))


def years_later(day: date, years: int) -> date:
    """The same day ``years`` later by the calendar alone; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def test_a_timeline_is_whole() -> None:
    from macros.transfer import Timeline

    # .uk: no lock, no losing-registrar window; the request lapses after 30 days, on 1 April.
    assert transfer_timeline(date(2026, 3, 2), date(2026, 3, 10), rules("uk")) == Timeline(
        date(2026, 3, 2),
        date(2026, 3, 2),
        date(2026, 3, 2),
        date(2026, 4, 1),
        date(2026, 3, 10),
        date(2026, 3, 10),
        False,
        False,
        date(2026, 5, 31),
        True,
        date(2026, 4, 1),
    )
    # .com after a registrant change on 10 February: it may start on 11 April, 60 days later, and never lapses.
    assert transfer_timeline(date(2026, 3, 2), date(2026, 6, 30), rules("com"), date(2026, 2, 10)) == Timeline(
        date(2026, 3, 2),
        date(2026, 4, 11),
        date(2026, 4, 11),
        date(2026, 4, 16),
        date(2026, 6, 30),
        date(2027, 6, 30),
        True,
        False,
        date(2026, 6, 15),
        False,
        None,
    )


def test_renew_first_when_expiry_is_close() -> None:
    assert transfer_timeline(date(2026, 3, 2), date(2026, 3, 17), rules("com")).renew_first
    assert not transfer_timeline(date(2026, 3, 2), date(2026, 3, 18), rules("com")).renew_first


@given(requested=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), ahead=st.integers(1, 3000), since=st.one_of(st.none(), st.integers(0, 200)))
def test_timeline_invariants(requested, ahead, since) -> None:
    expiry = requested + timedelta(days=ahead)
    change = requested - timedelta(days=since) if since is not None else None
    t = transfer_timeline(requested, expiry, rules("com"), change)
    assert t.starts_on >= requested and t.latest_completion == t.starts_on + timedelta(days=5)
    if change is not None:
        assert t.starts_on >= change + timedelta(days=60)
    # One year on from the expiry (29 February becomes 28 February).
    assert t.new_expiry in (expiry, years_later(expiry, 1))
    assert t.next_transfer_from == t.latest_completion + timedelta(days=60)


def test_each_tld_lock_names_its_own_source() -> None:
    """The lock before a transfer and the lock after it are separate rules, each citing the page it comes from."""
    uk, com = DATA.tlds["uk"].rules, DATA.tlds["com"].rules
    assert (uk["lock_before_transfer_days"], uk["lock_after_transfer_days"]) == (0, 60)
    assert (com["lock_before_transfer_days"], com["lock_after_transfer_days"]) == (60, 60)
    # .uk's 60 days after a transfer in are Cloudflare's own lock (its .uk page), not ICANN's.
    assert DATA.tld_sources[uk["lock_after_transfer_source"]].endswith("/registrar/top-level-domains/uk-domains.mdx")
    assert DATA.tld_sources[uk["lock_before_transfer_source"]].endswith("/registrar/faq.mdx")
    assert "icann.org" in DATA.tld_sources[com["lock_after_transfer_source"]]
