"""Content is data: each edit a careless or hostile contributor can make is refused at its file and line by `make check`
(and the build's guard, which runs the same rules), with no traceback; the harmless neighbour of each passes.

Each case copies what the build reads into a temporary tree, makes one edit, and runs the real `make check`
(``kbtools.check.main``). Edits only the rendered page can show (markup a browser reads differently) are built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kbtools import check
from macros import yamlsource

from .conftest import ROOT, build_fixture_site

RUNBOOK = "docs/runbooks/payments/duplicate-charge.md"
OTHER = "docs/runbooks/payments/card-declined.md"
REPLY = "snippets/replies/duplicate-charge-pending.md"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("vendor"))
    for name in ("data", "snippets", "overrides", ".github"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _end_of(root: Path, rel: str, text: str) -> int:
    """Append ``text`` to a file; return the line its first line lands on."""
    path = root / rel
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1 + (len(text) - len(text.lstrip("\n")))


def _replace(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the edit does not apply to {rel}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _check(root: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    """`make check` (every file), or `make check FILE=…` for the named files; the site-wide rules run either way."""
    code = check.main(["--root", str(root), *paths])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line.strip()]


def _line_of(root: Path, rel: str, needle: str) -> int:
    text = (root / rel).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def _changed(root: Path) -> list[str]:
    """The files of the copied tree that differ from the checkout's (what an edit touched)."""
    changed = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(root).as_posix()
        original = ROOT / rel
        if not original.is_file() or original.read_bytes() != path.read_bytes():
            changed.append(rel)
    assert changed, "the edit changed no file"
    return changed


Edit = Callable[[Path], tuple[str, int]]


def page(text: str, rel: str = RUNBOOK, offset: int = 0) -> Edit:
    return lambda root: (rel, _end_of(root, rel, "\n" + text + "\n") + offset)


def swap(rel: str, old: str, new: str, offset: int = 0) -> Edit:
    return lambda root: (rel, _replace(root, rel, old, new) + offset)


def symlink(rel: str, target: str) -> Edit:
    def edit(root: Path) -> tuple[str, int]:
        (root / rel).symlink_to(target)
        return rel, 1

    return edit


