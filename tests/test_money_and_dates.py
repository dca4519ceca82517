"""The small cores every calculation stands on: money parsing and formatting (macros/money.py), month arithmetic
(macros/dates.py) and billing periods by convention (macros/periods.py), with the exact message an editor sees."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from macros.dates import add_months, month_start, next_month_start, parse_iso_date
from macros.money import CENT, ROUNDING, MoneyError, format_money, fraction_to_cents, parse_money, to_cents
from macros.periods import CONVENTIONS, CYCLES, FIXED_DAYS, MONTHS, Period, period_containing, period_from, units_left

D = Decimal


# Money: the one rounding rule and its constants, pinned by hand (mutation testing does not change constants).


def test_the_rounding_rule_is_half_up_to_the_cent() -> None:
    assert (D("0.01"), ROUND_HALF_UP) == (CENT, ROUNDING)
    # Banker's rounding would give 0.02 and 0.00 here; half up gives 0.03 and 0.01.
    assert (to_cents(D("0.025")), to_cents(D("0.005")), to_cents(D("-0.005")), to_cents(D("2.0049"))) == (D("0.03"), D("0.01"), D("-0.01"), D("2.00"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (20.0, 'expected a quoted decimal like "20.00", got 20.0'),
        (True, 'expected a quoted decimal like "20.00", got True'),
        ("twenty", "expected a quoted decimal like \"20.00\", got 'twenty'"),
        ("Infinity", "expected a finite amount, got 'Infinity'"),
        ("20.001", "expected at most two decimal places, got '20.001'"),
    ],
)
def test_a_bad_amount_gets_the_exact_message(value, message) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_money(value)
    assert str(caught.value) == message


def test_parse_money_keeps_two_places() -> None:
    assert [str(parse_money(v)) for v in ("20", "20.5", D("0.10"), "1e2")] == ["20.00", "20.50", "0.10", "100.00"]


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("1234.5", None, "$1,234.50"),
        ("-3", None, "-$3.00"),
        ("0", None, "$0.00"),
        ("-0.004", None, "$0.00"),
        ("1234.5", "EUR", "1,234.50 EUR"),
        ("-2.5", "EUR", "-2.50 EUR"),
    ],
)
def test_format_money(amount, currency, shown) -> None:
    """US dollars by default; a negative amount has its sign before the symbol; zero has no sign."""
    assert (format_money(D(amount)) if currency is None else format_money(D(amount), currency)) == shown


# Dates: month-end clamping and the first of the month.


def test_month_start_and_the_next_one() -> None:
    assert month_start(date(2026, 3, 15)) == date(2026, 3, 1) and month_start(date(2026, 3, 1)) == date(2026, 3, 1)
    assert next_month_start(date(2026, 1, 31)) == date(2026, 2, 1) and next_month_start(date(2026, 12, 1)) == date(2027, 1, 1)


def test_add_months_clamps_and_keeps_the_anchor() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 2, 28), 1, 31) == date(2026, 3, 31) and add_months(date(2026, 2, 28), 1) == date(2026, 3, 28)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15) and add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_parse_iso_date_names_what_is_wrong() -> None:
    assert parse_iso_date("2026-02-28") == date(2026, 2, 28) and parse_iso_date(date(2026, 1, 1)) == date(2026, 1, 1)
    with pytest.raises(ValueError) as caught:
        parse_iso_date("28/02/2026")
    assert str(caught.value) == "date: expected an ISO date like 2026-02-28, got '28/02/2026'"
    with pytest.raises(ValueError, match=r"^start: expected an ISO date like 2026-02-28, got '2026-02-30'$"):
        parse_iso_date("2026-02-30", "start")


# Billing periods by convention (data/billing.yml: period_convention).


def test_the_conventions_and_their_lengths() -> None:
    assert CONVENTIONS == ("calendar", "thirty_day", "hourly") and CYCLES == ("monthly", "annual")
    assert FIXED_DAYS == {"monthly": 30, "annual": 365} and MONTHS == {"monthly": 1, "annual": 12}


@pytest.mark.parametrize(
    ("start", "cycle", "convention", "end"),
    [
        (date(2026, 1, 31), "monthly", "calendar", date(2026, 2, 28)),
        (date(2026, 1, 31), "monthly", "hourly", date(2026, 2, 28)),
        (date(2026, 1, 31), "monthly", "thirty_day", date(2026, 3, 2)),
        (date(2024, 2, 29), "annual", "calendar", date(2025, 2, 28)),
        (date(2024, 1, 1), "annual", "thirty_day", date(2024, 12, 31)),
    ],
)
def test_period_from(start, cycle, convention, end) -> None:
    assert period_from(start, cycle, convention) == Period(start, end)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("weekly", "calendar"), "cycle must be one of monthly, annual, got 'weekly'"),
        (("monthly", "daily"), "convention must be one of calendar, thirty_day, hourly, got 'daily'"),
    ],
)
def test_a_bad_cycle_or_convention_gets_the_exact_message(args, message) -> None:
    with pytest.raises(ValueError) as caught:
        period_from(date(2026, 1, 1), *args)
    assert str(caught.value) == message


def test_a_period_containing_a_day_defaults_to_the_first_of_january() -> None:
    assert period_containing(date(2026, 3, 1), "monthly", "calendar") == Period(date(2026, 3, 1), date(2026, 4, 1))
    assert period_containing(date(2026, 3, 1), "annual", "hourly") == Period(date(2026, 1, 1), date(2027, 1, 1))


def test_a_billing_day_after_the_day_reaches_back_a_month() -> None:
    # Billed on the 15th: 14 March is in the period from 15 February; 15 March starts its own.
    assert period_containing(date(2026, 3, 14), "monthly", "calendar", 15) == Period(date(2026, 2, 15), date(2026, 3, 15))
    assert period_containing(date(2026, 3, 15), "monthly", "calendar", 15) == Period(date(2026, 3, 15), date(2026, 4, 15))
    assert period_containing(date(2026, 3, 14), "annual", "calendar", 15, 3) == Period(date(2025, 3, 15), date(2026, 3, 15))
    assert period_containing(date(2026, 3, 15), "annual", "calendar", 15, 3) == Period(date(2026, 3, 15), date(2027, 3, 15))


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 1, 10), date(2026, 1, 10)),  # the anchor itself
        (date(2026, 2, 8), date(2026, 1, 10)),  # day 29 of the first period
        (date(2026, 2, 9), date(2026, 2, 9)),  # day 30 after the anchor starts the second
        (date(2026, 5, 9), date(2026, 4, 10)),  # 119 days on: the fourth period, 90 days after the anchor
        (date(2025, 12, 31), date(2025, 12, 11)),  # before the anchor: periods also run backwards from it
    ],
)
def test_thirty_day_periods_repeat_from_the_anchor(day, start) -> None:
    from datetime import timedelta

    assert period_containing(day, "monthly", "thirty_day", anchor=date(2026, 1, 10)) == Period(start, start + timedelta(days=30))


def test_a_thirty_day_period_needs_an_anchor() -> None:
    with pytest.raises(ValueError) as caught:
        period_containing(date(2026, 1, 1), "monthly", "thirty_day")
    assert str(caught.value) == "a thirty_day period needs a billing date to count from (anchor)"


@pytest.mark.parametrize(
    ("args", "message"),
    [((0, 1), "billing_day must be 1..31, got 0"), ((32, 1), "billing_day must be 1..31, got 32"), ((1, 0), "billing_month must be 1..12, got 0")],
)
def test_bad_billing_days_get_the_exact_message(args, message) -> None:
    with pytest.raises(ValueError) as caught:
        period_containing(date(2026, 1, 1), "annual", "calendar", *args)
    assert str(caught.value) == message


def test_units_left_in_days_and_hours() -> None:
    november = Period(date(2026, 11, 1), date(2026, 12, 1))
    assert units_left(november, date(2026, 11, 20), "calendar") == (11, 30, "days")
    assert units_left(november, date(2026, 11, 20), "thirty_day") == (11, 30, "days")
    # 11 days of 24 hours from midnight UTC; from 23:00 only 241 hours are left of the 720.
    assert units_left(november, date(2026, 11, 20), "hourly") == (264, 720, "hours")
    assert units_left(november, date(2026, 11, 20), "hourly", 23) == (241, 720, "hours")


@pytest.mark.parametrize(("hour", "message"), [(24, "hour must be 0..23 (UTC), got 24"), (-1, "hour must be 0..23 (UTC), got -1")])
def test_an_hour_outside_the_day_gets_the_exact_message(hour, message) -> None:
    with pytest.raises(ValueError) as caught:
        units_left(Period(date(2026, 11, 1), date(2026, 12, 1)), date(2026, 11, 20), "hourly", hour)
    assert str(caught.value) == message


def test_a_change_outside_the_period_gets_the_exact_message() -> None:
    with pytest.raises(ValueError) as caught:
        units_left(Period(date(2026, 11, 1), date(2026, 12, 1)), date(2026, 12, 1), "calendar")
    assert str(caught.value) == "change date 2026-12-01 is outside the period 2026-11-01 to 2026-12-01"


def test_units_left_refuses_a_misspelt_convention() -> None:
    """ "Hourly" is not "hourly": counting days for it without a word would misquote every hourly change."""
    with pytest.raises(ValueError) as caught:
        units_left(Period(date(2026, 11, 1), date(2026, 12, 1)), date(2026, 11, 20), "Hourly")
    assert str(caught.value) == "convention must be one of calendar, thirty_day, hourly, got 'Hourly'"


# An exact fraction rounded to the cent (fraction_to_cents): the same rule on both sides of zero.


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (Fraction(1, 200), "0.01"),  # half a cent up
        (Fraction(-1, 200), "-0.01"),  # half a cent of a loss is a cent of loss, not a cent of gain
        (Fraction(-1, 40), "-0.03"),  # -0.025: away from zero, where banker's rounding would give -0.02
        (Fraction(-1, 3), "-0.33"),
        (Fraction(-2000, 3), "-666.67"),  # -666.666…
        (Fraction(-1, 1000), "0.00"),  # less than half a cent of a loss rounds to nothing, printed without a sign
        (Fraction(0), "0.00"),
    ],
    ids=["half-cent", "minus-half-cent", "minus-2.5-cents", "minus-a-third", "minus-666.67", "minus-a-tenth-cent", "zero"],
)
def test_an_exact_fraction_rounds_half_away_from_zero_on_both_sides(value, cents) -> None:
    """A credit, a loss or a negative catch-up is rounded like a charge: its size half up, its sign kept."""
    assert str(fraction_to_cents(value)) == cents
