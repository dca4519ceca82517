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

from . import render, widgets
from .asof import resolve_as_of
from .data import SiteData, load_site_data
from .pages import page_list
from .searchwords import missing_pages, search_entry
from .yamlsource import DataError

log = logging.getLogger("mkdocs.plugins.kb_macros")

#: Shown in place of a macro's output while previewing; the strict build fails on the logged error.
ERROR_MARK = "KB-MACRO-ERROR"


def _call_line(page: Any, name: str, message: str) -> int:
    """The line of the page source where macro ``name`` is called (the one the error mentions, if several)."""
    try:
        lines = Path(page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
    except (AttributeError, OSError):
        return 1
    calls = [i for i, line in enumerate(lines, start=1) if re.search(rf"\b{name}\s*\(", line)]
    quoted = re.findall(r"'([^']*)'", message)
    for number in calls:
        if any(f'"{q}"' in lines[number - 1] or f"'{q}'" in lines[number - 1] for q in quoted):
            return number
    return calls[0] if calls else 1


def define_env(env: Any) -> None:
    """Entry point called by mkdocs-macros once per build."""
    root = Path(env.project_dir)
    try:
        data = load_site_data(root)
        as_of, why = resolve_as_of(os.environ, date.today())
    except (DataError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    missing = missing_pages(data.search_words, root / "docs")
    if missing:
        raise PluginError(missing[0])
    _wire_tooltips(env.conf, data)
    env.variables["kb_as_of"] = as_of.isoformat()
    _BUILD.update(owners={key: team.name for key, team in data.teams.items()}, as_of=as_of, words=data.search_words)

    def register(name: str, func: Callable[..., str]) -> None:
        def wrapper(*args: Any, **kwargs: Any) -> str:
            try:
                return func(*args, **kwargs)
            except (render.MacroInputError, widgets.WidgetError, TypeError) as exc:
                page = env.page
                line = _call_line(page, name, str(exc))
                log.error("docs/%s:%d: %s(): %s", page.file.src_path, line, name, exc)
                return f"**{ERROR_MARK}: {name}(): {exc}**"

        wrapper.__name__ = name
        wrapper.__doc__ = func.__doc__
        env.macro(wrapper, name)

    meta = lambda: env.page.meta  # noqa: E731 - the page changes between calls
    register("price", lambda plan, cycle="monthly": render.price_text(data, plan, cycle))
    register("policy", lambda key: render.policy_text(data, key))
    register("approval_limits", lambda: render.approval_limits_block(data))
    register("at_a_glance", lambda who, time, escalate_when: widgets.at_a_glance(data, meta(), who, time, escalate_when))
    register("reply_composers", lambda: widgets.replies(data, root / "snippets", meta()))
    register("calculator", lambda kind, **defaults: widgets.calculator(data, kind, **defaults))
    register("escalation", lambda queue: render.escalation_block(data, queue))
    register("proration_table", lambda **kw: render.proration_block(data, as_of, why, **_known(kw, render.proration_block)))
    register("revenue_schedule", lambda **kw: render.revenue_block(data, as_of, why, **_known(kw, render.revenue_block)))
    register("domain_lifecycle", lambda **kw: render.lifecycle_block(data, as_of, why, **_known(kw, render.lifecycle_block)))
    register("glossary_terms", lambda: render.glossary_block(data))
    register("page_list", lambda folder: _page_list(root / "docs", folder))
    register("dunning_schedule", lambda **kw: render.dunning_block(data, as_of, why, **_known(kw, render.dunning_block)))
    register("partial_refund", lambda **kw: render.partial_refund_block(data, as_of, why, **_known(kw, render.partial_refund_block)))
    register("tax_example", lambda **kw: render.tax_block(data, as_of, why, **_known(kw, render.tax_block)))
    for name, func in (
        ("journal_entries", render.journal_block),
        ("contract_modification", render.modification_block),
        ("usage_revenue", render.usage_block),
        ("fx_example", render.fx_block),
        ("transfer_timeline", render.transfer_block),
    ):
        register(name, lambda _f=func, **kw: _f(data, as_of, why, **_known(kw, _f)))
    register("credit_loss_allowance", lambda: render.credit_loss_block(data, as_of, why))
    register("price_breakdown", lambda tld=None: render.price_breakdown_block(data, tld))
    register("lifecycle_diagram", lambda: render.lifecycle_diagram_block(data))
    register("epp_statuses", lambda set_by=None: render.epp_status_block(data, set_by))
    register("error_codes", lambda kind=None: render.error_codes_block(data, env.page.file.src_path, kind))


#: What the page hooks below need from the current build (set by define_env, which runs once per build).
_BUILD: dict[str, Any] = {}


def on_pre_page_macros(env: Any) -> None:
    """Called by mkdocs-macros for every page: what the theme shows and indexes (overrides/partials/content.html).

    The review line; and the page's search entry for Pagefind. Material's own lunr index is left empty (every page
    excluded), since the search box talks to Pagefind (docs/assets/javascripts/search-worker.js).
    """
    page = env.page
    page.meta["kb_review"] = widgets.review_status(page.meta, _BUILD["owners"], _BUILD["as_of"])
    area = page.parent.title if getattr(page, "parent", None) is not None else ""
    page.meta["kb_search"] = search_entry(_BUILD["words"], page.file.src_path, page.meta, area)
    page.meta["search"] = {"exclude": True}


def _page_list(docs: Path, folder: str) -> str:
    try:
        return page_list(docs, folder)
    except ValueError as exc:
        raise render.MacroInputError(str(exc)) from None


def _known(kwargs: dict[str, Any], func: Callable[..., str]) -> dict[str, Any]:
    """Refuse keyword arguments the macro does not take, naming the ones it does."""
    names = func.__code__.co_varnames[: func.__code__.co_argcount][3:]
    unknown = sorted(set(kwargs) - set(names))
    if unknown:
        raise render.MacroInputError(f"unknown argument {', '.join(unknown)} — this macro takes: {', '.join(names)}")
    return kwargs


def _wire_tooltips(config: Any, data: SiteData) -> None:
    """Give Python-Markdown's abbr extension the glossary, so every matching word gets a tooltip.

    Using the extension's ``glossary`` option (instead of auto-appending ``*[TERM]: ...`` lines to every
    page) keeps the cost flat: see docs/contributing/build-cost.md. KB_TOOLTIPS=0 turns it off for the
    benchmark.
    """
    if os.environ.get("KB_TOOLTIPS", "1") == "0":
        return
    if "abbr" not in config["markdown_extensions"]:
        raise PluginError("mkdocs.yml: markdown_extensions must include 'abbr' for the glossary tooltips")
    glossary = {match: term.definition for term in data.glossary for match in term.match}
    config["mdx_configs"].setdefault("abbr", {})["glossary"] = glossary


__all__ = ["define_env", "on_pre_page_macros", "ERROR_MARK"]
