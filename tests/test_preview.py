"""`make serve` after an edit outside docs/: the pages that show the edited data or snippet are rebuilt, no others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbtools import preview

PAGES = {
    "macros.md": "---\ntitle: A\nrender_macros: true\nreplies:\n  r: Hello\n---\n\n{{ price('pro') }}\n",
    "other-macros.md": "---\ntitle: D\nrender_macros: true\n---\n\n{{ transfer_timeline() }}\n",
    "includes.md": '---\ntitle: B\n---\n\nText.\n\n--8<-- "warnings/x.md"\n',
    "plain.md": "---\ntitle: C\n---\n\nNothing else.\n",
}
BUILT = 1_000_000_000


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, list[tuple[str, str]]]:
    root, site = tmp_path / "project", tmp_path / "site"
    files = {
        "data/plans.yml": "plans: {}\n",
        "data/tlds.yml": "tlds: {}\n",
        "data/glossary.yml": "terms: []\n",
        "snippets/warnings/x.md": "Careful.\n",
        "snippets/replies/r.md": "Hello {name}\n",
        **{f"docs/{page}": text for page, text in PAGES.items()},
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
        os.utime(root / rel, (BUILT - 100, BUILT - 100))
    pages = []
    for page in PAGES:
        output = page.removesuffix(".md") + "/index.html"
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text("<html></html>", encoding="utf-8")
        os.utime(site / output, (BUILT, BUILT))
        pages.append((page, output))
    return root, site, pages


def _edit(root: Path, rel: str) -> None:
    os.utime(root / rel, (BUILT + 10, BUILT + 10))


def test_nothing_stale_after_a_build(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    root, site, pages = project
    assert preview.stale_pages(root, site, pages).pages == []


@pytest.mark.parametrize(
    ("edited", "stale"),
    [
        ("data/plans.yml", ["macros.md"]),
        ("data/tlds.yml", ["other-macros.md"]),
        ("snippets/replies/r.md", ["macros.md"]),
        ("snippets/warnings/x.md", ["includes.md"]),
        ("data/glossary.yml", ["macros.md", "other-macros.md", "includes.md", "plain.md"]),
    ],
    ids=["data-file", "another-data-file", "reply-template", "included-snippet", "glossary-every-page"],
)
def test_an_edit_rebuilds_what_shows_it(project: tuple[Path, Path, list[tuple[str, str]]], edited: str, stale: list[str]) -> None:
    root, site, pages = project
    _edit(root, edited)
    assert preview.mark_stale(root, site, pages).pages == stale
    for page, output in pages:
        aged = (site / output).stat().st_mtime == 0
        assert aged == (page in stale), page


def test_a_page_never_built_is_left_to_mkdocs(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    root, site, pages = project
    (site / "plain/index.html").unlink()
    _edit(root, "data/glossary.yml")
    assert preview.stale_pages(root, site, pages).pages == ["macros.md", "other-macros.md", "includes.md"]


@pytest.mark.parametrize(
    ("edited", "rebuilt", "same"),
    [
        ("data/plans.yml", [], ["macros.md"]),
        ("data/tlds.yml", [], ["other-macros.md"]),
        ("data/glossary.yml", ["macros.md", "other-macros.md", "includes.md", "plain.md"], []),
        ("snippets/replies/r.md", ["macros.md"], []),
    ],
    ids=["data-only-its-macros-read", "another-such-file", "glossary-reaches-every-page-anyway", "a-reply-is-not-macro-data"],
)
def test_a_page_whose_macros_render_the_same_is_not_rebuilt(
    project: tuple[Path, Path, list[tuple[str, str]]], edited: str, rebuilt: list[str], same: list[str]
) -> None:
    """After an edit to data only macros show, a page that renders the same Markdown keeps its HTML as it is."""
    root, site, pages = project
    _edit(root, edited)
    asked: list[str] = []
    found = preview.mark_stale(root, site, pages, lambda page, text: asked.append(page) or True)
    assert (found.pages, found.same) == (rebuilt, same)
    assert asked == same
    for page, output in pages:
        assert (site / output).stat().st_mtime == (0 if page in rebuilt else BUILT), page


def test_a_page_whose_macros_render_something_else_is_rebuilt(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    root, site, pages = project
    _edit(root, "data/plans.yml")
    found = preview.mark_stale(root, site, pages, lambda page, text: False)
    assert (found.pages, found.same) == (["macros.md"], [])
    assert (site / "macros/index.html").stat().st_mtime == 0


def test_policy_edits_are_never_skipped() -> None:
    """The review line on every page reads the policy's review days, besides the macros that quote the policy."""
    assert "data/policy.yml" not in preview.MACROS_ONLY and "data/glossary.yml" not in preview.MACROS_ONLY
    assert "data/plans.yml" in preview.MACROS_ONLY


