"""The learning path: four weeks, day by day, with practice cases and a trainer's sign-off sheet.

One home: data/learning_path.yml. The learning path page, the sign-off sheet and the tests read it; nothing about the
path is typed twice. Rendered by the `learning_path` and `sign_off_sheet` macros (macros/__init__.py).

- ``load_training`` validates the file's shape (ids, weeks, days, channels, text with no markup).
- ``training_problems`` checks it against the pages: every page it names exists, every case's reply is one its
  runbook lists, every runbook is handled on some day (so a new runbook joins the path).
- ``learning_path_block`` and ``sign_off_block`` write the Markdown.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import tables
from .cases import page_cases
from .pages import front_matter
from .searchwords import page_kind
from .yamlsource import Source

CHANNELS = ("chat", "email")


@dataclass(frozen=True)
class Access:
    key: str
    name: str
    why: str
    request: str


@dataclass(frozen=True)
class Day:
    week: int
    day: int  # 1-20, counted across the four weeks
    focus: str
    minutes: int
    read: tuple[str, ...]
    handle: tuple[str, ...]
    access: tuple[str, ...]
    trainer: str
    line: int


@dataclass(frozen=True)
class Case:
    key: str
    week: int
    channel: str
    title: str
    message: str
    search: str
    runbook: str
    decision: str
    reply: str
    line: int


@dataclass(frozen=True)
class Week:
    number: int
    theme: str
    goal: str


@dataclass(frozen=True)
class Training:
    label: str
    weeks: tuple[Week, ...]
    days: tuple[Day, ...]
    access: dict[str, Access]
    cases: tuple[Case, ...]
    lines: dict[str, int]  # for messages: dotted key -> line


def _pages(src: Source, raw: dict, path: str, name: str, *, required: bool = True) -> tuple[str, ...]:
    if not required and name not in raw:
        return ()
    values = src.sequence(raw, path, name)
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.endswith(".md") or value.startswith(("/", "docs/")):
            raise src.error(f"{path}.{name}[{index}]", f"expected a page path from docs/, like runbooks/payments/card-declined.md, got {value!r}")
    return tuple(values)


def load_training(src: Source) -> Training:
    root = src.value
    if not isinstance(root, dict):
        raise src.error("", "expected a mapping at the top of the file — compare with git history")
    access = {}
    for key, raw in src.mapping(root, "", "access").items():
        path = f"access.{key}"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with name, why, request")
        access[key] = Access(key, src.text(raw, path, "name"), src.text(raw, path, "why"), src.text(raw, path, "request"))
    weeks, days = [], []
    for index, raw in enumerate(src.sequence(root, "", "weeks")):
        path = f"weeks[{index}]"
        number = src.integer(raw, path, "week", 1, 8)
        if number != index + 1:
            raise src.error(f"{path}.week", f"weeks are numbered in order from 1: expected {index + 1}, got {number}")
        weeks.append(Week(number, src.text(raw, path, "theme"), src.text(raw, path, "goal")))
        for position, entry in enumerate(src.sequence(raw, path, "days")):
            where = f"{path}.days[{position}]"
            day = src.integer(entry, where, "day", 1, 40)
            expected = len(days) + 1
            if day != expected:
                raise src.error(f"{where}.day", f"days are numbered in order across the weeks: expected {expected}, got {day}")
            needs = tuple(src.sequence(entry, where, "access")) if "access" in entry else ()
            for item, key in enumerate(needs):
                if key not in access:
                    raise src.error(f"{where}.access[{item}]", f"{key!r} is not under access: — use one of {', '.join(access)}")
            days.append(
                Day(
                    number,
                    day,
                    src.text(entry, where, "focus"),
                    src.integer(entry, where, "minutes", 15, 480),
                    _pages(src, entry, where, "read"),
                    _pages(src, entry, where, "handle", required=False),
                    needs,
                    src.text(entry, where, "trainer"),
                    src.line(f"{where}.day") or 1,
                )
            )
    cases, seen = [], set()
    for index, raw in enumerate(src.sequence(root, "", "cases")):
        path = f"cases[{index}]"
        key = src.text(raw, path, "id")
        if key in seen or not key.replace("-", "").isalnum():
            raise src.error(f"{path}.id", f"{key!r} must be a unique kebab-case id")
        seen.add(key)
        week = src.integer(raw, path, "week", 1, len(weeks))
        runbook = _pages(src, {"runbook": [src.text(raw, path, "runbook")]}, path, "runbook")[0]
        cases.append(
            Case(
                key,
                week,
                src.choice(raw, path, "channel", CHANNELS),
                src.text(raw, path, "title"),
                src.text(raw, path, "message"),
                src.text(raw, path, "search"),
                runbook,
                src.text(raw, path, "decision"),
                src.text(raw, path, "reply"),
                src.line(f"{path}.id") or 1,
            )
        )
    return Training(src.text(root, "", "label"), tuple(weeks), tuple(days), access, tuple(cases), dict(src.lines))


def training_problems(training: Training, docs: Path, display: str = "data/learning_path.yml") -> list[str]:
    """``path:line: …`` for pages that do not exist, replies a runbook does not list, and runbooks no day handles."""
    problems = []
    for day in training.days:
        for page in day.read + day.handle:
            if not (docs / page).is_file():
                problems.append(f"{display}:{day.line}: day {day.day}: {page} is not a page under docs/ — fix the path")
        for page in day.handle:
            if (docs / page).is_file() and page_kind(page) != "runbook":
                problems.append(f"{display}:{day.line}: day {day.day}: handle lists {page}, which is not a runbook — move it to read:")
    for case in training.cases:
        target = docs / case.runbook
        if not target.is_file():
            problems.append(f"{display}:{case.line}: case {case.key}: {case.runbook} is not a page under docs/ — fix the path")
            continue
        try:
            replies = front_matter(target).get("replies") or {}
        except (yaml.YAMLError, ValueError):
            continue  # broken front matter: the page contract reports it at its own line
        if not isinstance(replies, dict):
            continue
        if case.reply not in replies:
            listed = ", ".join(replies) or "none"
            problems.append(f"{display}:{case.line}: case {case.key}: reply {case.reply!r} is not one {case.runbook} sends — use one of: {listed}")
            continue
        problems += _case_agrees(case, target.read_text(encoding="utf-8"), display)
    handled = {page for day in training.days for page in day.handle}
    for path in sorted(docs.glob("runbooks/*/*.md")):
        page = path.relative_to(docs).as_posix()
        if page_kind(page) == "runbook" and page not in handled:
            # Named against the page (the new runbook is what the editor is working on), with the data file's line.
            line = training.lines.get("weeks", 1)
            problems.append(f"docs/{page}:1: no day of the learning path handles this runbook — add it to a day's handle: list in {display} (line {line})")
    return problems


#: A practice decision that names the runbook's case: "… so this is case 3 …".
CASE_REF = re.compile(r"\bcase (\d+)\b")


def _case_agrees(case: Case, runbook: str, display: str) -> list[str]:
    """A decision that names a case of its runbook must expect the reply that case sends (macros/cases.py reads it).

    The answer key and the runbook are written apart; this keeps a renumbered or rewritten case from leaving the
    key behind.
    """
    numbers = [int(n) for n in CASE_REF.findall(case.decision)]
    if not numbers:
        return []
    _, found = page_cases(runbook, {})
    by_number = {c.number: c for c in found}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        count = len(found)
        return [
            f"{display}:{case.line}: case {case.key}: the decision names case {missing[0]}, but {case.runbook} has cases 1 to {count} — renumber the decision"
        ]
    if not any(f"#reply-{case.reply})" in by_number[n].text for n in numbers):
        last = by_number[numbers[-1]]
        return [
            f"{display}:{case.line}: case {case.key}: the decision names case {numbers[-1]} of {case.runbook} ('{last.lead or last.text[:50]}'), "
            f"which does not send {case.reply} — name the case that does, or change the expected reply"
        ]
    return []


def _title(docs: Path, page: str) -> str:
    return str(front_matter(docs / page).get("title") or page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " "))


def _link(docs: Path, page: str, here: str, anchor: str = "", label: str | None = None) -> str:
    target = posixpath.relpath(page, posixpath.dirname(here) or ".")
    return f"[{tables.cell(label or _title(docs, page))}]({target}{anchor})"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d} min"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def case_block(training: Training, docs: Path, here: str, case: Case, number: int) -> str:
    """One practice case: the customer's message in view, the runbook, decision and reply behind a reveal."""
    replies = front_matter(docs / case.runbook).get("replies") or {}
    message = "\n".join(f"> {tables.cell(line)}" if line.strip() else ">" for line in case.message.strip().splitlines())
    answer = (
        f"**Runbook:** {_link(docs, case.runbook, here)}\n\n"
        f"**Decision:** {tables.cell(case.decision)}\n\n"
        f"**Reply:** {_link(docs, case.runbook, here, '#reply-' + case.reply, str(replies[case.reply]))}"
    )
    body = (
        f"{message}\n\n"
        f"Search the site as you would on shift (try *{tables.cell(case.search)}*), open the runbook, decide, "
        "and pick the reply before you reveal the answer.\n\n"
        f'??? success "Reveal the answer"\n\n{_indent(answer, 4)}'
    )
    return f'!!! example kb-case "Case {number} · {case.channel} · {tables.cell(case.title)}"\n\n{_indent(body, 4)}\n'


