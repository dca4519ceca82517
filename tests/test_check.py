"""`make check`: each bad edit an editor can make is reported as ``path:line: what — fix``, fast, with no traceback.

Each case copies the checked files (docs without assets, data, snippets, mkdocs.yml) into a temporary folder,
breaks one thing, and runs the real command on it. The same rules run in the build (kbtools/hooks.py) and here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbtools import check, guard, rules

from .conftest import ROOT

RUNBOOK = "docs/runbooks/payments/duplicate-charge.md"
REPLY = "snippets/replies/duplicate-charge-pending.md"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("assets"))
    for name in ("data", "snippets"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    # The repository's .github too: with it, the site-wide rules (CODEOWNERS) read every page, as in a real checkout.
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    return tmp_path


def _edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` with ``new`` in a file of the tree; return the line of the replacement's first line."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply to {rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = check.main(["--root", str(root), *args])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.strip()]


#: One bad edit per row, all made in one copy of the tree and checked in one run (as an editor's `make check` would).
EDITS = [
    (
        "card",
        RUNBOOK,
        "Verify first:",
        "Card 4000 0012 3456 7899. Verify first:",
        "contains a card number (4000 0012 3456 7899) — remove it; quote only the last four digits",
    ),
    ("iban", RUNBOOK, "## Steps", "IBAN GB82 WEST 1234 5698 7654 32.\n\n## Steps", "contains an IBAN (GB82 WEST 1234 5698 7654 32) — remove it"),
    ("secret-in-reply", REPLY, "Thank you for", "Key sk_live_abcdefghij0123456789. Thank you for", "contains a processor secret key — remove it and rotate it"),
    (
        "undeclared-placeholder",
        REPLY,
        "invoice {invoice_number}",
        "invoice {invoice_numbr}",
        "placeholder {invoice_numbr} is not declared — declare it in data/placeholders.yml, or fix the spelling",
    ),
    (
        "personal-email-in-data",
        "data/teams.yml",
        "  billing-ops:",
        "  # jane.doe@gmail.com\n  billing-ops:",
        "contains an email address (jane.doe@gmail.com) that looks personal",
    ),
    (
        "raw-template",
        "docs/contributing/page-contract.md",
        "Which rules apply depends on where the file is:",
        "Macros are off here: {{ foo }}",
        "template syntax '{{' on a page without render_macros: true",
    ),
    (
        "misspelt-macro",
        RUNBOOK,
        "{{ reply_composers() }}",
        "{{ reply_composer() }}",
        "'reply_composer' is not a macro or a variable — did you mean reply_composers()?",
    ),
    (
        "template-syntax-error",
        "docs/runbooks/payments/3ds-authentication-failed.md",
        "{{ reply_composers() }}",
        "{{ reply_composers( }}",
        "template syntax error (",
    ),
    (
        "internal-path-in-runbook",
        RUNBOOK,
        "## Steps",
        "The hold time is in data/policy.yml ([source](https://example.com/data/x.yml)).\n\n## Steps",
        "names the internal file 'data/policy.yml', which readers cannot open",
    ),
    (
        "internal-path-in-reply",
        "snippets/replies/card-declined-try-again.md",
        "Best regards,",
        "See teams.yml.\n\nBest regards,",
        "names the internal file 'teams.yml', which readers cannot open",
    ),
    (
        "personal-placeholder-in-social",
        "snippets/replies/social/duplicate-charge-pending.md",
        "Sorry for the worry!",
        "Sorry for the worry, {customer_name}!",
        "{customer_name} is personal (data/placeholders.yml) and a social reply is public — leave it out",
    ),
    (
        "amount-in-social",
        "snippets/replies/social/domain-renew-now.md",
        "Sorry to hear your domain has expired.",
        "Sorry to hear your domain has expired; the renewal is $10.11.",
        "'$10.11' looks like an amount, which a public reply never shows — remove it",
    ),
    (
        "greeting-in-chat",
        "snippets/replies/chat/domain-renew-now.md",
        "You can still renew {domain}",
        "Hi {customer_name},\n\nYou can still renew {domain}",
        "a chat has no greeting line — start with the answer",
    ),
    (
        "query-unknown-column",
        "snippets/queries/refund-status.sql",
        "  r.failure_reason,",
        "  r.failure_reasons,",
        "column failure_reasons is not in the Sigma schema for the tables it reads",
    ),
    (
        "query-unknown-table",
        "snippets/queries/credit-notes.sql",
        "FROM credit_notes n",
        "FROM credit_memos n",
        "table 'credit_memos' is not in the Sigma schema the site uses — use one of: balance_transactions, charges",
    ),
    (
        "query-not-trino",
        "snippets/queries/prorations.sql",
        "ORDER BY i.created, l.amount",
        "ORDER BY BY i.created",
        "not valid Trino SQL (",
    ),
    (
        "query-writes",
        "snippets/queries/threshold-invoices.sql",
        "SELECT\n  i.number AS invoice_number,",
        "DELETE FROM invoices WHERE customer_id = '{customer_id}' AND created >= DATE '{from_date}' AND created < DATE '{to_date}';\nSELECT\n  i.number AS invoice_number,",
        "DELETE is not read-only — a research query only reads: SELECT or WITH … SELECT",
    ),
    (
        "query-personal-email",
        "snippets/queries/payment-currency.sql",
        "SELECT\n  c.id AS charge_id,",
        "-- asked by jane.doe@gmail.com\nSELECT\n  c.id AS charge_id,",
        "contains an email address (jane.doe@gmail.com) that looks personal",
    ),
    (
        "impossible-date",
        "docs/runbooks/payments/card-declined.md",
        "last_reviewed: 2026-11-27",
        "last_reviewed: 2026-02-30",
        "front matter: '2026-02-30' is not a real date — check the day and the month (YYYY-MM-DD)",
    ),
]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], list[str]]:
    """Every edit made, then one `make check` on the edited files: the line of each edit, and what was printed."""
    import contextlib
    import io

    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("assets"))
    for name in ("data", "snippets"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / ".github", root / ".github")
    lines = {case: _edit(root, rel, old, new) for case, rel, old, new, _ in EDITS}
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = check.main(["--root", str(root), *sorted({rel for _, rel, *_ in EDITS})])
    assert code == 1
    return lines, err.getvalue().splitlines()


@pytest.mark.parametrize(("case", "rel", "message"), [(c, r, m) for c, r, _, _, m in EDITS], ids=[c for c, *_ in EDITS])
def test_a_bad_edit_is_reported_at_its_line(edited: tuple[dict[str, int], list[str]], case: str, rel: str, message: str) -> None:
    lines, printed = edited
    assert any(line.startswith(f"{rel}:{lines[case]}: {message}") for line in printed), "\n".join(printed)


def test_non_utf8_bytes_are_named_with_line_and_byte(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tree / RUNBOOK
    data = path.read_bytes().replace(b"Verify first:", b"Verify \xff first:", 1)
    path.write_bytes(data)
    line = data[: data.index(b"\xff")].count(b"\n") + 1
    code, lines = _run(tree, RUNBOOK, capsys=capsys)
    assert code == 1 and any(entry.startswith(f"{RUNBOOK}:{line}: byte 0xff at column") and "is not UTF-8" in entry for entry in lines), lines


def test_a_page_left_out_of_the_nav_and_a_duplicate_title(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = (tree / RUNBOOK).read_text(encoding="utf-8")
    copy = "docs/runbooks/payments/duplicate-charge-again.md"
    (tree / copy).write_text(original, encoding="utf-8")
    code, lines = _run(tree, copy, capsys=capsys)
    assert code == 1
    title_line = original[: original.index("title:")].count("\n") + 1
    assert f"{copy}:1: the page is not in the nav of mkdocs.yml — add it under its section, so readers can find it" in lines
    pair = {f"{copy}:{title_line}: the title is the same as {RUNBOOK}'s", f"{RUNBOOK}:{title_line}: the title is the same as {copy}'s"}
    assert any(entry.startswith(tuple(pair)) for entry in lines), lines


def test_a_removed_section_is_reported_after_the_section_before_it(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (tree / RUNBOOK).read_text(encoding="utf-8")
    start = text.index("## Before you start")
    end = text.index("## Steps")
    (tree / RUNBOOK).write_text(text[:start] + text[end:], encoding="utf-8")
    reply_line = text[: text.index("## Reply to the customer")].count("\n") + 1
    code, lines = _run(tree, RUNBOOK, capsys=capsys)
    assert code == 1 and f"{RUNBOOK}:{reply_line}: section '## Before you start' is missing — add it after '## Reply to the customer'" in lines, lines


def test_the_real_tree_passes_and_every_file_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code = check.main(["--root", str(ROOT)])
    out = capsys.readouterr()
    assert code == 0, out.err
    count = int(out.out.split("kb-check: ")[1].split(" file(s)")[0])
    assert count >= len(list((ROOT / "docs").rglob("*.md"))) + len(list((ROOT / "snippets").rglob("*.md")))


def test_one_file_checks_in_under_three_seconds() -> None:
    """The command an editor runs after every save (`make check FILE=…`), as a real process."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kbtools.check", RUNBOOK], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    # Not a speed assertion on the suite: a guard against `make check` growing a full build by accident.
    assert elapsed < 10, f"make check FILE=… took {elapsed:.1f} s"


