"""Reply templates: their placeholders (declared in data/placeholders.yml) and the tabbed composer block a runbook shows.

A template is plain text in snippets/replies/<name>.md with ``{placeholder}`` fields. The runbook lists its
replies in front matter (``replies: {name: Tab label}``) and renders them with ``{{ reply_composers() }}``; the block is
Material's tab markup around one ``<pre>`` per reply, so it reads (wrapped) without JavaScript, and
docs/assets/javascripts/composer.js turns each into a form with a live preview and a copy button.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
            raise src.error(path, "expected a mapping with label and help (and optionally type, choices, open, remember)")
        unknown = sorted(set(raw) - {"label", "help", "type", "choices", "choices_from", "open", "remember"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", "unknown key — use label, help, type, choices, choices_from, open or remember")
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
        found[key] = Placeholder(key, texts["label"], texts["help"], kind, tuple(choices), flags["open"], flags["remember"])
    return found


@dataclass(frozen=True)
class Reply:
    name: str
    label: str
    text: str
    fields: tuple[str, ...]  # placeholder names in order of first use

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


def load_reply(snippets: Path, name: str, label: str, declared: set[str], policy: dict[str, str] | None = None, roles: dict[str, str] | None = None) -> Reply:
    """Read ``snippets/replies/<name>.md``, check its placeholders, and write in its team-policy values and role lists."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ReplyError(f"reply name {name!r} must be a kebab-case file name under snippets/replies/, without .md")
    if not isinstance(label, str) or not label.strip() or UNSAFE.search(label):
        raise ReplyError(f"reply {name!r}: the tab label must be plain text, like 'Refund issued'")
    path = snippets / "replies" / f"{name}.md"
    try:
        text = normalise(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReplyError(f"snippets/replies/{name}.md does not exist — create it, or fix the name under replies: in front matter") from None
    except UnicodeDecodeError as exc:
        raise ReplyError(f"snippets/replies/{name}.md is not UTF-8 (byte {exc.start}) — save it as UTF-8") from None
    problems = template_problems(text, declared, set(policy) if policy is not None else None, set(roles) if roles is not None else None)
    if problems:
        line, message = problems[0]
        raise ReplyError(f"snippets/replies/{name}.md:{line}: {message}")
    if policy is not None:
        text = POLICY.sub(lambda match: policy[match.group(1)], text)
    if roles is not None:
        text = ROLES.sub(lambda match: roles[match.group(1)], text)
    fields = tuple(dict.fromkeys(PLACEHOLDER.findall(text)))
    return Reply(name, label.strip(), text.strip("\n") + "\n", fields)


def replies_from_meta(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """The ``replies:`` mapping of a page's front matter as ``(name, label)`` pairs, in order."""
    raw = meta.get("replies")
    if not isinstance(raw, dict) or not raw:
        raise ReplyError("front matter has no replies: — list them as  replies: {reply-file-name: Tab label}")
    return [(str(name), label) for name, label in raw.items()]


def replies_html(replies: list[Reply], placeholders: dict[str, Placeholder]) -> str:
    """Material's tab markup with one composer per reply: a raw HTML block for the Markdown page.

    Every string from a template or from data is HTML-escaped here; composer.js only ever sets text.
    """
    if not replies:
        raise ReplyError("no replies to show")
    esc = lambda value: html.escape(value, quote=True)  # noqa: E731 - one short local helper
    inputs = "".join(f'<input{" checked" if i == 0 else ""} id="kb-reply-tab-{i + 1}" name="kb-reply-tabs" type="radio">' for i in range(len(replies)))
    labels = "".join(f'<label for="kb-reply-tab-{i + 1}">{esc(r.label)}</label>' for i, r in enumerate(replies))
    blocks = []
    for reply in replies:
        fields = json.dumps([placeholders[name].field() for name in reply.fields], ensure_ascii=False, separators=(",", ":"))
        # Newlines as entities keep the whole block on one line each, so Markdown never re-wraps or indents it.
        text = esc(reply.text).replace("\n", "&#10;")
        blocks.append(
            f'<div class="tabbed-block"><div class="kb-reply" id="{reply.anchor}" data-kb-reply="{esc(reply.name)}" '
            f'data-kb-label="{esc(reply.label)}" data-kb-fields="{esc(fields)}">'
            f'<pre class="kb-reply__template">{text}</pre></div></div>'
        )
    return (
        f'<div class="tabbed-set tabbed-alternate kb-replies" data-tabs="kb:{len(replies)}">{inputs}'
        f'<div class="tabbed-labels">{labels}</div>\n<div class="tabbed-content">\n' + "\n".join(blocks) + "\n</div>\n</div>\n"
    )
