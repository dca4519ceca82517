"""The HTML a page may contain (kbtools/htmlpolicy.py), the links it may make (macros/urls.py), and the
Content-Security-Policy (kbtools/csp.py): each refusal, and the harmless neighbour that must pass."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from kbtools import csp, htmlpolicy, pagetext
from macros import urls
from macros.data import Trusted

from .conftest import doc_pages

TRUSTED = Trusted(
    emails=frozenset({"billing@cloudflare.com"}),
    example_domains=("example.com",),
    phones=frozenset({"+14155550100"}),
    hosts=frozenset({"kb.corp"}),
)

REFUSED_HTML = [
    ("script", "<script>window.x=1</script>", "<script>"),
    ("script-with-src", '<script src="/x.js"></script>', "<script>"),
    # The theme's <noscript> (the header's search place, the no-script stylesheet) is ours; a page may carry none.
    ("noscript", '<noscript><a href="https://example.com/">Search needs JavaScript</a></noscript>', "<noscript>"),
    ("iframe", '<iframe src="https://example.com/"></iframe>', "<iframe>"),
    ("object", '<object data="x.swf"></object>', "<object>"),
    ("embed", '<embed src="x.swf">', "<embed>"),
    ("style-tag", "<style>body{display:none}</style>", "<style>"),
    ("form", '<form action="https://example.com/"></form>', "<form>"),
    ("text-input", '<input type="text" name="card">', "form field"),
    ("base", '<base href="https://example.com/">', "<base>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://example.com">', "<meta>"),
    ("svg", '<svg onload="x()"></svg>', "<svg>"),
    ("onclick", '<p onclick="x()">Hi</p>', "onclick= runs script"),
    ("onerror", '<img src="a.png" onerror="x()">', "onerror= runs script"),
    ("javascript-href", '<a href="javascript:alert(1)">x</a>', "a javascript: link"),
    ("javascript-with-tab", '<a href="java&#x09;script:alert(1)">x</a>', "a javascript: link"),
    ("javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">x</a>', "a javascript: link"),
    ("data-url", '<a href="data:text/html,x">x</a>', "a data: link"),
    ("vbscript", '<a href="vbscript:x">x</a>', "a vbscript: link"),
    ("http", '<a href="http://example.com/">x</a>', "plain http"),
    ("protocol-relative", '<a href="//example.com/">x</a>', "no scheme"),
    ("internal-host", '<a href="https://admin.internal/">x</a>', "looks like an internal host"),
    ("localhost", '<a href="https://localhost:8000/">x</a>', "looks like an internal host"),
    ("private-ip", '<a href="https://10.0.0.7/">x</a>', "looks like an internal host"),
    ("loopback-ipv6", '<a href="https://[::1]/">x</a>', "looks like an internal host"),
    ("single-label-host", '<a href="https://intranet/">x</a>', "looks like an internal host"),
    ("personal-mailto", '<a href="mailto:jane@gmail.com">x</a>', "not a company address"),
    ("style-attribute", '<p style="position:fixed">x</p>', "style= attribute"),
    ("style-on-cell-beyond-alignment", '<td style="text-align: right; background: url(x)">1</td>', "style= attribute"),
    ("unknown-attribute", '<p formaction="x">x</p>', "formaction= is not allowed"),
    ("unknown-data-attribute", '<p data-evil="x">x</p>', "data-evil= is not allowed"),
]


@pytest.mark.parametrize(("html", "message"), [(h, m) for _, h, m in REFUSED_HTML], ids=[i for i, _, _ in REFUSED_HTML])
def test_the_policy_refuses(html: str, message: str) -> None:
    found = htmlpolicy.refusals(html, TRUSTED)
    assert found and message in found[0].message, found


#: What our own pages, macros and extensions produce: it must all pass.
ALLOWED_HTML = [
    ("markdown", "<h2 id='steps'>Steps</h2><p><strong>a</strong> <em>b</em> <code>c</code></p><ul><li>x</li></ul>"),
    (
        "table-alignment",
        '<table><thead><tr><th style="text-align: right;">A</th></tr></thead><tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>',
    ),
    (
        "tabs",
        '<div class="tabbed-set" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label></div>',
    ),
    ("details", '<details class="note" open><summary>More</summary><p>x</p></details>'),
    ("abbr-with-markup-as-text", '<abbr title="&lt;img src=x onerror=alert(1)&gt;">REFUND</abbr>'),
    ("our-unverified-label", '<span class="kb-unverified" title="From a secondary source">unverified list price</span>'),
    ("widget-data", '<div class="kb-calc" id="calc-refund" data-kb-calc="refund" data-kb-config="{}"></div>'),
    ("kbd", "<kbd>/</kbd>"),
    ("https-link", '<a href="https://developers.cloudflare.com/billing/">x</a>'),
    ("relative-and-anchor", '<a href="../payments/duplicate-charge/#steps">x</a><a href="#reply-x">y</a>'),
    ("company-mailto", '<a href="mailto:billing@cloudflare.com">x</a>'),
    ("example-mailto", '<a href="mailto:you@example.com">x</a>'),
    ("listed-internal-host", '<a href="https://kb.corp/page">x</a>'),
    ("search-attributes", '<p data-pagefind-ignore="all" aria-hidden="true" hidden>x</p>'),
]


@pytest.mark.parametrize("html", [h for _, h in ALLOWED_HTML], ids=[i for i, _ in ALLOWED_HTML])
def test_our_own_html_passes(html: str) -> None:
    assert htmlpolicy.refusals(html, TRUSTED) == []


def test_markup_the_two_parsers_read_differently_is_refused() -> None:
    """Python's parser reads ``<!-->`` as the start of a comment running to ``-->``, so it sees no tag at all; a
    browser (and Ammonia's html5ever) ends the comment at once and runs the <img onerror>. Refused: the check cannot
    vouch for markup it reads differently from a browser."""
    sneaky = "<p>x</p><!--> <img src=x onerror=alert(1)> -->"
    assert htmlpolicy.start_tags(sneaky) == [("p", [])], "Python's parser changed: pick another differential"
    found = htmlpolicy.refusals(sneaky, TRUSTED)
    assert [r.message for r in found] == ["markup a browser would read differently from this check (broken or nested tags) — write plain Markdown"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('Text.\n{: onclick="x()" }', "remove onclick="),
        ("Text.\n{: style='color:red' }", "remove style="),
        ("[link](https://example.com){: .evil }", "the class .evil is not one of ours"),
        ('## Heading {: class="evil" }', "the class evil is not one of ours"),
    ],
)
def test_attribute_lists_set_only_ids_our_classes_and_data_kb(line: str, message: str) -> None:
    found = [m for _, m in pagetext.markup("# T\n\n" + line + "\n", TRUSTED)]
    assert any(message in m for m in found), found


@pytest.mark.parametrize(
    "line",
    [
        "## Reply to the customer {#reply}",
        'Text.\n{: .kb-note #here data-kb-case="x" }',
        "{{ price(plan='pro') }}",
        "Dear {customer_name},",
        '`{: onclick="in code it is only text" }`',
        "```\n<script>in a fence it is only text</script>\n```",
        "Press <kbd>/</kbd> or see <https://developers.cloudflare.com/>.",
    ],
)
def test_harmless_markdown_passes_the_source_check(line: str) -> None:
    assert list(pagetext.markup("# T\n\n" + line + "\n", TRUSTED)) == []


@pytest.mark.parametrize(
    ("url", "wrong"),
    [
        ("https://developers.cloudflare.com/", None),
        ("../x.md#y", None),
        ("#anchor", None),
        ("mailto:BILLING@cloudflare.com?subject=x", None),
        ("https://kb.corp/", None),
        ("http://example.com/", "plain http"),
        ("ftp://example.com/", "a ftp: link"),
        ("file:///etc/passwd", "a file: link"),
        ("https://printer.local/", "internal host"),
        ("https://169.254.169.254/latest/meta-data/", "internal host"),
        ("https://127.0.0.1/", "internal host"),
        ("https://git.corp.example.internal/", "internal host"),
    ],
)
def test_link_targets(url: str, wrong: str | None) -> None:
    found = urls.problem(url, TRUSTED.hosts, TRUSTED.emails, TRUSTED.example_domains)
    assert (found is None) if wrong is None else (found is not None and wrong in found), found


def test_the_policy_is_a_constant_with_no_inline_script_allowed() -> None:
    policy = csp.policy(header=True)
    script = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script == "script-src 'self' 'wasm-unsafe-eval'", "script-src names hashes or unsafe-inline: page content could be approved"
    assert "object-src 'none'" in policy and "frame-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_a_page_with_an_inline_script_is_refused_not_hashed() -> None:
    page = "<html><head></head><body><script>window.x=1</script></body></html>"
    with pytest.raises(csp.InlineScript, match="docs/runbooks/x.md:1: the built page holds an inline script"):
        csp.with_policy(page, "runbooks/x.md")
    # A data block and a script file are not inline scripts.
    fine = '<html><head></head><body><script id="__config" type="application/json">{}</script><script src="a.js"></script></body></html>'
    assert "Content-Security-Policy" in csp.with_policy(fine, "x.md")


@pytest.mark.parametrize("doc", doc_pages())
def test_no_built_page_holds_an_inline_script(site, doc: str) -> None:
    """Material's inline scripts come from files now (overrides/partials/javascripts/): every page's policy stands."""
    html = site.html(doc)
    assert csp.inline_scripts(html) == [], doc
    assert re.search(r'http-equiv="Content-Security-Policy" content="[^"]*script-src \'self\' \'wasm-unsafe-eval\';', html), doc


#: The theme's own <noscript> blocks (overrides/main.html, overrides/partials/search.html), as built.
NOSCRIPT = re.compile(r"<noscript>(.*?)</noscript>", re.S | re.I)


@pytest.mark.parametrize("doc", doc_pages())
def test_the_only_noscript_on_a_page_is_the_theme_s(site, doc: str) -> None:
    """Two per page, both from the theme: the stylesheet for browsers without scripts, and the header's message in the
    search box's place. Nothing a page writes adds one (the policy refuses the tag in content)."""
    blocks = NOSCRIPT.findall(site.html(doc))
    assert len(blocks) == 2, f"{doc}: {len(blocks)} <noscript> blocks"
    sheet, message = blocks
    assert re.fullmatch(r'\s*<link rel="stylesheet" href="[./]*assets/stylesheets/noscript\.css">\s*', sheet), sheet
    assert 'class="kb-noscript-search"' in message and "<script" not in message, message
    stem = doc.removesuffix(".md").removesuffix("index")
    page_url = "/" + (stem if not stem or stem.endswith("/") else stem + "/")
    href = re.search(r'href="([^"]*)"', message).group(1)
    assert urljoin(page_url, href) == "/runbooks/", f"{doc}: the message links {href!r}"


def test_the_headers_file_has_the_same_constant_policy(site) -> None:
    headers = (site.dir / "_headers").read_text(encoding="utf-8")
    assert f"Content-Security-Policy: {csp.policy(header=True)}" in headers
    assert "sha256-" not in headers