HOSTILE: list[tuple[str, Edit, str]] = [
    ("template-class-list", page("{{ ''.__class__.__mro__[1].__subclasses__() }}"), "only a macro can be called"),
    ("template-shell", page("{{ cycler.__init__.__globals__.os.popen('id').read() }}"), "only a macro can be called"),
    ("template-include", page("{% include '../../../../etc/passwd' %}"), "'{% include %}' is not allowed"),
    ("raw-script", page("<script>window.__pwned=1</script>"), "the HTML tag <script> is not allowed"),
    ("attr-list-onclick", page('Click.\n{: onclick="window.__pwned=1" }', offset=1), "remove onclick="),
    ("javascript-link", page("[Open](javascript:window.__pwned=1)"), "a javascript: link cannot be published"),
    ("iframe", page('<iframe src="https://example.com/"></iframe>'), "the HTML tag <iframe> is not allowed"),
    ("img-onerror", page('<img src="a.png" onerror="window.__pwned=1">'), "onerror= runs script"),
    ("style-attribute", page('<p style="position:fixed">Fake banner</p>'), "a style= attribute is not allowed"),
    ("nav-label", swap("mkdocs.yml", "          - Card declined or payment failed:", '          - "<img src=x onerror=alert(1)>":'), "contains markup"),
    ("symlink-asset", symlink("docs/assets/x.txt", "/etc/hostname"), "is a symbolic link (to /etc/hostname)"),
    ("symlink-page", symlink("docs/runbooks/payments/evil.md", "/etc/hostname"), "is a symbolic link (to /etc/hostname)"),
    (
        "script-file-in-content",
        lambda root: ((root / "docs/runbooks/x.js").write_text("alert(1)"), ("docs/runbooks/x.js", 1))[1],
        "could run in a reader's browser",
    ),
    ("conflict-markers", swap(RUNBOOK, "## Steps", "<<<<<<< HEAD\n## Steps\n=======\n## Steps (theirs)\n>>>>>>> theirs"), "a merge-conflict marker (<<<<<<<)"),
    ("table-extra-cell", page("| A | B |\n| --- | --- |\n| 1 | 2 | 3 |", offset=2), "this table row has 3 cells and the header 2"),
    ("table-missing-cell", page("| A | B |\n| --- | --- |\n| 1 |", offset=2), "this table row has 1 cells and the header 2"),
    # Syntax of Markdown extensions the site does not load (mkdocs.yml): it would ship as the characters typed.
    ("footnote", page("Refunds post in 5 days.[^bank]"), "a footnote ([^1]) is not supported here"),
    ("definition-list", page("Dunning\n:   The retry schedule after a failed payment.", offset=1), "a definition list (a line starting ': ')"),
    ("keyboard-keys", page("Press ++ctrl+f++ to search the invoice."), "keyboard keys (++ctrl+c++) are not supported here"),
    ("inline-hilite", page("Run `#!sql select 1` in Sigma."), "inline code with a language (`#!python …`) is not supported here"),
    ("markup-in-reply", page("<script>window.__pwned=1</script> Thanks.", rel=REPLY), "the HTML tag <script> in a reply"),
    ("phone-in-reply", page("Call us on +1 415 555 0100.", rel=REPLY), "contains a phone number (+1 415 555 0100)"),
    ("phone-national", page("Ring 020 7946 0958 any time."), "contains a phone number (020 7946 0958)"),
    ("http-link", page("[Stripe](http://stripe.com/docs)"), "is plain http"),
    ("internal-host", page("[Admin](https://admin.internal/)"), "'admin.internal' looks like an internal host"),
    ("personal-mailto", page("[Mail](mailto:jane.doe@gmail.com)"), "looks personal"),
    (
        "anchor-renamed-under-another-pages-link",
        lambda root: (
            _replace(root, OTHER, "## Decline codes and what to do", "## What each decline code means"),
            (
                "docs/runbooks/payments/3ds-authentication-failed.md",
                _line_of(root, "docs/runbooks/payments/3ds-authentication-failed.md", "card-declined.md#decline-codes"),
            ),
        )[1],
        "links to #decline-codes-and-what-to-do on ../payments/card-declined.md, which has no such heading",
    ),
    (
        "page-too-large",
        lambda root: (RUNBOOK, _end_of(root, RUNBOOK, "\n" + "Filler words for a long page. " * 8000 + "\n") * 0 + 1),
        "over the limit of 204,800",
    ),
    (
        "data-duplicate-key",
        swap("data/plans.yml", '    monthly: "25.00"\n', '    monthly: "25.00"\n    monthly: "1.00"\n', offset=1),
        "key 'monthly' is written twice, on lines",
    ),
    ("data-alias", swap("data/tags.yml", "tags:", "base: &b x\ncopy: *b\ntags:"), "anchor &b: anchors and aliases are not allowed"),
    ("front-matter-alias", swap(RUNBOOK, "owner: billing-support", "owner: &o billing-support\nreviewer: *o"), "front matter: anchor &o"),
    (
        "data-symlink",
        lambda root: ((root / "data/tags.yml").unlink(), (root / "data/tags.yml").symlink_to("/etc/passwd"), ("data/tags.yml", 0))[2],
        "is a symbolic link",
    ),
]


