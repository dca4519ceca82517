"""`make mutation`: mutation testing of the calculation modules (mutmut, configured in setup.cfg) and a score per module.

mutmut changes the calculation code one small step at a time (a `<` for a `<=`, a dropped argument, a constant
off by one) and runs the fast tests that call the changed function; a change no test notices "survives". The
score of a module is killed / mutants, where mutants are the non-equivalent ones: a change that cannot alter any
result is marked where it sits with mutmut's own marker, `# pragma: no mutate`, and a reason, so it is never made.
docs/contributing/mutation-testing.md says when to run it and how to read a survivor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: mutmut's exit codes per mutant (mutmut/stats.py): a failing test run kills it, SIGXCPU is a timeout (also a kill).
KILLED = {1, 3}
TIMEOUT = {-24, 24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
#: The marker mutmut honours, on the line of an equivalent change; the reason follows it.
MARKER = re.compile(r"\s*# pragma: no mutate\b.*$")
THRESHOLD = 95.0


#: mutmut leaves module-level assignments alone (rounding modes, limits, the lists a form offers), so these changes are
#: made by hand, one at a time, and the fast tests must fail on each: (module, text, changed to, what it would mean).
CONSTANT_MUTANTS = [
    ("macros/money.py", "ROUNDING = ROUND_HALF_UP", 'ROUNDING = "ROUND_HALF_EVEN"', "banker's rounding"),
    ("macros/money.py", 'CENT = Decimal("0.01")', 'CENT = Decimal("0.1")', "rounding to ten cents"),
    ("macros/periods.py", 'FIXED_DAYS = {"monthly": 30, "annual": 365}', 'FIXED_DAYS = {"monthly": 31, "annual": 365}', "31-day periods"),
    ("macros/periods.py", 'FIXED_DAYS = {"monthly": 30, "annual": 365}', 'FIXED_DAYS = {"monthly": 30, "annual": 366}', "366-day years"),
    ("macros/periods.py", 'MONTHS = {"monthly": 1, "annual": 12}', 'MONTHS = {"monthly": 1, "annual": 11}', "an 11-month year"),
    ("macros/periods.py", 'CONVENTIONS = ("calendar", "thirty_day", "hourly")', 'CONVENTIONS = ("calendar", "thirty_day")', "hourly refused"),
    ("macros/calculators.py", "YEARS = (1900, 2199)", "YEARS = (1900, 2200)", "the year 2200 accepted"),
    ("macros/calculators.py", "YEARS = (1900, 2199)", "YEARS = (1901, 2199)", "the year 1900 refused"),
    ("macros/calculators.py", '(?:\\.[0-9]{1,2})?")', '(?:\\.[0-9]{1,3})?")', "three decimals accepted"),
    ("macros/calculators.py", 'AMOUNT = re.compile(r"[0-9]{1,9}', 'AMOUNT = re.compile(r"[0-9]{1,10}', "ten digits accepted"),
    ("macros/calculators.py", 'CYCLES = ("monthly", "annual")', 'CYCLES = ("monthly", "annual", "weekly")', "a weekly cycle offered"),
    ("macros/refund.py", 'REASONS = ("goodwill", "error")', 'REASONS = ("goodwill", "error", "whim")', "any reason refunds"),
    ("macros/modification.py", 'METHODS = ("prospective", "catch_up")', 'METHODS = ("prospective", "catch_up", "straight")', "an unknown method"),
    ("macros/revenue.py", 'BASES = ("daily", "monthly")', 'BASES = ("daily", "monthly", "weekly")', "an unknown basis"),
]

#: The fast test module that pins each module's constants from the domain (a constant change runs only that one).
CONSTANT_TESTS = {
    "macros/money.py": "tests/test_money_and_dates.py",
    "macros/periods.py": "tests/test_money_and_dates.py",
    "macros/calculators.py": "tests/test_calculator_reference.py",
    "macros/refund.py": "tests/test_dunning_refund_tax.py",
    "macros/modification.py": "tests/test_accounting.py",
    "macros/revenue.py": "tests/test_revenue.py",
}


@dataclass(frozen=True)
class Score:
    module: str
    mutants: int
    killed: int
    timeout: int
    survived: int
    no_tests: int
    other: int
    marked_lines: int
    marked_mutants: int

    @property
    def percent(self) -> float:
        return 100.0 * (self.killed + self.timeout) / self.mutants if self.mutants else 100.0


def modules(root: Path = ROOT) -> list[str]:
    """The files mutmut mutates: `only_mutate` in setup.cfg's [mutmut] section."""
    from configparser import ConfigParser

    parser = ConfigParser()
    parser.read(root / "setup.cfg", encoding="utf-8")
    return [line.strip() for line in parser.get("mutmut", "only_mutate").splitlines() if line.strip()]


