"""The learning path: four weeks, day by day, practice cases with the trainer's facts, the reply rubric, and the rules
that keep the path in order.

One home: data/learning_path.yml. The learning path page, the trainer's guide, the sign-off sheet, each hire's
checklist and the tests read it; nothing about the path is typed twice. The pages are written by
macros/blocks/onboarding.py, a hire's checklist by macros/checklist.py.

- ``load_training`` validates the file's shape (ids, weeks, days, channels, text with no markup, keys that exist).
- ``training_problems`` checks it against the pages: every page it names exists, every case's reply is one its
  runbook lists, every runbook is handled on some day (so a new runbook joins the path), and ``schedule_problems``:
  no day needs an access before it can be granted or before the training it needs.
- ``rubric_verdict`` scores a reply against the rubric; ``self_check_pass`` is the self-check pass mark.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .cases import page_cases
from .pages import front_matter
from .searchwords import page_kind
from .yamlsource import MARKUP, Source

CHANNELS = ("chat", "email")
#: A criterion scores 0, 1 or 2.
SCORES = (0, 1, 2)


@dataclass(frozen=True)
class Calendar:
    """The team's working days: the public holidays of a region (the holidays package), plus closures of its own."""

    country: str
    subdivision: str | None
    closures: tuple[tuple[date, str], ...]


@dataclass(frozen=True)
class Course:
    """A training a trainee completes before an access is granted."""

    key: str
    name: str
    minutes: int
    how: str


@dataclass(frozen=True)
class Access:
    key: str
    name: str
    why: str
    request: str
    needs: tuple[str, ...] = ()  # training keys completed first
    after_sign_off: int | None = None  # the week whose sign-off comes before the grant
    line: int = 1


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
    trainings: tuple[str, ...] = ()
    live_shift: bool = False
    access_line: int = 0  # where the day's access: list is written (0: none)


@dataclass(frozen=True)
class Fact:
    """What the trainee finds when they look somewhere (a screen, a system, the customer if asked): the role-play's answer."""

    where: str
    shows: str


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
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Week:
    number: int
    theme: str
    goal: str


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    asks: str
    scores: tuple[str, str, str]  # what scores 0, 1 and 2


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    pass_total: int  # out of ``maximum``
    full: tuple[str, ...]  # criteria that must score 2 for a pass
    self_check_percent: int

    @property
    def maximum(self) -> int:
        return SCORES[-1] * len(self.criteria)


@dataclass(frozen=True)
class Training:
    label: str
    weeks: tuple[Week, ...]
    days: tuple[Day, ...]
    access: dict[str, Access]
    cases: tuple[Case, ...]
    lines: dict[str, int]  # for messages: dotted key -> line
    calendar: Calendar | None = None
    courses: dict[str, Course] | None = None
    rubric: Rubric | None = None
    ready_for_solo: tuple[str, ...] = ()

    def sign_off_day(self, week: int) -> int:
        """The day a week is signed off: its last day."""
        return max(d.day for d in self.days if d.week == week)

    def number(self, case: Case) -> int:
        """A case's number on every page and sheet: its place in the file, counted from 1."""
        return self.cases.index(case) + 1


def _pages(src: Source, raw: dict, path: str, name: str, *, required: bool = True) -> tuple[str, ...]:
    if not required and name not in raw:
        return ()
    values = src.sequence(raw, path, name)
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.endswith(".md") or value.startswith(("/", "docs/")):
            raise src.error(f"{path}.{name}[{index}]", f"expected a page path from docs/, like runbooks/payments/card-declined.md, got {value!r}")
    return tuple(values)


def _plain(src: Source, value: object, key: str) -> str:
    """A text item of a list (a rubric line, an exit condition): plain text, like every text in data/."""
    if not isinstance(value, str) or not value.strip():
        raise src.error(key, f"expected text, got {value!r} — write it as a quoted string")
    markup = MARKUP.search(value)
    if markup:
        raise src.error(key, f"plain text only: remove {markup.group(0)!r} — it would reach the page as markup")
    return value.strip()


def _keys(src: Source, raw: dict, path: str, name: str, known: dict, what: str) -> tuple[str, ...]:
    """An optional list of keys, each one of ``known`` (the access systems, the trainings)."""
    if name not in raw:
        return ()
    values = src.sequence(raw, path, name)
    for index, key in enumerate(values):
        if key not in known:
            raise src.error(f"{path}.{name}[{index}]", f"{key!r} is not under {what}: — use one of {', '.join(known) or 'none (add it there first)'}")
    return tuple(values)


