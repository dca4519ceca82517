"""The site's data: every data/*.yml file loaded and validated once, into plain typed objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from .channels import FIELD, ChannelRules, social_problems
from .contactreasons import ContactReasons, load_contact_reasons
from .lifecycle import FEES, PhaseSpec
from .periods import CONVENTIONS
from .productvoice import ProductVoice, load_product_voice
from .replies import Placeholder, load_placeholders
from .searchwords import SearchWords, load_search_words
from .sigma.queries import load_queries
from .sigma.schema import load_schema
from .training import Training, load_training
from .yamlsource import MAX_DATA_BYTES, DataError, Schedule, Source

REVIEW_LIMITS = (30, 365)


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    queue: str
    channel: str
    response_target_hours: int
    handles: str
    codeowner: str = ""  # the review handle in CODEOWNERS (@org/team)
    owns: tuple[str, ...] = ()  # data files the team signs off, besides its pages
    short: str = ""  # what pages call the team when its name is long ("Accounts Receivable"); macros/cases.py reads it


@dataclass(frozen=True)
class Plan:
    key: str
    name: str
    monthly: Decimal
    annual: Decimal
    verified: bool

    def price(self, cycle: str) -> Decimal:
        return self.monthly if cycle == "monthly" else self.annual


@dataclass(frozen=True)
class ApprovalLimit:
    role: str
    title: str
    short: str
    refund: Decimal
    credit: Decimal
    waive: Decimal


@dataclass(frozen=True)
class Term:
    term: str
    category: str
    match: tuple[str, ...]
    definition: str
    source: str | None

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


@dataclass(frozen=True)
class LifecycleEvent:
    day: int
    name: str
    detail: str
    source: str


@dataclass(frozen=True)
class Dunning:
    grace_days: int
    max_retries: int
    retry_days: tuple[int, ...]
    retry_days_note: str
    downgrade: str
    source_title: str
    source_url: str
    counting_note: str


@dataclass(frozen=True)
class TaxExample:
    jurisdiction: str
    customer: str
    treatment: str
    rate: Decimal
    verified: bool
    note: str
    source: str
    self_assessed_rate: Decimal | None = None  # reverse charge / self-accounted: the customer's own rate
    self_assessed_note: str | None = None
    self_assessed_source: str | None = None


@dataclass(frozen=True)
class ErrorCode:
    code: str
    kind: str
    exact: bool
    meaning: str
    page: str
    anchor: str
    source: str


@dataclass
class SiteData:
    teams: dict[str, Team]
    codeowners_fallback: str
    teams_label: str
    policy: dict[str, Any]
    policy_label: str
    currency: str
    approval_limits: list[ApprovalLimit]
    plans: dict[str, Plan]
    plans_source: dict[str, str]
    tags: dict[str, str]
    glossary: list[Term]
    lifecycle_phases: list[PhaseSpec]
    lifecycle_events: list[LifecycleEvent]
    lifecycle_source: dict[str, str]
    lifecycle_released: str
    placeholders: dict[str, Placeholder] = field(default_factory=dict)
    dunning: Dunning | None = None
    tax_examples: list[TaxExample] = field(default_factory=list)
    error_kinds: dict[str, str] = field(default_factory=dict)
    error_codes: list[ErrorCode] = field(default_factory=list)
    epp_statuses: list = field(default_factory=list)
    training: Training | None = None
    contact_reasons: ContactReasons | None = None
    product_voice: ProductVoice | None = None
    accounting: Any = None
    tlds: dict = field(default_factory=dict)
    tld_prices: list = field(default_factory=list)
    tld_sources: dict = field(default_factory=dict)
    search_words: SearchWords | None = None
    billing: Billing | None = None
    decisions: Decisions | None = None
    channels: ChannelRules | None = None
    schedules: dict[str, dict[str, Schedule]] = field(default_factory=dict)  # file stem -> dotted key -> change
    trusted: Trusted | None = None
    code_owner: str = ""  # the review handle for code paths (data/teams.yml codeowners.code)
    code_paths: tuple[str, ...] = ()
    as_of: date | None = None
    #: The Sigma tables the research queries may name (data/sigma_schema.yml), and the queries (data/queries.yml).
    sigma: Any = None
    queries: dict[str, Any] = field(default_factory=dict)

    def upcoming(self, stem: str, key: str) -> Schedule | None:
        """The scheduled change of ``key`` in data/``stem``.yml while it is still ahead of the build date."""
        found = self.schedules.get(stem, {}).get(key)
        return found if found is not None and found.upcoming(self.as_of) else None

    def policy_value(self, dotted: str) -> Any:
        """A team-policy value by dotted key (``refunds.goodwill_window_days``)."""
        node: Any = self.policy
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                known = ", ".join(sorted(_leaf_keys(self.policy)))
                raise KeyError(f"unknown policy key {dotted!r} — use one of: {known}")
            node = node[part]
        if isinstance(node, (dict, list)):
            raise KeyError(f"policy key {dotted!r} is a group, not a value — name one of its keys")
        return node


@dataclass(frozen=True)
class Trusted:
    """data/trusted.yml: the mailboxes, numbers and internal-looking hosts content may name (engineering-reviewed)."""

    emails: frozenset[str] = frozenset()
    example_domains: tuple[str, ...] = ()
    phones: frozenset[str] = frozenset()  # digits only, with the country code when written with one
    hosts: frozenset[str] = frozenset()


def phone_digits(text: str) -> str:
    """A phone number as its digits (a leading + kept), so "+1 (415) 555-0100" and "+1.415.555.0100" compare equal."""
    return ("+" if text.strip().startswith("+") else "") + re.sub(r"\D", "", text)


def load_trusted(src: Source) -> Trusted:
    root = _root(src)
    lists: dict[str, list[str]] = {}
    for name in ("email_addresses", "example_domains", "phone_numbers", "internal_hosts"):
        values = src.get(root, "", name)
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise src.error(name, "expected a list of quoted texts (an empty list is [])")
        lists[name] = [v.strip().lower() for v in values]
    for index, address in enumerate(lists["email_addresses"]):
        if not re.fullmatch(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", address):
            raise src.error(f"email_addresses[{index}]", f"{address!r} is not an email address")
    for index, number in enumerate(lists["phone_numbers"]):
        if len(phone_digits(number).lstrip("+")) < 7:
            raise src.error(f"phone_numbers[{index}]", f"{number!r} has too few digits for a phone number")
    return Trusted(
        frozenset(lists["email_addresses"]),
        tuple(lists["example_domains"]),
        frozenset(phone_digits(n) for n in lists["phone_numbers"]),
        frozenset(lists["internal_hosts"]),
    )


def _leaf_keys(node: dict[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, value in node.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict):
            keys.extend(_leaf_keys(value, dotted + "."))
        elif not isinstance(value, list):
            keys.append(dotted)
    return keys


def _root(src: Source) -> dict[str, Any]:
    if not isinstance(src.value, dict):
        raise DataError(src.display, 1, "", "expected a mapping at the top of the file — compare with git history")
    return src.value


HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?")


def _handle(src: Source, raw: dict[str, Any], path: str, name: str) -> str:
    value = src.text(raw, path, name)
    if not HANDLE.fullmatch(value):
        raise src.error(f"{path}.{name}" if path else name, f"expected a review handle like @billing-kb/billing-ops, got {value!r}")
    return value


def load_teams(src: Source) -> tuple[dict[str, Team], str, str]:
    """The teams, the file's label, and the fallback review handle for files no team owns."""
    root = _root(src)
    label = src.text(root, "", "label")
    fallback = _handle(src, src.mapping(root, "", "codeowners"), "codeowners", "fallback")
    teams = {}
    for key, raw in src.mapping(root, "", "teams").items():
        path = f"teams.{key}"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with name, queue, channel, response_target_hours, handles")
        teams[key] = Team(
            key,
            src.text(raw, path, "name"),
            src.text(raw, path, "queue"),
            src.text(raw, path, "channel"),
            src.integer(raw, path, "response_target_hours", 1, 200),
            src.text(raw, path, "handles"),
            _handle(src, raw, path, "codeowner"),
            tuple(_owned(src, raw, path)),
            src.text(raw, path, "short", required=False) or "",
        )
    return teams, label, fallback