def learning_path_block(training: Training, docs: Path, here: str) -> str:
    """Each week: its goal, then each day (what to read, runbooks to handle after it, access, time), then its cases."""
    parts = []
    number = 0
    for week in training.weeks:
        days = [d for d in training.days if d.week == week.number]
        total = sum(d.minutes for d in days)
        parts.append(f"## Week {week.number}: {tables.cell(week.theme)}\n\n{tables.cell(week.goal)} Reading time this week: about {_hours(total)}.")
        for day in days:
            lines = [f"### Day {day.day}: {tables.cell(day.focus)}", "", f"**Read** (about {_hours(day.minutes)}):", ""]
            lines += [f"- {_link(docs, page, here)}" for page in day.read]
            if day.handle:
                lines += ["", "**Handle after today** (shadowed, then with the trainer watching):", ""]
                lines += [f"- {_link(docs, page, here)}" for page in day.handle]
            if day.access:
                names = ", ".join(tables.cell(training.access[key].name) for key in day.access)
                lines += ["", f"**Access needed by today:** {names}."]
            lines += ["", f"**Trainer:** {tables.cell(day.trainer)}"]
            parts.append("\n".join(lines))
        cases = [c for c in training.cases if c.week == week.number]
        if cases:
            parts.append(f"### Practice cases for week {week.number}")
            for case in cases:
                number += 1
                parts.append(case_block(training, docs, here, case, number))
    return "\n\n".join(parts) + "\n"


