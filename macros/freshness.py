"""Freshness: when each page is due for review, and whether what it depends on changed since it was reviewed.

One home for the review rule. The review line and banner on every page (macros/widgets.py), the Review queue page
(the `review_queue` macro), `make stale` (kbtools/stale.py) and `make check`'s overdue warning (kbtools/contract.py)
all call ``review_state``; the queue and `make stale` both list ``queue()``.

- A page is reviewed every ``review_every`` days: due on ``last_reviewed + review_every``, overdue from the day
  after, "due soon" within ``due_soon_days`` (team policy, data/policy.yml ``reviews.due_soon_days``).
- A page depends on the data its macros read, the replies it sends, the snippets it includes and any file it lists
  under ``depends_on:`` in front matter. When one of them changed (last commit date, from git) after the page's
  review, the page is flagged: its numbers may be right, but its words were written for the old values.
- Where a macro shows only part of a data file (one policy value, one team's queue, one shared answer), the page
  depends on those keys alone (``data/policy.yml#refunds.goodwill_window_days``): a change elsewhere in the file is
  not a change to what the page shows, so it is not listed under "Changed since this review".

The core is pure (dates in, states out); ``git_change_dates`` is the one function that reads the repository.
"""

from __future__ import annotations

import ast
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import yamlsource

#: The data files each macro reads (besides data/teams.yml for owners). A test checks every macro is listed here.
MACRO_DATA: dict[str, tuple[str, ...]] = {
    "price": ("data/plans.yml",),
    "policy": ("data/policy.yml",),
    "approval_limits": ("data/policy.yml",),
    "billing_convention": ("data/billing.yml",),
    "at_a_glance": ("data/teams.yml", "data/policy.yml", "data/decisions.yml"),
    "reply_composers": ("data/placeholders.yml", "data/policy.yml", "data/decisions.yml"),
    "roles": ("data/decisions.yml",),
    "decision": ("data/decisions.yml",),
    "roles_table": ("data/decisions.yml",),
    "calculator": ("data/plans.yml", "data/policy.yml", "data/billing.yml", "data/dunning.yml", "data/tlds.yml", "data/domain_lifecycle.yml"),
    "escalation": ("data/teams.yml",),
    "proration_table": ("data/plans.yml", "data/billing.yml"),
    "revenue_schedule": ("data/plans.yml",),
    "domain_lifecycle": ("data/domain_lifecycle.yml",),
    "glossary_terms": ("data/glossary.yml",),
    "page_list": (),
    "dunning_schedule": ("data/dunning.yml",),
    "partial_refund": ("data/plans.yml", "data/policy.yml", "data/billing.yml"),
    "tax_example": ("data/tax_examples.yml",),
    "journal_entries": ("data/plans.yml", "data/accounting.yml", "data/billing.yml"),
    "contract_modification": ("data/plans.yml", "data/billing.yml"),
    "usage_revenue": ("data/accounting.yml", "data/billing.yml"),
    "fx_example": ("data/accounting.yml",),
    "transfer_timeline": ("data/tlds.yml",),
    "credit_loss_allowance": ("data/accounting.yml",),
    "price_breakdown": ("data/tlds.yml",),
    "lifecycle_diagram": ("data/domain_lifecycle.yml",),
    "epp_statuses": ("data/epp_statuses.yml",),
    "error_codes": ("data/error_codes.yml",),
    "learning_path": ("data/learning_path.yml", "data/contact_reasons.yml"),
    "training_access": ("data/learning_path.yml",),
    "sign_off_sheet": ("data/learning_path.yml",),
    "sigma_query": ("data/queries.yml", "data/sigma_schema.yml", "data/placeholders.yml"),
    "query_library": ("data/queries.yml", "data/sigma_schema.yml", "data/placeholders.yml"),
    "reply_rubric": ("data/learning_path.yml",),
    "trainer_cases": ("data/learning_path.yml", "data/contact_reasons.yml"),
    "contact_reasons": ("data/contact_reasons.yml",),
    "product_feedback_route": ("data/product_questions.yml",),
    "product_questions": ("data/product_questions.yml", "data/contact_reasons.yml"),
    "review_queue": (),
    "recent_changes": (),
}