def load_code_owner(src: Source, teams: dict[str, Team]) -> tuple[str, tuple[str, ...]]:
    """codeowners.code: the team that reviews code, and the paths that are code (each a /path, a folder ending in /)."""
    root = _root(src)
    code = src.mapping(src.mapping(root, "", "codeowners"), "codeowners", "code")
    team = src.choice(code, "codeowners.code", "team", teams)
    paths = src.sequence(code, "codeowners.code", "paths")
    for index, item in enumerate(paths):
        if not isinstance(item, str) or not re.fullmatch(r"/[A-Za-z0-9_./-]+", item):
            raise src.error(f"codeowners.code.paths[{index}]", f"expected a path from the repository root like /macros/, got {item!r}")
    return teams[team].codeowner, tuple(paths)


def _owned(src: Source, raw: dict[str, Any], path: str) -> list[str]:
    if "owns" not in raw:
        return []
    owned = src.sequence(raw, path, "owns")
    for index, item in enumerate(owned):
        if not isinstance(item, str) or not re.fullmatch(r"data/[a-z_]+\.yml", item):
            raise src.error(f"{path}.owns[{index}]", f"expected a data file like data/plans.yml, got {item!r}")
    return owned


def load_policy(src: Source) -> tuple[dict[str, Any], str, str, list[ApprovalLimit]]:
    root = _root(src)
    label = src.text(root, "", "label")
    currency = src.text(root, "", "currency")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise src.error("currency", f"expected a three-letter ISO currency code like USD, got {currency!r}")
    approvals = src.mapping(root, "", "approvals")
    src.integer(approvals, "approvals", "window_days", 1, 365)
    src.text(approvals, "approvals", "above_all_limits")
    reviews = src.mapping(root, "", "reviews")
    src.integer(reviews, "reviews", "due_soon_days", 1, 90)
    src.integer(reviews, "reviews", "changed_badge_days", 1, 90)
    refunds = src.mapping(root, "", "refunds")
    for name in ("duplicate_max_age_days", "pending_wait_business_days", "goodwill_window_days", "trace_after_business_days"):
        src.integer(refunds, "refunds", name, 1, 365)
    limits = []
    for index, raw in enumerate(src.sequence(root, "", "approval_limits")):
        path = f"approval_limits[{index}]"
        limits.append(
            ApprovalLimit(
                src.text(raw, path, "role"),
                src.text(raw, path, "title"),
                src.text(raw, path, "short"),
                src.money(raw, path, "refund"),
                src.money(raw, path, "credit"),
                src.money(raw, path, "waive"),
            )
        )
    for earlier, later in pairwise(limits):
        for kind in ("refund", "credit", "waive"):
            if getattr(later, kind) < getattr(earlier, kind):
                raise src.error(
                    f"approval_limits.{later.role}.{kind}", f"must not be lower than {earlier.role}'s — list roles from lowest to highest authority"
                )
    return root, label, currency, limits


