"""`make check`: check pages against the page contract and print ``path:line: problem — fix``."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from macros.asof import resolve_as_of
from macros.yamlsource import DataError

from .contract import Rules, check_text, contract_pages, page_kind

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-check", description="Check runbooks and explainers against the page contract.")
    parser.add_argument("paths", nargs="*", help="pages to check (default: every runbook and explainer under docs/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root holding docs/ and data/ (default: this checkout)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        today, _ = resolve_as_of(os.environ, date.today())
        rules = Rules.from_data(root, today)
    except (DataError, ValueError) as exc:
        print(f"kb-check: error: {exc}", file=sys.stderr)
        return 1
    paths = [Path(p).resolve() for p in args.paths] or contract_pages(root)
    errors = warnings = 0
    for path in paths:
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = str(path)
        if not path.is_file():
            print(f"{rel}:1: no such file — check the path", file=sys.stderr)
            errors += 1
            continue
        if page_kind(rel) is None:
            print(f"{rel}: not a runbook or explainer — the contract applies to docs/runbooks/<area>/*.md, docs/accounting/*.md, docs/domains/*.md")
            continue
        for problem in check_text(rel, path.read_text(encoding="utf-8"), rules):
            print(problem, file=sys.stderr)
            if problem.severity == "error":
                errors += 1
            else:
                warnings += 1
    print(f"kb-check: {len(paths)} page(s), {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
