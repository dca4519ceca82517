"""What an editor sees when a build goes wrong: one line, ``path:line: what is wrong — how to fix it``, at the offending
line, and a clean stop (MkDocs' own abort, never a traceback). Each case builds a two-page fixture site."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kbtools import engine

from .conftest import ROOT, build_fixture_site

PAGE = """---
title: A page for one broken thing
description: A fixture page.
render_macros: true
---

# A page for one broken thing

Line eight.

{body}
"""


def _page(body: str) -> str:
    return PAGE.format(body=body)


#: Broken pages, grouped by how the build meets them: the publish guard reports every page at once before anything
#: renders; macro errors are logged page by page and fail the strict build at the end; a misspelt name or a syntax
#: error stops the build at its page. One fixture build per group.
GROUPS = {
    "guard": {
        "raw.md": PAGE.replace("render_macros: true\n", "").format(body="Shipped raw: {{ foo }}"),
        "card.md": _page("Card on file: 4000 0012 3456 7899."),
        "secret.md": _page("Key: sk_live_abcdefghij0123456789"),
        "snippet.md": _page('```text\n--8<-- "replies/no-such-reply.md"\n```'),
        "date.md": PAGE.replace("description: A fixture page.", "description: A fixture page.\nlast_reviewed: 2026-02-30").format(body="Text."),
        "bytes.md": _page("Caf\udcff"),
        "title.md": PAGE.replace("title: A page for one broken thing", "title: Refunds <b>now</b>").format(body="Text."),
    },
    "macros": {
        "negative.md": _page('Amount: {{ tax_example(amount="-5.00") }}'),
        "refund.md": _page(
            '{{ partial_refund(plan="pro", cycle="annual", paid_on="2026-03-02", refund_on="2026-03-09") }}\n\n'
            "Text between.\n\n"
            '{{ partial_refund(plan="pro", cycle="annual",\n   paid_on="2026-03-10", refund_on="2026-03-01") }}'
        ),
    },
    "misspelt": {"misspelt.md": _page('The window is {{ polcy("refunds.goodwill_window_days") }} days.')},
    "syntax": {"syntax.md": _page("Hello {{ unclosed( }}")},
}
CASES = [
    ("guard", "docs/raw.md:10: template syntax '{{' on a page without render_macros: true"),
    ("guard", "docs/card.md:11: contains a card number (4000 0012 3456 7899) — remove it; quote only the last four digits"),
    ("guard", "docs/secret.md:11: contains a processor secret key — remove it and rotate it"),
    ("guard", "docs/snippet.md:12: includes snippet 'replies/no-such-reply.md', which is not under snippets/ — fix the name or create the file"),
    ("guard", "docs/date.md:4: front matter: '2026-02-30' is not a real date — check the day and the month (YYYY-MM-DD)"),
    ("guard", "docs/bytes.md:11: byte 0xff at column 4 is not UTF-8 — save the file as UTF-8"),
    ("guard", "docs/title.md:2: title contains '<': it would be published as markup — write it as plain text"),
    ("macros", 'docs/negative.md:11: tax_example(): amount: expected an amount of zero or more, like "250.00"'),
    ("macros", "docs/refund.md:15: partial_refund(): refund date 2026-03-01 is outside the period paid on 2026-03-10"),
    ("misspelt", "docs/misspelt.md:11: 'polcy' is not a macro or a variable — did you mean policy()?"),
    ("syntax", "docs/syntax.md:11: template syntax error"),
]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = {}
    for name, pages in GROUPS.items():
        files = {"index.md": "# Home\n", **{k: v.encode("utf-8", "surrogateescape") for k, v in pages.items()}}
        out[name] = build_fixture_site(tmp_path_factory.mktemp(name), files)
    return out


@pytest.mark.parametrize(("group", "expected"), CASES, ids=[e.split(":")[0].removeprefix("docs/").removesuffix(".md") for _, e in CASES])
def test_the_build_stops_at_the_offending_line(builds: dict[str, object], group: str, expected: str) -> None:
    site = builds[group]
    assert site.error is not None, "the build did not stop"
    assert site.error.startswith(("Abort:", "PluginError:")), f"not a clean stop (a traceback would follow): {site.error}"
    assert any(expected in line for line in [*site.warnings, site.error]), f"expected {expected!r} in:\n" + "\n".join([*site.warnings, site.error])


def test_bad_data_stops_the_build_with_file_and_line_and_no_traceback(tmp_path: Path) -> None:
    """One real `mkdocs build --strict` in a subprocess, to see exactly what the editor's terminal shows."""
    project = tmp_path / "project"
    project.mkdir()
    import shutil

    for name in ("macros", "kbtools"):
        (project / name).symlink_to(ROOT / name)
    for name in ("overrides", "snippets", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")

    shutil.copytree(ROOT / "data", project / "data")
    teams = project / "data" / "teams.yml"
    teams.write_text(teams.read_text(encoding="utf-8").replace("    queue: BILLING-OPS\n", "    queue: [BILLING-OPS\n"), encoding="utf-8")
    result = subprocess.run(
        engine.command("build", "--strict", "-d", str(tmp_path / "site")),
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "KB_AS_OF": "2026-11-30", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "data/teams.yml:" in result.stderr and "invalid YAML" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
