"""A hire's onboarding checklist: the learning path as Markdown task lists a forge renders (GitHub, GitLab, Gitea), one
issue per hire, ticked off as the four weeks go.

Pure: the hire, the trainer and the dates are arguments (``dates`` holds the date of each day of the path, from
macros/workdays.py over the team's holidays). Without them it writes the same text with blanks to fill in: that is
the issue template in .github/ISSUE_TEMPLATE/onboarding.md (kbtools/onboarding.py writes both, and a test proves
the template is this function's output).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .blocks.onboarding import hours, pass_words, title
from .training import Training, self_check_count, self_check_pass

BLANK = "____"
#: Day and month names written out here, not by strftime, so the text is the same whatever the machine's locale.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class Hire:
    """Who starts, with whom, and on which dates; every field may be None (the issue template's blanks)."""

    name: str | None = None
    trainer: str | None = None
    dates: Sequence[date] | None = None  # one per day of the path, in order
    skipped: Sequence[tuple[date, str]] = ()  # the holidays the dates step over


def long_date(day: date) -> str:
    """Monday 4 January 2027: unambiguous in every country."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """Mon 4 Jan: for a line that already says the year."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"


def _text(value: str) -> str:
    """Data text for a Markdown line: no character a forge reads as markup (our data is plain text already)."""
    return value.replace("\n", " ").replace("<", "").replace(">", "")


def _page(docs: Path, page: str, site_url: str | None) -> str:
    name = _text(title(docs, page))
    # The address the page is served at, from the site's root: index.md is /, runbooks/index.md /runbooks/.
    address = "/" + page.removesuffix(".md").removesuffix("index") + ("" if page.endswith("index.md") else "/")
    return f"[{name}]({site_url.rstrip('/')}{address})" if site_url else f"{name} (`{address}`)"


def checklist(training: Training, docs: Path, hire: Hire, site_url: str | None = None, reasons: dict[str, str] | None = None) -> str:
    """The checklist Markdown: who and when, the rubric in one table, access to request, then each week's days (date,
    reading, training, access, runbooks, self-check, trainer's sign), its practice cases with a score box, its
    sign-off, and last the ready-for-solo conditions. ``site_url`` links pages; without it they are named with their
    address. ``reasons`` (runbook -> contact-reason code) adds each case's tag."""
    if hire.dates is not None and len(hire.dates) != len(training.days):
        raise ValueError(f"dates: expected one date per day of the path ({len(training.days)}), got {len(hire.dates)}")
    reasons = reasons or {}
    rubric = training.rubric
    when = {day.day: hire.dates[i] for i, day in enumerate(training.days)} if hire.dates else {}

    def on(number: int) -> str:
        return long_date(when[number]) if when else f"date {BLANK}"

    def short(number: int) -> str:
        """The date after a day number, " (Thu 7 Jan)", when the checklist has dates."""
        return f" ({short_date(when[number])})" if when else ""

    name = _text(hire.name) if hire.name else BLANK
    trainer = _text(hire.trainer) if hire.trainer else BLANK
    first, last = training.days[0].day, training.days[-1].day
    lines = [
        f"# Onboarding: {name}",
        "",
        f"- **Trainee:** {name}",
        f"- **Trainer:** {trainer}",
        f"- **Start (day 1):** {on(first)}",
        f"- **Last day (day {last}):** {on(last)}",
    ]
    if when:
        skipped = "; ".join(f"{_text(holiday)} ({short_date(day)})" for day, holiday in hire.skipped) or "none"
        lines.append(f"- **Holidays skipped:** {skipped}. Weekends are skipped too.")
    lines += [
        "",
        "Tick each box when it is done. Score every practice case's reply 0, 1 or 2 on each criterion below and write the "
        f"scores into its box; a reply passes at {pass_words(training)}. A case that does not pass is done again after a "
        "re-read of its runbook.",
        "",
        "| Criterion | It asks |",
        "| --- | --- |",
        *[f"| {_text(c.name)} | {_text(c.asks)} |" for c in rubric.criteria],
        "",
        f"Self-check: at least {rubric.self_check_percent}% of the questions on a day's runbooks answered right before revealing them.",
        "",
        "## Access and trainings to arrange",
        "",
        "Ask for each before the day that needs it, so no day is spent waiting for a seat.",
        "",
    ]
    first_need: dict[str, int] = {}
    taken: dict[str, int] = {}
    for day in training.days:
        for key in day.access:
            first_need.setdefault(key, day.day)
        for key in day.trainings:
            taken.setdefault(key, day.day)
    for access in training.access.values():
        if access.key not in first_need:
            continue
        needed = first_need[access.key]
        after = []
        if access.after_sign_off is not None:
            after.append(f"after the week {access.after_sign_off} sign-off")
        after += [f"after the {_text(training.courses[c].name)} on day {taken[c]}{short(taken[c])}" for c in access.needs if c in taken]
        tail = f", {', '.join(after)}" if after else ""
        lines.append(f"- [ ] {_text(access.name)}: in place by day {needed}{short(needed)}{tail}. {_text(access.request)}")
    for course in (training.courses or {}).values():
        if course.key in taken:
            lines.append(f"- [ ] Enrol in the {_text(course.name)} for day {taken[course.key]}{short(taken[course.key])}. {_text(course.how)}")
    for week in training.weeks:
        days = [d for d in training.days if d.week == week.number]
        span = f" ({short_date(when[days[0].day])} to {short_date(when[days[-1].day])})" if when else ""
        lines += ["", f"## Week {week.number}: {_text(week.theme)}{span}", "", _text(week.goal)]
        for day in days:
            lines += ["", f"### Day {day.day}: {on(day.day)}", "", f"{_text(day.focus)}. Reading about {hours(day.minutes)}.", ""]
            lines += [f"- [ ] Access in place: {_text(training.access[key].name)}" for key in day.access]
            lines += [f"- [ ] Training done: {_text(training.courses[key].name)} ({hours(training.courses[key].minutes)})" for key in day.trainings]
            lines += [f"- [ ] Read {_page(docs, page, site_url)}" for page in day.read]
            if day.live_shift:
                lines.append("- [ ] A full live shift handled, cases on any runbook, the trainer watching")
            else:
                lines += [f"- [ ] Handled without help, the trainer watching: {_page(docs, page, site_url)}" for page in day.handle]
            questions = 0 if day.live_shift else self_check_count(docs, day.handle)
            if questions:
                need = self_check_pass(questions, rubric.self_check_percent)
                lines.append(f"- [ ] Check yourself on today's runbooks: {BLANK} of {questions} right (pass: {need})")
            lines.append(f"- [ ] Trainer: {_text(day.trainer)}")
        cases = [c for c in training.cases if c.week == week.number]
        if cases:
            lines += ["", f"### Practice cases, week {week.number}", ""]
            scores = " · ".join(f"{c.name} {BLANK}" for c in rubric.criteria)
            for case in cases:
                tag = f", tag {reasons[case.runbook]}" if case.runbook in reasons else ""
                lines.append(
                    f"- [ ] Case {training.number(case)} ({case.channel}): {_text(case.title)}{tag} — "
                    f"{scores} = total {BLANK} of {rubric.maximum}, passed {BLANK}"
                )
        signed = training.sign_off_day(week.number)
        lines += ["", f"- [ ] **Week {week.number} signed off** by the trainer on day {signed}{short(signed)}: every day ticked, every case passed"]
    lines += ["", "## Ready for solo work", ""]
    lines += [f"- [ ] {_text(condition)}" for condition in training.ready_for_solo]
    lines += [f"- [ ] **Ready for solo work**, signed off by the trainer, {trainer}, on {BLANK}", ""]
    lines.append(f"*From data/learning_path.yml. {_text(training.label)}.*")
    return "\n".join(lines) + "\n"
