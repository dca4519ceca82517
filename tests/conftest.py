"""Shared fixtures: the site is built once per test session (strict, date pinned), and pages are listed for parametrize."""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: The date every live table in the test build is computed for (see docs/contributing/macros.md).
AS_OF = "2026-11-30"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402 - after sys.path is set

# Property tests are derandomized so CI is reproducible; 300 generated cases per invariant.
settings.register_profile("kb", max_examples=300, derandomize=True, deadline=None)
# `make test-fast` (the editor's quick gate) runs 60 cases per invariant; `make test` and CI run all 300.
settings.register_profile("kb-fast", max_examples=60, derandomize=True, deadline=None)
settings.load_profile(os.environ.get("KB_HYPOTHESIS", "kb"))


#: Where the last run of the suite says how long it took (`make bench` reports it beside the build ratios).
LAST_RUN = ROOT / "site-bench" / "last-test-run.json"


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config._kb_started = (time.time(), time.perf_counter())  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The controller (not an xdist worker) writes the run's wall time, its workers and what it selected."""
    config = session.config
    if hasattr(config, "workerinput") or not hasattr(config, "_kb_started"):
        return
    # Only whole-suite runs count: `make test` (every test) and `make test-fast` (not the browser ones).
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS or config.getoption("keyword") or config.getoption("maxfail"):
        return
    kind = {"": "make test", "not browser": "make test-fast"}.get(config.getoption("markexpr") or "")
    if kind is None:
        return
    started, clock = config._kb_started
    try:
        workers = int(config.getoption("numprocesses") or 0)
    except (ValueError, TypeError):
        workers = 0
    record = {
        "started": datetime.fromtimestamp(started).astimezone().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 1),
        "workers": workers,
        "markexpr": config.getoption("markexpr") or "",
        "tests": session.testscollected,
        "failed": session.testsfailed,
        "exitstatus": int(exitstatus),
        "load_at_end": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }
    try:
        LAST_RUN.parent.mkdir(exist_ok=True)
        runs = json.loads(LAST_RUN.read_text(encoding="utf-8")) if LAST_RUN.is_file() else {}
        runs[kind] = record
        LAST_RUN.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        pass  # a read-only checkout: nothing to report later


@pytest.fixture(autouse=True)
def _markdown_tables() -> None:
    """Tables as Markdown in every test (what golden cases hold): a build in this process (the session site, a fixture
    site, define_env itself) switches macros/tables.py to HTML for the rest of the process."""
    from macros import tables

    tables.use_html(False)


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


def _build_site(directory: Path, search_index: bool) -> Site:
    from kbtools import engine

    os.environ["KB_AS_OF"] = AS_OF
    os.environ["KB_SEARCH_INDEX"] = "1" if search_index else "0"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    result = Site(directory)
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        engine.build(ROOT / "mkdocs.yml", result.dir, strict=True)
    except BaseException as exc:  # noqa: BLE001 - Abort, PluginError and the macros plugin's SystemExit all end up here
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(capture)
    result.warnings = [record.getMessage() for record in capture.records]
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Site:
    """Build the whole site once per run, strictly, the way `make build` does, capturing every warning.

    Once per run, not per worker: with pytest-xdist (`make test` runs two workers) the first worker to get here
    builds under a file lock into the run's shared temporary folder and writes what the build said beside it; the
    other worker reads that. Without browser tests in the run (`-m "not browser"`, `make test-fast`), the search
    index is not built: nothing would search it.
    """
    from filelock import FileLock

    browsing = "not browser" not in (request.config.getoption("markexpr") or "")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return _build_site(tmp_path_factory.mktemp("site"), browsing)
    shared = tmp_path_factory.getbasetemp().parent
    record = shared / "site.json"
    with FileLock(str(shared / "site.lock")):
        if not record.is_file():
            built = _build_site(shared / "site", browsing)
            record.write_text(json.dumps({"warnings": built.warnings, "error": built.error}), encoding="utf-8")
            return built
    said = json.loads(record.read_text(encoding="utf-8"))
    return Site(shared / "site", said["warnings"], said["error"])