#: How a dependency is named to a reader (pages name no internal file): data files by what they hold.
DATA_WORDS: dict[str, str] = {
    "data/plans.yml": "the plan prices",
    "data/policy.yml": "the policy values",
    "data/billing.yml": "the billing-period convention",
    "data/teams.yml": "the teams and queues",
    "data/placeholders.yml": "the reply fields",
    "data/dunning.yml": "the payment retry schedule",
    "data/tlds.yml": "the TLD rules and prices",
    "data/domain_lifecycle.yml": "the domain lifecycle periods",
    "data/glossary.yml": "the glossary",
    "data/tax_examples.yml": "the tax rates and examples",
    "data/accounting.yml": "the accounting examples",
    "data/epp_statuses.yml": "the EPP status list",
    "data/error_codes.yml": "the decline and error codes",
    "data/learning_path.yml": "the learning path",
    "data/contact_reasons.yml": "the contact-reason codes",
    "data/product_questions.yml": "the product questions and where feedback goes",
    "data/decisions.yml": "the shared answers and who may do what",
    "data/queries.yml": "the research queries",
    "data/sigma_schema.yml": "the Stripe Sigma tables",
}

CALL = re.compile(r"\{\{-?\s*([a-z_]+)\s*\(")
INCLUDE = re.compile(r"""-{1,2}8<-{1,2}\s+["']([^"']+)["']""")
STATUSES = ("overdue", "due soon", "ok")


@dataclass(frozen=True)
class ReviewState:
    last_reviewed: date
    due: date
    status: str  # one of STATUSES
    days: int  # days overdue (status overdue) or days until due (otherwise)


def review_state(reviewed: date, every: int, as_of: date, due_soon_days: int) -> ReviewState:
    """The review state of a page reviewed on ``reviewed`` every ``every`` days, on ``as_of``."""
    due = reviewed + timedelta(days=every)
    if as_of > due:
        return ReviewState(reviewed, due, "overdue", (as_of - due).days)
    left = (due - as_of).days
    return ReviewState(reviewed, due, "due soon" if left <= due_soon_days else "ok", left)


#: Where an argument of a macro call is a literal (the closed template language allows nothing else).
MACRO_CALL = re.compile(r"\{\{-?\s*([a-z_]+)\s*\((.*?)\)\s*(?:\|[^}]*)?-?\}\}", re.S)
#: A team-policy value or a role list written into a reply or an at-a-glance argument.
POLICY_TOKEN = re.compile(r"\{policy\.([a-z0-9_.]+)\}")
ROLES_TOKEN = re.compile(r"\{roles\.([a-z0-9_]+)\}")
#: What each calculator reads (macros/calculators.py config()).
CALCULATOR_READS: dict[str, tuple[str, ...]] = {
    "refund": (
        "data/plans.yml#plans",
        "data/policy.yml#currency",
        "data/policy.yml#label",
        "data/policy.yml#refunds.goodwill_window_days",
        "data/policy.yml#approval_limits",
        "data/policy.yml#approvals.above_all_limits",
        "data/billing.yml",
    ),
    "proration": ("data/plans.yml#plans", "data/policy.yml#currency", "data/billing.yml"),
    "domain": ("data/domain_lifecycle.yml", "data/tlds.yml#tlds"),
    "dunning": ("data/dunning.yml",),
    "transfer": ("data/tlds.yml#tlds", "data/tlds.yml#defaults"),
}
#: The approval line of an at-a-glance box: each role's short name and limits, in the currency.
APPROVALS = ("data/policy.yml#approval_limits", "data/policy.yml#currency")


