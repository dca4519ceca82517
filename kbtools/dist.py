"""`make dist`: the deployable folder for a static host (dist/), and its size.

A strict build (so nothing is published that `make build` would refuse), then what the static host does not need:
source maps, Material's own search (lunr and its worker: the search box answers from Pagefind), and the sitemap
(the site is internal and noindex). Every local address a page, script or stylesheet names must still exist
afterwards, or `make dist` fails naming the file. docs/contributing/publishing.md says how the folder is served.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbtools import engine

ROOT = Path(__file__).resolve().parent.parent
#: What the deployed site never loads (paths under the site folder; directories end in /).
UNUSED = (
    "assets/javascripts/lunr/",
    "assets/javascripts/workers/",
    "sitemap.xml",
    "sitemap.xml.gz",
    # Pagefind's own result widgets: our search worker uses only pagefind.js, its worker, wasm and index.
    "pagefind/pagefind-ui.js",
    "pagefind/pagefind-ui.css",
    "pagefind/pagefind-component-ui.js",
    "pagefind/pagefind-component-ui.css",
    "pagefind/pagefind-modular-ui.js",
    "pagefind/pagefind-modular-ui.css",
    "pagefind/pagefind-highlight.js",
)
#: Cloudflare Pages Direct Upload limits (docs/contributing/publishing.md).
MAX_FILES, MAX_FILE_BYTES = 20_000, 25 * 1024 * 1024
REFERENCE = re.compile(r"""(?:src|href)=["']([^"'#?]+)|url\(\s*["']?([^"')#?]+)""")


def prune(site: Path) -> list[str]:
    """Delete source maps and UNUSED from ``site``; return what was removed (relative paths)."""
    removed = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.map"))
    for path in site.rglob("*.map"):
        path.unlink()
    for name in UNUSED:
        target = site / name
        if target.is_dir():
            removed.append(name)
            shutil.rmtree(target)
        elif target.is_file():
            removed.append(name)
            target.unlink()
    return removed


def _references(site: Path) -> Iterator[tuple[str, str]]:
    """``(file, address)`` for every local address in the site's HTML and CSS."""
    for path in sorted([*site.rglob("*.html"), *site.rglob("*.css")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in REFERENCE.finditer(text):
            address = match.group(1) or match.group(2)
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or address.startswith(("data:", "mailto:", "javascript:")) or not parts.path:
                continue
            yield path.relative_to(site).as_posix(), unquote(parts.path)


def missing(site: Path) -> list[str]:
    """Local addresses that point at nothing: ``file: address``."""
    found = []
    for source, address in _references(site):
        base = site if address.startswith("/") else (site / source).parent
        target = (base / address.lstrip("/")).resolve()
        if not (target.is_file() or (target / "index.html").is_file()):
            found.append(f"{source}: {address}")
    return found


def size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make dist", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="the folder to write (default: dist/)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(engine.command("build", "--strict", "--clean", "-d", str(out)), cwd=ROOT, env=env)
    if build.returncode != 0:
        print("make dist: the strict build failed (messages above) — nothing to deploy", file=sys.stderr)
        return 1
    files_before, bytes_before = size(out)
    removed = prune(out)
    broken = missing(out)
    if broken:
        for line in broken[:20]:
            print(f"make dist: {line} — points at a file that is not in the folder", file=sys.stderr)
        return 1
    if not (out / "_headers").is_file():
        print("make dist: _headers is missing — the static host would serve no Content-Security-Policy or noindex header", file=sys.stderr)
        return 1
    files_after, bytes_after = size(out)
    too_big = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.stat().st_size > MAX_FILE_BYTES]
    if too_big or files_after > MAX_FILES:
        print(f"make dist: over the host's upload limits ({MAX_FILES} files, 25 MiB a file): {files_after} files; too big: {too_big}", file=sys.stderr)
        return 1
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {files_after} files, {bytes_after / 1e6:.1f} MB")
    saved = (bytes_before - bytes_after) / 1e6
    print(f"  removed {len(removed)} item(s), {files_before - files_after} files, {saved:.1f} MB (source maps, lunr, sitemap, Pagefind's widgets)")
    largest = sorted((p.stat().st_size, p.relative_to(out).as_posix()) for p in out.rglob("*") if p.is_file())[-3:]
    print("  largest: " + ", ".join(f"{name} {bytes_ / 1e6:.1f} MB" for bytes_, name in reversed(largest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
