"""What the onboarding pages show from data/learning_path.yml: the hire's learning path, the systems and trainings to
ask for, the reply rubric, the trainer's guide (the facts each role-play needs) and the printable sign-off sheet.

The trainer's facts are written only by ``trainer_cases_block``: the hire's page (``learning_path_block``) never
receives them, and the trainer's guide is left out of the search.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .. import tables
from ..pages import front_matter
from ..training import Case, Day, Training, self_check_count, self_check_pass

#: What a day that handles no runbook does, on the sheet and in the checklist.
LIVE_SHIFT = "Any runbook: a full live shift"
READING = "Reading and the trainer's questions"


def title(docs: Path, page: str) -> str:
    return str(front_matter(docs / page).get("title") or page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " "))


def _link(docs: Path, page: str, here: str, anchor: str = "", label: str | None = None) -> str:
    target = posixpath.relpath(page, posixpath.dirname(here) or ".")
    return f"[{tables.cell(label or title(docs, page))}]({target}{anchor})"


def hours(minutes: int) -> str:
    hours_, rest = divmod(minutes, 60)
    if not hours_:
        return f"{rest} min"
    return f"{hours_} h" if rest == 0 else f"{hours_} h {rest:02d} min"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def handled_words(docs: Path, day: Day) -> str:
    """The runbooks a day handles, by title; a live shift or a reading day said as such."""
    if day.live_shift:
        return LIVE_SHIFT
    return "; ".join(title(docs, page) for page in day.handle) or READING


def pass_words(training: Training) -> str:
    """The pass mark in a sentence: "8 of 10, with Policy at 2"."""
    rubric = training.rubric
    full = [c.name for c in rubric.criteria if c.key in rubric.full]
    tail = f", with {' and '.join(full)} at 2" if full else ""
    return f"{rubric.pass_total} of {rubric.maximum}{tail}"


def _message(case: Case) -> str:
    return "\n".join(f"> {tables.cell(line)}" if line.strip() else ">" for line in case.message.strip().splitlines())


def case_block(training: Training, docs: Path, here: str, case: Case, reasons: dict[str, str]) -> str:
    """One practice case for the hire: the customer's message in view; runbook, decision, reply and tag behind a reveal."""
    replies = front_matter(docs / case.runbook).get("replies") or {}
    answer = [
        f"**Runbook:** {_link(docs, case.runbook, here)}",
        f"**Decision:** {tables.cell(case.decision)}",
        f"**Reply:** {_link(docs, case.runbook, here, '#reply-' + case.reply, str(replies[case.reply]))}",
    ]
    if case.runbook in reasons:
        answer.append(f"**Tag the ticket:** {tables.cell(reasons[case.runbook])}")
    body = (
        f"{_message(case)}\n\n"
        f"Search the site as you would on shift (try *{tables.cell(case.search)}*), open the runbook, decide, and write "
        "the reply before you reveal the answer. Your trainer plays the customer and the systems, and scores the reply "
        "against the [reply rubric](#how-replies-are-scored).\n\n"
        f'??? success "Reveal the answer"\n\n{_indent(chr(10).join(a + chr(10) for a in answer), 4)}'
    )
    return f'!!! example kb-case "Case {training.number(case)} · {case.channel} · {tables.cell(case.title)}"\n\n{_indent(body, 4)}\n'


def learning_path_block(training: Training, docs: Path, here: str, reasons: dict[str, str] | None = None) -> str:
    """Each week: its goal, then each day (what to read, runbooks to handle, access, training, time), then its cases;
    last, what "ready for solo work" takes. No trainer's facts: they are on the trainer's guide only."""
    reasons = reasons or {}
    parts = []
    for week in training.weeks:
        days = [d for d in training.days if d.week == week.number]
        total = sum(d.minutes for d in days)
        parts.append(
            f"## Week {week.number}: {tables.cell(week.theme)}\n\n{tables.cell(week.goal)} Reading time this week: about {hours(total)}. "
            f"The trainer signs the week off on day {training.sign_off_day(week.number)}."
        )
        for day in days:
            lines = [f"### Day {day.day}: {tables.cell(day.focus)}", "", f"**Read** (about {hours(day.minutes)}):", ""]
            lines += [f"- {_link(docs, page, here)}" for page in day.read]
            if day.live_shift:
                lines += ["", "**Handle today:** live cases on any runbook, for a whole shift, with the trainer watching."]
            elif day.handle:
                lines += ["", "**Handle after today** (shadowed, then with the trainer watching):", ""]
                lines += [f"- {_link(docs, page, here)}" for page in day.handle]
            if day.trainings:
                names = ", ".join(f"{tables.cell(training.courses[k].name)} ({hours(training.courses[k].minutes)})" for k in day.trainings)
                lines += ["", f"**Training today:** {names}."]
            if day.access:
                names = ", ".join(tables.cell(training.access[key].name) for key in day.access)
                lines += ["", f"**Access needed by today:** {names}."]
            lines += ["", f"**Trainer:** {tables.cell(day.trainer)}"]
            parts.append("\n".join(lines))
        cases = [c for c in training.cases if c.week == week.number]
        if cases:
            parts.append(f"### Practice cases for week {week.number}")
            parts += [case_block(training, docs, here, case, reasons) for case in cases]
    parts.append(ready_block(training))
    return "\n\n".join(parts) + "\n"