def load_plans(src: Source) -> tuple[dict[str, Plan], dict[str, str]]:
    root = _root(src)
    source = src.mapping(root, "", "source")
    plans_source = {"url": src.url(source, "source", "url"), "note": src.text(source, "source", "note")}
    plans = {}
    for key, raw in src.mapping(root, "", "plans").items():
        path = f"plans.{key}"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with name, monthly, annual, verified")
        plans[key] = Plan(key, src.text(raw, path, "name"), src.money(raw, path, "monthly"), src.money(raw, path, "annual"), src.boolean(raw, path, "verified"))
    return plans, plans_source


def load_tags(src: Source) -> dict[str, str]:
    root = _root(src)
    tags = src.mapping(root, "", "tags")
    for key in tags:
        src.text(tags, "tags", key)
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise src.error(f"tags.{key}", "tag names are lowercase words joined by hyphens")
    return {key: value.strip() for key, value in tags.items()}


GLOSSARY_CATEGORIES = ("billing", "accounting", "domains")


def load_glossary(src: Source) -> list[Term]:
    root = _root(src)
    terms: list[Term] = []
    seen_terms: dict[str, str] = {}
    seen_match: dict[str, str] = {}
    for index, raw in enumerate(src.sequence(root, "", "terms")):
        path = f"terms[{index}]"
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with term, category, match, definition, source")
        term = src.text(raw, path, "term")
        category = src.choice(raw, path, "category", GLOSSARY_CATEGORIES)
        matches = src.sequence(raw, path, "match")
        for position, match in enumerate(matches):
            if not isinstance(match, str) or not match.strip():
                raise src.error(f"{path}.match[{position}]", "expected a quoted spelling of the term")
            if match in seen_match:
                raise src.error(f"{path}.match[{position}]", f"{match!r} already gives the tooltip of {seen_match[match]!r} — keep it in one term")
            seen_match[match] = term
        definition = src.text(raw, path, "definition")
        if any(ch in definition for ch in '"{}[]*`|'):
            raise src.error(f"{path}.definition", "use plain sentences: no double quotes, braces, brackets, asterisks, backticks or pipes")
        if len(definition) > 300:
            raise src.error(f"{path}.definition", f"keep definitions under 300 characters (this one has {len(definition)})")
        if term.lower() in seen_terms:
            raise src.error(f"{path}.term", f"{term!r} is defined twice — merge the two entries")
        seen_terms[term.lower()] = term
        terms.append(Term(term, category, tuple(m.strip() for m in matches), definition, src.url(raw, path, "source", required=False)))
    return terms


