"""The last wall, in Chromium: script injected through every channel an editor has, forced past the build's gates into
a built page, does not run under the site's Content-Security-Policy. The same page with the policy removed runs it,
so the payloads are live and the policy is what stops them."""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import build_fixture_site, route_offline

pytestmark = pytest.mark.browser

PUSH = "(window.__pwned=window.__pwned||[]).push('{}')"
CHANNELS = {
    "script": f"<script>{PUSH.format('script')}</script>",
    "script-src-data": f'<script src="data:text/javascript,{PUSH.format("script-src-data")}"></script>',
    "img-onerror": f'<img src="missing.png" onerror="{PUSH.format("img-onerror")}">',
    "svg-onload": f'<svg onload="{PUSH.format("svg-onload")}"></svg>',
    "details-ontoggle": f'<details open ontoggle="{PUSH.format("details-ontoggle")}"><summary>x</summary>y</details>',
    "iframe-srcdoc": "<iframe srcdoc=\"<script>parent.__pwned=(parent.__pwned||[]).concat(['iframe'])</script>\"></iframe>",
    "object": "<object data=\"data:text/html,<script>parent.__pwned=['object']</script>\"></object>",
    "attr-list-onclick": f'Click this paragraph.\n{{: onclick="{PUSH.format("attr-list-onclick")}" #attr-target }}',
    # A Markdown link target cannot hold quotes: the link's mark is the number 7.
    "javascript-link": "[Open](javascript:(window.__pwned=window.__pwned||[]).push(7)){: #js-link }",
}
NAV_LABEL = f'<img src=x onerror="{PUSH.format("nav-label")}">'


@pytest.fixture(scope="module")
def forced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture site with one page carrying every channel, built with the gates switched off (the HTML policy, the
    publish guard, the inline-script refusal) so the injected markup is published as written."""
    from kbtools import csp, rules

    tmp = tmp_path_factory.mktemp("forced")
    body = "---\ntitle: Hostile\n---\n\n# Hostile\n\n" + "\n\n".join(CHANNELS.values()) + "\n"

    def with_nav(project: Path) -> None:
        config = project / "mkdocs.yml"
        names = ["index.md", "hostile.md", "kb-fixture-training.md"]
        label = json.dumps(NAV_LABEL)  # a JSON string is a YAML double-quoted string
        nav = "\nnav:\n" + "".join(f"  - {label}: {n}\n" if n == "hostile.md" else f"  - {n}\n" for n in names)
        config.write_text(config.read_text(encoding="utf-8") + nav, encoding="utf-8")

    patch = pytest.MonkeyPatch()
    patch.setattr(rules, "publish_problems", lambda *a, **k: [])
    patch.setattr(rules, "html_problems", lambda *a, **k: [])
    patch.setattr(csp, "inline_scripts", lambda html: [])
    try:
        site = build_fixture_site(tmp, {"index.md": "# Home\n", "hostile.md": body}, before_build=with_nav)
    finally:
        patch.undo()
    assert site.error is None, site.error
    html = (site.dir / "hostile" / "index.html").read_text(encoding="utf-8")
    for name, marker in [("script", "<script>(window.__pwned"), ("attr-list-onclick", "onclick="), ("nav-label", "onerror")]:
        assert marker in html, f"the {name} channel did not reach the page, so this test would prove nothing"
    return site.dir


def _serve(directory: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _visit(browser, directory: Path) -> tuple[list[str] | None, list[str], list[str]]:
    """Load the hostile page, click what needs a click; return what ran, the policy violations, requests that left."""
    server = _serve(directory)
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));")
    leaked = route_offline(context)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/hostile/", wait_until="load")
        page.locator("#attr-target").click()
        page.locator("#js-link").click()
        page.wait_for_timeout(500)
        return page.evaluate("window.__pwned || null"), page.evaluate("window.__csp"), leaked
    finally:
        context.close()
        server.shutdown()


def test_nothing_injected_runs_under_the_policy(browser, forced_site: Path) -> None:
    ran, violations, leaked = _visit(browser, forced_site)
    print("violations under the policy:", violations)
    assert ran is None, f"injected script ran under the policy: {ran}"
    assert "script-src-elem" in violations or "script-src" in violations, violations
    assert leaked == []


def test_without_the_policy_the_same_page_runs_it(browser, forced_site: Path, tmp_path: Path) -> None:
    """The control: strip the policy from a copy of the page, and the payloads run (the test above can fail)."""
    copy = tmp_path / "copy"
    shutil.copytree(forced_site, copy)
    page = copy / "hostile" / "index.html"
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8")), encoding="utf-8")
    ran, _, _ = _visit(browser, copy)
    print("ran without the policy:", ran)
    assert ran and {"script", "img-onerror", "attr-list-onclick", "nav-label"} <= set(ran), ran
