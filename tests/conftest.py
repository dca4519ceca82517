"""Shared fixtures: the site is built once per test session (strict, date pinned), and pages are listed for parametrize."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: The date every live table in the test build is computed for (see docs/contributing/macros.md).
AS_OF = "2026-11-27"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402 - after sys.path is set

# Property tests are derandomized so CI is reproducible; 300 generated cases per invariant.
settings.register_profile("kb", max_examples=300, derandomize=True, deadline=None)
settings.load_profile("kb")


def doc_pages() -> list[str]:
    """Every Markdown page, as a path relative to docs/ (the id of its test cases)."""
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def built_path(site_dir: Path, src: str) -> Path:
    """Where MkDocs writes ``src`` (use_directory_urls): a/b.md -> a/b/index.html, a/index.md -> a/index.html."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return site_dir / (stem + ".html")
    return site_dir / stem / "index.html"


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Site:
    dir: Path
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def html(self, src: str) -> str:
        return built_path(self.dir, src).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the whole site once, strictly, the way `make build` does, capturing every warning."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["KB_AS_OF"] = AS_OF
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    result = Site(tmp_path_factory.mktemp("site"))
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(result.dir), strict=True)
        build(config)
    except BaseException as exc:  # noqa: BLE001 - Abort, PluginError and the macros plugin's SystemExit all end up here
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(capture)
    result.warnings = [record.getMessage() for record in capture.records]
    return result
