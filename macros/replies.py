"""Reply templates: their placeholders (declared in data/placeholders.yml), their channel variants, and the reply
set a runbook shows.

A template is plain text in snippets/replies/<name>.md with ``{placeholder}`` fields; snippets/replies/chat/<name>.md
and snippets/replies/social/<name>.md, where written, are its chat and social versions (macros/channels.py has the
rules for the others). The runbook lists its replies in front matter (``replies: {name: Label}``) and renders them
with ``{{ reply_composers() }}``: one ``<pre>`` per reply, so it reads (wrapped) without JavaScript, and
docs/assets/javascripts/composer.js turns the set into a choice of channel and reply, and each reply into a form with a
live preview and a copy button.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .channels import CHANNELS, ChannelRules, Rendering, chat_problems, render, social_problems
from .yamlsource import Source, normalise

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: A team-policy value written into the reply when the site is built: {policy.refunds.pending_wait_business_days}.
POLICY = re.compile(r"\{policy\.([a-z0-9_.]+)\}")
#: Who may do a billing action, written in from data/decisions.yml: {roles.cancel_subscription}.
ROLES = re.compile(r"\{roles\.([a-z0-9_]+)\}")
#: Anything that looks like a placeholder, including misspelt ones ({Amount}, {invoice number}).
PLACEHOLDER_LIKE = re.compile(r"\{([^{}\n]{1,40})\}")
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TYPES = ("text", "date", "choice")
CHOICE_SOURCES = ("plans",)
#: Characters that would become markup or template syntax if a data string reached the page unescaped.
UNSAFE = re.compile(r"[<>{}`]")


class ReplyError(ValueError):
    """A reply list or template that cannot be rendered; the message says what to change."""


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str
    help: str
    type: str
    choices: tuple[str, ...]
    open: bool
    remember: bool
    personal: bool = True  # says something about the customer or their account: never in a social (public) reply

    def field(self) -> dict[str, Any]:
        """What the composer needs to draw the field (JSON-ready)."""
        return {
            "name": self.name,
            "label": self.label,
            "help": self.help,
            "type": self.type,
            "choices": list(self.choices),
            "open": self.open,
            "remember": self.remember,
            "personal": self.personal,
        }


def load_placeholders(src: Source, plan_names: list[str]) -> dict[str, Placeholder]:
    """Every declared placeholder, validated; ``plan_names`` fills ``choices_from: plans``."""
    root = src.value if isinstance(src.value, dict) else {}
    names = src.mapping(root, "", "placeholders")
    found: dict[str, Placeholder] = {}
    for key, raw in names.items():
        path = f"placeholders.{key}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(key)):
            raise src.error(path, "placeholder names are lowercase_with_underscores, like invoice_number")
        if not isinstance(raw, dict):
            raise src.error(path, "expected a mapping with label, help and personal (and optionally type, choices, open, remember)")
        unknown = sorted(set(raw) - {"label", "help", "type", "choices", "choices_from", "open", "remember", "personal"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", "unknown key — use label, help, personal, type, choices, choices_from, open or remember")
        if "personal" not in raw:
            raise src.error(
                path,
                "missing key 'personal' — add personal: true when the value says something about the customer or their account "
                "(a social reply may not use it), personal: false otherwise",
            )
        texts = {}
        for name in ("label", "help"):
            value = src.text(raw, path, name)
            if UNSAFE.search(value):
                raise src.error(f"{path}.{name}", f"plain text only: remove {UNSAFE.search(value).group(0)!r} — it would reach the page as markup")
            texts[name] = value
        kind = src.choice(raw, path, "type", TYPES) if "type" in raw else "text"
        choices: list[str] = []
        if kind == "choice":
            if "choices_from" in raw:
                source = src.choice(raw, path, "choices_from", CHOICE_SOURCES)
                choices = list(plan_names) if source == "plans" else []
            else:
                listed = src.sequence(raw, path, "choices")
                for index, choice in enumerate(listed):
                    if not isinstance(choice, str) or not choice.strip() or UNSAFE.search(choice):
                        raise src.error(f"{path}.choices[{index}]", "expected plain text (no <, >, braces or backticks)")
                choices = [c.strip() for c in listed]
        elif "choices" in raw or "choices_from" in raw:
            raise src.error(f"{path}.choices", "only a placeholder with type: choice has choices — add type: choice or remove them")
        flags = {name: src.boolean(raw, path, name) if name in raw else False for name in ("open", "remember")}
        personal = src.boolean(raw, path, "personal")
        found[key] = Placeholder(key, texts["label"], texts["help"], kind, tuple(choices), flags["open"], flags["remember"], personal)
    return found


@dataclass(frozen=True)
class Reply:
    name: str
    label: str
    text: str
    fields: tuple[str, ...]  # placeholder names in order of first use (email)
    channels: Rendering | None = None  # the reply for every channel (macros/channels.py), when rendered with rules

    @property
    def anchor(self) -> str:
        return f"reply-{self.name}"


def template_problems(text: str, declared: set[str], policy_keys: set[str] | None = None, role_keys: set[str] | None = None) -> list[tuple[int, str]]:
    """``(line, message)`` for every placeholder in a template that is not declared, every policy value or role list
    that does not exist (``policy_keys``, ``role_keys``, when given), and raw template syntax."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "{{" in line or "{%" in line:
            problems.append((number, "template syntax ({{ or {%) in a reply — replies are plain text with {placeholder} fields"))
            continue
        for match in POLICY.finditer(line):
            if policy_keys is not None and match.group(1) not in policy_keys:
                problems.append((number, f"{{policy.{match.group(1)}}} is not a value in data/policy.yml — use one of: {', '.join(sorted(policy_keys))}"))
        for match in ROLES.finditer(line):
            if role_keys is not None and match.group(1) not in role_keys:
                problems.append((number, f"{{roles.{match.group(1)}}} is not an action in data/decisions.yml — use one of: {', '.join(sorted(role_keys))}"))
        for match in PLACEHOLDER_LIKE.finditer(line):
            name = match.group(1)
            if name.startswith(("policy.", "roles.")):
                continue
            if name not in declared:
                hint = "declare it in data/placeholders.yml" if PLACEHOLDER.fullmatch(match.group(0)) else "placeholders are {lowercase_with_underscores}"
                problems.append((number, f"placeholder {{{name}}} is not declared — {hint}, or fix the spelling"))
    return problems


#: Where a reply's channel variants live: snippets/replies/<channel>/<name>.md (see macros/channels.py).
VARIANT_CHANNELS = ("chat", "social")


def variant_path(name: str, channel: str) -> str:
    """The repository path of a reply's written variant for ``channel`` (it may not exist)."""
    return f"snippets/replies/{channel}/{name}.md"


def channel_of(rel: str) -> tuple[str, str] | None:
    """``(channel, reply name)`` for a variant's path, ``("email", name)`` for a reply's own file, None otherwise."""
    match = re.fullmatch(r"snippets/replies/(?:(chat|social)/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md", rel)
    return (match.group(1) or "email", match.group(2)) if match else None


def variant_problems(
    channel: str, text: str, declared: set[str], rules: ChannelRules | None, policy_keys: set[str] | None = None, role_keys: set[str] | None = None
) -> list[tuple[int, str]]:
    """``(line, message)`` for a reply file of ``channel``: the template rules, and for chat and social their own."""
    problems = template_problems(text, declared, policy_keys, role_keys)
    if rules is not None and channel == "social":
        problems += social_problems(text, rules.personal)
    if rules is not None and channel == "chat":
        problems += chat_problems(text, rules)
    return sorted(problems)


def _read(snippets: Path, rel: str, missing: str | None) -> str | None:
    path = snippets.parent / rel
    try:
        return normalise(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if missing is None:
            return None
        raise ReplyError(missing) from None
    except UnicodeDecodeError as exc:
        raise ReplyError(f"{rel} is not UTF-8 (byte {exc.start}) — save it as UTF-8") from None


def load_reply(
    snippets: Path,
    name: str,
    label: str,
    declared: set[str],
    policy: dict[str, str] | None = None,
    roles: dict[str, str] | None = None,
    channels: ChannelRules | None = None,
) -> Reply:
    """Read ``snippets/replies/<name>.md`` and its chat and social variants, check their placeholders (and, with
    ``channels``, what a chat and a public post may hold), write in team-policy values and role lists, and render the
    reply for every channel."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ReplyError(f"reply name {name!r} must be a kebab-case file name under snippets/replies/, without .md")
    if not isinstance(label, str) or not label.strip() or UNSAFE.search(label):
        raise ReplyError(f"reply {name!r}: the tab label must be plain text, like 'Refund issued'")
    missing = f"snippets/replies/{name}.md does not exist — create it, or fix the name under replies: in front matter"
    texts: dict[str, str | None] = {"email": _read(snippets, f"snippets/replies/{name}.md", missing)}
    for channel in VARIANT_CHANNELS:
        texts[channel] = _read(snippets, variant_path(name, channel), None)
    for channel, text in texts.items():
        if text is None:
            continue
        where = f"snippets/replies/{name}.md" if channel == "email" else variant_path(name, channel)
        problems = variant_problems(channel, text, declared, channels, set(policy) if policy is not None else None, set(roles) if roles is not None else None)
        if problems:
            line, message = problems[0]
            raise ReplyError(f"{where}:{line}: {message}")

    def written(text: str | None) -> str | None:
        if text is None:
            return None
        if policy is not None:
            text = POLICY.sub(lambda match: policy[match.group(1)], text)
        if roles is not None:
            text = ROLES.sub(lambda match: roles[match.group(1)], text)
        return text.strip("\n") + "\n"

    email = written(texts["email"]) or ""
    rendering = render(email, written(texts["chat"]), written(texts["social"]), channels) if channels is not None else None
    fields = tuple(dict.fromkeys(PLACEHOLDER.findall(email)))
    return Reply(name, label.strip(), email, fields, rendering)


def replies_from_meta(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """The ``replies:`` mapping of a page's front matter as ``(name, label)`` pairs, in order."""
    raw = meta.get("replies")
    if not isinstance(raw, dict) or not raw:
        raise ReplyError("front matter has no replies: — list them as  replies: {reply-file-name: Tab label}")
    return [(str(name), label) for name, label in raw.items()]


def replies_html(replies: list[Reply], placeholders: dict[str, Placeholder], channels: ChannelRules | None = None) -> str:
    """The reply set a runbook shows: one block per reply, each its email template in a ``<pre>``, as a raw HTML block.

    Without JavaScript the replies read one under another, each under its label. docs/assets/javascripts/composer.js
    turns the set into a choice of channel and of reply (every label on show, the chosen one marked) and each reply
    into a form with a preview and a copy button; the chat and social renderings travel in ``data-kb-channels``.
    Every string from a template or from data is HTML-escaped here; composer.js only ever sets text.
    """
    if not replies:
        raise ReplyError("no replies to show")
    esc = lambda value: html.escape(value, quote=True)  # noqa: E731 - one short local helper
    blocks = []
    for reply in replies:
        rendering = reply.channels
        names = list(reply.fields)
        extra: dict[str, Any] = {}
        if rendering is not None:
            for channel in CHANNELS:
                names += [name for name in rendering.fields(channel) if name not in names]
            extra = {
                channel: {"messages": list(rendering.messages[channel]), "written": channel in rendering.written} for channel in CHANNELS if channel != "email"
            }
        fields = json.dumps([placeholders[name].field() for name in names], ensure_ascii=False, separators=(",", ":"))
        variants = json.dumps(extra, ensure_ascii=False, separators=(",", ":"))
        # Newlines as entities keep the whole block on one line each, so Markdown never re-wraps or indents it.
        text = esc(reply.text).replace("\n", "&#10;")
        blocks.append(
            f'<div class="kb-reply" id="{reply.anchor}" data-kb-reply="{esc(reply.name)}" data-kb-label="{esc(reply.label)}" '
            f'data-kb-fields="{esc(fields)}" data-kb-channels="{esc(variants)}">'
            f'<p class="kb-reply__name">{esc(reply.label)}</p>'
            f'<pre class="kb-reply__template">{text}</pre></div>'
        )
    limits = f' data-kb-chat-limit="{channels.chat_limit}"' if channels is not None else ""
    return f'<div class="kb-replies" data-kb-replies="{len(replies)}"{limits}>\n' + "\n".join(blocks) + "\n</div>\n"


def query_html(name: str, label: str, template: str, fields: list[str], placeholders: dict[str, Placeholder]) -> str:
    """A research query as a composer (docs/assets/javascripts/composer.js): one field per placeholder, a preview and a
    copy button, as a raw HTML block. The same machinery as a reply, marked ``data-kb-kind="query"``: the composer
    then offers no channels, keeps dates as written (2026-11-30) and doubles a single quote in a value, as
    macros/sigma/queries.fill does. Without JavaScript the template reads as it is in the file."""
    esc = lambda value: html.escape(value, quote=True)  # noqa: E731 - one short local helper
    data = json.dumps([placeholders[field].field() for field in fields], ensure_ascii=False, separators=(",", ":"))
    text = esc(template.strip("\n") + "\n").replace("\n", "&#10;")
    return (
        f'<div class="kb-reply kb-reply--query" id="query-{esc(name)}-fill" data-kb-reply="query-{esc(name)}" data-kb-kind="query" '
        f'data-kb-label="{esc(label)}" data-kb-fields="{esc(data)}" data-kb-channels="{{}}">'
        f'<p class="kb-reply__name">{esc(label)}</p>'
        f'<pre class="kb-reply__template">{text}</pre></div>'
    )