@pytest.mark.parametrize(("edit", "message"), [(e, m) for _, e, m in HOSTILE], ids=[i for i, _, _ in HOSTILE])
def test_make_check_refuses_the_edit_at_its_line(tree: Path, edit: Edit, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    rel, line = edit(tree)
    # As an editor runs it after an edit: `make check FILE=` the file the problem is in (a third of the whole run).
    one = [rel] if (tree / rel).is_file() and not (tree / rel).is_symlink() else []
    code, lines = _check(tree, capsys, *one)
    assert code == 1, f"make check passed the edit; it printed {lines}"
    where = f"{rel}:{line}: " if line else f"{rel}: "
    hits = [entry for entry in lines if entry.startswith(where) and message in entry]
    assert hits, f"expected {where}…{message}… in:\n" + "\n".join(lines)


HARMLESS: list[tuple[str, Callable[[Path], object]]] = [
    ("bom-on-a-page", lambda root: (root / RUNBOOK).write_bytes(b"\xef\xbb\xbf" + (root / RUNBOOK).read_bytes())),
    ("crlf-on-a-page", lambda root: (root / RUNBOOK).write_bytes((root / RUNBOOK).read_bytes().replace(b"\n", b"\r\n"))),
    (
        "bom-and-crlf-on-data",
        lambda root: (root / "data/plans.yml").write_bytes(b"\xef\xbb\xbf" + (root / "data/plans.yml").read_bytes().replace(b"\n", b"\r\n")),
    ),
    ("our-own-html", page("Press <kbd>/</kbd>. <details><summary>More</summary>Text.</details>")),
    (
        "https-and-relative-links",
        page("[Stripe](https://stripe.com/docs), [card declined](card-declined.md#steps), [the reply](#reply-duplicate-charge-pending)"),
    ),
    ("company-mailto", page("[Billing](mailto:billing@cloudflare.com)")),
    (
        "our-own-number",
        lambda root: (
            _replace(root, "data/trusted.yml", "phone_numbers: []", 'phone_numbers: ["+1 888 274 3881"]'),
            _end_of(root, REPLY, "\nCall us on +1 888 274 3881.\n"),
        ),
    ),
    (
        "an-allowed-host",
        lambda root: (
            _replace(root, "data/trusted.yml", "internal_hosts: []", 'internal_hosts: ["wiki.billing.internal"]'),
            _end_of(root, RUNBOOK, "\n[The team wiki](https://wiki.billing.internal/refunds)\n"),
        ),
    ),
    ("a-setext-heading-underline", page("Heading\n=======\n\nText.")),
    ("dates-amounts-ids", page("On 2026-11-30 we refunded $1,234.56 on invoice INV-2026-0001 (ASC 606-10-25-13).")),
]


@pytest.mark.parametrize("edit", [e for _, e in HARMLESS], ids=[i for i, _ in HARMLESS])
def test_the_harmless_neighbour_passes(tree: Path, edit: Callable[[Path], object], capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "data/trusted.yml").write_text((ROOT / "data/trusted.yml").read_text(encoding="utf-8"), encoding="utf-8")
    edit(tree)
    # As an editor runs it before a pull request: the files the edit changed (`make check CHANGED=1`).
    code, lines = _check(tree, capsys, *_changed(tree))
    # A changed reply or page asks for a change note only on a branch (there is no git history here).
    assert code == 0, "\n".join(lines)


def test_a_new_runbook_hears_about_itself_first(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kbtools.new", "--root", str(tree), "--area", "payments", "--name", "refund-foo", "--title", "Refund foo"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    code, lines = _check(tree, capsys)
    assert code == 1 and lines[0].startswith("docs/runbooks/payments/refund-foo.md:"), lines[:3]
    assert any(line.startswith("docs/runbooks/payments/refund-foo.md:1: no day of the learning path handles this runbook") for line in lines), lines


def test_an_alias_bomb_is_refused_in_milliseconds_not_expanded(tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand past 4 GB; the loader refuses the first anchor. In a subprocess with a
    timeout, so a loader that expands it fails the test instead of hanging the suite."""
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"b{i}: &b{i} [{','.join([('*a' if i == 0 else f'*b{i - 1}')] * 9)}]\n" for i in range(9))
    path = tmp_path / "bomb.yml"
    path.write_text(bomb, encoding="utf-8")
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom macros.yamlsource import Source, DataError\ntry:\n    Source(__import__('pathlib').Path({str(path)!r}), 'data/bomb.yml')\nexcept DataError as e:\n    print(e)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "data/bomb.yml:1: anchor &a: anchors and aliases are not allowed — write the value out in full", result


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, "key 'c' is written twice, on lines 3 and 4"),
        ("base: &x {a: 1}\nother:\n  <<: *x\n", 1, "anchor &x"),
        ("x: " + "[" * 40 + "]" * 40 + "\n", 1, "nested deeper than 32 levels"),
        ("list:\n  - &item one\n", 2, "anchor &item"),
    ],
)
def test_the_loader_refuses(text: str, line: int | None, message: str) -> None:
    with pytest.raises(yamlsource.UnsafeYaml) as caught:
        yamlsource.load(text)
    assert caught.value.line == line and message in caught.value.message, caught.value


def test_a_data_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("# " + "x" * yamlsource.MAX_DATA_BYTES + "\n", encoding="utf-8")
    with pytest.raises(yamlsource.DataError, match="over the limit of 262,144"):
        yamlsource.Source(path, "data/big.yml")


def test_markup_a_browser_reads_differently_is_refused_by_the_build(tmp_path: Path) -> None:
    """`make check` reads Markdown line by line; a comment that Python's parser and a browser end in different places
    can only be judged on the rendered page: the build refuses it, naming the page's line."""
    text = "# Sneaky\n\nIntro.\n\n<!--> <img src=x onerror=alert(1)> -->\n"
    site = build_fixture_site(tmp_path, {"index.md": "# Home\n", "sneaky.md": text})
    assert site.error is not None
    assert any(w.startswith("docs/sneaky.md:5: markup a browser would read differently") for w in site.warnings), site.warnings
    assert not (site.dir / "sneaky" / "index.html").exists()


def test_one_loader_reads_every_yaml_file_the_build_reads() -> None:
    """No module parses YAML around macros/yamlsource.py, whose rules (no aliases, no duplicate keys) would not apply."""
    import re

    offenders = []
    for path in sorted([*(ROOT / "macros").glob("*.py"), *(ROOT / "kbtools").glob("*.py"), *(ROOT / "macros" / "blocks").glob("*.py")]):
        if path.name == "yamlsource.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\byaml\.(?:load|safe_load|full_load|unsafe_load|compose|compose_all|load_all|safe_load_all|parse)\(", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "parse YAML with macros.yamlsource.load/compose instead:\n" + "\n".join(offenders)
