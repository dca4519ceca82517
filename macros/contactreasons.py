"""Contact-reason codes (data/contact_reasons.yml): one stable code per runbook, so tickets are tagged the same way
everywhere. Loaded here; ``reason_problems`` is the one-for-one rule `make check` runs; ``export_rows`` is what
`make contact-reasons` writes for the ticketing tool; each runbook shows its code under its title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .pages import front_matter
from .searchwords import page_kind
from .yamlsource import Source, UnsafeYaml, load

#: AREA-WORDS in capitals: PAY-DUPLICATE, DOM-TRANSFER-IN.
CODE = re.compile(r"[A-Z]{2,4}(?:-[A-Z0-9]+)+")
DISPLAY = "data/contact_reasons.yml"


@dataclass(frozen=True)
class Reason:
    code: str
    name: str
    runbook: str  # path under docs/
    line: int


@dataclass(frozen=True)
class Retired:
    code: str
    name: str
    line: int


@dataclass(frozen=True)
class ContactReasons:
    label: str
    reasons: tuple[Reason, ...]
    retired: tuple[Retired, ...]
    line: int  # where reasons: is written, for "add one here"

    def by_page(self) -> dict[str, str]:
        """Runbook path -> its code (the first, when a runbook is listed twice: the rule reports it)."""
        found: dict[str, str] = {}
        for reason in self.reasons:
            found.setdefault(reason.runbook, reason.code)
        return found


def _code(src: Source, raw: dict, path: str) -> str:
    code = src.text(raw, path, "code")
    if not CODE.fullmatch(code):
        raise src.error(f"{path}.code", f"{code!r} is not a code — write AREA-WORDS in capitals, like PAY-DUPLICATE")
    return code


def load_contact_reasons(src: Source) -> ContactReasons:
    root = src.value if isinstance(src.value, dict) else {}
    reasons = []
    for index, raw in enumerate(src.sequence(root, "", "reasons")):
        path = f"reasons[{index}]"
        if not isinstance(raw, dict):
            raise src.error(path, "expected {code: PAY-DUPLICATE, name: Duplicate charge, runbook: runbooks/payments/duplicate-charge.md}")
        unknown = sorted(set(raw) - {"code", "name", "runbook"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", "unknown key — use code, name and runbook")
        runbook = src.text(raw, path, "runbook")
        if not runbook.endswith(".md") or runbook.startswith(("/", "docs/")):
            raise src.error(f"{path}.runbook", f"expected a page path from docs/, like runbooks/payments/duplicate-charge.md, got {runbook!r}")
        reasons.append(Reason(_code(src, raw, path), src.text(raw, path, "name"), runbook, src.line(f"{path}.code") or 1))
    retired = []
    listed = root.get("retired") or []
    if not isinstance(listed, list):
        raise src.error("retired", "expected a list of {code, name, retired_on}, or []")
    for index, raw in enumerate(listed):
        path = f"retired[{index}]"
        if not isinstance(raw, dict):
            raise src.error(path, "expected {code: PAY-OLD, name: What it was, retired_on: 2027-01-04}")
        src.get(raw, path, "retired_on")
        retired.append(Retired(_code(src, raw, path), src.text(raw, path, "name"), src.line(f"{path}.code") or 1))
    return ContactReasons(src.text(root, "", "label"), tuple(reasons), tuple(retired), src.line("reasons") or 1)


def reason_problems(reasons: ContactReasons, docs: Path, before: set[str] | None = None) -> list[str]:
    """``path:line: …`` for each way the codes and the runbooks are not one for one.

    A runbook without a code (named at the runbook, line 1), a code or a runbook listed twice, a path that is no
    runbook, a retired code given out again, and, when ``before`` holds the codes of the main branch, a code that
    disappeared without being retired (tickets already carry it).
    """
    problems = []
    codes: dict[str, int] = {}
    pages: dict[str, Reason] = {}
    retired = {r.code: r for r in reasons.retired}
    for reason in reasons.reasons:
        if reason.code in codes:
            problems.append(
                f"{DISPLAY}:{reason.line}: {reason.code} is already the code on line {codes[reason.code]} — "
                f"codes are unique: give {reason.runbook} a code of its own"
            )
        codes.setdefault(reason.code, reason.line)
        if reason.code in retired:
            problems.append(
                f"{DISPLAY}:{reason.line}: {reason.code} is retired (line {retired[reason.code].line}: {retired[reason.code].name}) — "
                "old tickets carry it: choose a new code"
            )
        if reason.runbook in pages:
            first = pages[reason.runbook]
            problems.append(
                f"{DISPLAY}:{reason.line}: {reason.runbook} already has {first.code} (line {first.line}) — one code per runbook: remove one of them"
            )
        pages.setdefault(reason.runbook, reason)
        if not (docs / reason.runbook).is_file() or page_kind(reason.runbook) != "runbook":
            problems.append(
                f"{DISPLAY}:{reason.line}: {reason.runbook} is not a runbook under docs/ — "
                f"fix the path, or move {reason.code} to retired: if the runbook is gone"
            )
    for path in sorted(docs.glob("runbooks/*/*.md")):
        page = path.relative_to(docs).as_posix()
        if page_kind(page) == "runbook" and page not in pages:
            problems.append(
                f"docs/{page}:1: this runbook has no contact-reason code — add one under reasons: in {DISPLAY} (line {reasons.line}), "
                f"like - {{code: AREA-WORDS, name: …, runbook: {page}}}"
            )
    for code in sorted((before or set()) - set(codes) - set(retired)):
        problems.append(
            f"{DISPLAY}:{reasons.line}: {code} is on main but gone here — codes are stable (tickets carry them): "
            "put it back (a moved runbook keeps its code), or move it to retired: with the date"
        )
    return problems


def codes_in(text: str) -> set[str]:
    """The codes (current and retired) in a version of the data file, for the stability rule; empty if unreadable."""
    try:
        raw = load(text) or {}
    except (UnsafeYaml, ValueError, Exception):  # noqa: BLE001 - an unreadable old version has no codes to keep
        return set()
    if not isinstance(raw, dict):
        return set()
    found = set()
    for key in ("reasons", "retired"):
        for item in raw.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                found.add(item["code"])
    return found


EXPORT_FIELDS = ("code", "name", "area", "runbook_title", "page", "owner")


def export_rows(reasons: ContactReasons, docs: Path, team_names: dict[str, str]) -> list[dict[str, str]]:
    """One row per code for the ticketing tool: the code, its label, the runbook's area, title, address and owner."""
    rows = []
    for reason in reasons.reasons:
        meta = front_matter(docs / reason.runbook)
        owner = str(meta.get("owner") or "")
        area = reason.runbook.split("/")[1] if reason.runbook.count("/") >= 2 else ""
        rows.append(
            {
                "code": reason.code,
                "name": reason.name,
                "area": area,
                "runbook_title": str(meta.get("title") or ""),
                "page": reason.runbook.removesuffix(".md") + "/",
                "owner": team_names.get(owner, owner),
            }
        )
    return rows
