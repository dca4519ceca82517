"""The Content-Security-Policy: scripts, styles, images and connections from this site only, and no inline script.

The policy is a constant of this module: it never depends on what a page contains. Material's few inline scripts
(the storage helpers, the palette, the tab memory) are served as files by our theme overrides
(overrides/partials/javascripts/), so ``script-src`` lists no hash and no 'unsafe-inline': a script that reached a
page anyway would not run. The build also refuses any page whose HTML holds an inline script (``inline_scripts``),
naming the page. Styles may be inline (Material and mermaid set them) but never from another origin. WebAssembly is
allowed to compile ('wasm-unsafe-eval') because the search index (Pagefind) runs in it; no other eval.
"""

from __future__ import annotations

import re
from pathlib import Path

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
#: Script elements a browser never runs: data blocks such as Material's __config JSON.
DATA_TYPES = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)
DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
#: Only in the HTTP header: browsers ignore these in a meta tag.
HEADER_ONLY = ("frame-ancestors 'none'",)


class InlineScript(Exception):
    """A built page holds a script that is not one of the site's files."""


def inline_scripts(html: str) -> list[str]:
    """The start of every executable inline script in a page's HTML (none on a good page; handlers in the page's content
    are the HTML policy's, kbtools/htmlpolicy.py)."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I) and not match.group("body").strip():
            continue
        if DATA_TYPES.search(attrs):
            continue
        found.append(match.group(0)[:80])
    return found


def policy(header: bool = False) -> str:
    return "; ".join(list(DIRECTIVES) + (list(HEADER_ONLY) if header else []))


def with_policy(html: str, page: str = "") -> str:
    """The page with its policy as the first thing in <head>, so it governs every script after it.

    Raises InlineScript when the page holds an inline script: the policy would block it, and a page that needs one
    is broken for every reader, so the build stops instead of publishing it.
    """
    scripts = inline_scripts(html)
    if scripts:
        raise InlineScript(
            f"docs/{page}:1: the built page holds an inline script ({scripts[0]!r}) — pages carry no script; if a theme "
            "template added it, move it to a file under docs/assets/javascripts/ (see overrides/partials/javascripts/)"
        )
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy()}">'
    return re.sub(r"<head>", "<head>\n    " + tag, html, count=1)


def write_headers(site_dir: Path) -> None:
    """The static host's headers file (Cloudflare Pages and Netlify read ``_headers``): the same policy site-wide."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {policy(header=True)}",
        "  X-Robots-Tag: noindex, nofollow, noarchive",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: same-origin",
        "",
    ]
    (site_dir / "_headers").write_text("\n".join(lines), encoding="utf-8")
