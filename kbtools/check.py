"""`make check`: every content rule on every page, reply and data file (or the ones named, or the ones changed against
main), printed as ``path:line: what is wrong — how to fix it``. The rules are in kbtools/rules.py."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from macros.asof import resolve_as_of
from macros.data import SiteData, load_site_data
from macros.yamlsource import DataError

from . import changenotes, codeowners, onboarding, tree
from . import rules as R
from .contract import Problem, Rules

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("docs/", "snippets/", "data/", "overrides/", "mkdocs.yml")


def changed_files(root: Path, base: str = "main") -> list[str]:
    """Files changed against ``base``: committed on this branch, staged, unstaged and untracked."""
    commands = (
        ["git", "diff", "--name-only", f"{base}...HEAD"],
        ["git", "diff", "--name-only", "HEAD"],
        ["git", "ls-files", "--others", "--exclude-standard"],
    )
    names: set[str] = set()
    for command in commands:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True)
        if result.returncode == 0:
            names.update(line.strip() for line in result.stdout.splitlines() if line.strip())
    return sorted(n for n in names if n.startswith(CHECKED) and (root / n).is_file())


def problems_for(
    root: Path, paths: list[str], rules: Rules, declared: set[str], data: SiteData | None = None, policy_keys: set[str] | None = None
) -> list[Problem]:
    found: list[Problem] = []
    data_done = False
    for rel in paths:
        text, unreadable = R.read(root, rel)
        if text is None:
            found += unreadable
        elif rel.startswith("docs/") and rel.endswith(".md"):
            found += R.page_problems(root, rel, text, rules)
        elif rel.startswith("snippets/queries/"):
            found += R.query_problems(root, rel, text, data)
        elif rel.startswith("snippets/replies/"):
            found += R.reply_problems(rel, text, declared, policy_keys, root, data.channels if data is not None else R.channel_rules(root))
        elif rel.startswith("snippets/"):
            found += R.guard.scan(rel, text, R.guard.trusted_for(root)) + R.text_problems(root, rel, text)
        elif rel.startswith(("overrides/", "mkdocs.yml")):
            found += R.text_problems(root, rel, text, markdown=False)
        elif rel.startswith("data/"):
            found += R.guard.scan(rel, text, R.guard.trusted_for(root)) + R.text_problems(root, rel, text, markdown=False)
            if not data_done:
                found += R.data_problems(root, data)
                data_done = True
    return found


def schedule_problems(data: SiteData, today: date) -> list[Problem]:
    """A scheduled change whose date has passed: the new value is in force, so the schedule can go."""
    found = []
    for stem, changes in data.schedules.items():
        for key, change in changes.items():
            if not change.upcoming(today):
                found.append(
                    Problem(
                        f"data/{stem}.yml",
                        change.line or 1,
                        f"{key}: the change to {change.value!r} took effect on {change.effective} — write the plain value now",
                        "warning",
                    )
                )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-check", description=__doc__)
    parser.add_argument("paths", nargs="*", help="files to check (default: every page, reply and data file)")
    parser.add_argument("--changed", action="store_true", help="check only the files changed against main (and the site-wide rules)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root holding docs/ and data/ (default: this checkout)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    root = args.root.resolve()
    try:
        today, _ = resolve_as_of(os.environ, date.today())
        data = load_site_data(root, today)
        # Both sides of every scheduled change must be valid values: load as of before and after all of them.
        if data.schedules:
            load_site_data(root, date.min)
            load_site_data(root, date.max)
    except (DataError, ValueError) as exc:
        print(f"{exc} (the data must load before pages can be checked)", file=sys.stderr)
        print("kb-check: 0 file(s), 1 error(s), 0 warning(s)")
        return 1
    rules = Rules.from_site_data(root, data, today)
    declared, policy_keys = R.reply_context(root, data)
    if args.changed:
        paths = changed_files(root)
    elif args.paths:
        paths = []
        for raw in args.paths:
            path = Path(raw).resolve()
            if not Path(raw).is_absolute() and not path.is_relative_to(root):
                path = (root / raw).resolve()  # a path from the repository root, run from elsewhere
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                print(f"{raw}:1: not inside {root} — give a path in this repository", file=sys.stderr)
                return 1
            if not path.is_file():
                print(f"{rel}:1: no such file — check the path", file=sys.stderr)
                return 1
            paths.append(rel)
    else:
        links = tree.links(root)
        everything = [p for folder in ("docs", "snippets", "data", "overrides") for p in (root / folder).rglob("*") if p.is_file()]
        paths = sorted(
            rel
            for p in everything
            for rel in [p.relative_to(root).as_posix()]
            if p.suffix in (".md", ".yml", ".html", ".sql") and "vendor" not in p.parts and rel not in links
        )
        paths += ["mkdocs.yml"] if (root / "mkdocs.yml").is_file() else []
    problems = (
        problems_for(root, paths, rules, declared, data, policy_keys)
        + [Problem(path, line, message) for path, line, message in tree.problems(root)]
        + R.site_problems(root)
        + codeowners.problems(root, data)
        + onboarding.template_problems(root, data)
        + changenotes.missing_notes(root)
        + schedule_problems(data, today)
    )
    # Pages first: an editor working on a page hears about the page before what other files say about it.
    problems = sorted(set(problems), key=lambda p: (not p.path.startswith("docs/"), p.path, p.line, p.message))
    errors = sum(p.severity == "error" for p in problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"kb-check: {len(paths)} file(s), {errors} error(s), {len(problems) - errors} warning(s) in {time.perf_counter() - started:.1f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