def load_lifecycle(src: Source) -> tuple[list[PhaseSpec], list[LifecycleEvent], dict[str, str], str]:
    root = _root(src)
    source = src.mapping(root, "", "source")
    lifecycle_source = {"title": src.text(source, "source", "title"), "url": src.url(source, "source", "url")}
    phases: list[PhaseSpec] = []
    for index, raw in enumerate(src.sequence(root, "", "phases")):
        path = f"phases[{index}]"
        phase = PhaseSpec(
            src.text(raw, path, "key"),
            src.text(raw, path, "name"),
            src.integer(raw, path, "first_day", 1, 400),
            src.integer(raw, path, "last_day", 1, 400),
            src.text(raw, path, "customer_can"),
            src.text(raw, path, "back_to_active", required=False),
            src.text(raw, path, "specialist_does"),
            src.choice(raw, path, "fee", FEES),
        )
        src.boolean(raw, path, "resolves")
        if phase.last_day < phase.first_day:
            raise src.error(f"{path}.last_day", f"ends (day {phase.last_day}) before it starts (day {phase.first_day})")
        expected = phases[-1].last_day + 1 if phases else 1
        if phase.first_day != expected:
            raise src.error(f"{path}.first_day", f"phases must follow each other without gaps: expected day {expected}, got {phase.first_day}")
        phases.append(phase)
    events = []
    for index, raw in enumerate(src.sequence(root, "", "events")):
        path = f"events[{index}]"
        events.append(
            LifecycleEvent(src.integer(raw, path, "day", -400, 400), src.text(raw, path, "name"), src.text(raw, path, "detail"), src.url(raw, path, "source"))
        )
    released = src.mapping(root, "", "released")
    return phases, events, lifecycle_source, src.text(released, "released", "customer_can")


def load_dunning(src: Source) -> Dunning:
    root = _root(src)
    source = src.mapping(root, "", "source")
    grace = src.integer(root, "", "grace_days", 1, 60)
    retries = src.integer(root, "", "max_retries", 0, 20)
    days = src.sequence(root, "", "retry_days")
    for index, day in enumerate(days):
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= grace:
            raise src.error(f"retry_days[{index}]", f"expected a day from 1 to grace_days ({grace}), got {day!r}")
    if len(days) > retries:
        raise src.error("retry_days", f"lists {len(days)} retries but max_retries is {retries}")
    return Dunning(
        grace,
        retries,
        tuple(days),
        src.text(root, "", "retry_days_note"),
        src.text(root, "", "downgrade"),
        src.text(source, "source", "title"),
        src.url(source, "source", "url"),
        src.text(root, "", "counting_note"),
    )


TAX_TREATMENTS = ("charged", "self-accounted", "reverse charge", "exempt")
SELF_ASSESSED = ("self-accounted", "reverse charge")  # the invoice has no tax, the customer declares it


def load_tax_examples(src: Source) -> list[TaxExample]:
    root = _root(src)
    examples = []
    for index, raw in enumerate(src.sequence(root, "", "examples")):
        path = f"examples[{index}]"
        treatment = src.choice(raw, path, "treatment", TAX_TREATMENTS)
        rate = src.money(raw, path, "rate")
        if rate > 100:
            raise src.error(f"{path}.rate", f"a percentage from 0 to 100, got {rate}")
        if treatment != "charged" and rate != 0:
            raise src.error(f"{path}.rate", f"a '{treatment}' row charges no tax: set rate to \"0.00\"")
        self_rate = self_note = self_source = None
        if treatment in SELF_ASSESSED:
            self_rate = src.money(raw, path, "self_assessed_rate")
            if not 0 < self_rate <= 100:
                raise src.error(f"{path}.self_assessed_rate", f"the customer's own rate, a percentage above 0 and up to 100, got {self_rate}")
            self_note = src.text(raw, path, "self_assessed_note")
            self_source = src.url(raw, path, "self_assessed_source")
        else:
            for key in ("self_assessed_rate", "self_assessed_note", "self_assessed_source"):
                if key in raw:
                    raise src.error(
                        f"{path}.{key}",
                        f"only a {' or '.join(repr(t) for t in SELF_ASSESSED)} row has a customer self-assessment; "
                        f"this '{treatment}' row must not set {key} — remove it",
                    )
        examples.append(
            TaxExample(
                src.text(raw, path, "jurisdiction"),
                src.text(raw, path, "customer"),
                treatment,
                rate,
                src.boolean(raw, path, "verified"),
                src.text(raw, path, "note"),
                src.url(raw, path, "source"),
                self_rate,
                self_note,
                self_source,
            )
        )
    return examples


