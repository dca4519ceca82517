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
        "| Module | Killed / mutants | Score | Survived | No test | Marked equivalent (lines / mutants) |",
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
    print(text)
    (ROOT / "mutants" / "score.md").write_text(text, encoding="utf-8")
    left = survivors(ROOT, paths)
    if left:
        print(f"{len(left)} mutants survived; see one with `.venv/bin/mutmut show NAME`:")
        print("\n".join(f"  {name}" for name in left))
    low = [s.module for s in scores if s.percent < args.min]
    if low:
        print(f"mutation: error: below {args.min:g}% killed: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