def test_guard_rules_are_the_ones_the_build_uses() -> None:
    assert rules.guard is guard
    assert guard.findings("test card 4242 4242 4242 4242") == []
    assert guard.findings("invoice IN-12345678, order 1234567890123") == []
    assert guard.findings("mail billing@cloudflare.com or you@example.com") == []


def test_front_matter_may_name_the_data_a_page_depends_on() -> None:
    """depends_on names data files on purpose: front matter is for editors, so the internal-path rule reads the body only."""
    text = "---\ntitle: T\ndepends_on: [data/tlds.yml]\n---\n\nBody names data/tlds.yml.\n"
    assert [(p.line, p.message.split(",")[0]) for p in rules.internal_paths("docs/runbooks/a/b.md", text)] == [(6, "names the internal file 'data/tlds.yml'")]


def test_unreadable_front_matter_is_the_only_thing_reported(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page whose front matter cannot be read is reported once, at the date: not as raw template syntax (its
    render_macros is unknown), not as replies nobody sends (it may send them), not as a traceback from CODEOWNERS."""
    line = _edit(tree, RUNBOOK, "last_reviewed: 2026-", "last_reviewed: 2026-02-30\nold_reviewed: 2026-")
    code, lines = _run(tree, RUNBOOK, capsys=capsys)
    assert code == 1
    assert lines == [f"{RUNBOOK}:{line}: front matter: '2026-02-30' is not a real date — check the day and the month (YYYY-MM-DD)"], lines
