"""The macros' HTML tables (macros/tables.py) are what Python-Markdown makes of the same table in Markdown: for every
table every page's macros produce, both are rendered through the site's Markdown extensions and glossary, and the
HTML compared (tags, attributes, text; whitespace between tags aside). One test per page that renders macros."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

import macros
from macros import tables, templatecheck
from macros.data import load_site_data
from macros.pages import read
from macros.tooltips import TooltipsExtension

from .conftest import AS_OF, DOCS, ROOT

#: Extensions whose options are Python objects in mkdocs.yml (custom fences) or files (snippets): neither touches a table.
NO_OPTIONS = ("pymdownx.superfences", "pymdownx.snippets")


def site_extensions() -> list[str]:
    """The Markdown extensions mkdocs.yml loads, by name, in its order."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text.split("\nmarkdown_extensions:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  - ([\w.]+)", block, re.M)


GLOSSARY = {match: term.definition for term in load_site_data(ROOT).glossary for match in term.match}


def site_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*site_extensions(), TooltipsExtension()], extension_configs={"abbr": {"glossary": GLOSSARY}})


class _Shape(HTMLParser):
    """Tags with their attributes, and text (character references resolved), in order; whitespace between tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("<", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.items.append((">", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(("text", data))


def shape(html: str) -> list[tuple[Any, ...]]:
    reader = _Shape()
    reader.feed(html)
    reader.close()
    return reader.items


class _File:
    def __init__(self, rel: str) -> None:
        self.src_path = self.src_uri = rel
        self.abs_src_path = str(DOCS / rel)


class _Page:
    def __init__(self, rel: str, meta: dict) -> None:
        self.file, self.meta = _File(rel), meta


class _Env:
    """What define_env and the macros use of mkdocs-macros' plugin object."""

    def __init__(self) -> None:
        self.project_dir = str(ROOT)
        self.conf: dict[str, Any] = {"markdown_extensions": ["abbr"], "mdx_configs": {}}
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}
        self.page: _Page | None = None
        self.markdown = ""

    def macro(self, func: Any, name: str) -> None:
        self.macros[name] = func


def macro_pages() -> list[str]:
    return sorted(rel for rel in (p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")) if read(DOCS / rel)[0].get("render_macros") is True)


@pytest.fixture(scope="module")
def env(monkeypatch_module: pytest.MonkeyPatch) -> _Env:
    monkeypatch_module.setenv("KB_AS_OF", AS_OF)
    plugin = _Env()
    macros.define_env(plugin)
    return plugin


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def converter() -> markdown.Markdown:
    return site_markdown()


def test_the_extensions_are_read_from_mkdocs_yml() -> None:
    assert "tables" in site_extensions() and "abbr" in site_extensions() and "md_in_html" in site_extensions()


@pytest.mark.parametrize("page", macro_pages())
def test_html_tables_equal_the_markdown_tables(page: str, env: _Env, converter: markdown.Markdown, monkeypatch: pytest.MonkeyPatch) -> None:
    meta, text = read(DOCS / page)
    lines = text.splitlines()
    body = "\n".join(lines[templatecheck.body_offset(lines) :])
    env.page, env.markdown = _Page(page, dict(meta)), body
    made: list[tuple[Any, ...]] = []
    original = tables.table
    monkeypatch.setattr(tables, "table", lambda headers, rows, align=None: made.append((headers, rows, align)) or original(headers, rows, align))
    jinja = SandboxedEnvironment(undefined=StrictUndefined, comment_start_string="{##", comment_end_string="##}")
    jinja.globals.update(env.variables)
    jinja.globals.update(env.macros)
    rendered = jinja.from_string(body).render()
    assert macros.ERROR_MARK not in rendered, rendered[:2000]
    matcher = tables.glossary_matcher(GLOSSARY)
    for headers, rows, align in made:
        if any(tables.has_link(value) for row in rows for value in row):
            continue  # written as Markdown in the build too: MkDocs checks its links
        converter.reset()
        from_markdown = converter.convert(tables.markdown_table(headers, rows, align))
        ours = tables.html_table(headers, rows, align, GLOSSARY, matcher)
        assert shape(ours) == shape(from_markdown), f"{page}: a table headed {list(headers)} differs:\n{ours}\n---\n{from_markdown}"


def test_a_table_cell_that_differs_is_caught(converter: markdown.Markdown) -> None:
    """The comparison can fail: a cell that lost its tooltip, or its alignment, is not the Markdown table's HTML."""
    rows = [["Deferred revenue", "$10.00"]]
    from_markdown = converter.convert(tables.markdown_table(["Account", "Amount"], rows, ["l", "r"]))
    assert "<abbr" in from_markdown
    assert shape(tables.html_table(["Account", "Amount"], rows, ["l", "r"], {}, None)) != shape(from_markdown)
    assert shape(tables.html_table(["Account", "Amount"], rows, ["l", "l"], GLOSSARY, tables.glossary_matcher(GLOSSARY))) != shape(from_markdown)
    assert shape(tables.html_table(["Account", "Amount"], rows, ["l", "r"], GLOSSARY, tables.glossary_matcher(GLOSSARY))) == shape(from_markdown)
