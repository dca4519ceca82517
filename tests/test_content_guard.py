"""No card number, IBAN, secret-looking token or personal email address anywhere in docs/, data/, snippets/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

#: Card numbers processors publish for testing; documenting them is allowed.
PROCESSOR_TEST_CARDS = {"4242424242424242", "4000056655665556", "5555555555554444", "378282246310005", "4111111111111111"}
#: Role addresses that appear in public documentation; any other address is treated as personal.
ROLE_EMAILS = {"billing@cloudflare.com", "indirect_tax@cloudflare.com", "exemptioncertificates@cloudflare.com", "ar@cloudflare.com"}
ROLE_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
SECRETS = [
    ("processor secret key", re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}")),
    ("AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    ("Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("API token assignment", re.compile(r"(?i)\b(?:api[_-]?key|secret|token|password)\s*[:=]\s*['\"]?[A-Za-z0-9_\-]{20,}")),
]


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


def findings(text: str) -> list[str]:
    found = []
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and digits not in PROCESSOR_TEST_CARDS:
            found.append(f"Luhn-valid card number {match.group(0)!r}")
    for match in IBAN.finditer(text):
        if iban_valid(match.group(0)):
            found.append(f"IBAN {match.group(0)!r}")
    for match in EMAIL.finditer(text):
        address = match.group(0).lower()
        if address not in ROLE_EMAILS and not address.endswith(ROLE_EMAIL_DOMAINS):
            found.append(f"email address {match.group(0)!r} (personal? use a role address or name@example.com)")
    for name, pattern in SECRETS:
        if pattern.search(text):
            found.append(name)
    return found


FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("docs", "data", "snippets")
    for p in (ROOT / folder).rglob("*")
    if p.is_file() and "vendor" not in p.parts and p.suffix in (".md", ".yml", ".yaml", ".txt", ".css", ".js", ".html")
)


@pytest.mark.parametrize("path", FILES)
def test_no_sensitive_data(path: str) -> None:
    found = findings((ROOT / path).read_text(encoding="utf-8"))
    assert not found, f"{path}: {found}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 4000 0012 3456 7899 on file", ["Luhn-valid card number '4000 0012 3456 7899'"]),
        ("test card 4242 4242 4242 4242", []),
        ("invoice IN-12345678, order 1234567890123", []),
        ("IBAN GB82 WEST 1234 5698 7654 32", ["IBAN 'GB82 WEST 1234 5698 7654 32'"]),
        ("mail jane.doe@gmail.com", ["email address 'jane.doe@gmail.com' (personal? use a role address or name@example.com)"]),
        ("mail billing@cloudflare.com or you@example.com", []),
        ("key sk_live_abcdefghij0123456789", ["processor secret key"]),
        ("-----BEGIN RSA PRIVATE KEY-----", ["private key"]),
    ],
)
def test_guard_detects(text: str, expected: list[str]) -> None:
    assert findings(text) == expected


def test_files_are_scanned() -> None:
    assert any(p.startswith("docs/runbooks/") for p in FILES) and "data/policy.yml" in FILES


def test_vendored_script_is_the_only_skipped_file() -> None:
    skipped = [p for p in (ROOT / "docs").rglob("*") if p.is_file() and "vendor" in p.parts]
    assert all(p.suffix in (".js", ".txt") for p in skipped), skipped
    assert Path(ROOT / "docs/assets/javascripts/vendor/mermaid.min.js").is_file()
