"""Domain transfer timelines: when a transfer may start, when it completes, the new expiry, and the next lock.

Explained on docs/domains/domain-transfers.md. All dates are calendar dates (UTC). The losing registrar's
window is counted from the request: the transfer completes at the latest on request + window days. The new
expiry adds one year to the current expiry (not to the transfer date), unless the TLD adds none or the name
would exceed the maximum registration length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months


@dataclass(frozen=True)
class TldRules:
    transfer_adds_year: bool
    losing_registrar_days: int
    lock_before_transfer_days: int  # after a registration, a transfer or a registrant change, before a transfer in
    lock_after_transfer_days: int  # after a completed transfer in, before the name can move on
    renew_first_within_days: int
    max_years: int
    auto_cancel_days: int


@dataclass(frozen=True)
class Timeline:
    requested_on: date
    allowed_from: date
    starts_on: date
    latest_completion: date
    old_expiry: date
    new_expiry: date
    year_added: bool
    capped: bool
    next_transfer_from: date  # the first day another inter-registrar transfer is allowed
    renew_first: bool
    cancels_on: date | None


def transfer_timeline(requested_on: date, expiry: date, rules: TldRules, last_change_on: date | None = None) -> Timeline:
    """The timeline of a transfer requested on ``requested_on`` for a name expiring on ``expiry``.

    ``last_change_on`` is the last registration, inter-registrar transfer or registrant change; no transfer is
    possible until the TLD's lock before a transfer has run after it (the request waits and is retried). A TLD
    without that lock (``lock_before_transfer_days`` 0, as for .uk) starts at once. The lock after the transfer is
    the TLD's own ``lock_after_transfer_days``, counted from the latest possible completion.
    """
    allowed = requested_on
    if last_change_on is not None:
        allowed = max(requested_on, last_change_on + timedelta(days=rules.lock_before_transfer_days))
    # Without a losing-registrar window (.uk: the old registrar moves the IPS tag), the request's lapse date bounds it.
    window = rules.losing_registrar_days or rules.auto_cancel_days
    latest = allowed + timedelta(days=window)
    new_expiry, added, capped = expiry, False, False
    if rules.transfer_adds_year:
        candidate = add_months(expiry, 12, expiry.day)  # pragma: no mutate — equivalent: expiry.day is the default anchor
        cap = add_months(latest, 12 * rules.max_years, latest.day)  # pragma: no mutate — equivalent: latest.day is the default anchor
        if candidate <= cap:
            new_expiry, added = candidate, True
        else:
            capped = True
    cancels = allowed + timedelta(days=rules.auto_cancel_days) if rules.auto_cancel_days else None
    return Timeline(
        requested_on,
        allowed,
        allowed,
        latest,
        expiry,
        new_expiry,
        added,
        capped,
        latest + timedelta(days=rules.lock_after_transfer_days),
        (expiry - requested_on).days <= rules.renew_first_within_days,
        cancels,
    )
