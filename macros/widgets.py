"""What a runbook shows a specialist on shift: the at-a-glance box, the reply composers, the calculators, the review line.

Pure functions from data and arguments to Markdown or raw HTML blocks; macros/__init__.py registers them.
Every string from data or a template is escaped here; the browser code only ever sets text.
"""

from __future__ import annotations

import html
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import calculators, tables
from .data import SiteData
from .money import format_money
from .replies import ReplyError, load_reply, replies_from_meta, replies_html

ACTION_WORDS = {"refund": "Refund", "credit": "Account credit or credit note", "waive": "Fee waiver"}


class WidgetError(ValueError):
    """A widget called with arguments it cannot use; the message says what to write instead."""


def approval_lines(data: SiteData, actions: list[str]) -> list[str]:
    """One line per declared action: who may approve up to how much, from the approval limits (team policy)."""
    lines = []
    for action in actions:
        if action not in ACTION_WORDS:
            raise WidgetError(f"actions (front matter): {action!r} is not an action — use any of: {', '.join(ACTION_WORDS)}")
        steps = " · ".join(f"{limit.short} {format_money(getattr(limit, action), data.currency)}" for limit in data.approval_limits)
        lines.append(f"{ACTION_WORDS[action]} up to: {steps}")
    return lines


def at_a_glance(data: SiteData, meta: dict[str, Any], who: str, time: str, escalate_when: str) -> str:
    """The compact box a runbook opens with: who may act, how long it takes, when to escalate, the approval needed."""
    rows = [
        f"    - **Who may act:** {tables.cell(who)}",
        f"    - **Typical time:** {tables.cell(time)}",
        f"    - **Escalate when:** {tables.cell(escalate_when)}",
    ]
    rows += [f"    - **Approval (team policy):** {tables.cell(line)}" for line in approval_lines(data, list(meta.get("actions") or []))]
    aliases = meta.get("aliases") or []
    if aliases:
        # Plain phrases joined by commas: the search index splits on commas, while quotes would stick to the words.
        rows.append("    - **Also known as:** " + ", ".join(tables.cell(a) for a in aliases))
    return '!!! abstract kb-glance "At a glance"\n\n' + "\n".join(rows) + "\n"


def policy_values(data: SiteData) -> dict[str, str]:
    """Every team-policy value a reply may quote, by dotted key, as the text the reply shows."""
    from .data import _leaf_keys

    return {key: str(data.policy_value(key)) for key in _leaf_keys(data.policy)}


def replies(data: SiteData, snippets: Path, meta: dict[str, Any]) -> str:
    """The reply composers for the page's ``replies:`` front matter, as Material tabs (one tab per reply)."""
    try:
        pairs = replies_from_meta(meta)
        loaded = [load_reply(snippets, name, label, set(data.placeholders), policy_values(data)) for name, label in pairs]
    except ReplyError as exc:
        raise WidgetError(str(exc)) from None
    return replies_html(loaded, data.placeholders)


CALCULATOR_TITLES = {
    "refund": "Refund calculator: the customer's own dates and amount",
    "proration": "Plan change calculator: credit, charge and next invoice",
    "domain": "Domain calculator: where the domain stands today",
    "dunning": "Failed payment calculator: retries, grace and downgrade",
    "transfer": "Transfer calculator: when it completes and what is added",
}
#: Defaults a page may set for a calculator's fields (the specialist can change them).
CALCULATOR_DEFAULTS = {
    "refund": ("plan", "cycle", "reason"),
    "proration": ("from_plan", "to_plan", "cycle", "billing_day"),
    "domain": ("tld",),
    "dunning": (),
    "transfer": ("tld",),
}


def calculator(data: SiteData, kind: str, **defaults: str) -> str:
    """A calculator form (drawn by calculators.js) with its data from data/, as a raw HTML block."""
    if kind not in calculators.KINDS:
        raise WidgetError(f"calculator {kind!r} does not exist — use one of: {', '.join(calculators.KINDS)}")
    allowed = CALCULATOR_DEFAULTS[kind]
    unknown = sorted(set(defaults) - set(allowed))
    if unknown:
        raise WidgetError(f"unknown argument {', '.join(unknown)} — calculator('{kind}') takes: {', '.join(allowed) or 'no defaults'}")
    cfg = calculators.config(kind, data)
    esc = lambda value: html.escape(value, quote=True)  # noqa: E731 - one short local helper
    payload = esc(json.dumps(cfg, ensure_ascii=False, separators=(",", ":")))
    preset = esc(json.dumps({k: str(v) for k, v in defaults.items()}, separators=(",", ":")))
    title = esc(CALCULATOR_TITLES[kind])
    return (
        f'<div class="kb-calc" id="calc-{kind}" data-kb-calc="{kind}" data-kb-config="{payload}" data-kb-defaults="{preset}">'
        f'<p class="kb-calc__title">{title}</p>'
        '<p class="kb-calc__noscript">This calculator needs JavaScript. Work the figures with the method in the worked example further down the page.</p>'
        "</div>\n"
    )


def review_status(meta: dict[str, Any], owners: dict[str, str], as_of: date) -> dict[str, Any] | None:
    """Owner, last review, next review and whether the review is overdue on ``as_of``; None for pages without them.

    ``next_review`` is ``last_reviewed + review_every`` days; the page is overdue from the day after it.
    """
    reviewed, every, owner = meta.get("last_reviewed"), meta.get("review_every"), meta.get("owner")
    if not isinstance(reviewed, date) or isinstance(every, bool) or not isinstance(every, int) or owner not in owners:
        return None
    due = reviewed + timedelta(days=every)
    return {
        "owner": owners[owner],
        "last_reviewed": reviewed.isoformat(),
        "next_review": due.isoformat(),
        "overdue": due < as_of,
        "as_of": as_of.isoformat(),
    }