def _arguments(raw: str) -> tuple[list[Any], dict[str, Any]]:
    """The literal arguments of a macro call; nothing (so the whole files count) when they are not all literals."""
    try:
        call = ast.parse(f"f({raw})", mode="eval").body
        assert isinstance(call, ast.Call)
        return [ast.literal_eval(a) for a in call.args], {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (SyntaxError, ValueError, AssertionError):
        return [], {}


def _roles(text: str) -> set[str]:
    return {f"data/decisions.yml#roles.actions.{action}" for action in ROLES_TOKEN.findall(text)} | (
        {"data/decisions.yml#roles.names"} if ROLES_TOKEN.search(text) else set()
    )


def macro_reads(name: str, raw: str, meta: Mapping[str, Any]) -> set[str]:
    """What one macro call shows: data files, or keys in them (``data/policy.yml#refunds.goodwill_window_days``;
    ``*`` stands for every key at its level). A macro not narrowed here shows the whole of its MACRO_DATA files."""
    args, kwargs = _arguments(raw)
    first = args[0] if args else None
    if name == "price" and isinstance(kwargs.get("plan", first), str):
        return {f"data/plans.yml#plans.{kwargs.get('plan', first)}"}
    if name == "policy" and isinstance(kwargs.get("key", first), str):
        return {f"data/policy.yml#{kwargs.get('key', first)}"}
    if name == "approval_limits":
        return {*APPROVALS, "data/policy.yml#approvals", "data/policy.yml#label"}
    if name == "at_a_glance":
        # The escalations name teams; the approval line shows the limits for the declared actions; "who" may name roles.
        found = {"data/teams.yml#teams.*.name", "data/teams.yml#teams.*.short"} | _roles(str(kwargs.get("who", first) or ""))
        return found | (set(APPROVALS) if meta.get("actions") else set())
    if name == "reply_composers":
        return {"data/channels.yml"}
    if name == "roles" and isinstance(kwargs.get("action", first), str):
        return {f"data/decisions.yml#roles.actions.{kwargs.get('action', first)}", "data/decisions.yml#roles.names"}
    if name == "decision" and isinstance(kwargs.get("key", first), str):
        return {f"data/decisions.yml#decisions.{kwargs.get('key', first)}", "data/decisions.yml#roles.names", "data/decisions.yml#roles.actions"}
    if name == "escalation" and isinstance(kwargs.get("queue", first), str):
        return {f"data/teams.yml#teams.{kwargs.get('queue', first)}"}
    if name == "sigma_query" and isinstance(kwargs.get("name", first), str):
        query = kwargs.get("name", first)
        return {f"data/queries.yml#queries.{query}", f"snippets/queries/{query}.sql", "data/sigma_schema.yml"}
    if name == "calculator" and kwargs.get("kind", first) in CALCULATOR_READS:
        return set(CALCULATOR_READS[kwargs.get("kind", first)])
    return set(MACRO_DATA.get(name, ()))


def dependencies(text: str, meta: Mapping[str, Any], read: Callable[[str], str | None] | None = None) -> tuple[str, ...]:
    """What a page's content depends on: the data its macros show (whole files, or the keys they show), its replies
    and their chat and social versions, its snippets, and ``depends_on``. With ``read`` (a repository file's text, or
    None), the policy values and role lists its replies write in count too."""
    found: set[str] = set()
    parsed = MACRO_CALL.findall(text)
    for name, raw in parsed:
        found.update(macro_reads(name, raw, meta))
    # A call whose arguments could not be read (it is not a whole {{ … }} on the page): all of its files.
    read_calls = Counter(name for name, _ in parsed)
    for name, count in Counter(CALL.findall(text)).items():
        if count > read_calls[name]:
            found.update(MACRO_DATA.get(name, ()))
    for key in meta.get("replies") or {}:
        files = [f"snippets/replies/{key}.md"] + [f"snippets/replies/{channel}/{key}.md" for channel in ("chat", "social")]
        for path in files:
            text_of = read(path) if read is not None else None
            if read is not None and text_of is None:
                continue  # a version that is not written never changes
            found.add(path)
            if text_of:
                found.update(f"data/policy.yml#{key}" for key in POLICY_TOKEN.findall(text_of))
                found.update(_roles(text_of))
    for include in INCLUDE.findall(text):
        found.add(f"snippets/{include}")
    for extra in meta.get("depends_on") or ():
        found.add(str(extra))
    return tuple(sorted(found))


def file_of(dependency: str) -> str:
    """The repository file a dependency is in: ``data/policy.yml#refunds.x`` is in data/policy.yml."""
    return dependency.split("#", 1)[0]


def describe(dependency: str, meta: Mapping[str, Any]) -> str:
    """A dependency in a reader's words: "the plan prices", "the reply 'Refund issued'", "an included text"."""
    if "#" in dependency:
        path, key = dependency.split("#", 1)
        if path == "data/policy.yml":
            words = {"currency": "the billing currency", "label": "the team-policy label", "approval_limits": "the approval limits"}
            return words.get(key) or "the policy value for " + key.replace("_", " ").replace(".", ": ", 1).replace(".", " ")
        if path == "data/decisions.yml" and key.startswith("decisions."):
            return f"the shared answer '{key.removeprefix('decisions.')}'"
        if path == "data/decisions.yml":
            return "who may do what"
        dependency = path
    if dependency in DATA_WORDS:
        return DATA_WORDS[dependency]
    replies = meta.get("replies") or {}
    variant = re.fullmatch(r"snippets/replies/(?:(chat|social)/)?([a-z0-9-]+)\.md", dependency)
    if variant and variant.group(2) in replies:
        return f"the reply '{replies[variant.group(2)]}'" + (f" ({variant.group(1)})" if variant.group(1) else "")
    if dependency.startswith("snippets/queries/"):
        return "the research query " + dependency.removeprefix("snippets/queries/").removesuffix(".sql")
    if dependency.startswith("snippets/"):
        return "an included text"
    return "a source it lists"


#: Files a page reads that do not change what it tells a specialist: the reply fields' labels and hints. A page is
#: rebuilt when they change (kbtools/preview.py) but not flagged as changed since its review.
NOT_REVIEWED = frozenset({"data/placeholders.yml"})


def when_changed(changes: Mapping[str, date], dependency: str) -> date | None:
    """When ``dependency`` last changed: its own date when ``changes`` knows keys (``ChangeDates``), else its file's."""
    if dependency in changes:
        return changes[dependency]
    if "#" in dependency and not isinstance(changes, ChangeDates):
        return changes.get(file_of(dependency))
    return None


def changed_since(
    reviewed: date, text: str, meta: Mapping[str, Any], changes: Mapping[str, date], as_of: date, read: Callable[[str], str | None] | None = None
) -> tuple[tuple[str, date], ...]:
    """The dependencies that changed after ``reviewed`` and on or before ``as_of``, with the date of the change."""
    found = []
    for dep in dependencies(text, meta, read):
        when = when_changed(changes, dep) if file_of(dep) not in NOT_REVIEWED else None
        if when is not None and reviewed < when <= as_of:
            found.append((dep, when))
    return tuple(found)


def described(changed: Iterable[tuple[str, date]], meta: Mapping[str, Any]) -> tuple[tuple[str, date], ...]:
    """What changed, in a reader's words, once each (the newest date when several keys read the same)."""
    words: dict[str, date] = {}
    for dep, when in changed:
        what = describe(dep, meta)
        words[what] = max(when, words.get(what, when))
    return tuple(words.items())


@dataclass(frozen=True)
class QueueItem:
    path: str  # under docs/
    title: str
    owner: str  # team key
    state: ReviewState
    changed: tuple[tuple[str, date], ...] = field(default=())  # dependencies changed after the review, with dates
    changed_words: tuple[tuple[str, date], ...] = field(default=())  # the same, named for a reader (describe())

    @property
    def flagged(self) -> bool:
        return bool(self.changed)


def queue(
    pages: Iterable[tuple[str, Mapping[str, Any], str]],
    as_of: date,
    due_soon_days: int,
    changes: Mapping[str, date],
    read: Callable[[str], str | None] | None = None,
) -> list[QueueItem]:
    """Every reviewable page (``(path, meta, text)``), soonest due first (then by path).

    ``changes`` maps repository paths to the date they last changed (empty when unknown).
    """
    items = []
    for path, meta, text in pages:
        reviewed, every, owner = meta.get("last_reviewed"), meta.get("review_every"), meta.get("owner")
        if not isinstance(reviewed, date) or isinstance(every, bool) or not isinstance(every, int) or not isinstance(owner, str):
            continue
        state = review_state(reviewed, every, as_of, due_soon_days)
        changed = changed_since(reviewed, text, meta, changes, as_of, read)
        words = described(changed, meta)
        items.append(QueueItem(path, str(meta.get("title") or path), owner, state, changed, words))
    return sorted(items, key=lambda item: (item.state.due, item.path))


#: Keys in data files that no page shows (who reviews a file is not what it says): a change to them alone is not a
#: change a page's words could be wrong about.
NOT_SHOWN_KEYS = frozenset({"codeowner", "owns", "codeowners"})


def _shown(value: Any) -> Any:
    """A parsed data file without the keys no page shows (comments and formatting are already gone)."""
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items() if k not in NOT_SHOWN_KEYS}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def last_meaningful_change(versions: list[tuple[date, Any]]) -> date | None:
    """The date of the newest version whose content differs from the version before it (newest first in, oldest
    last); a file whose only edits were comments, formatting or NOT_SHOWN_KEYS dates to when its content last
    changed. Pure: the versions are already parsed."""
    for (when, newer), (_, older) in zip(versions, versions[1:], strict=False):
        if _shown(newer) != _shown(older):
            return when
    return versions[-1][0] if versions else None


