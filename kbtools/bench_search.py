"""`make bench-search`: the search's index size and open-to-first-result latency, at the real size and at ~1,000 pages.

Cold, as a specialist meets it: a new browser context (empty cache), open a runbook, press "/" and type a query as
soon as the page has loaded, and stop the clock at the first result. Medians of repeated runs, in Debian's
Chromium on loopback; the 1,000-page copy is generated outside the checkout (kbtools/sitecopy.py).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import engine
from .sitecopy import ROOT, make_copy

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
START_PAGE = "runbooks/payments/duplicate-charge/"
RESULT = "li.md-search-result__item"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_AS_OF": "2026-11-30"}
    result = subprocess.run(engine.command("build", "--strict", "-d", str(site)), cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"kb-bench-search: error: the build of {project} failed:\n" + "\n".join(result.stderr.splitlines()[-15:]))


def index_bytes(site: Path) -> dict[str, int]:
    """What a browser may download to search: the lunr index, or Pagefind's folder (it fetches only some of it)."""
    sizes = {}
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        sizes["lunr index"] = lunr.stat().st_size
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        sizes["pagefind folder"] = sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file())
    return sizes


def latency(sites: list[Path], query: str, runs: int) -> list[tuple[list[float], list[int]]]:
    """Seconds from opening START_PAGE to the first result for ``query``, and bytes fetched per run, for each site.

    The sites are measured in interleaved rounds (one run of each per round, in one browser), so a change in the
    machine's load falls on every size alike; a first round per site is run and discarded (the browser's own
    start-up would otherwise be charged to whichever size went first).
    """
    from playwright.sync_api import sync_playwright

    servers = []
    for site in sites:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    results: list[tuple[list[float], list[int]]] = [([], []) for _ in sites]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for round_number in range(runs + 1):
                for server, (times, fetched) in zip(servers, results, strict=True):
                    url = f"http://127.0.0.1:{server.server_address[1]}/{START_PAGE}"
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = context.new_page()
                    sizes: list[int] = []
                    page.on("response", lambda r, sizes=sizes: sizes.append(int(r.headers.get("content-length", "0") or 0)))
                    start = time.perf_counter()
                    page.goto(url, wait_until="load")
                    # As the home page tells specialists: "/" opens the search, then they type (all at once, so no
                    # result for a half-typed word can stop the clock).
                    page.keyboard.press("/")
                    page.locator(".md-search__input").fill(query)
                    page.locator(".md-search__input").press("End")
                    page.wait_for_function(
                        "q => [...document.querySelectorAll('li.md-search-result__item')].some(li => li.textContent.toLowerCase().includes(q))",
                        arg=query.lower(),
                        timeout=60_000,
                    )
                    elapsed = time.perf_counter() - start
                    context.close()
                    if round_number:  # round 0 warms the browser up
                        times.append(elapsed)
                        fetched.append(sum(sizes))
            browser.close()
    finally:
        for server in servers:
            server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-bench-search", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="cold runs per size (default 7)")
    parser.add_argument("--pages", type=int, default=1000, help="size of the generated copy (default 1000)")
    parser.add_argument("--query", default="refund")
    parser.add_argument("--out", type=Path, default=ROOT / "site-bench" / "search.json", help="where to write the results as JSON")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"kb-bench-search: error: {CHROMIUM} not found — apt-get install chromium", file=sys.stderr)
        return 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [("real site", ROOT, None), (f"~{args.pages}-page copy", Path(tmp) / "copy", args.pages)]
        built = []
        for number, (label, project, pages) in enumerate(sizes):
            if pages:
                make_copy(project, pages)
            site = Path(tmp) / f"site-{number}"
            build(project, site)
            built.append((label, sum(1 for _ in project.joinpath("docs").rglob("*.md")), site))
        measured = latency([site for _, _, site in built], args.query, args.runs)
        for (label, count, site), (times, fetched) in zip(built, measured, strict=True):
            rows.append(
                {
                    "size": label,
                    "pages": count,
                    "index": index_bytes(site),
                    "median_s": round(statistics.median(times), 3),
                    "min_s": round(min(times), 3),
                    "max_s": round(max(times), 3),
                    "median_kb_fetched": round(statistics.median(fetched) / 1024),
                }
            )
    when = datetime.now(UTC).date().isoformat()
    print(f"open a runbook, type {args.query!r}, first result — cold Chromium, median of {args.runs} interleaved runs after a warm-up ({when}):")
    print(f"  {'size':22} {'pages':>6} {'index':>28} {'median':>8} {'min–max':>13} {'fetched':>9}")
    for row in rows:
        index = ", ".join(f"{k} {v / 1024 / 1024:.1f} MB" for k, v in row["index"].items())
        print(
            f"  {row['size']:22} {row['pages']:>6} {index:>28} {row['median_s']:>7.2f}s {row['min_s']:.2f}–{row['max_s']:.2f}s {row['median_kb_fetched']:>7} KB"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"query": args.query, "runs": args.runs, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
