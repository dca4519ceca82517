"""The one MkDocs-aware module: load data once, wire the glossary tooltips, register the macros."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from . import changes, freshness, tables, templatecheck, widgets
from .asof import resolve_as_of
from .blocks import accounting, billing, decisions, domains, journal, onboarding, research, site
from .blocks.args import MacroInputError
from .data import SiteData, load_site_data
from .pages import page_list
from .productvoice import questions_block, route_block
from .searchwords import missing_pages, search_entry
from .tooltips import TooltipsExtension
from .training import training_problems
from .yamlsource import DataError, normalise

log = logging.getLogger("mkdocs.plugins.kb_macros")

#: Shown in place of a macro's output while previewing; the strict build fails on the logged error.
ERROR_MARK = "KB-MACRO-ERROR"


def _source(page: Any) -> list[str]:
    try:
        return normalise(Path(page.file.abs_src_path).read_text(encoding="utf-8")).splitlines()
    except (AttributeError, OSError, UnicodeDecodeError):
        return []


def _calls(lines: list[str], name: str) -> list[int]:
    """Lines where ``{{ name(`` is called, in the order Jinja evaluates them (top to bottom)."""
    return [i for i, line in enumerate(lines, start=1) for _ in re.finditer(rf"\{{\{{-?\s*{re.escape(name)}\s*\(", line)]


#: Macro calls made so far on the page being rendered, per macro name (the Nth call is the Nth in the source).
_CALLS: dict[str, int] = {}


def define_env(env: Any) -> None:
    """Entry point called by mkdocs-macros once per build."""
    root = Path(env.project_dir)
    try:
        as_of, why = resolve_as_of(os.environ, date.today())
        data = load_site_data(root, as_of)
    except (DataError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    # Data that names pages is checked against them once the pages' own problems have had their say (the publish guard
    # in on_files runs first): an editor adding a runbook hears about the runbook first, then the learning path.
    _BUILD["pending"] = missing_pages(data.search_words, root / "docs") + training_problems(data.training, root / "docs")
    _wire_tooltips(env.conf, data)
    env.variables["kb_as_of"] = as_of.isoformat()
    _BUILD.update(
        teams=data.teams,
        as_of=as_of,
        words=data.search_words,
        due_soon_days=data.policy_value("reviews.due_soon_days"),
        badge_days=data.policy_value("reviews.changed_badge_days"),
        changes=freshness.git_change_dates(root),
        reasons=data.contact_reasons.by_page(),
        read=freshness.reader(root),
        env=env,
    )

    def register(name: str, func: Callable[..., str]) -> None:
        def wrapper(*args: Any, **kwargs: Any) -> str:
            number = _CALLS.get(name, 0)
            _CALLS[name] = number + 1
            try:
                return func(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure becomes one line naming the page and the call
                page = env.page
                calls = _calls(_source(page), name)
                line = calls[number] if number < len(calls) else (calls[0] if calls else 1)
                message = str(exc).replace("<lambda>()", f"{name}()")
                if not isinstance(exc, (MacroInputError, widgets.WidgetError, TypeError, ValueError)):
                    message = f"{type(exc).__name__}: {message} — unexpected; report it with this call (a bug in macros/)"
                if _BUILD.get("quiet"):  # a preview's look ahead (rendered_again): the rebuild reports it
                    return f"**{ERROR_MARK}**"
                log.error("docs/%s:%d: %s(): %s", page.file.src_path, line, name, message)
                return f"**{ERROR_MARK}: {name}(): {message}**"

        wrapper.__name__ = name
        wrapper.__doc__ = func.__doc__
        env.macro(wrapper, name)

    meta = lambda: env.page.meta  # noqa: E731 - the page changes between calls
    register("price", lambda plan, cycle="monthly": billing.price_text(data, plan, cycle))
    register("policy", lambda key: billing.policy_text(data, key))
    register("approval_limits", lambda: billing.approval_limits_block(data))
    register("billing_convention", lambda: billing.billing_convention_block(data))
    register("at_a_glance", lambda who, time: widgets.at_a_glance(data, meta(), who, time, env.markdown))
    register("roles", lambda action: decisions.roles_text(data, action))
    register("decision", lambda key: decisions.decision_text(data, key))
    register("roles_table", lambda: decisions.roles_table(data))
    register("reply_composers", lambda: widgets.replies(data, root / "snippets", meta()))
    register("calculator", lambda kind, **defaults: widgets.calculator(data, kind, **defaults))
    register("escalation", lambda queue: billing.escalation_block(data, queue))
    register("proration_table", lambda **kw: billing.proration_block(data, as_of, why, **_known(kw, billing.proration_block)))
    register("revenue_schedule", lambda **kw: accounting.revenue_block(data, as_of, why, **_known(kw, accounting.revenue_block)))
    register("domain_lifecycle", lambda **kw: domains.lifecycle_block(data, as_of, why, **_known(kw, domains.lifecycle_block)))
    register("glossary_terms", lambda: site.glossary_block(data))
    register("page_list", lambda folder: _page_list(root / "docs", folder))
    register("dunning_schedule", lambda **kw: billing.dunning_block(data, as_of, why, **_known(kw, billing.dunning_block)))
    register("partial_refund", lambda **kw: billing.partial_refund_block(data, as_of, why, **_known(kw, billing.partial_refund_block)))
    register("tax_example", lambda **kw: billing.tax_block(data, as_of, why, **_known(kw, billing.tax_block)))
    for name, func in (
        ("journal_entries", journal.journal_block),
        ("contract_modification", accounting.modification_block),
        ("usage_revenue", accounting.usage_block),
        ("fx_example", accounting.fx_block),
        ("transfer_timeline", domains.transfer_block),
    ):
        register(name, lambda _f=func, **kw: _f(data, as_of, why, **_known(kw, _f)))
    register("credit_loss_allowance", lambda: accounting.credit_loss_block(data, as_of, why))
    register("price_breakdown", lambda tld=None: domains.price_breakdown_block(data, tld))
    register("lifecycle_diagram", lambda: domains.lifecycle_diagram_block(data))
    register("epp_statuses", lambda set_by=None: domains.epp_status_block(data, set_by))
    register(
        "review_queue",
        lambda: widgets.review_queue_block(
            freshness.queue(freshness.read_pages(root / "docs"), as_of, _BUILD["due_soon_days"], _BUILD["changes"], _BUILD["read"]),
            data.teams,
            as_of,
            _BUILD["due_soon_days"],
            env.page.file.src_path,
        ),
    )
    register(
        "recent_changes",
        lambda limit=None: widgets.recent_changes_block(
            changes.all_notes(freshness.read_pages(root / "docs"), as_of),
            data.teams,
            as_of,
            _BUILD["badge_days"],
            env.page.file.src_path,
            limit,
        ),
    )
    register("error_codes", lambda kind=None: billing.error_codes_block(data, env.page.file.src_path, kind))
    reasons = data.contact_reasons.by_page()
    register("learning_path", lambda: onboarding.learning_path_block(data.training, root / "docs", env.page.file.src_path, reasons))
    register("training_access", lambda: onboarding.access_block(data.training))
    register("sign_off_sheet", lambda: onboarding.sign_off_block(data.training, root / "docs", env.page.file.src_path))
    register("reply_rubric", lambda: onboarding.rubric_block(data.training))
    register("trainer_cases", lambda: onboarding.trainer_cases_block(data.training, root / "docs", env.page.file.src_path, reasons))
    register("contact_reasons", lambda: site.contact_reasons_block(data, root / "docs", env.page.file.src_path))
    register("product_feedback_route", lambda: route_block(data.product_voice))
    register(
        "product_questions",
        lambda: questions_block(data.product_voice, {r.code: r.runbook for r in data.contact_reasons.reasons}, env.page.file.src_path),
    )
    register("sigma_query", lambda name: research.query_block(data, root / "docs", name, env.page.file.src_path, as_of))
    register("query_library", lambda: research.library_block(data, root / "docs", env.page.file.src_path, as_of))


#: What the page hooks below need from the current build (set by define_env, which runs once per build).
_BUILD: dict[str, Any] = {}


def on_pre_page_macros(env: Any) -> None:
    """Called by mkdocs-macros for every page: what the theme shows and indexes (overrides/partials/content.html).

    The review line; and the page's search entry for Pagefind. Material's own lunr index is left empty (every page
    excluded), since the search box talks to Pagefind (docs/assets/javascripts/search-worker.js).
    """
    page = env.page
    _CALLS.clear()
    if _BUILD.get("pending"):
        raise PluginError(_BUILD["pending"][0])
    if page.meta.get("render_macros") is True:
        _check_template(env, page)
    # The contact-reason code a runbook's tickets are tagged with, shown on the review line (overrides/partials/content.html).
    page.meta["kb_contact_reason"] = _BUILD["reasons"].get(page.file.src_path)
    page.meta["kb_changed"] = changes.badge(page.file.src_path, page.meta, _BUILD["as_of"], _BUILD["badge_days"])
    page.meta["kb_review"] = widgets.review_status(
        page.meta, env.markdown, _BUILD["teams"], _BUILD["as_of"], _BUILD["due_soon_days"], _BUILD["changes"], _BUILD["read"]
    )
    area = page.parent.title if getattr(page, "parent", None) is not None else ""
    page.meta["kb_search"] = search_entry(_BUILD["words"], page.file.src_path, page.meta, area)
    page.meta["search"] = {"exclude": True}


def _check_template(env: Any, page: Any) -> None:
    """Before rendering: anything outside the closed template language (a misspelt macro, an attribute, a tag, a
    filter, an argument that is not a literal) stops the build at its page line. The rule is macros/templatecheck.py's,
    which `make check` runs too, with the same macro names: ours (freshness.MACRO_DATA), never the plugin's own.
    Then the page renders in Jinja's sandbox, the second wall."""
    env._env = templatecheck.sandboxed(env.env)
    where = f"docs/{page.file.src_path}"
    found, tree = templatecheck.problems(where, _source(page), env.markdown, freshness.MACRO_DATA, env.env)
    if found:
        line, message = found[0]
        raise PluginError(f"{where}:{line}: {message}")
    _reuse_parse(env.env, env.markdown, tree)


def _reuse_parse(jinja: Any, source: str, tree: Any) -> None:
    """mkdocs-macros compiles this same page text right after the check: let Jinja take the tree just parsed
    instead of parsing the page a second time (parsing was ~5% of a build). One use, then Jinja's own parser again.
    """

    def parse_once(text: str, name: str | None, filename: str | None) -> Any:
        jinja.__dict__.pop("_parse", None)
        return tree if text == source else jinja._parse(text, name, filename)

    jinja._parse = parse_once


class _PageStandIn:
    """What the macros read of a page (its front matter and source path), for ``rendered_again``."""

    def __init__(self, rel: str, meta: dict[str, Any], path: Path) -> None:
        self.meta = meta
        self.title = meta.get("title")
        self.file = type("File", (), {"src_path": rel, "src_uri": rel, "abs_src_path": str(path)})()


def rendered_again(rel: str, meta: dict[str, Any], body: str) -> str | None:
    """The Markdown a page's macros make from the data loaded for the current build, or None when that cannot be told
    (no build yet, the page does not render macros, a macro failed: the caller rebuilds the page, which reports it).

    For `make serve` after a data edit (kbtools/preview.py): a page whose macros render what they rendered in the last
    build shows nothing new, so it is not rebuilt. Rendered as mkdocs-macros renders a page (its Jinja environment and
    variables, the front matter on top, this page as its current page), so the text is the one it hands on; but a
    failure returns None instead of stopping the preview (the plugin exits on one, with on_error_fail).
    """
    env = _BUILD.get("env")
    if env is None or meta.get("render_macros") is not True:
        return None
    saved = (env.__dict__.get("_page"), env.variables.get("page"), env.__dict__.get("_markdown"))
    stand_in = _PageStandIn(rel, meta, Path(env.project_dir) / "docs" / rel)
    jinja = env.env
    try:
        env._page, env.variables["page"], env._markdown = stand_in, stand_in, body
        _CALLS.clear()
        _BUILD["quiet"] = True
        # The page's template compiles to the same code in every rebuild: compile it once. The macros it calls are
        # the current build's (the environment's globals, given at render time), so the data is today's.
        key = (type(jinja), body)  # the sandbox compiles operators differently
        code = _COMPILED.get(key)
        if code is None:
            code = _COMPILED[key] = jinja.compile(body)
        template = jinja.template_class.from_code(jinja, code, jinja.make_globals(None), None)
        rendered = template.render(**{**env.variables, **meta})
    except Exception:  # noqa: BLE001 - any failure means "rebuild it", where the build names the problem
        return None
    finally:
        _BUILD["quiet"] = False
        env._page, env.variables["page"], env._markdown = saved
    return None if ERROR_MARK in rendered else rendered


#: Compiled page templates for ``rendered_again``, by environment class and template text (a preview session's pages).
_COMPILED: dict[tuple[type, str], Any] = {}


def _page_list(docs: Path, folder: str) -> str:
    try:
        return page_list(docs, folder)
    except ValueError as exc:
        raise MacroInputError(str(exc)) from None


def _known(kwargs: dict[str, Any], func: Callable[..., str]) -> dict[str, Any]:
    """Refuse keyword arguments the macro does not take, naming the ones it does."""
    names = func.__code__.co_varnames[: func.__code__.co_argcount][3:]
    unknown = sorted(set(kwargs) - set(names))
    if unknown:
        raise MacroInputError(f"unknown argument {', '.join(unknown)} — this macro takes: {', '.join(names)}")
    return kwargs


def _wire_tooltips(config: Any, data: SiteData) -> None:
    """Give Python-Markdown's abbr extension the glossary, so every matching word gets a tooltip.

    Using the extension's ``glossary`` option (instead of auto-appending ``*[TERM]: ...`` lines to every
    page) keeps the cost flat: see docs/contributing/build-cost.md. KB_TOOLTIPS=0 turns it off for the
    benchmark.
    """
    # The macros' tables are HTML, which abbr does not look into: they mark up the same glossary themselves
    # (macros/tables.py). KB_HTML_TABLES=0 hands Markdown tables to Python-Markdown instead (the benchmark's comparison).
    html_tables = os.environ.get("KB_HTML_TABLES", "1") != "0"
    if os.environ.get("KB_TOOLTIPS", "1") == "0":
        tables.use_html(html_tables)
        return
    if "abbr" not in config["markdown_extensions"]:
        raise PluginError("mkdocs.yml: markdown_extensions must include 'abbr' for the glossary tooltips")
    glossary = {match: term.definition for term in data.glossary for match in term.match}
    tables.use_html(html_tables, glossary)
    config["mdx_configs"].setdefault("abbr", {})["glossary"] = glossary
    # One compiled matcher for the whole glossary instead of the stock per-page alternation (macros/tooltips.py).
    if not any(isinstance(ext, TooltipsExtension) for ext in config["markdown_extensions"]):
        config["markdown_extensions"].append(TooltipsExtension())


__all__ = ["define_env", "on_pre_page_macros", "rendered_again", "ERROR_MARK"]
