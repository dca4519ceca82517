"""What a runbook shows a specialist on shift: the at-a-glance box, the reply composers, the calculators, the review line.

Pure functions from data and arguments to Markdown or raw HTML blocks; macros/__init__.py registers them.
Every string from data or a template is escaped here; the browser code only ever sets text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from . import calculators, changes, freshness, tables
from .blocks.decisions import expand_roles
from .cases import page_cases, team_names
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


def page_expander(data: SiteData) -> Any:
    """How a case's words read on the page: policy() and roles() calls as their values, other macro calls dropped."""

    def expand(name: str, args: str) -> str:
        match = re.match(r"""\s*["']([^"']+)["']\s*$""", args)
        if not match:
            return ""
        if name == "policy":
            return str(data.policy_value(match.group(1)))
        if name == "roles":
            return data.decisions.roles_text(match.group(1))
        # A shared answer inside a case is context, not the case's own instruction: a case that escalates says so
        # in its own words, so the box shows what the page tells the specialist to do.
        return ""

    return expand


def escalation_lines(data: SiteData, markdown: str) -> list[str]:
    """The cases of the page's "Decide and act" that escalate, as "condition → team", read by macros/cases.py."""
    names = team_names(data.teams)
    _, found = page_cases(markdown, names, page_expander(data))
    lines = []
    for case in found:
        for escalation in case.escalations:
            teams = " and ".join(names[key][0] for key in escalation.teams)
            lines.append(f"{tables.cell(escalation.condition)} → {tables.cell(teams)}")
    return lines


def at_a_glance(data: SiteData, meta: dict[str, Any], who: str, time: str, markdown: str = "") -> str:
    """The compact box a runbook opens with: who may act, how long it takes, when to escalate, the approval needed.

    "Escalate when" is not written by the page: it lists the cases of the page's "Decide and act" that escalate,
    so the box and the cases say the same thing. ``who`` may name a role list as {roles.action} (data/decisions.yml).
    """
    rows = [
        f"    - **Who may act:** {tables.cell(expand_roles(data, who))}",
        f"    - **Typical time:** {tables.cell(time)}",
    ]
    escalations = escalation_lines(data, markdown)
    if not escalations:
        rows.append("    - **Escalate when:** none of the cases below escalates; the exceptions are under [Escalate](#escalate).")
    elif len(escalations) == 1:
        rows.append(f"    - **Escalate when:** {escalations[0]}")
    else:
        rows.append("    - **Escalate when:**")
        rows += [f"        - {line}" for line in escalations]
    rows += [f"    - **Approval (team policy):** {tables.cell(line)}" for line in approval_lines(data, list(meta.get("actions") or []))]
    aliases = meta.get("aliases") or []
    if aliases:
        # Plain phrases joined by commas: the search index splits on commas, while quotes would stick to the words.
        rows.append("    - **Also known as:** " + ", ".join(tables.cell(a) for a in aliases))
    # Open where there is room; docs/assets/javascripts/first-screen.js folds it on a phone, where the first screen is
    # for the decision. The link after it jumps to the reply composer (the contract's "## Reply to the customer").
    return '???+ abstract kb-glance "At a glance"\n\n' + "\n".join(rows) + "\n\n" + JUMP + "\n"


#: The control that takes a specialist from the first screen to the reply composer. Left out of the search index:
#: the same words on every runbook would only blur the search.
JUMP = '<p class="kb-jump-row" data-pagefind-ignore><a class="kb-jump" href="#reply-to-the-customer">Go to the reply</a></p>'


def policy_values(data: SiteData) -> dict[str, str]:
    """Every team-policy value a reply may quote, by dotted key, as the text the reply shows."""
    from .data import _leaf_keys

    return {key: str(data.policy_value(key)) for key in _leaf_keys(data.policy)}


def replies(data: SiteData, snippets: Path, meta: dict[str, Any]) -> str:
    """The reply composers for the page's ``replies:`` front matter: every reply, rendered for every channel."""
    try:
        pairs = replies_from_meta(meta)
        roles = {action: data.decisions.roles_text(action) for action in data.decisions.actions}
        loaded = [load_reply(snippets, name, label, set(data.placeholders), policy_values(data), roles, data.channels) for name, label in pairs]
    except ReplyError as exc:
        raise WidgetError(str(exc)) from None
    return replies_html(loaded, data.placeholders, data.channels)


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
        # A heading (runbooks put calculators in a `## ` section), so a screen reader can jump to it.
        f'<h3 class="kb-calc__title" id="calc-{kind}-title">{title}</h3>'
        '<p class="kb-calc__noscript">This calculator needs JavaScript. Work the figures with the method in the worked example further down the page.</p>'
        "</div>\n"
    )