PRICES = "---\ntitle: Prices\nrender_macros: true\n---\n\n# Prices\n\nPro: {{ price('pro') }}.\n\n{{ dunning_schedule() }}\n"


def test_rendered_again_is_what_the_build_rendered_and_follows_the_data(tmp_path: Path) -> None:
    """What `make serve` compares after a data edit: the page's macros rendered with the data of the current build, the
    same text mkdocs-macros handed to Markdown (the last page built), and a price edit shows in it."""
    import macros
    from macros.templatecheck import body_offset

    from .conftest import build_fixture_site

    def again() -> str | None:
        lines = PRICES.splitlines()
        return macros.rendered_again("zz-prices.md", {"title": "Prices", "render_macros": True}, "\n".join(lines[body_offset(lines) :]))

    first = build_fixture_site(tmp_path / "one", {"index.md": "# Home\n", "zz-prices.md": PRICES})
    assert first.error is None, first.error
    env = macros._BUILD["env"]
    assert again() == env.markdown and "Pro: $25.00" in env.markdown
    plans = tmp_path / "one" / "project" / "data" / "plans.yml"
    plans.write_text(plans.read_text(encoding="utf-8").replace('monthly: "25.00"', 'monthly: "26.37"', 1), encoding="utf-8")
    from kbtools import engine

    engine.build(tmp_path / "one" / "project" / "mkdocs.yml", tmp_path / "one" / "site-2", strict=True)
    assert "Pro: $26.37" in (again() or "")
    assert again() == macros._BUILD["env"].markdown
    assert macros.rendered_again("zz-prices.md", {"title": "Prices"}, "no macros") is None


def test_compiled_templates_are_reused_until_the_source_changes(tmp_path: Path) -> None:
    from jinja2 import Environment, FileSystemLoader

    (tmp_path / "page.html").write_text("v1 {{ x }}", encoding="utf-8")
    cache = preview.CompiledTemplates()
    first = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache).get_template("page.html")
    assert first.render(x=1) == "v1 1" and len(cache.store) == 1
    stored = dict(cache.store)
    # A new environment (as each `make serve` rebuild makes) loads the stored code instead of compiling again.
    again = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache).get_template("page.html")
    assert again.render(x=2) == "v1 2" and cache.store == stored
    (tmp_path / "page.html").write_text("v2 {{ x }}", encoding="utf-8")
    edited = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=cache).get_template("page.html")
    assert edited.render(x=3) == "v2 3"


def test_serve_reacts_to_changes_not_to_the_build_reading_files() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("kb_hooks_under_test", Path(preview.__file__).with_name("hooks.py"))
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    seen: list[str] = []

    class Handler:
        def dispatch(self, event: object) -> None:
            seen.append(event.event_type)

    from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

    writes = hooks._WritesOnly(Handler())
    for event in (FileOpenedEvent("a.md"), FileClosedNoWriteEvent("a.md"), FileModifiedEvent("a.md")):
        writes.dispatch(event)
    assert seen == ["modified"]


def test_a_same_verdict_is_remembered_until_the_data_changes_again(project: tuple[Path, Path, list[tuple[str, str]]]) -> None:
    """The page stays older than the data, so each later rebuild (a page save) would render it again: it does not."""
    root, site, pages = project
    _edit(root, "data/plans.yml")
    asked: list[str] = []
    assert preview.mark_stale(root, site, pages, lambda page, text: asked.append(page) or True).same == ["macros.md"]
    assert preview.mark_stale(root, site, pages, lambda page, text: asked.append(page) or True).same == ["macros.md"]
    assert asked == ["macros.md"]
    os.utime(root / "data/plans.yml", (BUILT + 20, BUILT + 20))
    assert preview.mark_stale(root, site, pages, lambda page, text: asked.append(page) or False).pages == ["macros.md"]
    assert asked == ["macros.md", "macros.md"]