def ready_block(training: Training, heading: str = "## Ready for solo work") -> str:
    """The path's exit condition, from data: every condition the trainer signs."""
    items = "\n".join(f"- {tables.cell(condition)}" for condition in training.ready_for_solo)
    return f"{heading}\n\nThe trainee works solo shifts once the trainer has signed that:\n\n{items}\n\n*{tables.cell(training.label)}.*"


def access_block(training: Training) -> str:
    """The systems a trainee needs, when, what must come first, and how to ask; then the trainings that come first."""
    first: dict[str, int] = {}
    taken: dict[str, int] = {}
    for day in training.days:
        for key in day.access:
            first.setdefault(key, day.day)
        for key in day.trainings:
            taken.setdefault(key, day.day)
    rows = []
    for a in training.access.values():
        before = []
        if a.after_sign_off is not None:
            before.append(f"the week {a.after_sign_off} sign-off (day {training.sign_off_day(a.after_sign_off)})")
        for course in a.needs:
            when = f" (day {taken[course]})" if course in taken else ""
            before.append(f"the {training.courses[course].name}{when}")
        rows.append((a.name, f"day {first[a.key]}" if a.key in first else "not needed yet", "; ".join(before) or "—", a.why, a.request))
    parts = [tables.table(["System", "Needed by", "Comes after", "Why", "How to ask for it"], rows)]
    if training.courses:
        courses = [(c.name, f"day {taken[c.key]}" if c.key in taken else "not scheduled", hours(c.minutes), c.how) for c in training.courses.values()]
        parts += ["Trainings that come before an access:", tables.table(["Training", "Taken on", "Time", "How"], courses)]
    parts.append(f"*{tables.cell(training.label)}.*")
    return tables.block(*parts)


def rubric_block(training: Training) -> str:
    """The reply rubric: each criterion, what scores 0, 1 and 2, and the pass mark for solo work (team policy)."""
    rubric = training.rubric
    rows = [(c.name, c.asks, *c.scores) for c in rubric.criteria]
    table = tables.table(["Criterion", "It asks", "0", "1", "2"], rows)
    example = self_check_pass(7, rubric.self_check_percent)
    return tables.block(
        table,
        f"**Pass for solo work:** {pass_words(training)} (team policy). A reply that misses the pass is written again "
        "after a re-read of the runbook, and scored again.",
        f"**Self-check:** at least {rubric.self_check_percent}% of the questions on a day's runbooks answered right before "
        f"revealing them (for example {example} of 7).",
        f"*{tables.cell(training.label)}.*",
    )


def trainer_cases_block(training: Training, docs: Path, here: str, reasons: dict[str, str] | None = None) -> str:
    """The trainer's guide: for each practice case the message to read out, the facts to answer the trainee's
    questions with, and the expected decision, reply and tag to score against."""
    reasons = reasons or {}
    parts = []
    for week in training.weeks:
        cases = [c for c in training.cases if c.week == week.number]
        if not cases:
            continue
        parts.append(f"## Week {week.number}: {tables.cell(week.theme)}")
        for case in cases:
            replies = front_matter(docs / case.runbook).get("replies") or {}
            facts = tables.table(["When the trainee looks at", "Tell them"], [(f.where, f.shows) for f in case.facts])
            expected = [
                f"**Runbook:** {_link(docs, case.runbook, here)}",
                f"**Expected decision:** {tables.cell(case.decision)}",
                f"**Expected reply:** {_link(docs, case.runbook, here, '#reply-' + case.reply, str(replies[case.reply]))}",
            ]
            if case.runbook in reasons:
                expected.append(f"**Tag:** {tables.cell(reasons[case.runbook])}")
            parts.append(
                f"### Case {training.number(case)} · {case.channel} · {tables.cell(case.title)} {{#case-{case.key}}}\n\n"
                f"{_message(case)}\n\n"
                f"**Facts for the role-play** (say only what the trainee asks for):\n\n{facts}\n\n"
                + "\n\n".join(expected)
                + f"\n\n**Score:** Accuracy, Completeness, Policy, Tone, Next step, 0 to 2 each; pass {pass_words(training)}."
            )
    return "\n\n".join(parts) + "\n"


