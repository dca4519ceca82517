"""`make bench`: time full builds, medians of repeated runs, glossary tooltips on vs off, reported as a ratio."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_seconds(env_extra: dict[str, str], site_dir: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_AS_OF": "2026-11-30", **env_extra}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="builds per variant (default 5)")
    args = parser.parse_args(argv)
    variants = {"tooltips on": {"KB_TOOLTIPS": "1"}, "tooltips off": {"KB_TOOLTIPS": "0"}}
    results: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        build_seconds({}, Path(tmp) / "warmup")
        for _ in range(args.runs):  # interleave the variants so drift on the machine hits both alike
            for name, env in variants.items():
                results[name].append(build_seconds(env, Path(tmp) / "site"))
    pages = sum(1 for _ in (ROOT / "docs").rglob("*.md"))
    print(f"{pages} pages, {args.runs} builds per variant, median (min–max) seconds:")
    for name, times in results.items():
        print(f"  {name:13} {statistics.median(times):6.2f} ({min(times):.2f}–{max(times):.2f})")
    ratio = statistics.median(results["tooltips on"]) / statistics.median(results["tooltips off"])
    print(f"  ratio on/off  {ratio:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
