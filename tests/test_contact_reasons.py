"""Contact-reason codes (data/contact_reasons.yml): one stable, unique code per runbook, checked by `make check` at the
line of each problem, exported by `make contact-reasons` one for one with the runbooks, and shown on each runbook."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from kbtools import check, contact_reasons
from macros.contactreasons import CODE, codes_in, reason_problems
from macros.data import load_site_data
from macros.searchwords import page_kind

from .conftest import DOCS, ROOT, Site

DATA = "data/contact_reasons.yml"
RUNBOOKS = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("runbooks/*/*.md") if page_kind(p.relative_to(DOCS).as_posix()) == "runbook")


@pytest.fixture(scope="module")
def reasons():
    return load_site_data(ROOT).contact_reasons


def test_every_runbook_has_exactly_one_code_and_every_code_a_runbook(reasons) -> None:
    assert sorted(r.runbook for r in reasons.reasons) == RUNBOOKS
    codes = [r.code for r in reasons.reasons]
    assert len(codes) == len(set(codes)), "a code is listed twice"
    assert all(CODE.fullmatch(code) for code in codes)
    assert reason_problems(reasons, DOCS, codes_in((ROOT / DATA).read_text(encoding="utf-8"))) == []


def test_the_export_matches_the_runbooks_one_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str], reasons) -> None:
    assert contact_reasons.main(["--out", str(tmp_path)]) == 0
    assert f"{len(RUNBOOKS)} codes, 0 retired" in capsys.readouterr().out
    with (tmp_path / "contact-reasons.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    as_json = json.loads((tmp_path / "contact-reasons.json").read_text(encoding="utf-8"))
    assert rows == as_json["reasons"], "the CSV and the JSON say different things"
    assert sorted(row["page"] for row in rows) == sorted(page.removesuffix(".md") + "/" for page in RUNBOOKS)
    assert [row["code"] for row in rows] == [r.code for r in reasons.reasons]
    first = rows[0]
    assert first == {
        "code": "PAY-DUPLICATE",
        "name": "Duplicate charge",
        "area": "payments",
        "runbook_title": "Charged twice: customer reports a duplicate charge",
        "page": "runbooks/payments/duplicate-charge/",
        "owner": "Billing Support (tier 1)",
    }
    assert as_json["label"].startswith("Team policy")


# Broken copies, checked as an editor's `make check` would: each problem at its line.


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "docs", tree / "docs", ignore=shutil.ignore_patterns("assets"))
    for name in ("data", "snippets"):
        shutil.copytree(ROOT / name, tree / name)
    shutil.copy(ROOT / "mkdocs.yml", tree / "mkdocs.yml")
    return tree


def _check(tmp_path: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    tree = _tree(tmp_path)
    text = (tree / DATA).read_text(encoding="utf-8")
    assert old in text, f"fixture edit does not apply: {old!r}"
    (tree / DATA).write_text(text.replace(old, new, 1), encoding="utf-8")
    code = check.main(["--root", str(tree), DATA])
    printed = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1, printed
    return text.replace(old, new, 1), printed


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


#: A code no product question names, so removing it is the only thing wrong.
ZT = '  - {code: DOM-PROTECTION, name: "Custom Domain Protection", runbook: runbooks/domains/custom-domain-protection.md}\n'


def test_a_runbook_without_a_code_is_named_at_the_runbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, ZT, "", capsys)
    line = _line(text, "reasons:\n")
    assert printed == [
        f"docs/runbooks/domains/custom-domain-protection.md:1: this runbook has no contact-reason code — add one under reasons: in {DATA} (line {line}), "
        "like - {code: AREA-WORDS, name: …, runbook: runbooks/domains/custom-domain-protection.md}"
    ], printed


def test_a_duplicate_code_is_named_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, "code: DOM-PROTECTION,", "code: PAY-DUPLICATE,", capsys)
    line, first = _line(text, 'code: PAY-DUPLICATE, name: "Custom'), _line(text, "code: PAY-DUPLICATE,")
    assert printed == [
        f"{DATA}:{line}: PAY-DUPLICATE is already the code on line {first} — codes are unique: give runbooks/domains/custom-domain-protection.md a code of its own"
    ], printed


def test_a_runbook_listed_twice_is_named_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, "runbook: runbooks/domains/custom-domain-protection.md}", "runbook: runbooks/payments/duplicate-charge.md}", capsys)
    line = _line(text, "code: DOM-PROTECTION")
    first = _line(text, "code: PAY-DUPLICATE")
    assert printed[0] == (
        "docs/runbooks/domains/custom-domain-protection.md:1: this runbook has no contact-reason code — add one under reasons: in "
        f"{DATA} (line {_line(text, 'reasons:' + chr(10))}), like - {{code: AREA-WORDS, name: …, runbook: runbooks/domains/custom-domain-protection.md}}"
    )
    assert printed[1:] == [
        f"{DATA}:{line}: runbooks/payments/duplicate-charge.md already has PAY-DUPLICATE (line {first}) — one code per runbook: remove one of them"
    ], printed


def test_a_path_that_is_not_a_runbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, ZT, ZT + "  - {code: GLO-TERMS, name: Glossary, runbook: glossary.md}\n", capsys)
    line = _line(text, "code: GLO-TERMS")
    assert printed == [f"{DATA}:{line}: glossary.md is not a runbook under docs/ — fix the path, or move GLO-TERMS to retired: if the runbook is gone"], printed


def test_a_retired_code_is_never_given_out_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, "retired: []\n", "retired:\n  - {code: DOM-PROTECTION, name: Old seats code, retired_on: 2026-01-05}\n", capsys)
    line, old = _line(text, 'code: DOM-PROTECTION, name: "Custom'), _line(text, "code: DOM-PROTECTION, name: Old")
    assert printed == [f"{DATA}:{line}: DOM-PROTECTION is retired (line {old}: Old seats code) — old tickets carry it: choose a new code"], printed


def test_a_malformed_code_stops_the_data_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, printed = _check(tmp_path, "code: DOM-PROTECTION,", "code: zt seats,", capsys)
    line = _line(text, "code: zt seats")
    index = text[: text.index("code: zt seats")].count("- {code:")
    assert printed == [
        f"{DATA}:{line}: reasons[{index}].code: 'zt seats' is not a code — write AREA-WORDS in capitals, like PAY-DUPLICATE (the data must load before pages can be checked)"
    ], printed


def test_codes_are_stable_against_main(reasons) -> None:
    """A code on main that is gone without being retired is reported (tickets carry it); a retired one is fine."""
    before = {r.code for r in reasons.reasons} | {"SUB-OLD-SEATS"}
    problems = reason_problems(reasons, DOCS, before)
    assert problems == [
        f"{DATA}:{reasons.line}: SUB-OLD-SEATS is on main but gone here — codes are stable (tickets carry them): "
        "put it back (a moved runbook keeps its code), or move it to retired: with the date"
    ]
    assert codes_in("reasons: [{code: A-B}]\nretired: [{code: C-D}]\n") == {"A-B", "C-D"}
    assert codes_in("reasons: [unclosed\n") == set()


def test_the_export_refuses_while_codes_and_runbooks_differ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = _tree(tmp_path)
    text = (tree / DATA).read_text(encoding="utf-8")
    (tree / DATA).write_text(text.replace(ZT, ""), encoding="utf-8")
    assert contact_reasons.main(["--root", str(tree), "--out", str(tmp_path / "out")]) == 1
    assert "the export must match the runbooks one for one" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# On the built site.


@pytest.mark.parametrize("runbook", RUNBOOKS[:3] + RUNBOOKS[-2:])
def test_a_runbook_shows_its_code_under_its_title(site: Site, runbook: str, reasons) -> None:
    assert site.error is None, site.error
    code = reasons.by_page()[runbook]
    page = site.html(runbook)
    at = page.index('class="kb-contact-reason"')
    shown = page[at : page.index("</p>", at)]
    assert f"<strong>{code}</strong>" in shown and "product-feedback/contact-reasons/" in shown
    assert at < page.index("<h1"), "the code is at the top, by the tags"


def test_the_codes_page_lists_every_code(site: Site, reasons) -> None:
    page = re.sub(r"</?abbr[^>]*>", "", site.html("product-feedback/contact-reasons.md"))
    for reason in reasons.reasons:
        assert f"<td>{reason.code}</td>" in page, reason.code
