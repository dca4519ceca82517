"""CODEOWNERS is generated from page owners and data/teams.yml, and `make check` says when it is out of date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbtools import check, codeowners
from macros.data import load_site_data
from macros.yamlsource import DataError

from .conftest import ROOT


def _copy(tmp_path: Path) -> Path:
    for name in ("docs", "data", "snippets", ".github"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("assets"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_the_committed_file_is_what_make_codeowners_writes() -> None:
    assert codeowners.problems(ROOT, load_site_data(ROOT)) == []


def test_each_owned_page_and_its_replies_go_to_the_owners_handle() -> None:
    data = load_site_data(ROOT)
    lines = (ROOT / codeowners.TARGET).read_text(encoding="utf-8").splitlines()
    assert lines[2] == f"* {data.codeowners_fallback}"
    handle = data.teams["registrar-ops"].codeowner
    assert f"/docs/runbooks/domains/transfer-out-auth-code.md {handle}" in lines
    assert f"/data/tlds.yml {handle}" in lines
    assert any(line.startswith("/snippets/replies/") and line.endswith(handle) for line in lines)


def test_a_changed_owner_makes_the_check_fail_at_the_line_until_regenerated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy(tmp_path)
    page = root / "docs" / "runbooks" / "domains" / "transfer-out-auth-code.md"
    page.write_text(page.read_text(encoding="utf-8").replace("owner: registrar-ops", "owner: billing-ops", 1), encoding="utf-8")
    lines = (root / codeowners.TARGET).read_text(encoding="utf-8").splitlines()
    line = lines.index("/docs/runbooks/domains/transfer-out-auth-code.md @billing-kb/registrar-ops") + 1
    assert check.main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f".github/CODEOWNERS:{line}: out of date with the page owners or data/teams.yml — run `make codeowners` and commit the result" in err, err
    assert codeowners.main([], root=root) == 0
    assert codeowners.main(["--check"], root=root) == 0
    assert "/docs/runbooks/domains/transfer-out-auth-code.md @billing-kb/billing-ops" in (root / codeowners.TARGET).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('fallback: "@billing-kb/kb-maintainers"', 'fallback: "kb-maintainers"', "expected a review handle like @billing-kb/billing-ops, got 'kb-maintainers'"),
        ("owns: [data/plans.yml,", "owns: [docs/index.md,", "expected a data file like data/plans.yml, got 'docs/index.md'"),
    ],
)
def test_bad_handles_and_owned_files_are_refused_at_load(tmp_path: Path, old: str, new: str, message: str) -> None:
    root = _copy(tmp_path)
    teams = root / "data" / "teams.yml"
    text = teams.read_text(encoding="utf-8")
    assert old in text
    teams.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site_data(root)
    line = text.splitlines().index(next(ln for ln in text.splitlines() if old in ln)) + 1
    assert str(caught.value).startswith(f"data/teams.yml:{line}:") and message in str(caught.value), str(caught.value)


def test_an_owned_file_that_does_not_exist_is_named_at_its_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    teams = root / "data" / "teams.yml"
    text = teams.read_text(encoding="utf-8")
    teams.write_text(text.replace("owns: [data/plans.yml,", "owns: [data/prices.yml,", 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if "owns: [data/plans.yml," in ln)
    found = [str(p) for p in codeowners.problems(root, load_site_data(root))]
    assert f"data/teams.yml:{line}: teams.billing-ops.owns: data/prices.yml does not exist — name a file under data/" in found, found


def _owner_of(lines: list[str], path: str) -> str:
    """Who reviews ``path`` under CODEOWNERS' rule: the last matching line wins (anchored paths, folders end in /)."""
    owner = ""
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        pattern, handle = line.split()[0], " ".join(line.split()[1:])
        if pattern == "*" or (pattern.endswith("/") and ("/" + path).startswith(pattern)) or pattern == "/" + path:
            owner = handle
    return owner


@pytest.mark.parametrize(
    "path",
    [
        "macros/templatecheck.py",
        "kbtools/htmlpolicy.py",
        "overrides/main.html",
        "docs/assets/javascripts/composer.js",
        "docs/assets/stylesheets/kb.css",
        "mkdocs.yml",
        "Makefile",
        ".ci/run",
        "requirements.txt",
        "data/trusted.yml",
        "tests/test_templates.py",
    ],
)
def test_code_goes_to_the_engineering_team_whatever_owns_the_content_around_it(path: str) -> None:
    """The threat model: content owners review content, engineering reviews what runs (docs/contributing/threat-model.md)."""
    data = load_site_data(ROOT)
    lines = (ROOT / codeowners.TARGET).read_text(encoding="utf-8").splitlines()
    assert data.code_owner == data.teams["kb-engineering"].codeowner
    assert _owner_of(lines, path) == data.code_owner, f"{path} is reviewed by {_owner_of(lines, path)!r}"


def test_a_page_still_goes_to_its_owner() -> None:
    lines = (ROOT / codeowners.TARGET).read_text(encoding="utf-8").splitlines()
    data = load_site_data(ROOT)
    assert _owner_of(lines, "docs/runbooks/domains/transfer-out-auth-code.md") == data.teams["registrar-ops"].codeowner
