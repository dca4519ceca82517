"""What must never be published: card numbers, IBANs, secret keys, personal email addresses and phone numbers in any
file the site is built from, and template syntax that would ship raw. One home for these rules: `make check`, the
build (kbtools/hooks.py) and the tests all call ``scan``. The company's own mailboxes and numbers are listed in
data/trusted.yml (engineering-reviewed), never here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from macros.data import Trusted, load_trusted, phone_digits
from macros.yamlsource import DataError, Source

from .contract import Problem

#: Card numbers processors publish for testing; documenting them is allowed.
PROCESSOR_TEST_CARDS = {"4242424242424242", "4000056655665556", "5555555555554444", "378282246310005", "4111111111111111"}
ROOT = Path(__file__).resolve().parent.parent

CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
#: Phone numbers as people write them: international (+44 20 7946 0958, +1-415-555-0100), North American
#: ((415) 555-0100, 415-555-0100, 415.555.0100), and national trunk forms (020 7946 0958, 01632 960123, 07700 900123),
#: and any tel: link. Dates, amounts, versions and IDs do not have these shapes (tests/test_content_guard.py).
PHONE = re.compile(
    r"(?<![\w+/.,:-])(?<!\d )(?:"
    r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,5}"
    r"|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}"
    r"|\d{3}[.-]\d{3}[.-]\d{4}"
    r"|0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}"
    r")(?![\w/-]|[.,]\d| \d)"
    r"|tel:[+\d().\s-]{7,}"
)
SECRETS = [
    ("a processor secret key", re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}")),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("an API token", re.compile(r"(?i)\b(?:api[_-]?key|secret|token|password)\s*[:=]\s*['\"]?[A-Za-z0-9_\-]{20,}")),
]
#: Files the site is built from; vendored third-party code is not ours to scan.
SCANNED = ("docs", "data", "snippets")
SUFFIXES = (".md", ".yml", ".yaml", ".txt", ".css", ".js", ".html")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def findings(line: str, trusted: Trusted | None = None) -> list[str]:
    """What is wrong with one line of text, each as the message an editor reads (``trusted``: this checkout's list)."""
    allowed = trusted if trusted is not None else trusted_for(ROOT)
    found = []
    for match in CARD.finditer(line):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and digits not in PROCESSOR_TEST_CARDS:
            found.append(f"a card number ({match.group(0)}) — remove it; quote only the last four digits")
    for match in IBAN.finditer(line):
        if iban_valid(match.group(0)):
            found.append(f"an IBAN ({match.group(0)}) — remove it; bank details live on the public page, never in a page or reply")
    for match in EMAIL.finditer(line):
        address = match.group(0).lower()
        if address not in allowed.emails and address.rpartition("@")[2] not in allowed.example_domains:
            found.append(f"an email address ({match.group(0)}) that looks personal — use a role address listed in data/trusted.yml or name@example.com")
    for match in PHONE.finditer(line):
        number = match.group(0).removeprefix("tel:").strip()
        digits = phone_digits(number)
        if 7 <= len(digits.lstrip("+")) <= 15 and digits not in allowed.phones:
            found.append(f"a phone number ({number}) — remove it; only the company's own numbers, listed in data/trusted.yml, may appear")
    for name, pattern in SECRETS:
        if pattern.search(line):
            found.append(f"{name} — remove it and rotate it: a secret in the repository is a leaked secret")
    return found


#: A line none of the patterns can match lacks all of these (each pattern needs a digit, "@", "_", "AKIA", "xox", the key
#: header, or one of the secret's names; a phone number has digits): such lines skip ``findings``. Most prose is skipped.
MAYBE = re.compile(r"[\d@_]|AKIA|xox|-----BEGIN|(?i:api|secret|token|password)")


def scan(path: str, text: str, trusted: Trusted | None = None) -> list[Problem]:
    """Every sensitive value in a file, one problem per line and kind, at its line."""
    return list(_scan(path, text, trusted if trusted is not None else trusted_for(ROOT)))


@lru_cache(maxsize=4096)
def _scan(path: str, text: str, trusted: Trusted) -> tuple[Problem, ...]:
    """Cached per text, because `make serve` checks every file again on every save."""
    return tuple(
        Problem(path, number, f"contains {what}")
        for number, line in enumerate(text.splitlines(), start=1)
        if MAYBE.search(line)
        for what in findings(line, trusted)
    )


def trusted_for(root: Path) -> Trusted:
    """data/trusted.yml of ``root``; with no readable list, nothing is trusted (the data check reports why)."""
    path = root / "data" / "trusted.yml"
    try:
        key = (str(path), path.stat().st_mtime_ns, path.stat().st_size)
    except OSError:
        return Trusted()
    return _trusted(key)


@lru_cache(maxsize=8)
def _trusted(key: tuple[str, int, int]) -> Trusted:
    try:
        return load_trusted(Source(Path(key[0]), "data/trusted.yml"))
    except DataError:
        return Trusted()


def _fences(lines: list[str]) -> set[int]:
    """Indexes of lines inside fenced code blocks (where template syntax is just text)."""
    inside, fence = set(), None
    for index, line in enumerate(lines):
        marker = re.match(r"\s*(`{3,}|~{3,})", line)
        if marker:
            if fence is None:
                fence = marker.group(1)[0]
            elif line.strip().startswith(fence * 3):
                fence = None
            inside.add(index)
        elif fence is not None:
            inside.add(index)
    return inside


def raw_template(path: str, text: str, renders_macros: bool) -> list[Problem]:
    """Template syntax on a page that does not render macros: it would be published as typed."""
    if renders_macros:
        return []
    return list(_raw_template(path, text))


@lru_cache(maxsize=4096)
def _raw_template(path: str, text: str) -> tuple[Problem, ...]:
    """Cached per text, because `make serve` checks every page again on every save."""
    if "{{" not in text and "{%" not in text:
        return ()
    lines = text.splitlines()
    code = _fences(lines)
    problems = []
    for index, line in enumerate(lines):
        if index in code:
            continue
        without_inline_code = re.sub(r"`[^`]*`", "", line)
        found = re.search(r"\{\{|\{%", without_inline_code)
        if found:
            problems.append(
                Problem(
                    path,
                    index + 1,
                    f"template syntax '{found.group(0)}' on a page without render_macros: true — it would be published as typed; "
                    "add render_macros: true to the front matter, or put it in `code`",
                )
            )
    return tuple(problems)


def files(root: Path) -> list[Path]:
    """Every file the guard scans, sorted."""
    return sorted(p for folder in SCANNED for p in (root / folder).rglob("*") if p.is_file() and "vendor" not in p.parts and p.suffix in SUFFIXES)