def review_status(
    meta: dict[str, Any],
    text: str,
    teams: dict[str, Any],
    as_of: date,
    due_soon_days: int,
    changes: Mapping[str, date],
    read: Callable[[str], str | None] | None = None,
) -> dict[str, Any] | None:
    """What the review line and banner show (overrides/partials/content.html); None for pages without a review.

    The rule is macros/freshness.review_state: due on ``last_reviewed + review_every``, overdue from the day after,
    due soon within ``due_soon_days``. ``changed`` lists what the page depends on that changed after its review.
    """
    reviewed, every, owner = meta.get("last_reviewed"), meta.get("review_every"), meta.get("owner")
    if not isinstance(reviewed, date) or isinstance(every, bool) or not isinstance(every, int) or owner not in teams:
        return None
    state = freshness.review_state(reviewed, every, as_of, due_soon_days)
    changed = freshness.changed_since(reviewed, text, meta, changes, as_of, read)
    return {
        "owner": teams[owner].name,
        "channel": teams[owner].channel,
        "last_reviewed": reviewed.isoformat(),
        "next_review": state.due.isoformat(),
        "status": state.status,
        "days": state.days,
        "overdue": state.status == "overdue",
        "as_of": as_of.isoformat(),
        "changed": [{"what": what, "on": when.isoformat()} for what, when in freshness.described(changed, meta)],
    }


def status_text(state: freshness.ReviewState) -> str:
    """A review state in words, as the queue and `make stale` print it."""
    if state.status == "overdue":
        return f"overdue ({state.days} day{'s' if state.days != 1 else ''})"
    if state.status == "due soon":
        return "due today" if state.days == 0 else f"due in {state.days} day{'s' if state.days != 1 else ''}"
    return "ok"


def review_queue_block(items: list[freshness.QueueItem], teams: dict[str, Any], as_of: date, due_soon_days: int, here: str) -> str:
    """The Review queue page: a count per owner, then every page soonest due first, with what changed since its review."""
    counts = {status: sum(1 for item in items if item.state.status == status) for status in freshness.STATUSES}
    flagged = sum(1 for item in items if item.flagged)
    summary = (
        f"**On {as_of.isoformat()}:** {counts['overdue']} overdue, {counts['due soon']} due within {due_soon_days} days, "
        f"{counts['ok']} up to date, of {len(items)} pages with an owner; {flagged} with something they depend on changed since their review."
    )
    owners = sorted({item.owner for item in items}, key=lambda key: teams[key].name if key in teams else key)
    per_owner = tables.table(
        ["Owner", "Pages", "Overdue", "Due soon", "Changed since review", "Ask in"],
        [
            [
                teams[key].name if key in teams else key,
                sum(1 for item in items if item.owner == key),
                sum(1 for item in items if item.owner == key and item.state.status == "overdue"),
                sum(1 for item in items if item.owner == key and item.state.status == "due soon"),
                sum(1 for item in items if item.owner == key and item.flagged),
                teams[key].channel if key in teams else "",
            ]
            for key in owners
        ],
        ["l", "r", "r", "r", "r", "l"],
    )
    base = PurePosixPath(here).parent
    rows = []
    for item in items:
        link = posixpath.relpath(item.path, base.as_posix() or ".")
        changed = "; ".join(f"{what} ({when.isoformat()})" for what, when in item.changed_words)
        rows.append(
            (
                item.state.due.isoformat(),
                status_text(item.state),
                tables.Link(item.title, link),
                teams[item.owner].name if item.owner in teams else item.owner,
                item.state.last_reviewed.isoformat(),
                changed,
            )
        )
    pages = tables.table(["Due", "Status", "Page", "Owner", "Last reviewed", "Changed since review"], rows)
    return "\n\n".join([summary, per_owner, pages]) + "\n"


def recent_changes_block(notes: list[changes.ChangeNote], teams: dict[str, Any], as_of: date, days: int, here: str, limit: int | None = None) -> str:
    """The Recent changes list: newest first, each note with its date, page (linked) and owner; recent ones marked."""
    base = PurePosixPath(here).parent.as_posix() or "."
    recent = sum(1 for note in notes if changes.is_recent(note, as_of, days))
    shown = notes[:limit] if limit else notes
    lines = [f"**{recent} change{'s' if recent != 1 else ''} in the last {days} days** (to {as_of.isoformat()}); {len(notes)} in all.", ""]
    rows: list[tuple[object, ...]] = []
    for note in shown:
        on = (note.on.isoformat(), " ", tables.Strong("new")) if changes.is_recent(note, as_of, days) else note.on.isoformat()
        owner = teams[note.owner].name if note.owner in teams else note.owner
        rows.append((on, tables.Link(note.title, posixpath.relpath(note.page, base)), note.note, owner))
    if not shown:
        rows.append(("—", "No change notes yet", "", ""))
    lines.append(tables.table(["Date", "Page", "What changed", "Owner"], rows))
    return "\n".join(lines) + "\n"
