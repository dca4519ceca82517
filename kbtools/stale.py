"""`make stale`: the review queue in a terminal — every page with an owner, soonest due first, filterable by owner.

The same list as the generated Review queue page (docs/contributing/review-queue.md): both call
macros.freshness.queue with the build date (KB_AS_OF when set, else today) and the dates git knows for data/ and
snippets/. Exit status 0 always: this is a list to work through, not a gate (`make check` warns about overdue pages).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from macros import freshness
from macros.asof import resolve_as_of
from macros.data import load_site_data
from macros.widgets import status_text
from macros.yamlsource import DataError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="make stale", description=__doc__.splitlines()[0])
    parser.add_argument("--owner", default="", help="a team key from the owner: values, e.g. billing-ops")
    parser.add_argument("--all", action="store_true", help="list pages that are up to date too (default: overdue, due soon or changed)")
    args = parser.parse_args(argv)
    try:
        data = load_site_data(root)
        as_of, why = resolve_as_of(os.environ, date.today())
    except (DataError, ValueError) as exc:
        print(f"make stale: {exc}", file=sys.stderr)
        return 2
    if args.owner and args.owner not in data.teams:
        print(f"make stale: no team '{args.owner}' — use one of: {', '.join(sorted(data.teams))}", file=sys.stderr)
        return 2
    due_soon = data.policy_value("reviews.due_soon_days")
    items = freshness.queue(freshness.read_pages(root / "docs"), as_of, due_soon, freshness.git_change_dates(root), freshness.reader(root))
    if args.owner:
        items = [item for item in items if item.owner == args.owner]
    shown = items if args.all else [item for item in items if item.state.status != "ok" or item.flagged]
    who = data.teams[args.owner].name if args.owner else "every team"
    print(f"Review queue on {as_of} ({why}), {who}: {len(items)} page(s), {len(shown)} needing attention" + (" (all listed)" if args.all else ""))
    width = max((len(f"docs/{item.path}") for item in shown), default=10)
    for item in shown:
        owner = data.teams[item.owner].name if item.owner in data.teams else item.owner
        print(f"  {item.state.due}  {status_text(item.state):18} docs/{item.path:{width - 5}}  {owner}")
        for dep, when in item.changed:
            print(f"  {'':10}  {'':18} changed since review: {dep} on {when}")
    if not shown:
        print("  nothing overdue, due soon or changed since its review" + ("" if args.all else " — `make stale ARGS=--all` lists every page"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
