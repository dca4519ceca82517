"""One home for the rule "a page's template is a closed language": registered macros called with literal arguments,
the documented variables, and nothing else — checked on the parsed template, with the page's line.

The build calls it before rendering a page (macros/__init__.py) and `make check` calls it on every page with
``render_macros: true`` (kbtools/rules.py), both with our own macro names (``freshness.MACRO_DATA``). Behind it, the
build renders pages in Jinja's immutable sandbox with no template loader (``sandboxed``), so an expression this rule
missed still cannot reach Python's internals or read a file. The page contract (docs/contributing/page-contract.md,
"Templates") documents the language; widening it is a code change that engineering reviews.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Variables a page may print besides calling macros (the date every live table is computed for).
VARIABLES = frozenset({"kb_as_of"})
#: Filters a page may apply to a macro's output: ``indent`` puts a table inside a tab or an admonition
#: (docs/contributing/macros.md). Add one here, with a reason, only in a reviewed code change.
FILTERS = frozenset({"indent"})
#: Tags a page may use: none is needed (``{% raw %}`` is not a tag to the parser: it is always allowed).
TAGS: frozenset[str] = frozenset()

#: What a statement node is called in the page's own words.
_TAG_NAMES = {
    "For": "for",
    "If": "if",
    "Macro": "macro",
    "CallBlock": "call",
    "FilterBlock": "filter",
    "With": "with",
    "Block": "block",
    "Include": "include",
    "Import": "import",
    "FromImport": "from … import",
    "Extends": "extends",
    "Assign": "set",
    "AssignBlock": "set",
    "ExprStmt": "do",
    "Continue": "continue",
    "Break": "break",
    "Scope": "scope",
    "OverlayScope": "overlay",
    "EvalContextModifier": "autoescape",
    "ScopedEvalContextModifier": "autoescape",
}
_FIX = 'a page may only call a macro with literal arguments, like {{ price(plan="pro") }}, or print {{ kb_as_of }} (page contract, "Templates")'


def body_offset(lines: list[str]) -> int:
    """How many source lines come before the Markdown MkDocs hands to the macros (front matter, blank lines)."""
    if not lines or lines[0].strip() != "---":
        return 0
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 0)
    start = end + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def problems(where: str, source_lines: list[str], markdown: str, macros: Iterable[str], env: Environment | None = None):
    """``(line, message)`` for a template syntax error or each construct outside the closed language.

    ``markdown`` is the body as Jinja sees it; ``source_lines`` the whole file, for the line numbers; ``macros`` the
    registered macro names. Returns the parsed template too (or None), so the build need not parse it twice.
    """
    env = env or Environment(comment_start_string="{##", comment_end_string="##}")
    offset = body_offset(source_lines)
    try:
        tree = env.parse(markdown)
    except TemplateSyntaxError as exc:
        return [((exc.lineno or 1) + offset, f"template syntax error ({exc.message}) — check the {{{{ }}}} around it")], None
    names = sorted(set(macros))
    found = sorted({(node.lineno + offset, message) for node, message in _outside(tree, frozenset(names))})
    return found, tree


def _outside(tree: nodes.Template, macros: frozenset[str]) -> Iterator[tuple[nodes.Node, str]]:
    """Every node of the page's template that the closed language does not allow, with what to write instead."""
    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            for part in statement.nodes:
                if not isinstance(part, nodes.TemplateData):
                    yield from _expression(part, macros)
        else:
            tag = _TAG_NAMES.get(type(statement).__name__, type(statement).__name__.lower())
            if tag not in TAGS:
                yield statement, f"'{{% {tag} %}}' is not allowed in a page — {_FIX}"


def _expression(node: nodes.Node, macros: frozenset[str]) -> Iterator[tuple[nodes.Node, str]]:
    """What one ``{{ … }}`` may hold: a literal, a documented variable, or a macro call whose arguments are literals,
    optionally through an allowed filter with literal arguments."""
    if _literal(node):
        return
    if isinstance(node, nodes.Filter) and node.name in FILTERS and node.node is not None:
        yield from _expression(node.node, macros)
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            yield node, f"|{node.name}: write each argument out (no * or **) — {_FIX}"
        for value in [*node.args, *(k.value for k in node.kwargs)]:
            if not _literal(value):
                yield value, f"|{node.name}: an argument must be a literal, a quoted text or a number — {_describe(value)} is not"
        return
    if isinstance(node, nodes.Name):
        if node.name in VARIABLES:
            return
        if node.name in macros:
            yield node, f"'{node.name}' is a macro: call it, like {{{{ {node.name}(…) }}}}"
            return
        yield node, _unknown(node.name, macros)
    elif isinstance(node, nodes.Call):
        if not isinstance(node.node, nodes.Name):
            yield node, f"only a macro can be called, by its name — {_FIX}"
            return
        if node.node.name not in macros:
            yield node, _unknown(node.node.name, macros)
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            yield node, f"{node.node.name}(): write each argument out (no * or **) — {_FIX}"
        for value in [*node.args, *(k.value for k in node.kwargs)]:
            if not _literal(value):
                yield value, f"{node.node.name}(): an argument must be a literal, a quoted text or a number — {_describe(value)} is not"
    else:
        yield node, f"{_describe(node)} is not allowed in a page — {_FIX}"


def _literal(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return node.value is None or isinstance(node.value, (str, int, float, bool))
    return isinstance(node, nodes.Neg) and isinstance(node.node, nodes.Const) and type(node.node.value) in (int, float)


def _describe(node: nodes.Node) -> str:
    """The construct in an editor's words (never Jinja's class name alone)."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        what = f".{node.attr}" if isinstance(node, nodes.Getattr) else "[…]"
        return f"reading an attribute or item ('{what}')"
    if isinstance(node, nodes.Filter):
        return f"the filter '|{node.name}'"
    if isinstance(node, nodes.Test):
        return f"the test 'is {node.name}'"
    if isinstance(node, nodes.Name):
        return f"the name '{node.name}'"
    if isinstance(node, nodes.Call):
        return "a call inside an argument"
    return f"an expression ({type(node).__name__.lower()})"


def _unknown(name: str, macros: frozenset[str]) -> str:
    if name.startswith("_"):
        return f"'{name}': names starting with '_' are never available to a page — {_FIX}"
    close = difflib.get_close_matches(name, sorted(macros | VARIABLES), n=1)
    hint = f"did you mean {close[0]}{'()' if close[0] in macros else ''}?" if close else f"the macros are: {', '.join(sorted(macros))}"
    return f"'{name}' is not a macro or a variable — {hint}"


def sandboxed(jinja: Environment) -> ImmutableSandboxedEnvironment:
    """The second wall: the same delimiters, undefined behaviour, globals and filters, in Jinja's immutable sandbox
    (no attribute starting with '_', no mutation of lists or dicts) and with no loader, so no template can include or
    import a file. mkdocs-macros builds a plain Environment; macros/__init__.py swaps this one in before any page."""
    if isinstance(jinja, ImmutableSandboxedEnvironment):
        return jinja
    options: dict[str, Any] = {
        name: getattr(jinja, name)
        for name in (
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "line_statement_prefix",
            "line_comment_prefix",
            "trim_blocks",
            "lstrip_blocks",
            "newline_sequence",
            "keep_trailing_newline",
            "undefined",
            "autoescape",
            "bytecode_cache",
        )
    }
    safe = ImmutableSandboxedEnvironment(loader=None, **options)
    safe.globals.update(jinja.globals)
    safe.filters.update(jinja.filters)
    safe.tests.update(jinja.tests)
    return safe