def _blank(width: int = 1) -> str:
    # A non-breaking space keeps the cell (and its row) in the table; the stylesheet gives blank cells their height.
    return "&nbsp;" * width


def _box(kind: str, table: str) -> str:
    """A table in a box of its own (``kb-sheet__days``, ``__cases`` …): the print layout keeps each box on one page."""
    return f'<div class="kb-sheet__{kind}" markdown>\n\n{table}\n\n</div>'


#: Word endings a narrow printed column may break before: a soft hyphen there prints "Complete-" over "ness" where the
#: browser would otherwise split the word with no hyphen at all.
_BREAKS = ("ness", "ment", "tion")


def _breakable(word: str) -> str:
    """``word`` with a soft hyphen before a listed ending, for a long column heading (10 letters or more)."""
    for ending in _BREAKS:
        if len(word) >= 10 and word.endswith(ending):
            return word[: -len(ending)] + "\u00ad" + ending
    return word


def sign_off_block(training: Training, docs: Path, here: str) -> str:
    """A printable sheet: the trainee, trainer and start date; per week a row per day and a row per case with a tick and
    a score per criterion; the week's signature; then the exit condition and the ready-for-solo signature."""
    rubric = training.rubric
    short = [c.name for c in rubric.criteria]
    header = f"| Trainee | Trainer | Start date (day 1) |\n| --- | --- | --- |\n| {_blank()} | {_blank()} | {_blank()} |"
    parts = [
        '<div class="kb-sheet" markdown>',
        _box("who", header),
        f"Score each case's reply 0, 1 or 2 per criterion ({', '.join(short)}); it passes at {pass_words(training)}. "
        f"Self-check: {rubric.self_check_percent}% of a day's questions right. "
        "The [reply rubric](learning-path.md#how-replies-are-scored) says what each score means.",
    ]
    for week in training.weeks:
        rows = []
        for day in (d for d in training.days if d.week == week.number):
            questions = 0 if day.live_shift else self_check_count(docs, day.handle)
            check = f"__ of {questions} (pass {self_check_pass(questions, rubric.self_check_percent)})" if questions else "—"
            rows.append(f"| {day.day} | {_blank()} | {tables.cell(day.focus)} | {tables.cell(handled_words(docs, day))} | {check} | {_blank()} |")
        days = "\n".join(["| Day | Date | Focus | Runbooks handled | Self-check right | Trainer's initials |", "| ---: | --- | --- | --- | --- | --- |", *rows])
        cases = [c for c in training.cases if c.week == week.number]
        case_rows = [
            f"| {training.number(c)} | {tables.cell(c.title)} ({c.channel}) | ☐ | "
            + " | ".join(_blank() for _ in short)
            + f" | {_blank()} /{rubric.maximum} | ☐ |"
            for c in cases
        ]
        case_table = "\n".join(
            [
                "| Case | Title | Done | " + " | ".join(_breakable(name) for name in short) + " | Total | Passed |",
                "| ---: | --- | --- | " + " | ".join("---" for _ in short) + " | --- | --- |",
                *case_rows,
            ]
        )
        # One box per week: printed, a week stays on one page (kb.css), so each page is one week to sign.
        parts += [
            '<div class="kb-sheet__week" markdown>',
            f"## Week {week.number}: {tables.cell(week.theme)}",
            _box("days", days),
            _box("cases", case_table) if cases else "",
            f'<p class="kb-sheet__sign">Week {week.number} signed off by the trainer (day {training.sign_off_day(week.number)}): '
            '<span class="kb-sheet__line"></span> Date: <span class="kb-sheet__line kb-sheet__line--short"></span></p>',
            "</div>",
        ]
    solo = "\n".join(f"| ☐ | {tables.cell(condition)} |" for condition in training.ready_for_solo)
    parts += [
        "## Ready for solo work",
        _box("solo", "| Done | Condition |\n| --- | --- |\n" + solo),
        '<p class="kb-sheet__sign">Ready for solo work, signed by the trainer: <span class="kb-sheet__line"></span> '
        'Date: <span class="kb-sheet__line kb-sheet__line--short"></span></p>',
        '<p class="kb-sheet__sign">Seen by the team lead: <span class="kb-sheet__line"></span> '
        'Date: <span class="kb-sheet__line kb-sheet__line--short"></span></p>',
        f"*{tables.cell(training.label)}.*",
        "</div>",
    ]
    return "\n\n".join(p for p in parts if p) + "\n"