def load_error_codes(src: Source) -> tuple[dict[str, str], list[ErrorCode]]:
    """Error codes; whether each page and anchor exists is checked against the built site (tests/test_error_codes.py)."""
    root = _root(src)
    kinds = src.mapping(root, "", "kinds")
    codes = []
    seen: set[str] = set()
    for index, raw in enumerate(src.sequence(root, "", "codes")):
        path = f"codes[{index}]"
        code = src.text(raw, path, "code")
        if code in seen:
            raise src.error(f"{path}.code", f"{code!r} is listed twice — keep one entry")
        seen.add(code)
        kind = src.choice(raw, path, "kind", kinds)
        page = src.text(raw, path, "page")
        if not page.endswith(".md") or page.startswith("/"):
            raise src.error(f"{path}.page", f"expected a page path relative to docs/, like runbooks/payments/card-declined.md, got {page!r}")
        codes.append(
            ErrorCode(
                code, kind, src.boolean(raw, path, "exact"), src.text(raw, path, "meaning"), page, src.text(raw, path, "anchor"), src.url(raw, path, "source")
            )
        )
    return dict(kinds), codes


@dataclass(frozen=True)
class Billing:
    """data/billing.yml: the billing-period convention every period calculation uses, and why it is one."""

    convention: str
    settled: str
    unsettled: str
    ask: str
    sources: tuple[tuple[str, str], ...]


def load_billing(src: Source, teams: dict[str, Team]) -> Billing:
    root = _root(src)
    convention = src.choice(root, "", "period_convention", CONVENTIONS)
    conflict = src.mapping(root, "", "conflict")
    ask = src.choice(conflict, "conflict", "ask", teams)
    sources = []
    for index, raw in enumerate(src.sequence(conflict, "conflict", "sources")):
        path = f"conflict.sources[{index}]"
        sources.append((src.text(raw, path, "title"), src.url(raw, path, "url")))
    return Billing(convention, src.text(conflict, "conflict", "settled"), src.text(conflict, "conflict", "unsettled"), ask, tuple(sources))


@dataclass(frozen=True)
class RoleAction:
    key: str
    does: str  # the action in words, as Cloudflare's billing permissions page names it
    roles: tuple[str, ...]  # role keys, in the order of roles.names


@dataclass(frozen=True)
class Decision:
    key: str
    question: str
    basis: str  # "public" (sources below) or "policy" (team policy, labelled so wherever it is shown)
    answer: str
    ask: str  # the team that owns the answer
    sources: tuple[tuple[str, str], ...]
    guard: re.Pattern[str] | None  # ways a page might restate the answer; make check reports them


@dataclass(frozen=True)
class Decisions:
    """data/decisions.yml: who may do what (from Cloudflare's billing permissions page) and the shared answers."""

    label: str
    role_source: tuple[str, str]
    role_names: dict[str, str]
    actions: dict[str, RoleAction]
    answers: dict[str, Decision]

    def roles_text(self, action: str) -> str:
        """The roles that may do ``action``, as a phrase: "a Super Administrator or an Administrator"."""
        if action not in self.actions:
            raise KeyError(f"unknown role action {action!r} — use one of: {', '.join(self.actions)} (data/decisions.yml roles.actions)")
        names = [self.role_names[role] for role in self.actions[action].roles]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


DECISION_BASES = ("public", "policy")