def count_mutants(path: str, source: str) -> int:
    """How many mutants mutmut makes of ``source`` (markers honoured); run from the project root (mutmut reads setup.cfg)."""
    from mutmut.mutation.file_mutation import mutate_file_contents

    return len(mutate_file_contents(path, source).mutant_names)


def unmarked(source: str) -> str:
    """``source`` without its `# pragma: no mutate` markers: what mutmut would make of it unmarked."""
    return "\n".join(MARKER.sub("", line) for line in source.splitlines()) + "\n"


def score(root: Path, path: str) -> Score:
    """The result of the last run for one module, read from mutants/<path>.meta, and what its markers leave out."""
    meta = root / "mutants" / (path + ".meta")
    codes = Counter(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()) if meta.is_file() else Counter()
    source = (root / path).read_text(encoding="utf-8")
    lines = sum(1 for line in source.splitlines() if MARKER.search(line))
    marked = count_mutants(path, unmarked(source)) - count_mutants(path, source) if lines else 0

    def total(group: set[int]) -> int:
        return sum(n for code, n in codes.items() if code in group)

    known = KILLED | TIMEOUT | SURVIVED | NO_TESTS
    other = sum(n for code, n in codes.items() if code not in known)
    return Score(path, sum(codes.values()), total(KILLED), total(TIMEOUT), total(SURVIVED), total(NO_TESTS), other, lines, marked)


