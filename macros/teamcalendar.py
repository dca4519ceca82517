"""The team's holidays: the public holidays of the region in data/learning_path.yml (calendar:), from the pinned
``holidays`` package, plus the team's own closures. The date arithmetic over them is macros/workdays.py.

The package is imported when a calendar is asked for (`make onboarding`, `make check`), not by every build: loading
a country's rules takes a quarter of a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .training import Calendar


def _country_holidays(calendar: Calendar, years: Iterable[int]) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays(calendar.country, subdiv=calendar.subdivision or None, years=sorted(set(years))).items())


def calendar_problem(calendar: Calendar) -> str | None:
    """Why the ``holidays`` package cannot give this region's holidays (an unknown country or subdivision), or None."""
    try:
        _country_holidays(calendar, [2027])
    except NotImplementedError as exc:
        what = "calendar.subdivision" if calendar.subdivision and "subdivision" in str(exc) else "calendar.country"
        return f"{what}: the holidays package says: {exc} — use an ISO 3166 country code (US, GB, DE, PT) and one of its subdivisions, or leave subdivision out"
    return None


def team_holidays(calendar: Calendar, years: Iterable[int]) -> dict[date, str]:
    """Every holiday of the team in ``years``: the region's public holidays (observed days included) and the closures."""
    problem = calendar_problem(calendar)
    if problem:
        raise ValueError(f"data/learning_path.yml: {problem}")
    found = _country_holidays(calendar, years)
    for day, name in calendar.closures:
        found[day] = f"{found[day]}; {name}" if day in found else name
    return found