_MISSING = object()


def pick(content: Any, path: str) -> Any:
    """The value at a dotted ``path`` in parsed data (``*`` for every key at its level); a sentinel when absent."""
    node = content
    parts = path.split(".")
    for index, part in enumerate(parts):
        if part == "*":
            if not isinstance(node, dict):
                return _MISSING
            rest = ".".join(parts[index + 1 :])
            return {key: pick(value, rest) if rest else value for key, value in node.items()}
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return _MISSING
    return node


class ChangeDates(Mapping[str, date]):
    """When each file under data/ and snippets/ last changed in what it says; for a data file, also any key in it
    (``data/policy.yml#refunds.goodwill_window_days``), from the same parsed history, on first ask."""

    def __init__(self, dates: Mapping[str, date], versions: Mapping[str, list[tuple[date, Any]]] | None = None) -> None:
        self._dates = dict(dates)
        self._versions = dict(versions or {})
        self._keyed: dict[str, date | None] = {}

    def __getitem__(self, dependency: str) -> date:
        if "#" not in dependency:
            return self._dates[dependency]
        if dependency not in self._keyed:
            path, dotted = dependency.split("#", 1)
            versions = self._versions.get(path)
            self._keyed[dependency] = last_meaningful_change([(when, pick(content, dotted)) for when, content in versions]) if versions else None
        found = self._keyed[dependency]
        if found is None:
            raise KeyError(dependency)
        return found

    def __contains__(self, dependency: object) -> bool:
        try:
            self[str(dependency)]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._dates)

    def __len__(self) -> int:
        return len(self._dates)