def table(scores: list[Score], on: date, wall: float | None) -> str:
    """The score table as Markdown, with the date and (when the run was timed) its wall time."""
    rows = [
        "| Module | Killed / mutants | Score | Survived | No test | Left out by markers (lines / mutants) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        name = s.module.removeprefix("macros/")
        marked = f"{s.marked_lines} / {s.marked_mutants}"
        rows.append(f"| `{name}` | {s.killed + s.timeout} / {s.mutants} | {s.percent:.1f}% | {s.survived} | {s.no_tests} | {marked} |")
    killed = sum(s.killed + s.timeout for s in scores)
    mutants = sum(s.mutants for s in scores)
    overall = 100.0 * killed / mutants if mutants else 100.0
    rows.append(
        f"| **all {len(scores)}** | **{killed} / {mutants}** | **{overall:.1f}%** | {sum(s.survived for s in scores)} | "
        f"{sum(s.no_tests for s in scores)} | {sum(s.marked_lines for s in scores)} / {sum(s.marked_mutants for s in scores)} |"
    )
    when = f"Run on {on.isoformat()}" + (f", {wall / 60:.1f} min wall time on {os.cpu_count()} cores." if wall is not None else ".")
    return "\n".join(rows) + "\n\n" + when + "\n"


def test_selection(root: Path = ROOT) -> list[str]:
    """The fast test modules of setup.cfg's [mutmut] section, and the extra pytest arguments it gives."""
    from configparser import ConfigParser

    parser = ConfigParser()
    parser.read(root / "setup.cfg", encoding="utf-8")
    lines = [line.strip() for key in ("pytest_add_cli_args_test_selection", "pytest_add_cli_args") for line in parser.get("mutmut", key).splitlines()]
    return [line for line in lines if line]


def constant_mutants(root: Path) -> list[tuple[str, str, bool]]:
    """Make each hand-written constant change in the mutants/ copy, run the fast tests, undo it: (module, what, killed)."""
    results = []
    env = {**os.environ, "KB_HYPOTHESIS": "kb-fast", "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    for path, old, new, what in CONSTANT_MUTANTS:
        target = root / "mutants" / path
        original = target.read_text(encoding="utf-8")
        if original.count(old) != 1:
            raise SystemExit(f"mutation: error: {path}: {old!r} not found once — update CONSTANT_MUTANTS in kbtools/mutation.py")
        target.write_text(original.replace(old, new), encoding="utf-8")
        try:
            options = [arg for arg in test_selection(root) if not arg.startswith("tests/")]
            command = [sys.executable, "-m", "pytest", "-x", "-q", CONSTANT_TESTS[path], *options]
            run = subprocess.run(command, cwd=root / "mutants", env=env, capture_output=True)
        finally:
            target.write_text(original, encoding="utf-8")
        results.append((path, what, run.returncode == 1))
    return results


def survivors(root: Path, paths: list[str]) -> list[str]:
    """The names of the mutants no test killed (`mutmut show NAME` prints the change)."""
    names = []
    for path in paths:
        meta = root / "mutants" / (path + ".meta")
        if meta.is_file():
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            names += [name for name, code in codes.items() if code in SURVIVED | NO_TESTS]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mutation", description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the last run's results: rerun only mutants of changed functions")
    parser.add_argument("--report", action="store_true", help="print the table of the last run without running mutmut")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel mutants (default: one per core)")
    parser.add_argument("--min", type=float, default=THRESHOLD, help=f"fail when a module scores below this (default {THRESHOLD:g}%%)")
    parser.add_argument("mutants", nargs="*", help='mutant names or globs to (re)run, e.g. "macros.refund.*"')
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    wall = None
    low: list[str] | bool = False
    if not args.report:
        if not (args.keep or args.mutants):
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        env = {**os.environ, "KB_HYPOTHESIS": "kb-fast", "NO_MKDOCS_2_WARNING": "1"}
        mutmut = Path(sys.executable).with_name("mutmut")
        log = ROOT / "mutants" / "run.log"
        started = time.monotonic()
        (ROOT / "mutants").mkdir(exist_ok=True)
        with log.open("w", encoding="utf-8") as out:
            result = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs), *args.mutants], env=env, stdout=out, stderr=subprocess.STDOUT)
        wall = time.monotonic() - started
        if result.returncode != 0:
            print(log.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            print(f"mutation: error: mutmut failed (exit {result.returncode}); its output is in {log.relative_to(ROOT)}", file=sys.stderr)
            return 1
    paths = modules()
    scores = [score(ROOT, path) for path in paths]
    if not any(s.mutants for s in scores):
        print("mutation: error: no results in mutants/ — run `make mutation` first", file=sys.stderr)
        return 1
    text = table(scores, date.today(), wall)
    if not args.report:
        constants = constant_mutants(ROOT)
        killed = sum(1 for _, _, dead in constants if dead)
        text += f"\nModule-level constants, changed by hand ({len(constants)} changes): {killed} killed"
        text += "".join(f"; survived: {path.removeprefix('macros/')} {what}" for path, what, dead in constants if not dead) + ".\n"
        if killed < len(constants):
            low = True
    print(text)
    (ROOT / "mutants" / "score.md").write_text(text, encoding="utf-8")
    left = survivors(ROOT, paths)
    if left:
        print(f"{len(left)} mutants survived; see one with `.venv/bin/mutmut show NAME`:")
        print("\n".join(f"  {name}" for name in left))
    low = [s.module for s in scores if s.percent < args.min] or low
    if low:
        print(f"mutation: error: below {args.min:g}% killed: {', '.join(low) if isinstance(low, list) else 'a constant change'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