def load_decisions(src: Source, teams: dict[str, Team]) -> Decisions:
    root = _root(src)
    roles = src.mapping(root, "", "roles")
    source = src.mapping(roles, "roles", "source")
    names = {str(k): src.text(src.mapping(roles, "roles", "names"), "roles.names", k) for k in src.mapping(roles, "roles", "names")}
    actions = {}
    for key, raw in src.mapping(roles, "roles", "actions").items():
        path = f"roles.actions.{key}"
        listed = src.sequence(raw, path, "roles")
        for index, role in enumerate(listed):
            if role not in names:
                raise src.error(f"{path}.roles[{index}]", f"{role!r} is not under roles.names — use one of: {', '.join(names)}")
        if not listed:
            raise src.error(f"{path}.roles", "name at least one role")
        actions[key] = RoleAction(key, src.text(raw, path, "does"), tuple(listed))
    answers = {}
    for key, raw in src.mapping(root, "", "decisions").items():
        path = f"decisions.{key}"
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", str(key)):
            raise src.error(path, "decision keys are kebab-case, like empty-vat-field")
        sources = []
        for index, item in enumerate(src.sequence(raw, path, "sources") if "sources" in raw else []):
            where = f"{path}.sources[{index}]"
            sources.append((src.text(item, where, "title"), src.url(item, where, "url")))
        basis = src.choice(raw, path, "basis", DECISION_BASES)
        if basis == "public" and not sources:
            raise src.error(f"{path}.sources", "a public answer needs at least one source (title and url); otherwise set basis: policy")
        guard = None
        if "guard" in raw:
            pattern = src.get(raw, path, "guard")
            try:
                guard = re.compile(str(pattern))
            except re.error as exc:
                raise src.error(f"{path}.guard", f"not a valid regular expression ({exc})") from None
        text = src.text(raw, path, "answer")
        for token in re.findall(r"\{roles\.([a-z0-9_]+)\}", text):
            if token not in actions:
                raise src.error(f"{path}.answer", f"{{roles.{token}}} is not under roles.actions — use one of: {', '.join(actions)}")
        answers[key] = Decision(
            key,
            src.text(raw, path, "question"),
            basis,
            text,
            src.choice(raw, path, "ask", teams),
            tuple(sources),
            guard,
        )
    return Decisions(
        src.text(root, "", "label"),
        (src.text(source, "roles.source", "title"), src.url(source, "roles.source", "url")),
        names,
        actions,
        answers,
    )


def load_channels(src: Source, placeholders: dict[str, Placeholder]) -> ChannelRules:
    """data/channels.yml: the chat limit and the public reply; the social reply may use no personal placeholder and
    nothing a public post must not show (macros/channels.py)."""
    root = _root(src)
    chat = src.mapping(root, "", "chat")
    social = src.mapping(root, "", "social")
    src.text(root, "", "label")
    for index, item in enumerate(src.sequence(social, "social", "sources") if "sources" in social else []):
        where = f"social.sources[{index}]"
        src.text(item, where, "title")
        src.url(item, where, "url")
    personal = frozenset(name for name, p in placeholders.items() if p.personal)
    reply = src.text(social, "social", "reply")
    for name in FIELD.findall(reply):
        if name not in placeholders:
            raise src.error("social.reply", f"{{{name}}} is not a placeholder in data/placeholders.yml — declare it or fix the spelling")
    problems = social_problems(reply, personal)
    if problems:
        raise src.error("social.reply", problems[0][1])
    return ChannelRules(src.integer(chat, "chat", "max_characters", 160, 4000), src.integer(chat, "chat", "field_characters", 1, 200), reply, personal)


#: The last SiteData loaded per project and build date, with the bytes it came from: one build asks for it several
#: times (macros, the publish guard, the search index) and `make serve` once per save.
_LOADED: dict[tuple[Path, date | None], tuple[tuple[tuple[str, bytes], ...], SiteData]] = {}


def load_site_data(root: Path, as_of: date | None = None) -> SiteData:
    """Load and validate every file in ``root/data``, once per content and date; raise DataError naming file, line and key.

    ``as_of`` decides which side of a scheduled change (``{value:, from:, was:}``) each value reads; without it,
    the value before the change. ``schedules`` keeps every change, by file and dotted key.
    """
    folder = root / "data"
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    for path in files:
        if not path.is_symlink() and path.stat().st_size > MAX_DATA_BYTES:  # a link is refused by name when it is loaded
            raise DataError(f"data/{path.name}", None, "", f"the file is {path.stat().st_size:,} bytes, over the limit of {MAX_DATA_BYTES:,} — split it")
    # The research queries' SQL files are read with data/queries.yml: a change to one is a change to the data.
    queries = sorted((root / "snippets" / "queries").glob("*.sql"))
    contents = tuple((p.name, p.read_bytes() if not p.is_symlink() else b"") for p in [*files, *queries])
    cached = _LOADED.get((root, as_of))
    if cached is not None and cached[0] == contents:
        return cached[1]
    data = _load_site_data(root, as_of)
    _LOADED[(root, as_of)] = (contents, data)
    return data


