"""The Python code passes ruff's checks and formatting (rules in ruff.toml)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

TARGETS = ["macros", "kbtools", "tests"]


def test_ruff_check_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", *TARGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", *TARGETS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "run `make lint` to see, `.venv/bin/ruff format macros kbtools tests` to fix:\n" + result.stdout
