"""The Python code passes ruff's checks and formatting (rules in ruff.toml)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

TARGETS = ["macros", "kbtools", "tests"]


def test_ruff_check_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *TARGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *TARGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "run `make lint` to see, `.venv/bin/ruff format macros kbtools tests` to fix:\n" + result.stdout


def _unbalanced(css: str) -> list[int]:
    """Line numbers where a stylesheet closes a brace it never opened, or the line that opened one left open at the
    end (comments and strings left out). A browser skips such a file's rules silently from that point on."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), css, flags=re.S)
    text = re.sub(r"\"(?:\\.|[^\"\\])*\"", lambda m: " " * len(m.group(0)), text)
    opened: list[int] = []
    problems: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if char == "{":
                opened.append(number)
            elif char == "}":
                if opened:
                    opened.pop()
                else:
                    problems.append(number)
    return problems + opened


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "assets" / "stylesheets").glob("*.css")), ids=lambda p: p.name)
def test_every_stylesheet_closes_what_it_opens(path) -> None:
    """A merge once dropped one closing brace in kb.css: the sign-off sheet printed on 14 pages and runbooks' first
    screens grew, with no error anywhere."""
    assert _unbalanced(path.read_text(encoding="utf-8")) == [], f"{path.relative_to(ROOT)}: unbalanced braces at these lines"


def test_the_brace_check_can_fail() -> None:
    assert _unbalanced(".a {\n  color: red;\n.b { color: blue; }\n") == [1]
    assert _unbalanced('/* { */ .a { content: "}"; }\n}\n') == [2]


def test_no_symbolic_link_is_tracked() -> None:
    """A worktree's `.venv` link to another checkout's environment was once committed (`.venv/` in .gitignore matches
    only a folder): a clean clone got a link to nowhere, and make's install step failed on it."""
    result = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    links = [line.split("\t", 1)[1] for line in result.stdout.splitlines() if line.startswith("120000 ")]
    assert links == [], f"symbolic links tracked by git: {links} — git rm --cached them and list them in .gitignore"
