"""One home for the rule "a page's template names only macros and variables that exist", with the page's line.

The build calls it before rendering a page (macros/__init__.py, with the names the macros plugin really has) and
`make check` calls it on every page with ``render_macros: true`` (kbtools/rules.py, with the names below), so a
misspelt macro is caught in a second, before any build. Jinja alone would report its own template line, with a
traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from jinja2 import Environment, TemplateSyntaxError
from jinja2 import meta as jinja_meta

#: What every page may name besides our macros: the macros plugin's own macros and variables, Jinja's globals, and
#: the objects MkDocs hands to a page. tests/test_check.py proves this list equals what the build knows.
PLUGIN_NAMES = frozenset(
    {"context", "macros_info", "now", "fix_url", "environment", "plugin", "git", "macros", "filters", "filters_builtin", "extra", "kb_as_of"}
    | {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}
    | {"page", "config", "navigation", "files"}
)


def body_offset(lines: list[str]) -> int:
    """How many source lines come before the Markdown MkDocs hands to the macros (front matter, blank lines)."""
    if not lines or lines[0].strip() != "---":
        return 0
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 0)
    start = end + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def problems(where: str, source_lines: list[str], markdown: str, macros: Iterable[str], known: Iterable[str], env: Environment | None = None):
    """``(line, message)`` for a template syntax error or each name that is neither a macro nor a known variable.

    ``markdown`` is the body as Jinja sees it; ``source_lines`` the whole file, for the line numbers. Returns the
    parsed template too (or None), so the build need not parse it twice.
    """
    env = env or Environment()
    try:
        tree = env.parse(markdown)
    except TemplateSyntaxError as exc:
        line = (exc.lineno or 1) + body_offset(source_lines)
        return [(line, f"template syntax error ({exc.message}) — check the {{{{ }}}} around it")], None
    macros = sorted(set(macros))
    found = []
    for name in sorted(jinja_meta.find_undeclared_variables(tree) - set(known) - set(macros)):
        line = next((i for i, text in enumerate(source_lines, start=1) if re.search(rf"\{{\{{[^}}]*\b{re.escape(name)}\b", text)), 1)
        close = difflib.get_close_matches(name, macros, n=1)
        hint = f"did you mean {close[0]}()?" if close else f"the macros are: {', '.join(macros)}"
        found.append((line, f"'{name}' is not a macro or a variable — {hint}"))
    return found, tree
