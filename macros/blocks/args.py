"""The arguments a page passes to a macro, read and checked: plans, cycles, dates, money, teams, TLDs (one error class)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..data import SiteData
from ..dates import parse_iso_date
from ..money import parse_money
from ..periods import CONVENTIONS
from ..proration import CYCLES


class MacroInputError(ValueError):
    """A macro called with arguments it cannot use; the message says what to write instead."""


def plan_arg(data: SiteData, key: str, argument: str = "plan") -> Any:
    if key not in data.plans:
        raise MacroInputError(f"{argument}={key!r} is not a plan in data/plans.yml — use one of: {', '.join(data.plans)}")
    return data.plans[key]


def cycle_arg(cycle: str) -> str:
    if cycle not in CYCLES:
        raise MacroInputError(f"cycle={cycle!r} is not a billing cycle — use one of: {', '.join(CYCLES)}")
    return cycle


def date_arg(value: object, what: str, default: date) -> date:
    if value is None or value == "":
        return default
    try:
        return parse_iso_date(value, what)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None


def money_arg(value: object, argument: str) -> Decimal:
    """A money argument from a page: a quoted decimal of zero or more (a negative amount is never a price or a fee)."""
    try:
        amount = parse_money(value)
    except ValueError as exc:
        raise MacroInputError(f"{argument}: {exc}") from None
    if amount < 0:
        raise MacroInputError(f'{argument}: expected an amount of zero or more, like "250.00", got {value!r}')
    return amount


def team_arg(data: SiteData, key: str, argument: str) -> Any:
    if key not in data.teams:
        raise MacroInputError(f"{argument}={key!r} is not a team in data/teams.yml — use one of: {', '.join(data.teams)}")
    return data.teams[key]


def convention_arg(data: SiteData, convention: str | None) -> str:
    chosen = convention or data.billing.convention
    if chosen not in CONVENTIONS:
        raise MacroInputError(f"convention={convention!r} — use one of: {', '.join(CONVENTIONS)} (data/billing.yml sets the site's)")
    return chosen


def tld_arg(data: SiteData, tld: str) -> Any:
    key = str(tld).lstrip(".").lower()
    if key not in data.tlds:
        raise MacroInputError(f"tld={tld!r} is not in data/tlds.yml — use one of: {', '.join(data.tlds)}")
    return data.tlds[key]
