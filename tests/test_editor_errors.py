"""What an editor sees when a build goes wrong: the real `mkdocs build --strict`, on a copy with one thing broken."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow
COPY = ("mkdocs.yml", "docs", "data", "macros", "snippets", "overrides", "kbtools")


def _build_broken(tmp_path: Path, rel: str, old: str, new: str) -> subprocess.CompletedProcess[str]:
    for name in COPY:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    target = tmp_path / rel
    text = target.read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply to {rel}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    env = {**os.environ, "KB_AS_OF": "2026-11-27", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def test_unknown_plan_in_a_macro_call_stops_the_build_naming_page_and_line(tmp_path: Path) -> None:
    rel = "docs/contributing/macros.md"
    call = '{{ proration_table(from_plan="pro", to_plan="business", cycle="monthly", billing_day=31, change_date="2024-02-15") }}'
    result = _build_broken(tmp_path, rel, call, call.replace('to_plan="business"', 'to_plan="gold"'))
    assert result.returncode != 0
    line = _line(tmp_path / rel, 'to_plan="gold"')
    assert f"{rel}:{line}: proration_table(): to_plan='gold' is not a plan in data/plans.yml — use one of: free, pro, business" in result.stderr, result.stderr[
        -3000:
    ]


def test_malformed_data_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    result = _build_broken(tmp_path, "data/teams.yml", "    queue: BILLING-OPS\n", "    queue: [BILLING-OPS\n")
    assert result.returncode != 0
    assert "data/teams.yml:" in result.stderr and "invalid YAML" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, "a data error must be one clean line, not a traceback"


def test_broken_anchor_stops_the_build_naming_the_page(tmp_path: Path) -> None:
    rel = "docs/contributing/index.md"
    result = _build_broken(tmp_path, rel, "[The page contract](page-contract.md)", "[The page contract](page-contract.md#no-such-section)")
    assert result.returncode != 0
    assert "contributing/index.md" in result.stderr and "no-such-section" in result.stderr, result.stderr[-3000:]
