"""An independent check of the built site: every internal link and #anchor resolves, and no asset is external."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url)
    assets: list[tuple[str, str]] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        if tag == "a" and "href" in values:
            self.page.links.append(("a.href", values["href"]))
        elif tag == "link" and "href" in values:
            rel = values.get("rel", "")
            # Stylesheets, icons and preloads are fetched by the browser; canonical/alternate links are not.
            if any(kind in rel for kind in ("stylesheet", "icon", "preload", "modulepreload", "manifest")):
                self.page.assets.append(("link.href", values["href"]))
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.page.assets.append((f"{tag}.src", values["src"]))


def parse_html(text: str) -> ParsedPage:
    collector = _Collector()
    collector.feed(text)
    return collector.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return (parts.hostname or "") not in ("127.0.0.1", "localhost", "::1")
    return False


class SiteIndex:
    """The built site, parsed lazily: ``ids(path)`` for anchors, ``page(path)`` for links.

    ``base_path`` is the path the site is served under (the path of ``site_url``, "/" by default): a root-absolute
    link (``/runbooks/``) is resolved against the built site's root under it, never against the machine's files.
    """

    def __init__(self, site_dir: Path, base_path: str = "/") -> None:
        self.site_dir = site_dir.resolve()
        self.base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
        self._cache: dict[Path, ParsedPage] = {}

    def page(self, path: Path) -> ParsedPage:
        if path not in self._cache:
            self._cache[path] = parse_html(path.read_text(encoding="utf-8", errors="replace"))
        return self._cache[path]

    def resolve(self, page_path: Path, url: str) -> tuple[Path | None, str]:
        """The file an internal ``url`` on ``page_path`` points at (None: outside the site), and its fragment."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if path.startswith("/"):
            if not (path + "/").startswith(self.base_path) and path != self.base_path.rstrip("/"):
                return None, parts.fragment
            target = posixpath.normpath(path[len(self.base_path) :] or ".")
        else:
            base = page_path.resolve().parent.relative_to(self.site_dir).as_posix()
            target = posixpath.normpath(posixpath.join(base, path)) if path else page_path.resolve().relative_to(self.site_dir).as_posix()
        if target == ".." or target.startswith("../") or posixpath.isabs(target):
            return None, parts.fragment
        candidate = self.site_dir / target
        if candidate.is_dir() or path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate, unquote(parts.fragment)


def check_page(index: SiteIndex, page_path: Path) -> list[str]:
    """Problems on one built page: broken internal links or anchors, and external assets. Never raises on an href."""
    problems = []
    parsed = index.page(page_path)
    for kind, url in parsed.assets:
        try:
            if is_external(url):
                problems.append(f"{kind} loads an external asset: {url} — vendor it under docs/assets/")
        except ValueError:
            problems.append(f"{kind} is not a valid address: {url!r}")
    for kind, url in parsed.links:
        try:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or not url:
                continue  # web, mailto:, javascript: and other schemes are not files of this site
            target, fragment = index.resolve(page_path, url)
        except ValueError:
            problems.append(f"{kind} is not a valid address: {url!r}")
            continue
        if target is None:
            problems.append(f"{kind} points outside the site: {url}")
            continue
        if not target.is_file():
            problems.append(f"{kind} points at a missing page: {url}")
            continue
        if fragment and target.suffix == ".html" and fragment not in index.page(target).ids:
            problems.append(f"{kind} points at a missing anchor: {url} (no id '{fragment}' on {target.relative_to(index.site_dir)})")
    for kind, url in parsed.assets:
        try:
            if is_external(url) or urlsplit(url).scheme in ("data", "blob"):
                continue
            target, _ = index.resolve(page_path, url)
        except ValueError:
            continue  # already reported above
        if target is None or not target.is_file():
            problems.append(f"{kind} points at a missing file: {url}")
    return problems


def check_site(site_dir: Path, base_path: str = "/") -> list[tuple[str, str]]:
    """``(page, problem)`` for every HTML page of a built site (any MkDocs site, not only ours), in page order."""
    index = SiteIndex(site_dir, base_path)
    found = []
    for page in sorted(index.site_dir.rglob("*.html")):
        for problem in check_page(index, page):
            found.append((page.relative_to(index.site_dir).as_posix(), problem))
    return found


def main(argv: list[str] | None = None) -> int:
    """`make linkcheck SITE=path [BASE=/sub/path/]` or `python -m kbtools.linkcheck SITE [--base /sub/path/]`."""
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(
        prog="kb-linkcheck",
        description="Check a built MkDocs site (a folder of HTML): every internal link and #anchor resolves, no asset is loaded from another site.",
    )
    parser.add_argument("site", type=Path, help="the built site's folder (what `mkdocs build` writes, e.g. site/)")
    parser.add_argument(
        "--base",
        default="/",
        help="the path the site is served under, when not the host's root (e.g. /docs/ for https://example.com/docs/): "
        "root-absolute links are resolved against it (default: /)",
    )
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"kb-linkcheck: error: {args.site} is not a folder — build the site first (mkdocs build) and give its output folder", file=sys.stderr)
        return 1
    started = time.perf_counter()
    pages = sum(1 for _ in args.site.rglob("*.html"))
    if not pages:
        print(f"kb-linkcheck: error: {args.site} holds no .html page — is it the built site's folder?", file=sys.stderr)
        return 1
    found = check_site(args.site, args.base)
    for page, problem in found:
        print(f"{page}: {problem}", file=sys.stderr)
    print(f"kb-linkcheck: {pages} page(s), {len(found)} problem(s) in {time.perf_counter() - started:.1f} s (base {args.base})")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
