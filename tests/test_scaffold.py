"""`make new-runbook`: a quoted title, the area's own tag, a nav entry, and a page that fails the check (and the build)
until every section is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from kbtools import check, new, rules

from .conftest import ROOT


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python/name tags; the nav does not."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def test_scaffold_writes_a_valid_page_in_the_nav_that_fails_until_written(tmp_path: Path, capsys) -> None:
    for name in ("docs", "data", "snippets"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("assets"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    title = "Refund status: where is my money, really"
    assert new.main(["--area", "refunds-and-disputes", "--name", "refund-money-where", "--title", title, "--root", str(tmp_path)]) == 0
    page = tmp_path / "docs/runbooks/refunds-and-disputes/refund-money-where.md"
    meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])
    assert meta["title"] == title, "a title with a colon must be quoted"
    assert meta["tags"] == ["refunds"], "the area's runbooks are tagged refunds first"
    nav = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), _AnyTag)["nav"]
    group = next(
        item
        for item in next(entry["Runbooks"] for entry in nav if isinstance(entry, dict) and "Runbooks" in entry)
        if isinstance(item, dict) and "Refunds, credits and disputes" in item
    )
    assert {title: "runbooks/refunds-and-disputes/refund-money-where.md"} in group["Refunds, credits and disputes"]
    capsys.readouterr()
    assert check.main(["--root", str(tmp_path), str(page)]) == 1
    err = capsys.readouterr().err
    for section in ("front matter", "the at-a-glance box", "'## Decide and act'", "'## Steps'", "'## When to use'", "'## Check yourself'", "'## Sources'"):
        assert f"{section} is still scaffold text (TODO)" in err, err
    assert "not in the nav" not in err
    published = rules.publish_problems(tmp_path, ["runbooks/refunds-and-disputes/refund-money-where.md"])
    assert any("is still scaffold text (TODO)" in p.message for p in published), "the build would publish the scaffold"


def test_scaffold_refuses_an_unknown_area_and_a_bad_name(tmp_path: Path, capsys) -> None:
    assert new.main(["--area", "billing", "--name", "x", "--title", "X", "--root", str(ROOT)]) == 1
    assert "AREA='billing' is not a folder under docs/runbooks/" in capsys.readouterr().err
    assert new.main(["--area", "payments", "--name", "Bad Name", "--title", "X", "--root", str(ROOT)]) == 1
    assert "must be kebab-case" in capsys.readouterr().err