def access_block(training: Training) -> str:
    """The systems a trainee needs, when, and how to ask for them."""
    first = {}
    for day in training.days:
        for key in day.access:
            first.setdefault(key, day.day)
    rows = [(a.name, f"day {first[a.key]}" if a.key in first else "not needed yet", a.why, a.request) for a in training.access.values()]
    return tables.table(["System", "Needed by", "Why", "How to ask for it"], rows) + f"\n\n*{tables.cell(training.label)}.*\n"


def sign_off_block(training: Training, docs: Path, here: str) -> str:
    """A printable sheet: one table per week, a row per day, with the cases and blanks for the trainer."""
    parts = []
    for week in training.weeks:
        rows = []
        for day in (d for d in training.days if d.week == week.number):
            handled = "; ".join(_title(docs, page) for page in day.handle) or "reading only"
            rows.append((f"Day {day.day}", day.focus, handled, "", ""))
        cases = [c for c in training.cases if c.week == week.number]
        done = "; ".join(c.title for c in cases) or "none"
        parts.append(
            f"## Week {week.number}: {tables.cell(week.theme)}\n\n"
            + tables.table(["Day", "Focus", "Runbooks handled", "Trainer's initials", "Date"], rows)
            + f"\n\nPractice cases answered without help: {tables.cell(done)}.\n\n"
            "Week signed off by the trainer: ______________________ Date: ____________\n"
        )
    return "\n".join(parts)
