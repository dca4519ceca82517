"""Domain lifecycle dates: the phases after an expiry date, from day offsets held in data.

Explained on docs/domains/domain-lifecycle.md. Day 0 is the expiry date; a phase from day 31 to day
40 runs from expiry + 31 days to expiry + 40 days, both inclusive. Dates are calendar dates (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    first_day: int
    last_day: int
    customer_can: str
    back_to_active: str | None = None
    specialist_does: str = ""
    fee: str = "none"  # what recovering the domain costs in this phase: renewal, restore or none


@dataclass(frozen=True)
class PhaseDates:
    key: str
    name: str
    first_day: int
    last_day: int
    start: date
    end: date
    customer_can: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def phase_dates(expiry: date, phases: list[PhaseSpec]) -> list[PhaseDates]:
    """Dated phases for a domain expiring on ``expiry``; bounds are inclusive."""
    return [
        PhaseDates(
            p.key,
            p.name,
            p.first_day,
            p.last_day,
            expiry + timedelta(days=p.first_day),
            expiry + timedelta(days=p.last_day),
            p.customer_can,
        )
        for p in phases
    ]


def release_date(expiry: date, phases: list[PhaseSpec]) -> date:
    """The first day after the last phase: the earliest day the registry may release the name."""
    return expiry + timedelta(days=phases[-1].last_day + 1)


def event_date(expiry: date, day: int) -> date:
    """The date of an event ``day`` days from expiry (negative: before expiry)."""
    return expiry + timedelta(days=day)


def phase_on(expiry: date, phases: list[PhaseSpec], day: date) -> str:
    """The key of the phase ``day`` falls in: ``active`` up to expiry, ``released`` after the last phase."""
    if day <= expiry:
        return "active"
    for p in phase_dates(expiry, phases):
        if p.contains(day):
            return p.key
    return "released"


FEES = ("renewal", "restore", "none")


@dataclass(frozen=True)
class DomainStatus:
    """Where a domain stands on ``today``: its phase, the day count, and the deadlines that matter to the customer."""

    phase: str  # a phase key, ``active`` or ``released``
    day: int  # days since expiry (negative before it)
    phase_start: date | None
    phase_end: date | None
    renew_by: date  # last day to renew at the normal price
    restore_by: date | None  # last day a restore is possible (None when no phase allows one)
    released_from: date


def domain_status(expiry: date, today: date, phases: list[PhaseSpec]) -> DomainStatus:
    """The phase ``today`` falls in for a domain expiring on ``expiry`` (bounds inclusive, day 0 is active).

    Each phase's ``fee`` says what getting the domain back costs in it: ``renewal`` (the normal price),
    ``restore`` (a restore fee plus a year) or ``none`` (cannot be recovered). ``renew_by`` is the last day of
    the last ``renewal`` phase; ``restore_by`` the last day of the last ``restore`` phase.
    """
    dated = phase_dates(expiry, phases)
    key = phase_on(expiry, phases, today)
    current = next((p for p in dated if p.key == key), None)
    fees = {p.key: p.fee for p in phases}
    renewals = [p.end for p in dated if fees[p.key] == "renewal"]
    restores = [p.end for p in dated if fees[p.key] == "restore"]
    return DomainStatus(
        key,
        (today - expiry).days,
        current.start if current else None,
        current.end if current else None,
        renewals[-1] if renewals else expiry,
        restores[-1] if restores else None,
        release_date(expiry, phases),
    )