# Browser fixtures (tests marked `browser`): Debian's Chromium, the built site on loopback, no request leaving it.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _require_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    message = f"Chromium not found at {CHROMIUM}: install Debian's package with `apt-get install chromium`"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: a missing browser is a failure, not a skip)")
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # noqa: D401 - silence per-request logging
        pass


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    assert site.error is None, site.error
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site.dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def route_offline(context) -> list[str]:
    """Abort and record every request of ``context`` that would leave the machine; returns the list it fills."""
    leaked: list[str] = []

    def handle(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            leaked.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return leaked


@pytest.fixture
def offline(context) -> list[str]:
    """Abort and record every request that would leave the machine."""
    return route_offline(context)


#: A fixture site's learning path (the real one names the real pages): one day, one case, on a page of its own.
FIXTURE_TRAINING_PAGE = "kb-fixture-training.md"
FIXTURE_TRAINING_TEXT = """---
title: Fixture learning path page
description: The one page the fixture site's learning path names.
replies:
  fixture-reply: Fixture reply
---

# Fixture learning path page

Text.
"""
FIXTURE_LEARNING_PATH = f"""label: Team policy — a fixture learning path
calendar: {{country: US}}
access:
  desk: {{name: Case tool, why: Answer cases., request: Ask your lead.}}
weeks:
  - week: 1
    theme: Fixture
    goal: Build the fixture.
    days:
      - {{day: 1, focus: Fixture, minutes: 60, read: [{FIXTURE_TRAINING_PAGE}], access: [desk], trainer: Watches.}}
rubric:
  criteria:
    - {{key: accuracy, name: Accuracy, asks: Right?, scores: [Wrong., Nearly., Right.]}}
  pass: {{total: 2}}
  self_check_percent: 100
ready_for_solo: [The fixture is done.]
cases:
  - {{id: fixture, week: 1, channel: chat, title: Fixture, message: Hello., search: fixture, runbook: {FIXTURE_TRAINING_PAGE},
     decision: Decide., reply: fixture-reply, facts: [{{where: The account, shows: Nothing.}}]}}
"""


def build_fixture_site(
    tmp_path: Path, pages: dict[str, str | bytes], as_of: str = AS_OF, strict: bool = True, before_build: Callable[[Path], None] | None = None
) -> Site:
    """Build a small site with the real theme, macros, data and assets, but only ``pages`` (path under docs/ -> text).

    For cases that need a page the real site must not have (a hostile glossary, an overdue review, a broken page):
    seconds instead of a whole-site build. The nav is left to MkDocs (every page, in folder order).
    """
    from kbtools import engine

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    # Code is linked; what the build reads is copied (a symbolic link there is refused: kbtools/tree.py).
    for name in ("macros", "kbtools"):
        (project / name).symlink_to(ROOT / name)
    for name in ("overrides", "snippets"):
        shutil.copytree(ROOT / name, project / name)
    # The real data, except that the search vocabulary names no page: the fixture has only its own pages.
    shutil.copytree(ROOT / "data", project / "data")
    terms = project / "data" / "search_terms.yml"
    text = terms.read_text(encoding="utf-8")
    terms.write_text(text[: text.index("\npages:")] + "\npages: {}\nproducts: {}\n", encoding="utf-8")
    # Likewise the learning path: it must name pages that exist, so the fixture's path names one page of its own.
    (project / "data" / "learning_path.yml").write_text(FIXTURE_LEARNING_PATH, encoding="utf-8")
    pages = {FIXTURE_TRAINING_PAGE: FIXTURE_TRAINING_TEXT, **pages}
    shutil.copytree(DOCS / "assets", project / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config[: config.index("# Page tree")], encoding="utf-8")
    for rel, text in pages.items():
        target = project / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    if before_build is not None:  # e.g. give the project a git history with chosen dates
        before_build(project)
    result = Site(tmp_path / "site")
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    previous = os.environ.get("KB_AS_OF")
    os.environ["KB_AS_OF"] = as_of
    try:
        engine.build(project / "mkdocs.yml", result.dir, strict=strict)
    except BaseException as exc:  # noqa: BLE001 - as in the session build
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(capture)
        os.environ["KB_AS_OF"] = previous if previous is not None else AS_OF
    result.warnings = [record.getMessage() for record in capture.records]
    return result
