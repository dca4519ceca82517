"""The page contract: what every runbook and explainer must contain, checked line by line.

One definition, used by `make check` (kbtools.check) and by tests/test_contract.py, and documented for
editors in docs/contributing/page-contract.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from macros import yamlsource
from macros.cases import page_cases, team_names
from macros.freshness import review_state

#: A runbook answers first: what decides the case and what to do, then the replies, then the detail behind them.
RUNBOOK_SECTIONS = (
    "Decide and act",
    "Reply to the customer",
    "Before you start",
    "Steps",
    "Escalate",
    "When to use",
    "Related",
    "Check yourself",
)
#: Sections a runbook may add, each with the two sections it must sit between: research comes after the reply, so it
#: never pushes the decision or the reply off the first screen (docs/contributing/page-contract.md).
OPTIONAL_RUNBOOK_SECTIONS = {"Research": ("Reply to the customer", "Before you start")}
#: The macro a Research section shows its queries with.
RESEARCH_CALL = re.compile(r"\{\{-?\s*sigma_query\(")
#: Self-check questions a runbook's '## Check yourself' holds (``??? question "…"``, each with an indented answer).
CHECK_YOURSELF_QUESTIONS = (2, 3)
QUESTION = re.compile(r'^\?\?\?\s+question\s+"(?=.*\S.*")(.*)"\s*$')
#: Words of prose a specialist reads before the first reply (docs/contributing/page-contract.md).
ANSWER_FIRST_WORDS = 250
EXPLAINER_REQUIRED_LAST = "Sources"
COMMON_KEYS = ("title", "description", "owner", "last_reviewed", "review_every", "tags")
RUNBOOK_KEYS = COMMON_KEYS + ("aliases", "replies")
OPTIONAL_KEYS = ("render_macros", "search", "hide", "actions", "depends_on", "changes")
#: A change note: one sentence a specialist starting a shift reads in the Recent changes list.
CHANGE_NOTE_MAX = 200
REVIEW_EVERY = (30, 365)
ALIASES = (3, 12)
DESCRIPTION_MAX = 200
WORKED_EXAMPLE_MACROS = (
    "proration_table",
    "revenue_schedule",
    "domain_lifecycle",
    "dunning_schedule",
    "partial_refund",
    "tax_example",
    "journal_entries",
    "contract_modification",
    "usage_revenue",
    "credit_loss_allowance",
    "fx_example",
    "transfer_timeline",
    "price_breakdown",
)
#: Explainer sections, in order (a heading that starts with the name counts: "Worked example: …").
EXPLAINER_SECTIONS = ("The rule", "What it means for billing support", "Worked example", "Common customer questions", "Check yourself", "Sources")
ACTIONS = ("refund", "credit", "waive")
# Instructions that move money. A runbook whose body tells the reader to do one of these must declare the
# action in front matter, so its at-a-glance box shows the approval limits for it.
ACTION_PATTERNS = {
    "refund": re.compile(
        r"\b(?:issue|issuing|process|processing|make|making|submit|submitting)\s+(?:\w+\s+){0,4}?refunds?\b"
        r"|\brefund\s+(?:the|it|them|this)\b",
        re.I,
    ),
    "credit": re.compile(
        r"\b(?:issue|issuing|apply|applying|add|adding|grant|granting|create|creating)\s+(?:\w+\s+){0,3}?"
        r"(?:account\s+credit|credit\s+note|credit)s?\b",
        re.I,
    ),
    "waive": re.compile(r"\bwaiv(?:e|es|ing)\b", re.I),
}
NEGATION = re.compile(r"\b(?:not|never|don't|do not|no|without|cannot|can't|nor)\b[^.;:!?]*$", re.I)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page, printed as ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass(frozen=True)
class Rules:
    """What the contract checks against, read from data/ and snippets/: known owners, tags and reply templates."""

    owners: frozenset[str]
    tags: frozenset[str]
    today: date
    replies: frozenset[str] = frozenset()  # file names under snippets/replies/, without .md
    due_soon_days: int = 14  # team policy reviews.due_soon_days; from_site_data reads it
    root: Path | None = None  # the repository, for depends_on paths
    #: What pages call each team, for the escalations the at-a-glance box shows (macros/cases.py); empty: not checked.
    team_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: data/decisions.yml: the role actions, and each shared answer's guard (or None) and length in words.
    roles: frozenset[str] = frozenset()
    decisions: dict[str, tuple[re.Pattern[str] | None, int]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, root: Path, today: date) -> Rules:
        from macros.data import load_site_data

        return cls.from_site_data(root, load_site_data(root), today)

    @classmethod
    def from_site_data(cls, root: Path, data: Any, today: date) -> Rules:
        replies = frozenset(p.stem for p in (root / "snippets" / "replies").glob("*.md"))
        shared = data.decisions
        return cls(
            frozenset(data.teams),
            frozenset(data.tags),
            today,
            replies,
            data.policy_value("reviews.due_soon_days"),
            root,
            team_names(data.teams),
            frozenset(shared.actions) if shared else frozenset(),
            {key: (d.guard, len(d.answer.split())) for key, d in shared.answers.items()} if shared else {},
        )


def page_kind(rel_path: str) -> str | None:
    """``runbook`` for docs/runbooks/**, ``explainer`` for docs/accounting/** and docs/domains/**; index pages are neither."""
    parts = Path(rel_path).parts
    if parts[:1] == ("docs",):
        parts = parts[1:]
    if not parts or parts[-1] == "index.md" or not parts[-1].endswith(".md"):
        return None
    if parts[0] == "runbooks" and len(parts) >= 3:
        return "runbook"
    if parts[0] in ("accounting", "domains"):
        return "explainer"
    return None


@dataclass
class Page:
    path: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: list[str]
    body_start: int  # 1-based line number of body[0]
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list-valued keys: the line of each item


@functools.lru_cache(maxsize=4096)  # more than the pages of a 1,000-page copy: a miss re-parses
def parse(path: str, text: str) -> tuple[Page | None, tuple[Problem, ...]]:
    """Split front matter from body, keeping the line of each front-matter key (cached: several rules read a page)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, (Problem(path, 1, "no front matter — start the file with a '---' line, the keys, and a closing '---'"),)
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        return None, (Problem(path, 1, "front matter is not closed — add a '---' line after the last key"),)
    block = "\n".join(lines[1:end])
    try:
        node = yamlsource.compose(block)
        meta = (yamlsource.construct(node) if node is not None else None) or {}
    except yamlsource.UnsafeYaml as exc:
        return None, (Problem(path, (exc.line or 0) + 1, f"front matter: {exc.message}"),)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = str(getattr(exc, "problem", exc))
        if "is not a real date" in problem:
            return None, (Problem(path, line, f"front matter: {problem}"),)
        return None, (Problem(path, line, f"front matter is not valid YAML ({problem}) — check quoting and indentation"),)
    if not isinstance(meta, dict):
        return None, (Problem(path, 2, "front matter must be 'key: value' lines"),)
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    meta_lines = {str(k.value): k.start_mark.line + 2 for k, _ in pairs}
    item_lines = {str(k.value): [item.start_mark.line + 2 for item in v.value] for k, v in pairs if isinstance(v, yaml.SequenceNode)}
    return Page(path, meta, meta_lines, lines[end + 1 :], end + 2, item_lines), ()


_FENCE = re.compile(r"(`{3,}|~{3,})")
_HEADING = re.compile(r"(#{1,6})\s+(.+?)\s*#*\s*$")


def _headings(page: Page) -> list[tuple[int, int, str]]:
    """``(line, level, text)`` for every ATX heading outside fenced code."""
    found, fence = [], None
    # Most lines are neither a fence nor a heading: the first characters decide before any pattern runs (the rules
    # ask for a page's sections several times, and `make check` and the tests check every page).
    for offset, line in enumerate(page.body):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = _FENCE.match(stripped)
            if fence is None:
                fence = marker.group(1)[0]
            elif stripped.startswith(fence * 3):
                fence = None
            continue
        if fence is None and line.startswith("#"):
            match = _HEADING.match(line)
            if match:
                found.append((page.body_start + offset, len(match.group(1)), match.group(2).strip()))
    return found


def _section(page: Page, heading: str) -> tuple[int, list[str]] | None:
    """The line of ``## heading`` and the body lines up to the next H2."""
    h2 = [(line, text) for line, level, text in _headings(page) if level == 2]
    for index, (line, text) in enumerate(h2):
        if text == heading:
            stop = h2[index + 1][0] if index + 1 < len(h2) else page.body_start + len(page.body)
            return line, page.body[line - page.body_start + 1 : stop - page.body_start]
    return None


def _check_front_matter(page: Page, kind: str, rules: Rules) -> list[Problem]:
    meta, problems = page.meta, []
    required = RUNBOOK_KEYS if kind == "runbook" else COMMON_KEYS

    def at(key: str) -> int:
        return page.meta_lines.get(key, 2)

    def bad(key: str, message: str) -> None:
        problems.append(Problem(page.path, at(key), message))

    for key in required:
        if key not in meta:
            bad(key, f"front matter key '{key}' is missing — add it (see docs/contributing/page-contract.md)")
    for key in meta:
        if key not in required and key not in OPTIONAL_KEYS:
            allowed = ", ".join(required + OPTIONAL_KEYS)
            bad(key, f"unknown front matter key '{key}' — a typo? Allowed keys: {allowed}")
    if "changes" in meta:
        problems += _check_change_notes(page, rules)
    if "depends_on" in meta:
        listed = meta["depends_on"]
        if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
            bad("depends_on", "depends_on must be a list of repository files, e.g. [data/tlds.yml]")
        elif rules.root is not None:
            for item in listed:
                if not item.startswith(("data/", "snippets/")) or not (rules.root / item).is_file():
                    bad("depends_on", f"depends_on: '{item}' is not a file under data/ or snippets/ — name one, e.g. data/tlds.yml")
    if "title" in meta and (not isinstance(meta["title"], str) or not meta["title"].strip()):
        bad("title", "title must be text — name the task, e.g. 'Customer reports a duplicate charge'")
    if "description" in meta:
        text = meta["description"]
        if not isinstance(text, str) or not text.strip():
            bad("description", "description must be one sentence of text")
        elif not text.rstrip().endswith("."):
            bad("description", "description must be one full sentence ending with a period")
        elif re.search(r"[.!?]\s+[A-Z]", text.strip()[:-1]):
            bad("description", "description must be ONE sentence — move the rest into 'When to use'")
        elif len(text) > DESCRIPTION_MAX:
            bad("description", f"description is {len(text)} characters — keep it under {DESCRIPTION_MAX}")
    if "owner" in meta and meta["owner"] not in rules.owners:
        bad("owner", f"owner '{meta['owner']}' is not a team in data/teams.yml — use one of: {', '.join(sorted(rules.owners))}")
    if "last_reviewed" in meta:
        reviewed = meta["last_reviewed"]
        if not isinstance(reviewed, date):
            bad("last_reviewed", f"last_reviewed must be an ISO date like 2026-11-27, got {reviewed!r}")
        elif reviewed > rules.today:
            bad("last_reviewed", f"last_reviewed {reviewed} is in the future — use the date you reviewed the page")
        elif isinstance(meta.get("review_every"), int) and not isinstance(meta["review_every"], bool):
            state = review_state(reviewed, meta["review_every"], rules.today, rules.due_soon_days)
            if state.status == "overdue":
                problems.append(
                    Problem(
                        page.path,
                        at("last_reviewed"),
                        f"review overdue since {state.due} — re-read the page against its sources, then update last_reviewed",
                        "warning",
                    )
                )
    if "review_every" in meta:
        every = meta["review_every"]
        low, high = REVIEW_EVERY
        if isinstance(every, bool) or not isinstance(every, int) or not low <= every <= high:
            bad("review_every", f"review_every must be a number of days from {low} to {high}, got {every!r}")
    if "tags" in meta:
        tags = meta["tags"]
        if not isinstance(tags, list) or not tags:
            bad("tags", "tags must be a list like [payments, refunds]")
        else:
            for tag in tags:
                if tag not in rules.tags:
                    bad("tags", f"tag '{tag}' is not in data/tags.yml — use one of: {', '.join(sorted(rules.tags))}, or add it there")
    if kind == "runbook" and "aliases" in meta:
        aliases = meta["aliases"]
        low, high = ALIASES
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            bad("aliases", "aliases must be a list of the phrases customers use, like [double charge, charged twice]")
        elif not low <= len(aliases) <= high:
            bad("aliases", f"give {low} to {high} aliases (the words customers and specialists type), got {len(aliases)}")
        elif len({a.lower() for a in aliases}) != len(aliases):
            bad("aliases", "aliases repeat — list each phrase once")
    if kind == "runbook" and "replies" in meta:
        replies = meta["replies"]
        if not isinstance(replies, dict) or not replies:
            bad("replies", "replies must map each reply file to its tab label, like  replies: {refund-issued: Refund issued}")
        else:
            for name, label in replies.items():
                if not isinstance(label, str) or not label.strip() or re.search(r"[<>{}`*]", label):
                    bad("replies", f"reply {name!r}: the tab label must be plain text, like 'Refund issued'")
                elif rules.replies and name not in rules.replies:
                    bad("replies", f"reply {name!r} is not a file in snippets/replies/ — create snippets/replies/{name}.md or fix the name")
    if "actions" in meta:
        actions = meta["actions"]
        if kind != "runbook":
            bad("actions", "only runbooks declare actions — remove the key")
        elif not isinstance(actions, list) or not all(a in ACTIONS for a in actions):
            bad("actions", f"actions must be a list of: {', '.join(ACTIONS)} — got {actions!r}")
    if "search" in meta and meta["search"] != {"exclude": True}:
        bad("search", "search: takes only {exclude: true} (leave the page out of the site search); ranking comes from data/search_terms.yml")
    if meta.get("render_macros") is not True:
        bad("render_macros", "add 'render_macros: true' — runbooks and explainers render live tables and boxes from data/")
    return problems


def _prose_words(lines: list[str]) -> int:
    """Words a reader reads in Markdown lines: no macro calls, link targets, headings or markup."""
    words = 0
    for line in lines:
        text = line.strip()
        if not text or text.startswith(("{{", "#", "!!!", "???", "```", "<")):
            continue
        text = re.sub(r"\{\{.*?\}\}", " ", text)
        text = re.sub(r"\]\([^)]*\)", "]", text)
        words += len(re.findall(r"[A-Za-z0-9$€£][\w'’$.,%-]*", text))
    return words


def _reply_labels(page: Page) -> dict[str, str]:
    replies = page.meta.get("replies")
    return {str(label).strip(): str(name) for name, label in replies.items() if isinstance(label, str)} if isinstance(replies, dict) else {}


def _check_reply_links(page: Page) -> list[Problem]:
    """Every mention of a reply outside the Reply section links to it, and every #reply- link has its reply."""
    problems = []
    labels = _reply_labels(page)
    names = set(labels.values())
    reply = _section(page, "Reply to the customer")
    skip = set(range(reply[0], reply[0] + len(reply[1]) + 1)) if reply else set()
    fence = False
    for offset, line in enumerate(page.body):
        number = page.body_start + offset
        if line.strip().startswith(("```", "~~~")):
            fence = not fence
        if fence or number in skip:
            continue
        for match in re.finditer(r"\]\(#reply-([a-z0-9-]+)\)", line):
            if match.group(1) not in names:
                problems.append(
                    Problem(
                        page.path,
                        number,
                        f"link to #reply-{match.group(1)}, but replies: in front matter has no {match.group(1)!r} — use one of: {', '.join(sorted(names))}",
                    )
                )
        for match in re.finditer(r"(?<!\[)\*\*([^*]+?)\*\*(?!\]\()", line):
            label = match.group(1).strip()
            if label in labels:
                problems.append(Problem(page.path, number, f"'**{label}**' names a reply — link it so a click opens it: [{label}](#reply-{labels[label]})"))
        for match in re.finditer(r"\b[Ss]end(?:s|ing)? (?:the |a |them the )?\*\*([^*]+?)\*\*(?: or \*\*[^*]+\*\*)* repl", line):
            if labels and match.group(1).strip() not in labels:
                problems.append(
                    Problem(
                        page.path,
                        number,
                        f"'send the **{match.group(1)}** reply': no reply on this page is labelled so — use one of: {', '.join(sorted(labels))}",
                    )
                )
    return problems


def _check_runbook_body(page: Page, rules: Rules) -> list[Problem]:
    problems = []
    first = next(((page.body_start + i, line) for i, line in enumerate(page.body) if line.strip()), (page.body_start, ""))
    if not first[1].lstrip().startswith("{{ at_a_glance("):
        problems.append(Problem(page.path, first[0], 'the body must open with the at-a-glance box — add {{ at_a_glance(who="...", time="...") }}'))
    h2 = [(line, text) for line, level, text in _headings(page) if level == 2]
    titles = [text for _, text in h2]
    for line, text in h2:
        if titles.count(text) > 1:
            problems.append(Problem(page.path, line, f"section '## {text}' appears twice — merge them"))
    if h2 and h2[0][1] != RUNBOOK_SECTIONS[0] and RUNBOOK_SECTIONS[0] in titles:
        problems.append(
            Problem(page.path, h2[0][0], f"'## {h2[0][1]}' comes before '## {RUNBOOK_SECTIONS[0]}' — the page answers first: move it below the replies")
        )
    position = -1
    for index_wanted, wanted in enumerate(RUNBOOK_SECTIONS):
        if wanted not in titles:
            if index_wanted:
                after = RUNBOOK_SECTIONS[index_wanted - 1]
                line = next((ln for ln, text in h2 if text == after), page.body_start)
                hint = f"after '## {after}'"
                if wanted == "Check yourself":
                    low, high = CHECK_YOURSELF_QUESTIONS
                    hint += " (before '## Sources')" if "Sources" in titles else ""
                    hint += f', with {low} or {high} questions: ??? question "…" and an indented answer'
            else:
                line, hint = first[0], "first, right after the at-a-glance box"
            problems.append(Problem(page.path, line, f"section '## {wanted}' is missing — add it {hint}"))
            continue
        index = titles.index(wanted)
        if index < position:
            problems.append(Problem(page.path, h2[index][0], f"section '## {wanted}' is out of order — the order is: {', '.join(RUNBOOK_SECTIONS)}"))
        position = max(position, index)
    checks = (
        (
            "Decide and act",
            lambda body: any(re.search(r"\]\(#reply-", line) for line in body),
            "'## Decide and act' must link the reply for each outcome: [Refund issued](#reply-<name>)",
        ),
        ("Steps", lambda body: any(re.match(r"\s*1\.\s", line) for line in body), "'## Steps' needs a numbered list (1. ...) of concrete steps"),
        (
            "Reply to the customer",
            lambda body: any("{{ reply_composers() }}" in line for line in body),
            "'## Reply to the customer' must show the reply composers: add {{ reply_composers() }} "
            "and list the replies in front matter (replies: {name: Tab label})",
        ),
        (
            "Escalate",
            lambda body: any("{{ escalation(" in line for line in body),
            "'## Escalate' must render the queue and response target — add {{ escalation(queue=\"<team>\") }}",
        ),
        ("Related", lambda body: any(re.search(r"\]\([^)]+\)", line) for line in body), "'## Related' needs at least one link to another page"),
    )
    for heading, ok, message in checks:
        found = _section(page, heading)
        if found and not ok(found[1]):
            problems.append(Problem(page.path, found[0], message))
    if h2 and h2[-1][1] != "Sources" and "Sources" in titles:
        after = titles[titles.index("Sources") + 1]
        line = next(ln for ln, text in h2 if text == after)
        problems.append(Problem(page.path, line, f"'## {after}' comes after '## Sources' — move it above: '## Sources' is the last section"))
    problems += _check_questions(page) + _check_optional_sections(page, h2)
    for offset, line in enumerate(page.body):
        if "--8<--" in line and "replies/" in line:
            problems.append(
                Problem(
                    page.path,
                    page.body_start + offset,
                    "replies are no longer included with --8<-- — list them under replies: in front matter and show them with {{ reply_composers() }}",
                )
            )
    stop = next((i for i, line in enumerate(page.body) if "{{ reply_composers() }}" in line), None)
    if stop is not None:
        words = _prose_words(page.body[:stop]) + sum(rules.decisions.get(key, (None, 0))[1] for key in DECISION_CALL.findall("\n".join(page.body[:stop])))
        if words > ANSWER_FIRST_WORDS:
            line = next((ln for ln, text in h2 if text == RUNBOOK_SECTIONS[0]), first[0])
            problems.append(
                Problem(
                    page.path,
                    line,
                    f"{words} words of prose before the first reply — keep it to {ANSWER_FIRST_WORDS}: the checks that decide the case, "
                    "the action, and the reply to send; move reasoning and edge cases below the replies",
                )
            )
    return problems + _check_reply_links(page) + _check_cases(page, rules)


#: A shared answer or a role list shown on a page: {{ decision("key") }}, {{ roles("action") }}.
DECISION_CALL = re.compile(r"""\{\{-?\s*decision\(\s*["']([^"']+)["']\s*\)""")
ROLES_CALL = re.compile(r"""\{\{-?\s*roles\(\s*["']([^"']+)["']\s*\)|\{roles\.([a-z0-9_]+)\}""")


def _check_optional_sections(page: Page, h2: list[tuple[int, str]]) -> list[Problem]:
    """'## Research' sits between the reply and '## Before you start', and holds the page's research queries; a
    query shown anywhere else on a runbook is reported at its line."""
    problems = []
    titles = [text for _, text in h2]
    for name, (after, before) in OPTIONAL_RUNBOOK_SECTIONS.items():
        if name not in titles:
            continue
        line = h2[titles.index(name)][0]
        index = titles.index(name)
        if (after in titles and index < titles.index(after)) or (before in titles and index > titles.index(before)):
            problems.append(
                Problem(
                    page.path,
                    line,
                    f"'## {name}' is out of place — put it after '## {after}' and before '## {before}': the page answers first, the research follows the reply",
                )
            )
    research = _section(page, "Research")
    inside = set(range(research[0], research[0] + len(research[1]) + 1)) if research else set()
    fence = False
    for offset, text in enumerate(page.body):
        number = page.body_start + offset
        if text.strip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and RESEARCH_CALL.search(text) and number not in inside:
            problems.append(Problem(page.path, number, "a research query sits outside '## Research' — move it there, after '## Reply to the customer'"))
    if research and not any(RESEARCH_CALL.search(text) for text in research[1]):
        problems.append(
            Problem(page.path, research[0], "'## Research' shows no query — add {{ sigma_query(name=\"…\") }} (the queries are listed in the query library)")
        )
    return problems


def _check_cases(page: Page, rules: Rules) -> list[Problem]:
    """The at-a-glance box lists the cases of '## Decide and act' that escalate: the page may not write its own list,
    and every escalation in a case names its team, so the box can show it."""
    problems = []
    glance = next(((page.body_start + i, line) for i, line in enumerate(page.body) if "at_a_glance(" in line), None)
    if glance and re.search(r"\bescalate_when\s*=", glance[1]):
        problems.append(
            Problem(
                page.path,
                glance[0],
                "at_a_glance() takes no escalate_when: the box lists the cases in '## Decide and act' that escalate — "
                "write the escalation into its case ('escalate to Billing Operations') and delete the argument",
            )
        )
    if not rules.team_names:
        return problems
    _, found = page_cases("\n".join(page.body), rules.team_names)
    teams = ", ".join(names[0] for names in rules.team_names.values())
    for case in found:
        problems += _case_reply_problems(page, rules, case)
        for clause in case.unnamed:
            problems.append(
                Problem(
                    page.path,
                    page.body_start + case.line - 1,
                    f"case {case.number} says to escalate but names no team ('{clause[:60]}') — name it, e.g. 'escalate to "
                    f"Billing Operations', so the at-a-glance box can show it (teams: {teams})",
                )
            )
        if case.escalations and not case.lead:
            problems.append(
                Problem(
                    page.path,
                    page.body_start + case.line - 1,
                    f"case {case.number} escalates but does not open with its condition in bold — start it '**Condition.**': "
                    "the at-a-glance box shows that condition",
                )
            )
    return problems


def _case_reply_problems(page: Page, rules: Rules, case: Any) -> list[Problem]:
    """Every case names the reply it sends (a link to it, on this page or another runbook's), or says it sends none:
    "no reply: escalate to <team> with <what to include>". A case with neither leaves the specialist with nothing for
    the customer in the state the case describes."""
    line = page.body_start + case.line - 1
    if case.no_reply:
        if case.escalations:
            return []
        return [
            Problem(
                page.path, line, f"case {case.number} says 'no reply' but escalates to no team — name it: 'no reply: escalate to Billing Operations with …'"
            )
        ]
    if not case.replies:
        return [
            Problem(
                page.path,
                line,
                f"case {case.number} names no reply — link the reply it sends ([Label](#reply-name), or another runbook's "
                "../area/page.md#reply-name), or write 'no reply: escalate to <team> with <what to include>'",
            )
        ]
    problems = []
    for target, name in case.replies:
        if not target or rules.root is None:
            continue  # this page's replies: _check_reply_links checks them against replies:
        other = (rules.root / Path(page.path).parent / target).resolve()
        try:
            found, _ = parse(other.relative_to(rules.root.resolve()).as_posix(), other.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        listed = found.meta.get("replies") if found is not None else None
        if not isinstance(listed, dict) or name not in listed:
            problems.append(
                Problem(
                    page.path,
                    line,
                    f"case {case.number} links the reply {name!r} of {target}, which that page does not send — link one it lists under replies:",
                )
            )
    return problems


def shared_answer_problems(page: Page, rules: Rules) -> list[Problem]:
    """A decision() or roles() that data/decisions.yml does not have, and a line that restates a shared answer in
    its own words (a guard matches outside the decision() call): every page gives that answer one way."""
    problems, fence, section = [], False, ""
    for offset, line in enumerate(page.body):
        number = page.body_start + offset
        if line.strip().startswith(("```", "~~~")):
            fence = not fence
            continue
        heading = re.match(r"##\s+(.+?)\s*$", line)
        if heading and not fence:
            section = heading.group(1)
        if fence:
            continue
        for key in DECISION_CALL.findall(line):
            if rules.decisions and key not in rules.decisions:
                problems.append(Problem(page.path, number, f"decision {key!r} is not in data/decisions.yml — use one of: {', '.join(sorted(rules.decisions))}"))
        for call, token in ROLES_CALL.findall(line):
            action = call or token
            if rules.roles and action not in rules.roles:
                known = ", ".join(sorted(rules.roles))
                problems.append(Problem(page.path, number, f"role action {action!r} is not in data/decisions.yml roles.actions — use one of: {known}"))
        if section == "Sources" or DECISION_CALL.search(line):
            continue
        words = MACRO_ARGS.sub("", line)
        for key, (guard, _) in rules.decisions.items():
            if guard is not None and guard.search(words):
                problems.append(
                    Problem(
                        page.path,
                        number,
                        f"restates the shared answer '{key}' in its own words — show it with {{{{ decision(\"{key}\") }}}} "
                        "(data/decisions.yml), so every page says one thing",
                    )
                )
    return problems


MACRO_ARGS = re.compile(r"\{\{.*?\}\}")


def _check_change_notes(page: Page, rules: Rules) -> list[Problem]:
    """``changes:``: a list of ``{date: YYYY-MM-DD, note: "One sentence."}``, dated no later than the build date."""
    listed = page.meta["changes"]
    where = page.meta_lines.get("changes", 2)
    shape = 'write each as - {date: 2026-11-30, note: "What changed, in one sentence."}'
    if not isinstance(listed, list) or not listed:
        return [Problem(page.path, where, f"changes must be a list of dated notes — {shape}")]
    problems = []
    lines = page.item_lines.get("changes", [])
    for index, item in enumerate(listed):
        line = lines[index] if index < len(lines) else where
        if not isinstance(item, dict) or set(item) != {"date", "note"}:
            problems.append(Problem(page.path, line, f"a change note has exactly two keys, date and note — {shape}"))
            continue
        when, note = item["date"], item["note"]
        if not isinstance(when, date):
            problems.append(Problem(page.path, line, f"the note's date must be an ISO date like 2026-11-30, got {when!r}"))
        elif when > rules.today:
            problems.append(Problem(page.path, line, f"the note is dated {when}, after today ({rules.today}) — date it the day the change lands"))
        if not isinstance(note, str) or not note.strip():
            problems.append(Problem(page.path, line, f"the note is empty — {shape}"))
        elif re.search(r"[<>{}`*\[\]]", note):
            problems.append(Problem(page.path, line, "a change note is plain text — remove markup (< > { } ` * [ ]); the list links the page itself"))
        elif not note.strip().endswith(".") or re.search(r"[.!?]\s+[A-Z]", note.strip()[:-1]):
            problems.append(Problem(page.path, line, "a change note is ONE sentence ending with a period — what a specialist now does differently"))
        elif len(note) > CHANGE_NOTE_MAX:
            problems.append(Problem(page.path, line, f"the note is {len(note)} characters — keep it under {CHANGE_NOTE_MAX}; the detail belongs on the page"))
    return problems


def _check_questions(page: Page) -> list[Problem]:
    """A runbook's '## Check yourself': 2 or 3 ``??? question "…"`` blocks, each with an indented answer that is not empty."""
    found = _section(page, "Check yourself")
    if found is None:
        return []
    start, body = found
    low, high = CHECK_YOURSELF_QUESTIONS
    problems, questions = [], 0
    for offset, line in enumerate(body):
        if not line.startswith("???"):
            continue
        number = start + 1 + offset
        if not QUESTION.match(line):
            problems.append(
                Problem(
                    page.path, number, 'a self-check question is written ??? question "…" — a collapsed block, type question, the question in double quotes'
                )
            )
            continue
        questions += 1
        answer = []
        for following in body[offset + 1 :]:
            if following.strip() and not following.startswith(("    ", "\t")):
                break
            answer.append(following.strip())
        if not any(answer):
            problems.append(
                Problem(page.path, number, "this question has no answer — write it below, indented by four spaces: the decision, the reason, the reply or team")
            )
    if questions < low:
        problems.append(
            Problem(
                page.path,
                start,
                f"'## Check yourself' has {questions} question{'s' if questions != 1 else ''} — give {low} or {high}: "
                '??? question "…" with an indented answer, each a case this page decides',
            )
        )
    elif questions > high:
        problems.append(
            Problem(
                page.path,
                start,
                f"'## Check yourself' has {questions} questions — keep {low} or {high}: the judgement calls a new specialist gets wrong",
            )
        )
    return problems


def undeclared_actions(page: Page) -> list[Problem]:
    """Instructions to refund, credit or waive in a runbook that does not declare that action."""
    declared = set(page.meta.get("actions") or [])
    reply = _section(page, "Reply to the customer")
    skip = set(range(reply[0], reply[0] + len(reply[1]) + 1)) if reply else set()
    found: dict[str, int] = {}
    fence = False
    for offset, line in enumerate(page.body):
        number = page.body_start + offset
        if line.strip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or number in skip:
            continue
        for action, pattern in ACTION_PATTERNS.items():
            for match in pattern.finditer(line):
                if action in declared or action in found or NEGATION.search(line[: match.start()]):
                    continue
                found[action] = number
    return [
        Problem(
            page.path,
            line,
            f"tells the reader to {action} ('{_quote(page, line, action)}') but front matter does not declare it — "
            f"add '{action}' to actions: so the at-a-glance box shows the approval needed",
        )
        for action, line in sorted(found.items(), key=lambda item: item[1])
    ]


def _quote(page: Page, line: int, action: str) -> str:
    text = page.body[line - page.body_start]
    match = ACTION_PATTERNS[action].search(text)
    return match.group(0) if match else action


def _check_explainer_body(page: Page) -> list[Problem]:
    problems = []
    text = "\n".join(page.body)
    if not any(re.search(r"\{\{\s*" + name + r"\(", text) for name in WORKED_EXAMPLE_MACROS):
        first = next((page.body_start + i for i, line in enumerate(page.body) if line.strip()), page.body_start)
        problems.append(
            Problem(page.path, first, f"no worked example — render one with a macro: {', '.join(WORKED_EXAMPLE_MACROS)} (see docs/contributing/macros.md)")
        )
    h2 = [(line, text) for line, level, text in _headings(page) if level == 2]
    position = -1
    for wanted in EXPLAINER_SECTIONS:
        found = [(index, line) for index, (line, text) in enumerate(h2) if text == wanted or text.startswith(wanted + ":")]
        if not found:
            if wanted != EXPLAINER_REQUIRED_LAST:
                problems.append(Problem(page.path, page.body_start, f"section '## {wanted}' is missing — explainers have: {', '.join(EXPLAINER_SECTIONS)}"))
            continue
        index, line = found[0]
        if index < position:
            problems.append(Problem(page.path, line, f"section '## {wanted}' is out of order — the order is: {', '.join(EXPLAINER_SECTIONS)}"))
        position = max(position, index)
    check = _section(page, "Check yourself")
    if check and not any(line.lstrip().startswith("??? question") for line in check[1]):
        problems.append(
            Problem(page.path, check[0], "'## Check yourself' needs self-check questions with hidden answers: ??? question \"…\" and an indented answer")
        )
    if h2 and h2[-1][1] != EXPLAINER_REQUIRED_LAST and any(text == EXPLAINER_REQUIRED_LAST for _, text in h2):
        problems.append(Problem(page.path, h2[-1][0], "'## Sources' must be the last section"))
    sources = _section(page, EXPLAINER_REQUIRED_LAST)
    if sources is None:
        problems.append(
            Problem(page.path, page.body_start + len(page.body) - 1, "section '## Sources' is missing — list the primary or named sources with links")
        )
    elif not any(re.search(r"\]\(https://[^)]+\)", line) for line in sources[1]):
        problems.append(Problem(page.path, sources[0], "'## Sources' needs at least one https:// link to a primary or named source"))
    return problems


def unwritten(page: Page, text: str) -> list[Problem]:
    """Scaffold text still in the page (``TODO``), one problem per section still to write."""
    if "TODO" not in text:
        return []
    problems, seen = [], set()
    section = "front matter"
    for number, line in enumerate(text.splitlines(), start=1):
        heading = re.match(r"##\s+(.+?)\s*$", line)
        if heading and number >= page.body_start:
            section = f"'## {heading.group(1)}'"
        elif number >= page.body_start and section == "front matter":
            section = "the at-a-glance box"
        if re.search(r"\bTODO\b", line) and section not in seen:
            seen.add(section)
            problems.append(Problem(page.path, number, f"{section} is still scaffold text (TODO) — write it, then delete the TODO"))
    return problems


def check_text(rel_path: str, text: str, rules: Rules) -> list[Problem]:
    """Every problem with one page, given its path relative to the repository root."""
    kind = page_kind(rel_path)
    if kind is None:
        return []
    page, parsed_problems = parse(rel_path, text)
    problems = list(parsed_problems)  # parse() is cached: never extend its list
    if page is None:
        return problems
    problems += _check_front_matter(page, kind, rules) + unwritten(page, text) + shared_answer_problems(page, rules)
    problems += _check_runbook_body(page, rules) + undeclared_actions(page) if kind == "runbook" else _check_explainer_body(page)
    return sorted(problems, key=lambda p: (p.line, p.message))


def contract_pages(root: Path) -> list[Path]:
    """Every page the contract applies to, sorted."""
    return sorted(p for p in (root / "docs").rglob("*.md") if page_kind(str(p.relative_to(root))))
