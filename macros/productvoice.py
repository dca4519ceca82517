"""The customer's voice carried back to the company (data/product_questions.yml): where a specialist's product
feedback goes, and the product questions the team has raised, with their owner and date. Rendered on the pages under
docs/product-feedback/ by the ``product_feedback_route`` and ``product_questions`` macros."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date

from . import tables
from .yamlsource import Source

STATUSES = ("open", "answered", "declined")


@dataclass(frozen=True)
class Route:
    channel: str
    triage: str
    when: str
    raise_after: int


@dataclass(frozen=True)
class Owner:
    key: str
    name: str
    channel: str


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    why: str
    contact_reason: str
    owner: str
    raised: date
    status: str
    answer: str | None
    answered: date | None
    line: int


@dataclass(frozen=True)
class ProductVoice:
    label: str
    route: Route
    owners: dict[str, Owner]
    questions: tuple[Question, ...]


def _date(src: Source, raw: dict, path: str, name: str) -> date:
    value = src.get(raw, path, name)
    if not isinstance(value, date):
        raise src.error(f"{path}.{name}", f"expected a date like 2026-11-19, got {value!r}")
    return value


def load_product_voice(src: Source) -> ProductVoice:
    root = src.value if isinstance(src.value, dict) else {}
    raw = src.mapping(root, "", "route")
    channel = src.text(raw, "route", "channel")
    if not channel.startswith("#"):
        raise src.error("route.channel", f"expected a chat channel like #billing-voice-of-customer, got {channel!r}")
    route = Route(channel, src.text(raw, "route", "triage"), src.text(raw, "route", "when"), src.integer(raw, "route", "raise_after", 1, 100))
    owners = {}
    for key, item in src.mapping(root, "", "owners").items():
        path = f"owners.{key}"
        if not isinstance(item, dict):
            raise src.error(path, "expected {name: …, channel: '#…'}")
        owners[key] = Owner(key, src.text(item, path, "name"), src.text(item, path, "channel"))
    questions, seen = [], set()
    for index, item in enumerate(src.sequence(root, "", "questions")):
        path = f"questions[{index}]"
        key = src.text(item, path, "id")
        if key in seen or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):
            raise src.error(f"{path}.id", f"{key!r} must be a unique kebab-case id")
        seen.add(key)
        status = src.choice(item, path, "status", STATUSES)
        closed = status != "open"
        if not closed and ("answer" in item or "answered" in item):
            raise src.error(f"{path}.status", "an open question has no answer yet — set status: answered or declined, or remove answer and answered")
        questions.append(
            Question(
                key,
                src.text(item, path, "question"),
                src.text(item, path, "why"),
                src.text(item, path, "contact_reason"),
                src.choice(item, path, "owner", owners),
                _date(src, item, path, "raised"),
                status,
                src.text(item, path, "answer") if closed else None,
                _date(src, item, path, "answered") if closed else None,
                src.line(f"{path}.id") or 1,
            )
        )
    return ProductVoice(src.text(root, "", "label"), route, owners, tuple(questions))


def question_problems(voice: ProductVoice, codes: set[str], as_of: date, display: str = "data/product_questions.yml") -> list[str]:
    """``path:line: …`` for a question whose contact reason is not a code, or whose dates are in the future or out of order."""
    problems = []
    for q in voice.questions:
        if q.contact_reason not in codes:
            problems.append(
                f"{display}:{q.line}: {q.key}: {q.contact_reason} is not a code in data/contact_reasons.yml — "
                "use the code of the runbook the contacts came through"
            )
        if q.raised > as_of:
            problems.append(f"{display}:{q.line}: {q.key}: raised {q.raised.isoformat()} is after today ({as_of.isoformat()}) — write the date it was raised")
        if q.answered is not None and q.answered < q.raised:
            problems.append(
                f"{display}:{q.line}: {q.key}: answered {q.answered.isoformat()} is before it was raised ({q.raised.isoformat()}) — fix one of the dates"
            )
    return problems


def route_block(voice: ProductVoice) -> str:
    """Where product feedback goes: the channel, who triages it and when, and the product teams behind it."""
    r = voice.route
    lines = [
        '!!! info kb-route "Where it goes"',
        "",
        f"    - **Post it in** {tables.cell(r.channel)}.",
        f"    - **Who reads it:** {tables.cell(r.triage)}",
        f"    - **When:** {tables.cell(r.when)}",
        f"    - **When it becomes a product question:** after {r.raise_after} contacts with the same gap (counted by their contact-reason tag).",
        "",
        f"    *{tables.cell(voice.label)}.*",
    ]
    owners = tables.table(["Product team", "Their channel"], [(o.name, o.channel) for o in voice.owners.values()])
    return tables.block("\n".join(lines), "The product teams that answer the questions:", owners)


def questions_block(voice: ProductVoice, reason_pages: dict[str, str], here: str) -> str:
    """The open product questions, newest first, with owner and date; then the answered and declined ones.

    ``reason_pages`` maps a contact-reason code to its runbook (a path under docs/), linked from ``here``."""

    def reason(code: str) -> str:
        page = reason_pages.get(code)
        if not page:
            return tables.cell(code)
        return f"[{tables.cell(code)}]({posixpath.relpath(page, posixpath.dirname(here) or '.')})"

    open_ = sorted((q for q in voice.questions if q.status == "open"), key=lambda q: q.raised, reverse=True)
    closed = sorted((q for q in voice.questions if q.status != "open"), key=lambda q: q.answered or q.raised, reverse=True)
    head = "| Raised | Question | Why customers ask | Contact reason | Owner |\n| --- | --- | --- | --- | --- |"
    owner = lambda q: tables.cell(voice.owners[q.owner].name)  # noqa: E731 - one short local helper
    rows = [f"| {q.raised.isoformat()} | {tables.cell(q.question)} | {tables.cell(q.why)} | {reason(q.contact_reason)} | {owner(q)} |" for q in open_]
    parts = [f"**{len(open_)} open question{'s' if len(open_) != 1 else ''}**, newest first.", "\n".join([head, *rows]) if rows else "No open question."]
    if closed:
        done = "| Answered | Question | Answer | Owner |\n| --- | --- | --- | --- |"
        done_rows = [
            f"| {q.answered.isoformat() if q.answered else ''} ({q.status}) | {tables.cell(q.question)} | {tables.cell(q.answer or '')} | {owner(q)} |"
            for q in closed
        ]
        parts += ["**Answered or declined:**", "\n".join([done, *done_rows])]
    parts.append(f"*{tables.cell(voice.label)}.*")
    return tables.block(*parts)