def reader(root: Path) -> Callable[[str], str | None]:
    """A repository file's text by its path (None when it does not exist), each read once."""
    cache: dict[str, str | None] = {}

    def read(rel: str) -> str | None:
        if rel not in cache:
            path = root / rel
            cache[rel] = yamlsource.normalise(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
        return cache[rel]

    return read


#: git_change_dates per (repository, HEAD commit, paths): the answer cannot change until the next commit.
_CHANGE_DATES: dict[tuple[str, str, tuple[str, ...]], ChangeDates] = {}


def git_change_dates(root: Path, paths: Iterable[str] = ("data", "snippets")) -> Mapping[str, date]:
    """The date each file under ``paths`` last changed in what it says (committer date), or {} without full history.

    Snippets change with any edit; a data file only when its parsed content changes (a comment, a reformat, or a
    review handle is not a change in what pages say). A shallow clone knows only its last commit, which would date
    every file to it: that is not knowing, so {}.
    """
    import yaml

    def run(*args: str, stdin: str | None = None) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, input=stdin).stdout

    try:
        shallow, head = run("rev-parse", "--is-shallow-repository", "HEAD").split()
        if shallow != "false":
            return {}
        key = (str(root.resolve()), head, tuple(paths))
        if key in _CHANGE_DATES:  # history only changes with a commit: `make serve` rebuilds reuse it
            return _CHANGE_DATES[key]
        log = run("log", "--format=@%H %cs", "--name-only", "--no-renames", "--", *paths)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return {}
    history: dict[str, list[tuple[str, date]]] = {}
    current: tuple[str, date] | None = None
    for line in log.splitlines():
        if line.startswith("@"):
            sha, _, day = line[1:].partition(" ")
            current = (sha, date.fromisoformat(day))
        elif line.strip() and current is not None:
            history.setdefault(line.strip(), []).append(current)  # newest first
    dates = {name: versions[0][1] for name, versions in history.items()}
    data_files = [name for name in history if name.startswith("data/") and name.endswith(".yml")]
    wanted = [(name, sha, day) for name in data_files for sha, day in history[name]]
    if not wanted:
        return ChangeDates(dates)
    try:  # every version of every data file in one process: `git cat-file --batch`
        raw = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, capture_output=True, check=True, input="".join(f"{sha}:{name}\n" for name, sha, _ in wanted).encode()
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return ChangeDates(dates)
    parsed: dict[str, list[tuple[date, Any]]] = {}
    position = 0
    for name, _, day in wanted:
        end = raw.index(b"\n", position)
        header = raw[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            content: Any = None  # deleted in this commit
        else:
            size = int(header[2])
            try:
                # The same loader as today's data: an alias bomb in an old commit must not hang the build either.
                content = yamlsource.load(raw[position : position + size].decode("utf-8"))
            except (yaml.YAMLError, yamlsource.UnsafeYaml, UnicodeDecodeError):
                content = raw[position : position + size]  # a broken version still differs from its neighbours
            position += size + 1
        parsed.setdefault(name, []).append((day, content))
    for name, versions in parsed.items():
        found = last_meaningful_change(versions)
        if found is not None:
            dates[name] = found
    _CHANGE_DATES[key] = ChangeDates(dates, parsed)
    return _CHANGE_DATES[key]


def read_pages(docs: Path) -> list[tuple[str, dict[str, Any], str]]:
    """``(path under docs/, front matter, text)`` for every Markdown page."""
    from .pages import read

    pages = []
    for path in sorted(docs.rglob("*.md")):
        meta, text = read(path)
        pages.append((path.relative_to(docs).as_posix(), dict(meta), text))
    return pages
