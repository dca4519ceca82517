"""No card number, IBAN, secret-looking token or personal email address in any file the site is built from.

The rule lives in kbtools/guard.py (`make check` and the build run it too); here it runs once per file.
"""

from __future__ import annotations

import pytest

from kbtools import guard

from .conftest import ROOT

FILES = [p.relative_to(ROOT).as_posix() for p in guard.files(ROOT)]


@pytest.mark.parametrize("path", FILES)
def test_no_sensitive_data(path: str) -> None:
    problems = guard.scan(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 4000 0012 3456 7899 on file", ["a card number (4000 0012 3456 7899) — remove it; quote only the last four digits"]),
        ("test card 4242 4242 4242 4242", []),
        ("invoice IN-12345678, order 1234567890123", []),
        (
            "IBAN GB82 WEST 1234 5698 7654 32",
            ["an IBAN (GB82 WEST 1234 5698 7654 32) — remove it; bank details live on the public page, never in a page or reply"],
        ),
        (
            "mail jane.doe@gmail.com",
            ["an email address (jane.doe@gmail.com) that looks personal — use a role address listed in data/trusted.yml or name@example.com"],
        ),
        ("mail billing@cloudflare.com or you@example.com", []),
        ("key sk_live_abcdefghij0123456789", ["a processor secret key — remove it and rotate it: a secret in the repository is a leaked secret"]),
        ("-----BEGIN RSA PRIVATE KEY-----", ["a private key — remove it and rotate it: a secret in the repository is a leaked secret"]),
    ],
)
def test_guard_detects(text: str, expected: list[str]) -> None:
    assert guard.findings(text) == expected


def test_files_are_scanned() -> None:
    assert any(p.startswith("docs/runbooks/") for p in FILES) and "data/policy.yml" in FILES and any(p.startswith("snippets/") for p in FILES)


def test_vendored_script_is_the_only_skipped_file() -> None:
    skipped = [p for p in (ROOT / "docs").rglob("*") if p.is_file() and "vendor" in p.parts]
    assert all(p.suffix in (".js", ".txt") for p in skipped), skipped
    assert (ROOT / "docs/assets/javascripts/vendor/mermaid.min.js").is_file()


def test_raw_template_syntax_outside_code_is_found() -> None:
    text = "---\ntitle: x\n---\n\nShipped: {{ foo }}\n\n`{{ ok in code }}`\n\n```\n{{ ok in a fence }}\n```\n"
    assert [(p.line, p.message.split(" —")[0]) for p in guard.raw_template("docs/x.md", text, renders_macros=False)] == [
        (5, "template syntax '{{' on a page without render_macros: true")
    ]
    assert guard.raw_template("docs/x.md", text, renders_macros=True) == []


@pytest.mark.parametrize(
    "line",
    [
        "card 4000 0012 3456 7899 on file",
        "IBAN GB82 WEST 1234 5698 7654 32",
        "mail jane.doe@gmail.com",
        "key sk_live_abcdefghij0123456789",
        "AKIAABCDEFGHIJKLMNOP",
        "xoxb-abcdefghijklmnop",
        "ghp_abcdefghijklmnopqrstuvwxyzabcdef",
        "Password = abcdefghijklmnopqrstuvwxyz",
        "-----BEGIN RSA PRIVATE KEY-----",
    ],
)
def test_scan_skips_no_line_findings_would_report(line: str) -> None:
    """scan() passes over lines that cannot match (guard.MAYBE); it must never skip one findings() reports."""
    expected = [(2, f"contains {what}") for what in guard.findings(line)]
    assert expected
    assert [(p.line, p.message) for p in guard.scan("x.md", f"Prose without any.\n{line}\nMore prose.\n")] == expected