def _calendar(src: Source, root: dict) -> Calendar:
    raw = src.get(root, "", "calendar")
    if not isinstance(raw, dict):
        raise src.error("calendar", "expected a mapping with country (and optionally subdivision and closures)")
    unknown = sorted(set(raw) - {"country", "subdivision", "closures"})
    if unknown:
        raise src.error(f"calendar.{unknown[0]}", "unknown key — use country, subdivision or closures")
    country = src.text(raw, "calendar", "country")
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise src.error("calendar.country", f"expected a two-letter country code such as US or PT, got {country!r}")
    subdivision = src.text(raw, "calendar", "subdivision", required=False)
    closures = []
    for index, item in enumerate(raw.get("closures") or []):
        where = f"calendar.closures[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("date"), date):
            raise src.error(where, "expected {date: 2027-12-24, name: Office closed}")
        closures.append((item["date"], src.text(item, where, "name")))
    return Calendar(country, subdivision, tuple(closures))


def _rubric(src: Source, root: dict) -> Rubric:
    raw = src.mapping(root, "", "rubric")
    criteria, seen = [], set()
    for index, item in enumerate(src.sequence(raw, "rubric", "criteria")):
        where = f"rubric.criteria[{index}]"
        key = src.text(item, where, "key")
        if key in seen or not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", key):
            raise src.error(f"{where}.key", f"{key!r} must be a unique kebab-case key")
        seen.add(key)
        scores = src.sequence(item, where, "scores")
        if len(scores) != len(SCORES):
            raise src.error(f"{where}.scores", "expected three lines: what scores 0, what scores 1 and what scores 2")
        lines = tuple(_plain(src, line, f"{where}.scores[{number}]") for number, line in enumerate(scores))
        criteria.append(Criterion(key, src.text(item, where, "name"), src.text(item, where, "asks"), lines))
    maximum = SCORES[-1] * len(criteria)
    passing = src.mapping(raw, "rubric", "pass")
    total = src.integer(passing, "rubric.pass", "total", 1, maximum)
    full = tuple(passing.get("full") or ())
    for index, key in enumerate(full):
        if key not in seen:
            raise src.error(f"rubric.pass.full[{index}]", f"{key!r} is not a criterion — use one of {', '.join(sorted(seen))}")
    percent = src.integer(raw, "rubric", "self_check_percent", 1, 100)
    return Rubric(tuple(criteria), total, full, percent)


def load_training(src: Source) -> Training:
    root = src.value
    if not isinstance(root, dict):
        raise src.error("", "expected a mapping at the top of the file — compare with git history")
    calendar = _calendar(src, root)
    courses = {}
    for key, raw in (root.get("trainings") or {}).items():
        path = f"trainings.{key}"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with name, minutes, how")
        courses[key] = Course(key, src.text(raw, path, "name"), src.integer(raw, path, "minutes", 5, 480), src.text(raw, path, "how"))
    access = {}
    for key, raw in src.mapping(root, "", "access").items():
        path = f"access.{key}"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with name, why, request")
        after = src.integer(raw, path, "after_sign_off", 1, 8) if "after_sign_off" in raw else None
        access[key] = Access(
            key,
            src.text(raw, path, "name"),
            src.text(raw, path, "why"),
            src.text(raw, path, "request"),
            _keys(src, raw, path, "needs", courses, "trainings"),
            after,
            src.line(path) or 1,
        )
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
            needs = _keys(src, entry, where, "access", access, "access")
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
                    _keys(src, entry, where, "trainings", courses, "trainings"),
                    src.boolean(entry, where, "live_shift") if "live_shift" in entry else False,
                    src.lines.get(f"{where}.access", 0),
                )
            )
    for key, item in access.items():
        if item.after_sign_off is not None and item.after_sign_off > len(weeks):
            raise src.error(f"access.{key}.after_sign_off", f"week {item.after_sign_off} does not exist — the path has weeks 1 to {len(weeks)}")
    cases, seen = [], set()
    for index, raw in enumerate(src.sequence(root, "", "cases")):
        path = f"cases[{index}]"
        key = src.text(raw, path, "id")
        if key in seen or not key.replace("-", "").isalnum():
            raise src.error(f"{path}.id", f"{key!r} must be a unique kebab-case id")
        seen.add(key)
        week = src.integer(raw, path, "week", 1, len(weeks))
        runbook = _pages(src, {"runbook": [src.text(raw, path, "runbook")]}, path, "runbook")[0]
        facts = []
        for number, item in enumerate(src.sequence(raw, path, "facts")):
            where = f"{path}.facts[{number}]"
            if not isinstance(item, dict):
                raise src.error(where, "expected {where: the screen or person the trainee asks, shows: what they find}")
            facts.append(Fact(src.text(item, where, "where"), src.text(item, where, "shows")))
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
                tuple(facts),
            )
        )
    solo = tuple(_plain(src, item, f"ready_for_solo[{i}]") for i, item in enumerate(src.sequence(root, "", "ready_for_solo")))
    return Training(
        src.text(root, "", "label"),
        tuple(weeks),
        tuple(days),
        access,
        tuple(cases),
        dict(src.lines),
        calendar,
        courses,
        _rubric(src, root),
        solo,
    )


