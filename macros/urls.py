"""What a link on this site may point at: a page of the site, https to a public host, or a company mailbox.

One rule for every place a link is written: a page's Markdown (`make check`), the rendered page (the build's HTML
policy, kbtools/htmlpolicy.py) and every web address in data/ (macros/yamlsource.py). Hosts that look internal and
mail addresses are allowed only when data/trusted.yml lists them (an engineering-reviewed file).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from urllib.parse import unquote, urlsplit

#: Host names that only resolve inside a company network (RFC 6762 .local, RFC 8375 home.arpa, common private zones).
INTERNAL_SUFFIXES = (".internal", ".local", ".localdomain", ".corp", ".lan", ".intranet", ".private", ".home.arpa", ".localhost")
#: Characters a browser drops before it reads a scheme (so "java\tscript:" is "javascript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def looks_internal(host: str) -> bool:
    """True for localhost, a private, loopback or link-local address, a single-label name, or an internal zone."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(INTERNAL_SUFFIXES)
    return not address.is_global


def problem(url: str, hosts: Collection[str] = (), emails: Collection[str] = (), example_domains: Collection[str] = ()) -> str | None:
    """What is wrong with ``url`` as a link target, with the fix, or None when it may be published.

    Relative links and #anchors are the site's own. ``hosts`` are internal-looking hosts data/trusted.yml allows,
    ``emails`` the company addresses a mailto: may name, ``example_domains`` the documentation domains any address
    may use (name@example.com).
    """
    compact = _IGNORED.sub("", url)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", compact)
    if compact.startswith("//"):
        return f"'{url}' has no scheme — write the full https:// address"
    if scheme is None:
        return None  # a page of this site, or an anchor on it
    name = scheme.group(1).lower()
    if name == "mailto":
        address = unquote(compact[len(scheme.group(0)) :].split("?", 1)[0]).lower()
        if address in {e.lower() for e in emails} or address.rpartition("@")[2] in example_domains:
            return None
        return f"mailto:{address} is not a company address listed in data/trusted.yml — link the team's page, or ask engineering to list the address"
    if name == "http":
        return f"'{url}' is plain http — use the https:// address (open it in a browser to find it)"
    if name != "https":
        return f"a {name}: link cannot be published — link an https:// page or a page of this site"
    host = (urlsplit(compact).hostname or "").lower()
    if looks_internal(host) and host not in {h.lower() for h in hosts}:
        return (
            f"'{host}' looks like an internal host (readers outside that network cannot open it) — link a public page, "
            "or ask engineering to list the host in data/trusted.yml"
        )
    return None
