"""`make new-runbook`: write a runbook skeleton that already has every section the contract requires."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = """---
title: {title}
description: "TODO: one sentence naming the situation this runbook handles."
owner: billing-support
last_reviewed: {today}
review_every: 180
tags: [{area_tag}]
aliases: ["TODO: the words customers use", "TODO: another phrase", "TODO: a third phrase"]
replies:
  {name}: "TODO: tab label"
render_macros: true
---

{{{{ at_a_glance(who="TODO: which role may act, and the approval it needs", time="TODO: typical minutes") }}}}

## Decide and act

TODO: in at most 250 words, the checks that decide the case, each a numbered case opening with its condition in
bold, with its action and the reply to send as a link: [tab label](#reply-{name}). A case that escalates names
the team ("escalate to Billing Operations"): the at-a-glance box lists those cases.

## Reply to the customer

{{{{ reply_composers() }}}}

## Before you start

- TODO: the account is found and the person writing is a member with a billing-capable role.
- TODO: the exact invoice, charge or domain is identified.

## Steps

1. TODO: name the screen, the field and the decision.

## Escalate

{{{{ escalation(queue="billing-ops") }}}}

Include:

- TODO: the account ID and the invoice number;
- TODO: what you checked and what you told the customer.

## When to use

TODO: the customer's words, and the look-alike cases that belong to another runbook (link them).

## Related

- [Runbooks](../index.md)

## Check yourself

??? question "TODO: a case this page decides, in the customer's words where it helps: what do you do?"

    TODO: the decision, the reason in one or two sentences, and the reply or team by name.

??? question "TODO: a second judgement call a new specialist gets wrong (a look-alike case, who approves, when to escalate)."

    TODO: the decision, the reason, and the reply or team by name.

## Sources

- TODO: the public source, with its link.
"""

REPLY = """Hi {customer_name},

Write the reply here: what you found, what happens next, and when.

Best regards,
{agent_name}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-new", description="Scaffold a runbook and its reply template.")
    parser.add_argument("--area", required=True, help="folder under docs/runbooks/, e.g. payments")
    parser.add_argument("--name", required=True, help="file name in kebab-case, e.g. refund-status")
    parser.add_argument("--title", required=True, help="the task, e.g. 'Refund status: where is my refund'")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    areas = sorted(p.name for p in (args.root / "docs" / "runbooks").iterdir() if p.is_dir())
    if args.area not in areas:
        print(f"kb-new: error: AREA={args.area!r} is not a folder under docs/runbooks/ — use one of: {', '.join(areas)}", file=sys.stderr)
        return 1
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.name):
        print(f"kb-new: error: NAME={args.name!r} must be kebab-case, like refund-status", file=sys.stderr)
        return 1
    page = args.root / "docs" / "runbooks" / args.area / f"{args.name}.md"
    reply = args.root / "snippets" / "replies" / f"{args.name}.md"
    for path in (page, reply):
        if path.exists():
            print(f"kb-new: error: {path.relative_to(args.root)} already exists — pick another NAME", file=sys.stderr)
            return 1
    tag = area_tag(args.root, args.area)
    nav_line = add_to_nav(args.root / "mkdocs.yml", args.area, args.name, args.title)
    page.write_text(
        TEMPLATE.format(title=json.dumps(args.title, ensure_ascii=False), today=date.today().isoformat(), area_tag=tag, name=args.name), encoding="utf-8"
    )
    reply.write_text(REPLY, encoding="utf-8")
    print(f"wrote {page.relative_to(args.root)} and {reply.relative_to(args.root)}")
    print(f"added to the nav in mkdocs.yml, line {nav_line}, under its group")
    print(f"then: make check FILE={page.relative_to(args.root)}  (it fails, naming each section, until every TODO is written)")
    return 0


def area_tag(root: Path, area: str) -> str:
    """The tag the area's runbooks use most as their first tag (so a new page is filed with its neighbours)."""
    counts: dict[str, int] = {}
    for page in sorted((root / "docs" / "runbooks" / area).glob("*.md")):
        if page.name == "index.md":
            continue
        found = re.search(r"^tags:\s*\[\s*([a-z0-9-]+)", page.read_text(encoding="utf-8"), re.M)
        if found:
            counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    return max(sorted(counts), key=lambda tag: counts[tag]) if counts else area


def add_to_nav(config: Path, area: str, name: str, title: str) -> int:
    """Insert the page after the last entry of its area's group in the nav; return the 1-based line written."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    marker = f"runbooks/{area}/"
    last = max((i for i, line in enumerate(lines) if marker in line and line.lstrip().startswith("- ")), default=None)
    if last is None:
        raise SystemExit(f"kb-new: error: mkdocs.yml has no nav group for runbooks/{area}/ — add the section first")
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- {json.dumps(title, ensure_ascii=False)}: {marker}{name}.md\n")
    config.write_text("".join(lines), encoding="utf-8")
    return last + 2


if __name__ == "__main__":
    sys.exit(main())