def rubric_verdict(rubric: Rubric, scores: dict[str, int]) -> tuple[bool, str]:
    """Whether a reply scored ``scores`` (criterion key -> 0, 1 or 2) passes for solo work, and why in words.

    It passes when the total reaches ``rubric.pass_total`` and every criterion in ``rubric.full`` scores 2: a reply
    that breaks policy fails however good the rest is. Explained on docs/onboarding/learning-path.md.
    """
    keys = [c.key for c in rubric.criteria]
    missing = [k for k in keys if k not in scores]
    unknown = sorted(set(scores) - set(keys))
    if missing or unknown:
        raise ValueError(f"score every criterion once: missing {', '.join(missing) or 'none'}, unknown {', '.join(unknown) or 'none'}")
    bad = [k for k in keys if scores[k] not in SCORES]
    if bad:
        raise ValueError(f"{bad[0]}: a criterion scores 0, 1 or 2, got {scores[bad[0]]!r}")
    total = sum(scores[k] for k in keys)
    short = [c.name for c in rubric.criteria if c.key in rubric.full and scores[c.key] < SCORES[-1]]
    if short:
        return False, f"{total}/{rubric.maximum}: not passed — {', '.join(short)} must score {SCORES[-1]}"
    if total < rubric.pass_total:
        return False, f"{total}/{rubric.maximum}: not passed — the pass mark is {rubric.pass_total}"
    return True, f"{total}/{rubric.maximum}: passed"


def self_check_pass(questions: int, percent: int) -> int:
    """How many of ``questions`` self-check questions a trainee must answer right: ``percent`` of them, rounded up."""
    return math.ceil(questions * percent / 100)


#: A "Check yourself" question on a page: ``??? question "…"``.
QUESTION = re.compile(r'^\?\?\? question "', re.M)


def self_check_count(docs: Path, pages: tuple[str, ...]) -> int:
    """The number of "Check yourself" questions on ``pages`` (paths under docs/)."""
    return sum(len(QUESTION.findall((docs / page).read_text(encoding="utf-8"))) for page in pages if (docs / page).is_file())


def schedule_problems(training: Training, display: str = "data/learning_path.yml") -> list[str]:
    """``path:line: …`` for a day that needs an access before it can be granted: before the sign-off it waits for, or
    before a training it needs (scheduled on no day, or on a later one). A day's access and trainings come no later
    than the day that needs them."""
    problems = []
    taken: dict[str, int] = {}
    for day in training.days:
        for key in day.trainings:
            taken.setdefault(key, day.day)
    courses = training.courses or {}
    for day in training.days:
        line = day.access_line or day.line
        for key in day.access:
            access = training.access[key]
            if access.after_sign_off is not None:
                signed = training.sign_off_day(access.after_sign_off)
                if day.day <= signed:
                    problems.append(
                        f"{display}:{line}: day {day.day} needs {access.name} ({key}), which is granted only after the week "
                        f"{access.after_sign_off} sign-off on day {signed} — move it to day {signed + 1} or later, or change "
                        f"access.{key}.after_sign_off (line {access.line})"
                    )
            for course in access.needs:
                name = courses[course].name if course in courses else course
                if course not in taken:
                    problems.append(
                        f"{display}:{line}: day {day.day} needs {access.name} ({key}), which needs the {name} ({course}) first, "
                        f"and no day schedules it — add {course} to the trainings: of day {day.day} or an earlier day"
                    )
                elif taken[course] > day.day:
                    problems.append(
                        f"{display}:{line}: day {day.day} needs {access.name} ({key}), which needs the {name} ({course}) first, "
                        f"scheduled on day {taken[course]} — move the training to day {day.day} or earlier, or the access to day {taken[course]} or later"
                    )
    return problems


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
    return problems + schedule_problems(training, display)


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