def _load_site_data(root: Path, as_of: date | None) -> SiteData:
    schedules: dict[str, dict[str, Schedule]] = {}

    trusted = load_trusted(Source(root / "data" / "trusted.yml", "data/trusted.yml", as_of))

    def source(name: str) -> Source:
        loaded = Source(root / "data" / name, f"data/{name}", as_of, trusted.hosts)
        if loaded.schedules:
            schedules[name.removesuffix(".yml")] = loaded.schedules
        return loaded

    teams_source = source("teams.yml")
    teams, teams_label, codeowners_fallback = load_teams(teams_source)
    code_owner, code_paths = load_code_owner(teams_source, teams)
    policy, policy_label, currency, limits = load_policy(source("policy.yml"))
    plans, plans_source = load_plans(source("plans.yml"))
    phases, events, lifecycle_source, released = load_lifecycle(source("domain_lifecycle.yml"))
    kinds, codes = load_error_codes(source("error_codes.yml"))
    tlds, tld_prices, tld_sources = load_tlds(source("tlds.yml"))
    placeholders = load_placeholders(source("placeholders.yml"), [plan.name for plan in plans.values()])
    return SiteData(
        teams=teams,
        teams_label=teams_label,
        codeowners_fallback=codeowners_fallback,
        policy=policy,
        policy_label=policy_label,
        currency=currency,
        approval_limits=limits,
        plans=plans,
        plans_source=plans_source,
        tags=load_tags(source("tags.yml")),
        glossary=load_glossary(source("glossary.yml")),
        lifecycle_phases=phases,
        lifecycle_events=events,
        lifecycle_source=lifecycle_source,
        lifecycle_released=released,
        placeholders=placeholders,
        channels=load_channels(source("channels.yml"), placeholders),
        dunning=load_dunning(source("dunning.yml")),
        tax_examples=load_tax_examples(source("tax_examples.yml")),
        error_kinds=kinds,
        error_codes=codes,
        epp_statuses=load_epp_statuses(source("epp_statuses.yml")),
        accounting=load_accounting(source("accounting.yml")),
        tlds=tlds,
        tld_prices=tld_prices,
        tld_sources=tld_sources,
        search_words=load_search_words(source("search_terms.yml")),
        billing=load_billing(source("billing.yml"), teams),
        decisions=load_decisions(source("decisions.yml"), teams),
        schedules=schedules,
        trusted=trusted,
        code_owner=code_owner,
        code_paths=code_paths,
        as_of=as_of,
        training=load_training(source("learning_path.yml")),
        sigma=load_schema(source("sigma_schema.yml")),
        queries=load_queries(source("queries.yml"), root, placeholders),
        contact_reasons=load_contact_reasons(source("contact_reasons.yml")),
        product_voice=load_product_voice(source("product_questions.yml")),
    )


@dataclass(frozen=True)
class EppStatus:
    code: str
    set_by: str
    meaning: str
    customer_can: str
    customer_cannot: str
    specialist_does: str
    source: str


EPP_SETTERS = ("registrar", "registry", "registry-grace")


def load_epp_statuses(src: Source) -> list[EppStatus]:
    root = _root(src)
    sources = src.mapping(root, "", "sources")
    for key in sources:
        src.url(sources, "sources", key)
    statuses = []
    seen: set[str] = set()
    for index, raw in enumerate(src.sequence(root, "", "statuses")):
        path = f"statuses[{index}]"
        code = src.text(raw, path, "code")
        if not re.fullmatch(r"[a-z][A-Za-z]+", code) or code in seen:
            raise src.error(f"{path}.code", f"{code!r} must be a unique EPP status in camelCase, like clientHold")
        seen.add(code)
        set_by = src.choice(raw, path, "set_by", EPP_SETTERS)
        source = src.text(raw, path, "source")
        if source not in sources:
            raise src.error(f"{path}.source", f"{source!r} is not a key under sources: — use one of {', '.join(sources)}")
        statuses.append(
            EppStatus(
                code,
                set_by,
                src.text(raw, path, "meaning"),
                src.text(raw, path, "customer_can"),
                src.text(raw, path, "customer_cannot"),
                src.text(raw, path, "specialist_does"),
                sources[source],
            )
        )
    return statuses


@dataclass(frozen=True)
class AccountingData:
    accounts: dict[str, str]
    dispute_fee: Decimal
    dispute_fee_note: str
    chargeback_after_days: int
    write_off_after_days: int
    usage_rate: Decimal
    usage_unit: str
    usage_daily_units: Decimal
    usage_note: str
    loss_note: str
    loss_buckets: list[tuple[str, Decimal, Decimal]]


ACCOUNT_KEYS = (
    "receivable",
    "cash",
    "deferred",
    "revenue",
    "tax",
    "customer_credit",
    "disputed",
    "dispute_fee",
    "allowance",
    "usage_revenue",
    "unbilled",
    "fx",
    "payable",
    "expense",
)


def _decimal(src: Source, parent: dict[str, Any], path: str, name: str, places: int = 4) -> Decimal:
    value = src.get(parent, path, name)
    key = f"{path}.{name}" if path else name
    try:
        amount = Decimal(value) if isinstance(value, str) else None
    except Exception:  # noqa: BLE001 - any parse failure gets the same message
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or -amount.as_tuple().exponent > places:
        raise src.error(key, f'expected a quoted non-negative decimal with at most {places} places, like "12.5", got {value!r}')
    return amount


