"""Every content rule, in one place: what `make check`, the build (kbtools/hooks.py) and the tests apply.

Per file: a page's front matter and contract, secrets and raw template syntax, its snippet includes; a reply
template's placeholders, a chat or social version's channel rules; a data file's validity. Site-wide: duplicate titles, pages missing from the nav, replies no
page uses. Each problem is ``path:line: what is wrong — how to fix it``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from macros import freshness, teamcalendar, templatecheck
from macros.cases import page_cases, team_names
from macros.channels import ChannelRules
from macros.contactreasons import codes_in, reason_problems
from macros.data import SiteData, load_site_data
from macros.productvoice import question_problems
from macros.replies import channel_of, variant_problems
from macros.searchwords import missing_pages
from macros.sigma import sqlcheck
from macros.sigma.queries import FOLDER as QUERY_FOLDER
from macros.sigma.queries import NAME as QUERY_NAME
from macros.sigma.queries import file_problems as query_file_problems
from macros.sigma.queries import fill
from macros.training import training_problems
from macros.yamlsource import DataError, normalise

from . import changenotes, guard, htmlpolicy, pagetext, sourcelinks, tree
from .contract import Problem, Rules, check_text, page_kind, parse, unwritten

INCLUDE = re.compile(r"""^\s*(?:```\w*\s*)?-{1,2}8<-{1,2}\s+["']([^"']+)["']""")
#: Characters that make a title or description markup: MkDocs and Material print them into the page unescaped.
MARKUP = re.compile(r"[<>]")


def read(root: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's text (a byte-order mark dropped, CRLF read as LF: harmless encodings), or the line and byte where it
    stops being UTF-8. A symbolic link is never read (kbtools/tree.py names it)."""
    if (root / rel).is_symlink():
        return None, []
    data = (root / rel).read_bytes()
    try:
        return normalise(data.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(rel, line, f"byte {data[exc.start]:#04x} at column {column} is not UTF-8 — save the file as UTF-8 (retype the character)")]


def _front_matter(rel: str, text: str) -> tuple[dict, list[Problem]]:
    """The front matter of any page (with or without the contract): valid YAML, real dates, no markup in the title."""
    if not text.startswith("---"):
        return {}, []
    page, parsed_problems = parse(rel, text)
    problems = list(parsed_problems)  # parse() is cached: never extend its list
    if page is None:
        return {}, problems
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and MARKUP.search(value):
            problems.append(
                Problem(
                    rel,
                    page.meta_lines.get(key, 2),
                    f"{key} contains {MARKUP.search(value).group(0)!r}: it would be published as markup — write it as plain text",
                )
            )
    return page.meta, problems


def includes(root: Path, rel: str, text: str) -> list[Problem]:
    """Every --8<-- include names a file under snippets/ (the build's own message names only the snippet)."""
    if "8<" not in text:
        return []
    problems = []
    snippets = (root / "snippets").resolve()
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if not match:
            continue
        target = root / "snippets" / match.group(1)
        if not target.resolve().is_relative_to(snippets) or target.is_symlink():
            problems.append(Problem(rel, number, f"includes {match.group(1)!r}, which is outside snippets/ — include only files under snippets/"))
        elif not target.is_file():
            problems.append(Problem(rel, number, f"includes snippet {match.group(1)!r}, which is not under snippets/ — fix the name or create the file"))
    return problems


#: An internal file named in reader text: readers cannot open the repository, and the name means nothing to them.
INTERNAL_PATH = re.compile(
    r"(?<![\w/.-])(?:(?:data|snippets|macros|kbtools|tests|overrides|docs)/[\w./-]*[\w-]\.(?:ya?ml|py|md|html|js|css)"
    r"|[\w-]+\.(?:ya?ml|py))(?![\w/-])"
)
URL = re.compile(r"\bhttps?://[^\s)>\]]+")


def internal_paths(rel: str, text: str) -> list[Problem]:
    """Reader pages and customer replies name no repository file (editor pages under docs/contributing/ may)."""
    if rel.startswith("docs/contributing/"):
        return []
    problems = []
    fenced = False
    lines = text.splitlines()
    # A page's front matter is for editors and tools (depends_on names data files on purpose), not for readers.
    body_from = templatecheck.body_offset(lines) if rel.startswith("docs/") else 0
    for number, line in enumerate(lines, start=1):
        if number <= body_from:
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced and rel.startswith("docs/") else INTERNAL_PATH.search(URL.sub("", line))
        if match:
            problems.append(
                Problem(
                    rel,
                    number,
                    f"names the internal file {match.group(0)!r}, which readers cannot open — say what it holds in words "
                    '("the team\'s policy data"), or link the editor page that explains it',
                )
            )
    return problems


def template_names(rel: str, text: str, meta: dict) -> list[Problem]:
    """Anything outside the closed template language, at its line (the build's rule, run early)."""
    lines = text.splitlines()
    body = "\n".join(lines[templatecheck.body_offset(lines) :])
    found, _ = templatecheck.problems(rel, lines, body, freshness.MACRO_DATA)
    return [Problem(rel, line, message) for line, message in found]


def glossary_anchors(root: Path) -> tuple[str, ...]:
    """The glossary page's term anchors (made from data/glossary.yml), or none when the data does not load."""
    try:
        return tuple(term.anchor for term in load_site_data(root).glossary)
    except DataError:
        return ()


def text_problems(root: Path, rel: str, text: str, markdown: bool = True) -> list[Problem]:
    """What an editor wrote wrong in any file, before rendering: conflict markers, size, and in Markdown the table rows
    and the markup the HTML policy refuses (kbtools/pagetext.py)."""
    found = list(pagetext.conflict_markers(rel, text))
    if markdown:
        found += list(pagetext.size(text)) + list(pagetext.table_rows(text)) + list(pagetext.unsupported(text))
        found += list(pagetext.markup(text, guard.trusted_for(root)))
    return [Problem(rel, line, message) for line, message in found]


def page_problems(root: Path, rel: str, text: str, rules: Rules | None) -> list[Problem]:
    """Everything wrong with one page under docs/. ``rules=None`` skips the contract (the build's guard)."""
    conflicts = list(pagetext.conflict_markers(rel, text))
    if conflicts:  # both sides of a merge: every other rule would report the same lines twice over
        return [Problem(rel, line, message) for line, message in conflicts]
    meta, problems = _front_matter(rel, text)
    problems += text_problems(root, rel, text)
    unreadable = any("front matter" in p.message for p in problems)
    if not unreadable:  # render_macros is unknown then: the front matter error is the one to fix first
        problems += guard.raw_template(rel, text, meta.get("render_macros") is True)
    problems += guard.scan(rel, text, guard.trusted_for(root))
    problems += includes(root, rel, text)
    if rules is not None:
        problems += internal_paths(rel, text)
        problems += [] if unreadable else sourcelinks.problems(root, rel, text, glossary_anchors(root))
        if not unreadable and meta.get("render_macros") is True:
            problems += template_names(rel, text, meta)
    if page_kind(rel) is not None and not unreadable:
        if rules is not None:
            problems += check_text(rel, text, rules)
        else:
            # Even the build refuses a page still holding the scaffold's TODO text: it would be published.
            parsed, _ = parse(rel, text)
            problems += unwritten(parsed, text) if parsed else []
    return problems


def reply_problems(
    rel: str, text: str, declared: set[str], policy_keys: set[str] | None = None, root: Path | None = None, channels: ChannelRules | None = None
) -> list[Problem]:
    """A reply template or one of its channel variants: no secrets, every {placeholder} declared, every {policy.key} real,
    no template syntax; a chat variant within the chat rules, a social variant with nothing personal (macros/channels.py)."""
    trusted = guard.trusted_for(root) if root is not None else None
    where = channel_of(rel)
    if where is None:
        return [
            Problem(
                rel,
                1,
                "not a reply or a channel variant — a reply is snippets/replies/<name>.md, its versions "
                "snippets/replies/chat/<name>.md and snippets/replies/social/<name>.md (kebab-case names)",
            )
        ]
    channel, name = where
    found = variant_problems(channel, text, declared, channels, policy_keys)
    problems = guard.scan(rel, text, trusted) + [Problem(rel, line, message) for line, message in found]
    problems += [Problem(rel, line, message) for line, message in [*pagetext.conflict_markers(rel, text), *pagetext.size(text), *pagetext.reply_markup(text)]]
    if channel != "email" and root is not None and not (root / "snippets" / "replies" / f"{name}.md").is_file():
        problems.append(Problem(rel, 1, f"a {channel} version of snippets/replies/{name}.md, which does not exist — rename it after its reply, or delete it"))
    return problems + internal_paths(rel, text)


#: The day a query's example dates are counted from when the data was loaded without a build date.
EXAMPLE_DAY = date(2000, 1, 1)


def query_problems(root: Path, rel: str, text: str, data: SiteData | None, examples: bool = True) -> list[Problem]:
    """A research query file (snippets/queries/<name>.sql): no secrets, card numbers or e-mail addresses, and, when
    the data loads, valid read-only Trino over the Sigma schema with findings data/queries.yml explains
    (macros/sigma/sqlcheck.py); with its example values filled in, still valid Trino."""
    problems = guard.scan(rel, text, guard.trusted_for(root)) + [Problem(rel, line, message) for line, message in pagetext.conflict_markers(rel, text)]
    name = rel.removeprefix(QUERY_FOLDER + "/").removesuffix(".sql")
    if not rel.endswith(".sql") or not QUERY_NAME.fullmatch(name):
        return problems + [Problem(rel, 1, f"not a research query — a query is {QUERY_FOLDER}/<name>.sql, kebab-case, with its entry in data/queries.yml")]
    if data is None or data.sigma is None:
        return problems
    query = data.queries.get(name)
    found = sqlcheck.problems(text, data.sigma, query.results if query else None, set(data.placeholders))
    problems += [Problem(rel, line, message) for line, message in found]
    # The build skips the second parse (half the cost): its sample run reads every example, and the tests parse them.
    if examples and query is not None and not found:
        types = {key: p.type for key, p in data.placeholders.items()}
        # Any real day reads the same to the parser; the build date when the data was loaded for one.
        example = fill(text, query.example_values(data.as_of or EXAMPLE_DAY, types))
        problems += [
            Problem(rel, line, f"with the example values of data/queries.yml filled in: {message}")
            for line, message in sqlcheck.problems(example, data.sigma)
            if "stands outside a quoted string" not in message
        ]
    return problems


def case_problems(root: Path, data: SiteData) -> list[Problem]:
    """Every case data/queries.yml names exists: the runbook is there and its 'Decide and act' has that case number."""
    if not data.queries:
        return []
    names = team_names(data.teams)
    source = None
    problems = []
    cases: dict[str, set[int]] = {}
    for query in data.queries.values():
        for finding, result in query.results.items():
            for page, numbers in result.cases.items():
                if page not in cases:
                    path = root / "docs" / page
                    text = normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
                    cases[page] = {case.number for case in page_cases(text, names)[1]} if text else set()
                missing = [n for n in numbers if n not in cases[page]]
                if missing:
                    if source is None:
                        from macros.yamlsource import Source

                        source = Source(root / "data" / "queries.yml", "data/queries.yml")
                    key = f"queries.{query.name}.results.{finding}.cases"
                    where = (
                        "does not exist" if not cases[page] else f"has no case {', '.join(map(str, missing))} in 'Decide and act' (it has {len(cases[page])})"
                    )
                    problems.append(Problem("data/queries.yml", source.line(key) or 1, f"{key}: docs/{page} {where} — name a case the page has"))
    return problems


def data_problems(root: Path, data: SiteData | None = None) -> list[Problem]:
    """The data files: the first validation error (they load as a whole), and pages they name that are gone."""
    problems = []
    if data is None:
        try:
            data = load_site_data(root)
        except DataError as exc:
            return [Problem(exc.path, exc.line or 1, f"{exc.key}: {exc.message}" if exc.key else exc.message)]
    messages = missing_pages(data.search_words, root / "docs") + training_problems(data.training, root / "docs")
    calendar = teamcalendar.calendar_problem(data.training.calendar)
    if calendar:
        messages.append(f"data/learning_path.yml:{data.training.lines.get('calendar', 1)}: {calendar}")
    messages += reason_problems(data.contact_reasons, root / "docs", main_codes(root))
    if data.as_of is not None:
        messages += question_problems(data.product_voice, {r.code for r in data.contact_reasons.reasons}, data.as_of)
    for message in messages:
        path, line, rest = message.split(":", 2)
        problems.append(Problem(path, int(line), rest.strip()))
    problems += [Problem(path, line, message) for path, line, message in query_file_problems(root, data.queries, data.placeholders)]
    return problems + case_problems(root, data)


def main_codes(root: Path) -> set[str] | None:
    """The contact-reason codes on main (where this work forked from it), for the rule that codes are stable; None
    outside git, on a tree without main, or before the file existed there."""
    commit = changenotes.base_commit(root)
    if commit is None:
        return None
    text = changenotes._git(root, "show", f"{commit}:data/contact_reasons.yml")
    return codes_in(text) if text is not None else None


def nav_pages(root: Path) -> list[tuple[str, int]]:
    """The pages the nav of mkdocs.yml lists, with their lines (none without a mkdocs.yml: nothing to check against)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return []
    lines = normalise(config.read_text(encoding="utf-8")).splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "nav:"), len(lines))
    return [(m.group(1), i + 1) for i, line in enumerate(lines[start:], start=start) for m in [re.search(r"(\S+\.md)\s*$", line)] if m]


#: A nav label: ``- Label: path.md`` or ``- Label:`` (a section), quoted or not.
NAV_LABEL = re.compile(r"^\s*-\s+(?P<label>\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^:#]+?)\s*:(?:\s|$)")


def nav_label_problems(root: Path) -> list[Problem]:
    """Nav labels are plain text: the theme prints them into every page's navigation unescaped."""
    config = root / "mkdocs.yml"
    if not config.is_file() or config.is_symlink():
        return []
    lines = normalise(config.read_text(encoding="utf-8")).splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "nav:"), len(lines))
    problems = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        match = NAV_LABEL.match(line)
        if match and re.search(r"[<>&]|javascript:", match.group("label"), re.I):
            problems.append(Problem("mkdocs.yml", number, f"the nav label {match.group('label')} contains markup — write it as plain text (no <, > or &)"))
    return problems


def site_problems(root: Path) -> list[Problem]:
    """Rules that need every page at once: the nav, duplicate titles, replies nobody uses. Cheap: no parsing of bodies."""
    problems = []
    docs = root / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.is_symlink())
    listed = nav_pages(root)
    problems += nav_label_problems(root)
    in_nav = {page for page, _ in listed}
    for page in pages if listed else []:
        if page not in in_nav:
            problems.append(Problem(f"docs/{page}", 1, "the page is not in the nav of mkdocs.yml — add it under its section, so readers can find it"))
    for page, line in listed:
        if page not in pages:
            problems.append(Problem("mkdocs.yml", line, f"the nav lists {page}, which does not exist under docs/ — fix the path or remove the line"))
    titles: dict[str, str] = {}
    used_replies: set[str] = set()
    all_read = True  # a page whose front matter cannot be read may list replies: nobody can say which are unused
    for page in pages:
        rel = f"docs/{page}"
        text = normalise((docs / page).read_text(encoding="utf-8", errors="replace"))
        if not text.startswith("---"):
            continue
        parsed, _ = parse(rel, text)
        if parsed is None:
            all_read = False
            continue
        replies = parsed.meta.get("replies")
        if isinstance(replies, dict):
            used_replies.update(str(name) for name in replies)
        title = parsed.meta.get("title")
        if page_kind(rel) and isinstance(title, str):
            key = " ".join(title.lower().split())
            if key in titles:
                problems.append(
                    Problem(
                        rel, parsed.meta_lines.get("title", 2), f"the title is the same as {titles[key]}'s — each page names its own task; reword one of them"
                    )
                )
            else:
                titles[key] = rel
    for reply in sorted((root / "snippets" / "replies").glob("*.md")) if listed and all_read else []:
        if reply.stem not in used_replies:
            problems.append(
                Problem(f"snippets/replies/{reply.name}", 1, "no runbook lists this reply under replies: — list it on the page that sends it, or delete it")
            )
    return problems


def publish_problems(root: Path, pages: Iterable[str] | None = None) -> list[Problem]:
    """What must stop a build: secrets, raw template syntax, broken front matter, missing snippets, bad replies.

    ``pages`` are paths under docs/ (all of them by default). The page contract is `make check`'s and the tests'.
    """
    docs = root / "docs"
    problems = [Problem(path, line, message) for path, line, message in tree.problems(root)] + nav_label_problems(root)
    names = sorted(pages) if pages is not None else sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    for page in names:
        text, unreadable = read(root, f"docs/{page}")
        problems += unreadable if text is None else page_problems(root, f"docs/{page}", text, None)
    declared, policy_keys = reply_context(root)
    channels = channel_rules(root)
    trusted = guard.trusted_for(root)
    for reply in sorted((root / "snippets").rglob("*.md")):
        rel = reply.relative_to(root).as_posix()
        text, unreadable = read(root, rel)
        if text is None:
            problems += unreadable
        elif rel.startswith("snippets/replies/"):
            problems += reply_problems(rel, text, declared, policy_keys, root, channels)
        else:
            problems += guard.scan(rel, text, trusted) + text_problems(root, rel, text)
    for path in sorted((root / "data").glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        text, unreadable = read(root, rel)
        problems += unreadable if text is None else guard.scan(rel, text, trusted) + text_problems(root, rel, text, markdown=False)
    try:
        data = load_site_data(root)
    except DataError:
        data = None  # the build's own data load names the error
    for path in sorted((root / QUERY_FOLDER).glob("*")) if (root / QUERY_FOLDER).is_dir() else []:
        rel = path.relative_to(root).as_posix()
        text, unreadable = read(root, rel)
        problems += unreadable if text is None else query_problems(root, rel, text, data, examples=False)
    for path in sorted((root / "overrides").rglob("*.html")) if (root / "overrides").is_dir() else []:
        rel = path.relative_to(root).as_posix()
        text, unreadable = read(root, rel)
        problems += unreadable if text is None else text_problems(root, rel, text, markdown=False)
    return problems


def html_problems(root: Path, rel: str, html: str) -> list[Problem]:
    """The HTML policy on a rendered page (kbtools/htmlpolicy.py), each refusal at the source line that wrote it."""
    refusals = htmlpolicy.refusals(html, guard.trusted_for(root))
    return [Problem(*source_line(root, rel, refusal.needle), refusal.message) for refusal in refusals]


def source_line(root: Path, rel: str, needle: str) -> tuple[str, int]:
    """Where ``needle`` (a tag, an attribute, a link) was written: the page's own line, else a snippet it includes,
    else the page's first line (what a macro rendered from data)."""
    text, _ = read(root, rel)
    lines = (text or "").splitlines()
    wanted = needle.lower()
    for number, line in enumerate(lines, start=1):
        if wanted in line.lower():
            return rel, number
    for line in lines:
        match = INCLUDE.match(line)
        if match and (root / "snippets" / match.group(1)).is_file():
            snippet = f"snippets/{match.group(1)}"
            included, _ = read(root, snippet)
            for inner, text_line in enumerate((included or "").splitlines(), start=1):
                if wanted in text_line.lower():
                    return snippet, inner
    return rel, 1


def reply_context(root: Path, data: SiteData | None = None) -> tuple[set[str], set[str] | None]:
    """The placeholders replies may use and the team-policy keys they may quote (None when the data does not load)."""
    from macros.data import _leaf_keys

    try:
        data = data or load_site_data(root)
    except DataError:
        return set(), None
    return set(data.placeholders), set(_leaf_keys(data.policy))


def channel_rules(root: Path, data: SiteData | None = None) -> ChannelRules | None:
    """The chat and social rules replies are checked against (None when the data does not load)."""
    try:
        return (data or load_site_data(root)).channels
    except DataError:
        return None
