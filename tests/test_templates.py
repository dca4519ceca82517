"""Templates are a closed language (macros/templatecheck.py), and pages render in Jinja's sandbox behind it.

Two walls, tested apart: the rule refuses every construct outside the language at its line (`make check` and the
build share it); and with the rule switched off, the sandbox alone still stops the same expressions from reaching
Python's internals or a file.
"""

from __future__ import annotations

import pytest
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import SecurityError

from macros import freshness, templatecheck

from .conftest import build_fixture_site

MACROS = frozenset(freshness.MACRO_DATA)
FRONT = "---\ntitle: T\nrender_macros: true\n---\n\n"


def _problems(body: str) -> list[tuple[int, str]]:
    text = FRONT + body
    lines = text.splitlines()
    found, _ = templatecheck.problems("docs/x.md", lines, "\n".join(lines[templatecheck.body_offset(lines) :]), MACROS)
    return found


REFUSED = [
    ("class-list", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "only a macro can be called"),
    ("popen", "{{ cycler.__init__.__globals__.os.popen('id').read() }}", "only a macro can be called"),
    ("attribute-of-config", "{{ config.site_url }}", "reading an attribute or item ('.site_url')"),
    ("item-of-page", "{{ page['meta'] }}", "reading an attribute or item ('[…]')"),
    ("include", "{% include '../../../../etc/passwd' %}", "'{% include %}' is not allowed"),
    ("import", "{% import 'x.html' as x %}", "'{% import %}' is not allowed"),
    ("extends", "{% extends 'base.html' %}", "'{% extends %}' is not allowed"),
    ("set", "{% set x = 1 %}", "'{% set %}' is not allowed"),
    ("for", "{% for x in range(3) %}{{ x }}{% endfor %}", "'{% for %}' is not allowed"),
    ("macro-definition", "{% macro m() %}x{% endmacro %}", "'{% macro %}' is not allowed"),
    ("filter-safe", '{{ price("pro") | safe }}', "the filter '|safe' is not allowed"),
    ("plugin-variable", "{{ environment }}", "'environment' is not a macro or a variable"),
    ("plugin-macro", "{{ macros_info() }}", "'macros_info' is not a macro or a variable"),
    ("jinja-global", "{{ lipsum() }}", "'lipsum' is not a macro or a variable"),
    ("underscore", "{{ _secret }}", "names starting with '_' are never available"),
    ("misspelt-macro", '{{ pricee("pro") }}', "did you mean price()?"),
    ("uncalled-macro", "{{ price }}", "'price' is a macro: call it"),
    ("name-argument", "{{ price(plan=kb_as_of) }}", "an argument must be a literal"),
    ("expression-argument", '{{ price("p" ~ "ro") }}', "an argument must be a literal"),
    ("call-argument", '{{ price(policy("x")) }}', "an argument must be a literal"),
    ("star-arguments", "{{ price(*['pro']) }}", "write each argument out"),
    ("arithmetic", "{{ 1 + 1 }}", "an expression (add) is not allowed"),
    ("indent-with-name", "{{ domain_lifecycle() | indent(kb_as_of) }}", "|indent: an argument must be a literal"),
]


@pytest.mark.parametrize(("body", "message"), [(b, m) for _, b, m in REFUSED], ids=[i for i, _, _ in REFUSED])
def test_the_closed_language_refuses_it_at_its_line(body: str, message: str) -> None:
    found = _problems("Text before.\n\n" + body + "\n")
    assert found, f"{body!r} passed the rule"
    line, text = found[0]
    assert line == FRONT.count("\n") + 3, found  # the body's third line, counted from the top of the file
    assert message in text, text


ALLOWED = [
    ("macro-with-keywords", '{{ proration_table(from_plan="pro", to_plan="business", billing_day=31) }}'),
    ("macro-with-positional", '{{ policy("refunds.goodwill_window_days") }}'),
    ("negative-number", "{{ escalation(queue='billing-ops') }} {{ revenue_schedule(months=-1) }}"),
    ("the-build-date", "{{ kb_as_of }}"),
    ("indent-inside-a-tab", "{{ domain_lifecycle() | indent(4) }}"),
    ("literal-braces", '`{{ "{{" }} price() {{ "}}" }}`'),
    ("raw-block", "{% raw %}{{ anything.at.all }}{% endraw %}"),
    ("comment", "{## a note for editors ##}"),
]


@pytest.mark.parametrize("body", [b for _, b in ALLOWED], ids=[i for i, _ in ALLOWED])
def test_what_pages_write_passes(body: str) -> None:
    assert _problems(body + "\n") == []


def test_the_build_registers_exactly_the_macros_pages_may_call() -> None:
    """The rule's macro list (freshness.MACRO_DATA, what `make check` uses) is what define_env registers."""
    import macros

    from .conftest import ROOT

    class PluginStandIn:
        """What define_env uses of mkdocs-macros' plugin object."""

        project_dir = str(ROOT)
        conf = {"markdown_extensions": ["abbr"], "mdx_configs": {}}
        variables: dict = {}

        def __init__(self) -> None:
            self.names: list[str] = []

        def macro(self, function, name) -> None:  # noqa: ANN001 - the plugin's own signature
            self.names.append(name)

    plugin = PluginStandIn()
    macros.define_env(plugin)
    assert sorted(plugin.names) == sorted(freshness.MACRO_DATA)


def _plugin_env() -> Environment:
    """The Jinja environment mkdocs-macros builds for pages (its own settings), before and after our sandbox."""
    return Environment(undefined=StrictUndefined, comment_start_string="{##", comment_end_string="##}")


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__['__builtins__'] }}",
    ],
)
def test_the_sandbox_alone_stops_python_internals(expression: str) -> None:
    plain = _plugin_env()
    plain.globals.update(cycler=__import__("jinja2.utils", fromlist=["Cycler"]).Cycler)
    # Without the sandbox the expression reaches Python's internals (the wall is needed) ...
    assert plain.from_string(expression).render() != ""
    # ... and inside it, it is refused.
    with pytest.raises(SecurityError):
        templatecheck.sandboxed(plain).from_string(expression).render()


def test_the_sandbox_has_no_loader_so_nothing_is_included(tmp_path) -> None:
    from jinja2 import FileSystemLoader

    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    plain = Environment(loader=FileSystemLoader(str(tmp_path)))
    assert plain.from_string("{% include 'secret.txt' %}").render() == "root:x:0:0"
    with pytest.raises(TypeError, match="no loader"):
        templatecheck.sandboxed(plain).from_string("{% include 'secret.txt' %}").render()


def test_the_built_site_renders_in_the_sandbox(tmp_path, monkeypatch) -> None:
    """The second wall in a real build: with the first switched off, a page that reaches for os.popen stops the
    build instead of running a command, and nothing of the command's output is written."""

    def no_rule(where, lines, markdown, macros, env=None):  # noqa: ANN001, ANN202 - the rule's own signature
        return [], (env or Environment()).parse(markdown)

    monkeypatch.setattr(templatecheck, "problems", no_rule)
    marker = tmp_path / "ran"
    page = f"{FRONT}# Hostile\n\n{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n"
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "hostile.md": page})
    assert site.error is not None, "the build published a page that reaches for os.popen"
    assert not marker.exists(), "the template ran a shell command"
    assert not (site.dir / "hostile" / "index.html").exists()
