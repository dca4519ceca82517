"""`make contact-reasons`: the contact-reason codes (data/contact_reasons.yml) as CSV and JSON for the ticketing tool,
one row per runbook: code, label, area, the runbook's title, its address on the site, and its owner.

    python -m kbtools.contact_reasons [--out exports]

`make check` first: it refuses a runbook without a code, a code or runbook listed twice, and a code that vanished.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from macros.contactreasons import EXPORT_FIELDS, export_rows, reason_problems
from macros.data import load_site_data
from macros.yamlsource import DataError

ROOT = Path(__file__).resolve().parent.parent


def to_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_json(label: str, rows: list[dict[str, str]], retired: list[dict[str, str]]) -> str:
    return json.dumps({"label": label, "reasons": rows, "retired": retired}, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-contact-reasons", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="folder to write contact-reasons.csv and contact-reasons.json into (default: exports/)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        data = load_site_data(root)
    except (DataError, ValueError) as exc:
        print(f"kb-contact-reasons: error: {exc}", file=sys.stderr)
        return 1
    problems = reason_problems(data.contact_reasons, root / "docs")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"kb-contact-reasons: error: {len(problems)} problem(s) — the export must match the runbooks one for one", file=sys.stderr)
        return 1
    rows = export_rows(data.contact_reasons, root / "docs", {key: team.name for key, team in data.teams.items()})
    retired = [{"code": r.code, "name": r.name} for r in data.contact_reasons.retired]
    out = args.out or root / "exports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "contact-reasons.csv").write_text(to_csv(rows), encoding="utf-8")
    (out / "contact-reasons.json").write_text(to_json(data.contact_reasons.label, rows, retired), encoding="utf-8")
    shown = out.relative_to(root) if out.is_relative_to(root) else out
    print(f"wrote {shown}/contact-reasons.csv and {shown}/contact-reasons.json: {len(rows)} codes, {len(retired)} retired")
    return 0


if __name__ == "__main__":
    sys.exit(main())
