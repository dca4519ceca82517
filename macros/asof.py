"""The date live tables are computed for: the build date, or a date pinned by KB_AS_OF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

SETTING = "KB_AS_OF"


def resolve_as_of(environ: Mapping[str, str], today: date) -> tuple[date, str]:
    """Return ``(as_of, why)``: KB_AS_OF if set (an ISO date), otherwise ``today``.

    ``today`` is passed in by the MkDocs layer so this stays a pure function.
    """
    raw = environ.get(SETTING, "").strip()
    if not raw:
        return today, "the build date"
    try:
        return date.fromisoformat(raw), f"pinned by {SETTING}"
    except ValueError:
        raise ValueError(f"{SETTING}={raw!r} is not an ISO date — set it like {SETTING}=2026-02-28, or unset it to use the build date") from None
