"""The benchmark's parts: the generated copies, the Material-only and no-macros configurations, the table."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from kbtools import bench, sitecopy
from kbtools.sitecopy import make_copy

from .conftest import ROOT

REAL_CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def _nav_pages(text: str) -> list[str]:
    return re.findall(r"(\S+\.md)\s*$", text.partition("\nnav:\n")[2], re.M)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python/name tags; the tests only need the structure."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def copy300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    project = tmp_path_factory.mktemp("bench") / "copy"
    return project, make_copy(project, 300)


def test_copy_has_about_the_pages_asked_for(copy300: tuple[Path, int]) -> None:
    project, pages = copy300
    # Whole copies of the site: at most one copy's worth of pages past what was asked for.
    assert 300 <= pages < 300 + sitecopy.page_count(ROOT)
    assert pages == sum(1 for _ in (project / "docs").rglob("*.md"))


def test_copy_nav_lists_every_page_once(copy300: tuple[Path, int]) -> None:
    project, _ = copy300
    listed = _nav_pages((project / "mkdocs.yml").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md"))
    assert sorted(listed) == on_disk
    assert len(listed) == len(set(listed))


def test_minimal_config_keeps_nav_and_theme_features_and_nothing_of_ours() -> None:
    text = bench.minimal_config(REAL_CONFIG)
    config = yaml.load(text, Loader=_Loader)
    real = yaml.load(REAL_CONFIG, Loader=_Loader)
    assert config["theme"]["name"] == "material"
    assert config["theme"]["features"] == real["theme"]["features"]
    assert "custom_dir" not in config["theme"]
    assert config["plugins"] == ["search"]
    assert "hooks" not in config and "markdown_extensions" not in config
    assert config["nav"] == real["nav"]


def test_config_without_macros_drops_only_the_macros_plugin() -> None:
    text = bench.without_macros(REAL_CONFIG)
    config = yaml.load(text, Loader=_Loader)
    real = yaml.load(REAL_CONFIG, Loader=_Loader)
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "macros" not in names
    assert names == [n for n in (next(iter(p)) if isinstance(p, dict) else p for p in real["plugins"]) if n != "macros"]
    assert config["markdown_extensions"] == real["markdown_extensions"]
    assert config["hooks"] == real["hooks"]
    assert config["nav"] == real["nav"]


def test_config_without_nav_is_refused() -> None:
    with pytest.raises(ValueError, match="nav"):
        bench.minimal_config("site_name: x\n")


def _size(pages: int, walls: dict[str, float]) -> bench.Size:
    return bench.Size(pages=pages, runs={name: [bench.Run(wall=w, cpu=w / 2, rss_mb=100.0)] for name, w in walls.items()})


def test_table_shows_medians_and_the_target_ratios() -> None:
    small = _size(300, {"full": 12.0, "material": 10.0, "no tooltips": 11.0, "no macros": 9.0})
    large = _size(1000, {"full": 44.0, "material": 40.0, "no tooltips": 42.0, "no macros": 33.0})
    text = bench.table([small, large], runs=1)
    assert "| 300 | 12.00 s | 10.00 s | 11.00 s | 9.00 s | 25.0 |" in text
    assert "| Full / Material + search | ≤ 1.20 | 1.20 (1.20) | 1.10 (1.10) |" in text
    assert "| Tooltips on / off | ≤ 1.05 | 1.09 (1.09) | 1.05 (1.05) |" in text
    # Per-page cost: (44 / 1000) / (12 / 300) = 1.10.
    assert "| Per-page cost, 1,000 / 300 pages (full) | ≤ 1.10 | 1.10 (1.10) |" in text


def test_table_with_only_some_variants_leaves_the_rest_blank() -> None:
    text = bench.table([_size(313, {"full": 5.0})], runs=1)
    assert "| 313 | 5.00 s | — | — | — |" in text
    assert "| Full / Material + search | ≤ 1.20 | — |" in text


def test_serve_table_reports_median_and_data_edit() -> None:
    text = bench.serve_table(bench.Serve(saves=[0.4, 0.6, 0.5], data_edit="shown after 1.0 s"), 313)
    assert "| One page saved → change served, median of 3 saves | 0.50 s (0.40–0.60 s) | ≤ 0.70 s |" in text
    assert "shown after 1.0 s" in text


@pytest.mark.parametrize(("page", "url"), [("index.md", "/"), ("runbooks/index.md", "/runbooks/"), ("a/b.md", "/a/b/")])
def test_served_address_of_a_page(page: str, url: str) -> None:
    assert bench._url(8000, page) == f"http://127.0.0.1:8000{url}"


def test_save_marker_is_unique_and_never_looks_like_a_secret() -> None:
    from kbtools import guard

    markers = {bench.save_marker(n) for n in range(20)}
    assert len(markers) == 20
    assert all(m.isalpha() and guard.findings(m) == [] for m in markers)


def test_table_compares_html_and_markdown_tables_when_both_ran() -> None:
    text = bench.table([_size(300, {"full": 10.0, "material": 8.0, "markdown tables": 11.0})], runs=1)
    assert "| Macro tables as HTML / as Markdown | — | 0.91 (0.91) |" in text
    assert "Macro tables as HTML" not in bench.table([_size(300, {"full": 10.0})], runs=1)


def test_suite_table_reports_test_fast_against_one_build_and_the_last_runs() -> None:
    suite = bench.Suite(
        fast=bench.Run(wall=40.0, cpu=60.0, rss_mb=1.0),
        fast_result="2714 passed in 38.00s",
        build=bench.Run(wall=8.0, cpu=6.0, rss_mb=1.0),
        recorded={
            "make test": {"started": "2026-11-30T10:00:00+00:00", "seconds": 170.2, "tests": 3172, "exitstatus": 0, "workers": 2, "cpus": 2, "load_at_end": 2.1}
        },
    )
    text = bench.suite_table(suite)
    assert "| `make test-fast` / one strict build | 5.0× wall (10.0× CPU) | ≤ 2× |" in text
    assert (
        "| `make test`, last recorded run (2026-11-30T10:00:00+00:00) | 170.2 s of pytest, 3172 tests passed, 2 worker(s) on 2 cores, load 2.1 at the end | ≤ 180 s on 2 cores |"
        in text
    )
    assert "make test-fast`, last recorded" not in text


def test_the_suite_records_whole_runs_only(tmp_path: Path) -> None:
    """A run of a few modules must not stand in for `make test` in the report."""
    import json
    import subprocess

    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_one.py").write_text("def test_one():\n    pass\n", encoding="utf-8")
    conftest = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    (tmp_path / "tests" / "conftest.py").write_text(conftest.replace('ROOT / "site-bench"', f"Path({str(tmp_path)!r})"), encoding="utf-8")
    (tmp_path / "tests" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})

    assert run("tests/test_one.py").returncode == 0
    assert not (tmp_path / "last-test-run.json").exists()
    assert run().returncode == 0
    assert json.loads((tmp_path / "last-test-run.json").read_text(encoding="utf-8"))["make test"]["tests"] == 1


def test_serve_table_gives_the_previews_cpu_when_measured() -> None:
    text = bench.serve_table(bench.Serve(saves=[0.4, 0.6, 0.5], data_edit="shown", cpu=[0.3, 0.5, 0.4]), 313)
    assert "| 0.50 s (0.40–0.60 s); the preview's CPU 0.40 s | ≤ 0.70 s |" in text
    assert bench.process_cpu(os.getpid()) > 0 if sys.platform.startswith("linux") else True
