"""The Content-Security-Policy: scripts, styles, images and connections from this site only.

Material writes a few small inline scripts into every page (the palette, the tab memory, scrolling to a hash);
each is allowed by its SHA-256 hash, per page in a meta tag and site-wide in the static host's ``_headers``
file. Styles may be inline (Material and mermaid set them) but never from another origin. WebAssembly is allowed
to compile ('wasm-unsafe-eval') because the search index (Pagefind) runs in it; no other eval.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
#: Only in the HTTP header: browsers ignore these in a meta tag.
HEADER_ONLY = ("frame-ancestors 'none'",)
_site_hashes: set[str] = set()


def inline_hashes(html: str) -> list[str]:
    """The CSP source for every executable inline script on a page, in order, without repeats."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or re.search(r"type=[\"']?application/(?:ld\+)?json", attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in found:
            found.append(source)
    return found


def policy(hashes: list[str] | set[str], header: bool = False) -> str:
    joined = "".join(f" {h}" for h in sorted(hashes))
    directives = [d.format(hashes=joined) for d in DIRECTIVES] + (list(HEADER_ONLY) if header else [])
    return "; ".join(directives)


def with_policy(html: str, page: str = "") -> str:
    """The page with its policy as the first thing in <head>, so it governs every script after it."""
    hashes = inline_hashes(html)
    _site_hashes.update(hashes)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    return re.sub(r"<head>", "<head>\n    " + tag, html, count=1)


def write_headers(site_dir: Path) -> None:
    """The static host's headers file (Cloudflare Pages and Netlify read ``_headers``): the same policy site-wide."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {policy(_site_hashes, header=True)}",
        "  X-Robots-Tag: noindex, nofollow, noarchive",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: same-origin",
        "",
    ]
    (site_dir / "_headers").write_text("\n".join(lines), encoding="utf-8")


def reset() -> None:
    """Forget the hashes of the last build (a preview server builds many times in one process)."""
    _site_hashes.clear()