def load_accounting(src: Source) -> AccountingData:
    root = _root(src)
    accounts = src.mapping(root, "", "accounts")
    for key in ACCOUNT_KEYS:
        src.text(accounts, "accounts", key)
    ill = src.mapping(root, "", "illustrative")
    usage = src.mapping(root, "", "usage")
    losses = src.mapping(root, "", "credit_losses")
    buckets = []
    for index, raw in enumerate(src.sequence(losses, "credit_losses", "buckets")):
        path = f"credit_losses.buckets[{index}]"
        rate = src.money(raw, path, "loss_rate")
        if rate > 100:
            raise src.error(f"{path}.loss_rate", f"a percentage from 0 to 100, got {rate}")
        buckets.append((src.text(raw, path, "name"), src.money(raw, path, "balance"), rate))
    return AccountingData(
        {k: accounts[k] for k in ACCOUNT_KEYS},
        src.money(ill, "illustrative", "dispute_fee"),
        src.text(ill, "illustrative", "dispute_fee_note"),
        src.integer(ill, "illustrative", "chargeback_after_days", 1, 180),
        src.integer(ill, "illustrative", "write_off_after_days", 1, 730),
        _decimal(src, usage, "usage", "rate"),
        src.text(usage, "usage", "unit"),
        _decimal(src, usage, "usage", "daily_units"),
        src.text(usage, "usage", "note"),
        src.text(losses, "credit_losses", "note"),
        buckets,
    )


@dataclass(frozen=True)
class TldPrice:
    tld: str
    as_of: str
    wholesale: Decimal
    icann_fee: Decimal
    verified: bool
    label: str
    source: str


@dataclass(frozen=True)
class Tld:
    key: str
    name: str
    rules: dict[str, Any]
    note: str | None


TLD_RULES = {
    "transfer_adds_year": bool,
    "losing_registrar_days": int,
    "lock_before_transfer_days": int,
    "lock_before_transfer_source": "source",
    "lock_after_transfer_days": int,
    "lock_after_transfer_source": "source",
    "renew_first_within_days": int,
    "max_years": int,
    "auto_cancel_days": int,
    "restore_in_dashboard": bool,
    "agp_refund": bool,
}


def load_tlds(src: Source) -> tuple[dict[str, Tld], list[TldPrice], dict[str, str]]:
    root = _root(src)
    sources = src.mapping(root, "", "sources")
    for key in sources:
        src.url(sources, "sources", key)
    defaults = src.mapping(root, "", "defaults")

    def rule(parent: dict[str, Any], path: str, name: str) -> Any:
        kind = TLD_RULES[name]
        if kind == "source":
            # Every lock names the page it comes from: a key under sources:, so the timeline can cite it.
            return src.choice(parent, path, name, sources)
        return src.boolean(parent, path, name) if kind is bool else src.integer(parent, path, name, 0, 400)

    base = {name: rule(defaults, "defaults", name) for name in TLD_RULES}
    tlds = {}
    for key, raw in src.mapping(root, "", "tlds").items():
        path = f"tlds.{key}"
        unknown = sorted(set(raw) - set(TLD_RULES) - {"name", "note"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", f"unknown rule — use one of: {', '.join(TLD_RULES)}, name, note")
        rules = dict(base) | {name: rule(raw, path, name) for name in TLD_RULES if name in raw}
        if not rules["losing_registrar_days"] and not rules["auto_cancel_days"]:
            raise src.error(path, "set losing_registrar_days or auto_cancel_days: a transfer must end one way or the other")
        tlds[key] = Tld(key, src.text(raw, path, "name"), rules, src.text(raw, path, "note", required=False))
    prices = []
    for index, raw in enumerate(src.sequence(root, "", "prices")):
        path = f"prices[{index}]"
        tld = src.text(raw, path, "tld")
        if tld not in tlds:
            raise src.error(f"{path}.tld", f"{tld!r} is not under tlds: — add it there first")
        as_of = src.text(raw, path, "as_of")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
            raise src.error(f"{path}.as_of", f'expected a quoted ISO date like "2024-10-30", got {as_of!r}')
        prices.append(
            TldPrice(
                tld,
                as_of,
                src.money(raw, path, "wholesale"),
                src.money(raw, path, "icann_fee"),
                src.boolean(raw, path, "verified"),
                src.text(raw, path, "label"),
                src.url(raw, path, "source"),
            )
        )
    return tlds, prices, dict(sources)
