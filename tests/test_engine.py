"""Leaving MkDocs is a setting: every build and serve goes through kbtools/engine.py, and ProperDocs (MkDocs 1.x's
community continuation, pinned) builds this site into the same pages."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from kbtools import engine

from .conftest import AS_OF, ROOT, Site


def test_the_engine_is_a_setting() -> None:
    assert engine.name({}) == "mkdocs"
    assert engine.name({"KB_ENGINE": "ProperDocs"}) == "properdocs"
    assert engine.command("build", environ={"KB_ENGINE": "properdocs"})[1:] == ["-m", "properdocs", "build"]
    with pytest.raises(engine.EngineError, match="KB_ENGINE='zensical' — use one of: mkdocs, properdocs"):
        engine.name({"KB_ENGINE": "zensical"})


def test_nothing_runs_the_engine_around_kbtools_engine() -> None:
    """Tools and tests name no engine themselves (a move to another engine changes one module)."""
    offenders = []
    for path in sorted([*ROOT.glob("kbtools/*.py"), *ROOT.glob("tests/*.py"), ROOT / "Makefile"]):
        if path.name in ("engine.py", "test_engine.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"""["']-m["'],\s*["']mkdocs["']|mkdocs\.commands\.|\$\(BIN\)/mkdocs\b|from mkdocs\.config import load_config""", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    allowed = {"tests/test_build.py"}  # reads the configuration (strict unset), builds nothing
    assert [o for o in offenders if o.split(":")[0] not in allowed] == [], "\n".join(offenders)


GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _pages(site_dir: Path) -> dict[str, str]:
    """Every built page's HTML; the generator tag names the engine, so it is the one line allowed to differ."""
    return {p.relative_to(site_dir).as_posix(): GENERATOR.sub("", p.read_text(encoding="utf-8")) for p in sorted(site_dir.rglob("*.html"))}


@pytest.mark.slow
def test_properdocs_builds_every_page_the_same(site: Site, tmp_path: Path) -> None:
    assert site.error is None, site.error
    out = tmp_path / "properdocs-site"
    env = {**os.environ, "KB_ENGINE": "properdocs", "KB_AS_OF": AS_OF, "KB_SEARCH_INDEX": "0", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(engine.command("build", "--strict", "-d", str(out), environ=env), cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    ours, theirs = _pages(site.dir), _pages(out)
    assert sorted(ours) == sorted(theirs)
    different = [page for page in ours if ours[page] != theirs[page]]
    assert different == [], f"{len(different)} page(s) differ, first: {different[:3]}"
