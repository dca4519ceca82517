"""A runbook's cases: what "## Decide and act" decides, read once from the page's Markdown.

The at-a-glance box lists the cases that escalate (macros/widgets.py), the page contract checks that each
escalation names its team (kbtools/contract.py), and the learning path checks that a practice case's reply is
the one its runbook case sends (macros/training.py). All three read the cases here, so the box, the cases and
the answer key cannot say different things.

A case is a top-level numbered item of the section (``1. **Lead.** text``), with its indented lines and
sub-bullets. It escalates to a team when one clause of it has an escalation verb ("escalate", "hand … to",
"pass … to", "ask", "goes to") and names the team as data/teams.yml calls it. It names its reply with a link to one
(``[Refund issued](#reply-refund-issued)``, or a reply of another runbook, ``../x/y.md#reply-…``), or says it sends
none: "no reply: escalate to Billing Operations with the invoice number" (the page contract requires one or the other).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

SECTION = "Decide and act"
ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
LEAD = re.compile(r"^\*\*(.+?)\*\*")
BULLET = re.compile(r"^\s{2,}[-*]\s+(.*)$")
#: An instruction to involve another team. "ask" counts only with a team right after it ("ask Billing Operations").
ESCALATES = re.compile(r"\b(?:escalat\w*|hand(?:s|ed|ing)?\b[^.;]*?\bto|pass(?:es|ed)?\b[^.;]*?\bto|goes to|go to|route\w*\b[^.;]*?\bto|ask)\b", re.I)
#: Clause boundaries: a full stop, semicolon or colon followed by a space, or a line break.
CLAUSE = re.compile(r"(?<=[.;:])\s+|\n")
MACRO = re.compile(r"\{\{-?\s*(\w+)\((.*?)\)\s*-?\}\}")
#: A link to a reply: on this page (``#reply-x``) or on another page (``../a/b.md#reply-x``).
REPLY_LINK = re.compile(r"\]\(([^)\s#]*)#reply-([a-z0-9]+(?:-[a-z0-9]+)*)\)")
#: A case that sends nothing says so, and what the escalation carries: "no reply: escalate to <team> with <what>".
NO_REPLY = re.compile(r"\bno reply\s*[:—–-]\s*(?:escalate|hand|pass)\b[^.;]*?\bwith\s+\S", re.I)


@dataclass(frozen=True)
class Escalation:
    condition: str  # plain text: the case's lead, narrowed by the sub-bullet the escalation sits in
    teams: tuple[str, ...]  # team keys, in the order the case names them


@dataclass(frozen=True)
class Case:
    number: int
    lead: str  # the bold text opening the case, plain, without its closing punctuation ("" when there is none)
    text: str  # the whole case as written, continuation lines included
    line: int  # 1-based line of the item in the lines given to read_cases
    escalations: tuple[Escalation, ...]
    unnamed: tuple[str, ...]  # clauses that say "escalate" but name no team

    @property
    def replies(self) -> tuple[tuple[str, str], ...]:
        """The replies the case links, as ``(page path as written, "" for this page; reply name)``."""
        return tuple((m.group(1), m.group(2)) for m in REPLY_LINK.finditer(self.text))

    @property
    def no_reply(self) -> bool:
        """The case says it sends no reply and escalates instead, with what to include."""
        return bool(NO_REPLY.search(plain(self.text)))

    @property
    def teams(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(team for escalation in self.escalations for team in escalation.teams))


def section(lines: Sequence[str], heading: str = SECTION) -> tuple[int, list[str]] | None:
    """``(index of the heading, the lines under it)`` up to the next H2, outside fenced code; None without it."""
    fence = None
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif stripped.startswith(fence * 3):
                fence = None
            continue
        if fence is not None or not line.startswith("## "):
            continue
        if start is not None:
            return start, list(lines[start + 1 : index])
        if line[3:].strip() == heading:
            start = index
    return (start, list(lines[start + 1 :])) if start is not None else None


def plain(text: str, expand: Callable[[str, str], str] | None = None) -> str:
    """Markdown to the words a reader sees: macro calls expanded (or dropped), links to their text, no emphasis."""

    def macro(match: re.Match[str]) -> str:
        return expand(match.group(1), match.group(2)) if expand else ""

    text = MACRO.sub(macro, text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\s*\(\s*\)", "", text)  # a parenthesis left empty by a dropped link list: "(see ())"
    text = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|`", "", text)
    return re.sub(r"\s+", " ", text).strip()


def team_names(teams: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    """What pages call each team: its name without the part in brackets, and its ``short`` name if it has one."""
    names = {}
    for key, team in teams.items():
        name = re.sub(r"\s*\(.*?\)\s*$", "", str(getattr(team, "name", team))).strip()
        short = getattr(team, "short", "") or ""
        names[key] = tuple(dict.fromkeys(n for n in (name, short) if n))
    return names


def _named(clause: str, names: Mapping[str, tuple[str, ...]]) -> list[str]:
    found = []
    for key, called in names.items():
        positions = [m.start() for name in called for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", clause)]
        if positions:
            found.append((min(positions), key))
    return [key for _, key in sorted(found)]


def _head(bullet: str, expand: Callable[[str, str], str] | None) -> str:
    """The condition a sub-bullet opens with: its words up to the first colon or semicolon."""
    text = plain(bullet, expand)
    return re.split(r"[:;]", text, maxsplit=1)[0].strip().rstrip(".")


def read_cases(lines: Sequence[str], names: Mapping[str, tuple[str, ...]], expand: Callable[[str, str], str] | None = None) -> list[Case]:
    """The numbered cases in ``lines`` (a Decide and act section), with the teams each escalates to."""
    items: list[tuple[int, int, list[str]]] = []
    blank = False
    for index, line in enumerate(lines):
        match = ITEM.match(line)
        if match:
            items.append((int(match.group(1)), index, [match.group(2)]))
        elif items and line.strip() and (line.startswith((" ", "\t")) or not blank):
            items[-1][2].append(line)
        elif items and line.strip():
            items.append((0, index, []))  # a paragraph after the list closes the last case
        blank = not line.strip()
    cases = []
    for number, index, body in items:
        if not body:
            continue
        first = body[0]
        lead_match = LEAD.match(first)
        lead = plain(lead_match.group(1), expand).rstrip(".:") if lead_match else ""
        escalations, unnamed = [], []
        parts: list[tuple[str, str]] = [("", "\n".join([first] + [b for b in body[1:] if not BULLET.match(b)]))]
        parts += [(_head(m.group(1), expand), m.group(1)) for b in body[1:] for m in [BULLET.match(b)] if m]
        for head, text in parts:
            for clause in CLAUSE.split(plain(text, expand)):
                if not ESCALATES.search(clause):
                    continue
                teams = _named(clause, names)
                if teams:
                    condition = f"{lead}: {head}" if head and lead else (head or lead)
                    escalations.append(Escalation(condition, tuple(teams)))
                elif re.search(r"\bescalat", clause, re.I):
                    unnamed.append(clause)
        merged: dict[str, list[str]] = {}
        for escalation in escalations:
            merged.setdefault(escalation.condition, [])
            merged[escalation.condition] += [t for t in escalation.teams if t not in merged[escalation.condition]]
        cases.append(Case(number, lead, "\n".join(body), index + 1, tuple(Escalation(c, tuple(t)) for c, t in merged.items()), tuple(unnamed)))
    return cases


def page_cases(markdown: str, names: Mapping[str, tuple[str, ...]], expand: Callable[[str, str], str] | None = None) -> tuple[int, list[Case]]:
    """The cases of a page's Decide and act, and the 0-based line of its heading (-1 when the page has none)."""
    lines = markdown.splitlines()
    found = section(lines)
    if found is None:
        return -1, []
    start, body = found
    cases = read_cases(body, names, expand)
    return start, [Case(c.number, c.lead, c.text, c.line + start + 1, c.escalations, c.unnamed) for c in cases]
