"""The change-note rule: a runbook whose Steps, Reply section or replies differ from main needs a new dated note.

`make check` runs it (after every other rule) on a branch or a working tree with changes against main; on main
itself, or outside a git checkout, there is nothing to compare and it says nothing. A new runbook needs a note too:
"New runbook for …" is what a specialist starting a shift needs to hear.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from macros.replies import channel_of
from macros.yamlsource import normalise

from .contract import Problem, _section, page_kind, parse

#: The sections whose change a specialist must hear about.
WATCHED = ("Steps", "Reply to the customer")
SHAPE = 'add one under changes: in the front matter, e.g. - {date: 2026-11-30, note: "What a specialist now does differently."}'


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def base_commit(root: Path, base: str = "main") -> str | None:
    """Where this work forked from ``base`` (or origin/``base``); None outside git or without that branch."""
    for ref in (base, f"origin/{base}"):
        found = _git(root, "merge-base", "HEAD", ref)
        if found:
            return found.strip()
    return None


def _notes(page) -> set[tuple[str, str]]:  # noqa: ANN001 - a contract Page
    return {(str(item.get("date")), str(item.get("note"))) for item in page.meta.get("changes") or () if isinstance(item, dict)}


#: A link's target: a moved source (a new address for the same page) changes nothing a specialist does.
_TARGET = re.compile(r"\]\([^)\s]+\)")
#: A citation in brackets after a sentence, "([Stripe credit note API](…))": the source, not the step.
_CITATION = re.compile(r"\s*\(\[[^\]]*\]\([^)\s]+\)\)")


def _said(lines: list[str]) -> list[str]:
    """A section as a specialist reads it: citations, link targets and trailing spaces do not count as a change."""
    return [_TARGET.sub("]()", _CITATION.sub("", line.rstrip())) for line in lines]


def missing_notes(root: Path, base: str = "main") -> list[Problem]:
    commit = base_commit(root, base)
    if commit is None:
        return []
    listing = _git(root, "diff", "--name-only", commit, "--", "docs/runbooks", "snippets/replies")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", "docs/runbooks", "snippets/replies")
    changed = {line.strip() for line in f"{listing or ''}\n{untracked or ''}".splitlines() if line.strip()}
    if not changed:
        return []
    # A reply's chat or social version is part of the reply: a change to it is news too.
    replies = {found[1] for name in changed for found in [channel_of(name)] if found}
    problems = []
    for path in sorted((root / "docs" / "runbooks").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        if page_kind(rel) != "runbook":
            continue
        now, _ = parse(rel, normalise(path.read_text(encoding="utf-8", errors="replace")))
        if now is None:
            continue
        sent = set(now.meta.get("replies") or {}) & replies
        if rel not in changed and not sent:
            continue
        old_text = _git(root, "show", f"{commit}:{rel}")
        before = parse(rel, old_text)[0] if old_text is not None else None
        if _notes(now) - (_notes(before) if before is not None else set()):
            continue  # a new note was added (any note, on a new page)
        if before is None:
            problems.append(Problem(rel, now.meta_lines.get("title", 2), f"a new runbook needs a change note so the next shift hears of it — {SHAPE}"))
            continue
        for heading in WATCHED:
            found_now, found_before = _section(now, heading), _section(before, heading)
            if found_now and (found_before is None or _said(found_now[1]) != _said(found_before[1])):
                problems.append(Problem(rel, found_now[0], f"'## {heading}' changed against {base} and the page has no new change note — {SHAPE}"))
        if sent:
            line = now.meta_lines.get("replies", 2)
            names = ", ".join(sorted(sent))
            problems.append(Problem(rel, line, f"the reply {names} changed against {base} and the page has no new change note — {SHAPE}"))
    return problems
