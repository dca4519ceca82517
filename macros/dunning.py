"""Dunning dates: from a failed renewal, the retry days, the end of the grace period and the downgrade date.

Explained on docs/runbooks/subscriptions/unpaid-invoice-dunning.md. Day 0 is the day the renewal payment
failed; day N is N calendar days later (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DunningDates:
    failed_on: date
    retries: tuple[date, ...]
    grace_ends: date
    downgrade_on: date


def dunning_dates(failed_on: date, retry_days: list[int], grace_days: int) -> DunningDates:
    """Retry dates (day offsets from ``failed_on``), the last day of grace, and the downgrade day after it.

    Retries must fall inside the grace period: ``1 <= day <= grace_days``.
    """
    if any(not 1 <= day <= grace_days for day in retry_days):
        raise ValueError(f"retry days {retry_days} must fall within the {grace_days}-day grace period")
    retries = tuple(failed_on + timedelta(days=day) for day in sorted(retry_days))
    grace_ends = failed_on + timedelta(days=grace_days)
    return DunningDates(failed_on, retries, grace_ends, grace_ends + timedelta(days=1))
