"""Domain transfer timelines across month ends and leap days, per-TLD rules, locks and the ten-year cap."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.data import load_site_data
from macros.dates import add_months
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
    r = rules(tld)
    t = transfer_timeline(requested, requested + timedelta(days=ahead), r)
    cap = add_months(t.latest_completion, 12 * r.max_years, t.latest_completion.day)
    assert t.new_expiry == t.old_expiry or t.new_expiry <= cap
    assert t.capped == (r.transfer_adds_year and not t.year_added)


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
    # One year on from the expiry, by the site's one month-arithmetic rule (29 February becomes 28 February).
    assert t.new_expiry in (expiry, add_months(expiry, 12, expiry.day))
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
