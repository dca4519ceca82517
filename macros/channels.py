"""Replies by channel: one home for how a reply reads by email, in a chat and in a public social post.

- **email**: the template as written in snippets/replies/<name>.md.
- **chat**: short messages, the answer first, no greeting or signature block. By rule, the email without its greeting
  line, its sign-off block and an opening thank-you sentence, packed paragraph by paragraph into messages of at most
  ``ChannelRules.chat_limit`` characters (a paragraph too long on its own is split at its lines, then its sentences).
  A reply whose rule output reads badly has its own snippets/replies/chat/<name>.md: one message per paragraph.
- **social**: a public post. Never an amount, an invoice or case number, an e-mail address, a domain, card digits or
  a name; it acknowledges and moves the customer to a private channel. By rule, the team's one public reply
  (data/channels.yml); a reply with something public-safe to add has snippets/replies/social/<name>.md. No social
  text may use a placeholder marked ``personal`` in data/placeholders.yml.

Pure: text and rules in, messages and problems out. macros/replies.py renders every reply for every channel when the
site is built, so the browser (docs/assets/javascripts/composer.js) only fills the fields in and no rule is written
twice; `make check` (kbtools/rules.py) and the tests call the same checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHANNELS = ("email", "chat", "social")
#: How each channel is named to a specialist.
CHANNEL_NAMES = {"email": "Email", "chat": "Chat", "social": "Social (public)"}
FIELD = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: A greeting line: "Hi {customer_name}," — a chat has none.
GREETING = re.compile(r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^\n]{0,60},[ \t]*$", re.I)
#: The first line of a sign-off block ("Best regards,"); the block runs to the end (name, case number).
SIGN_OFF = re.compile(r"^(?:(?:best|kind|warm|many)\s+)?(?:regards|wishes|thanks)\b[^\n]{0,20}$|^(?:thank you|cheers|best),?[ \t]*$", re.I)
#: Lines a sign-off block may hold after its first: the specialist's name and the case number, nothing longer.
SIGN_OFF_LINES = 3
#: An opening thank-you sentence, which a chat answer does without.
THANKS = re.compile(r"^(?:thank you|thanks)\b[^.!?]*[.!?](?:\s+|$)", re.I)
#: Fields an opening thank-you may name and still be dropped: the case number is the chat itself.
THANKS_FIELDS = frozenset({"ticket_number"})
SENTENCE = re.compile(r"(?<=[.!?:])\s+(?=[A-Z{\"'(])")

#: What a public reply must never show, besides personal placeholders: (pattern, what it is).
PUBLIC_UNSAFE = (
    (re.compile(r"[$€£¥₹]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d{2})?\s?(?:USD|EUR|GBP|AUD|CAD|JPY|INR|BRL)\b"), "an amount"),
    (re.compile(r"\bIN-\d|\binvoice (?:number |no\.? )?#?\d", re.I), "an invoice number"),
    (re.compile(r"\bcase (?:number |no\.? )?#?\d", re.I), "a case number"),
    (re.compile(r"\b(?:ending(?: in)?|last (?:four|4)(?: digits)?|card)\s*:?\s*[*x•]{0,12}\d{4}\b", re.I), "card digits"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "an e-mail address"),
    (
        re.compile(
            r"(?<![\w.@/-])(?![\w.-]*cloudflare(?:status)?\.com\b)[a-z0-9-]+(?:\.[a-z0-9-]+)*"
            r"\.(?:com|net|org|io|dev|app|co|uk|de|fr|eu|ai|ca|xyz|info|biz)\b",
            re.I,
        ),
        "a domain name",
    ),
)


@dataclass(frozen=True)
class ChannelRules:
    """The channel rules' values, from data/channels.yml (team policy) and data/placeholders.yml."""

    chat_limit: int  # characters per chat message
    field_room: int  # characters a {placeholder} is counted as when a message is measured
    social_reply: str  # the public reply every reply gets on social unless it has a social variant
    personal: frozenset[str]  # placeholders that say something about the customer or their account


@dataclass(frozen=True)
class Rendering:
    """One reply for every channel: its messages (email and social have one) and whether each was written by hand."""

    messages: dict[str, tuple[str, ...]]
    written: frozenset[str]  # channels with their own variant file (email is always written)

    def fields(self, channel: str) -> tuple[str, ...]:
        """The placeholders the channel's messages use, in order of first use."""
        return tuple(dict.fromkeys(name for text in self.messages[channel] for name in FIELD.findall(text)))


def measure(text: str, room: int) -> int:
    """Characters of ``text`` once its fields are filled, each {placeholder} counted as ``room`` characters."""
    return len(FIELD.sub("x" * room, text))


def chat_body(text: str) -> str:
    """The email without its greeting line, its sign-off block and an opening thank-you sentence."""
    lines = text.strip("\n").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and GREETING.match(lines[first].strip()):
        lines = lines[first + 1 :]
    for index in range(len(lines) - 1, -1, -1):
        if SIGN_OFF.match(lines[index].strip()) and len([x for x in lines[index + 1 :] if x.strip()]) <= SIGN_OFF_LINES - 1:
            lines = lines[:index]
            break
    body = "\n".join(lines).strip()
    opening = THANKS.match(body)
    if opening and set(FIELD.findall(opening.group(0))) <= THANKS_FIELDS and body[opening.end() :].strip():
        body = body[opening.end() :].lstrip()
    return body


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, trimmed, none empty."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def _pieces(paragraph: str, limit: int, room: int) -> list[str]:
    """A paragraph too long for one message, cut at its lines, then its sentences, then its words."""
    if measure(paragraph, room) <= limit:
        return [paragraph]
    lines = paragraph.splitlines()
    if len(lines) > 1:
        return _pack([piece for line in lines for piece in _pieces(line, limit, room)], "\n", limit, room)
    sentences = SENTENCE.split(paragraph)
    if len(sentences) > 1:
        return _pack([piece for sentence in sentences for piece in _pieces(sentence, limit, room)], " ", limit, room)
    words, cut, current = paragraph.split(" "), [], ""
    for word in words:
        joined = f"{current} {word}" if current else word
        if current and measure(joined, room) > limit:
            cut.append(current)
            joined = word
        current = joined
    return cut + ([current] if current else [])


def _pack(pieces: list[str], joiner: str, limit: int, room: int) -> list[str]:
    """Consecutive pieces joined into as few messages as fit in ``limit``."""
    messages: list[str] = []
    for piece in pieces:
        joined = f"{messages[-1]}{joiner}{piece}" if messages else piece
        if messages and measure(joined, room) <= limit:
            messages[-1] = joined
        else:
            messages.append(piece)
    return messages


def split_messages(body: str, limit: int, room: int) -> list[str]:
    """``body`` as chat messages of at most ``limit`` measured characters, whole paragraphs where they fit."""
    pieces = [piece for paragraph in paragraphs(body) for piece in _pieces(paragraph, limit, room)]
    return _pack(pieces, "\n\n", limit, room)


def chat_messages(email: str, rules: ChannelRules) -> list[str]:
    """The chat rule: the email's body, without greeting and signature, split into messages."""
    return split_messages(chat_body(email), rules.chat_limit, rules.field_room)


def render(email: str, chat: str | None, social: str | None, rules: ChannelRules) -> Rendering:
    """A reply for every channel: the written variants where they exist, the rules elsewhere."""
    written = {"email"}
    if chat is not None:
        written.add("chat")
        chat_out = paragraphs(chat)
    else:
        chat_out = chat_messages(email, rules)
    if social is not None:
        written.add("social")
        social_out = social.strip()
    else:
        social_out = rules.social_reply.strip()
    return Rendering({"email": (email,), "chat": tuple(chat_out), "social": (social_out,)}, frozenset(written))


def _at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def social_problems(text: str, personal: frozenset[str] | set[str]) -> list[tuple[int, str]]:
    """``(line, message)`` for what a public reply must not carry: a personal placeholder, an amount, an invoice or
    case number, card digits, an e-mail address or a domain name."""
    problems = []
    for match in FIELD.finditer(text):
        if match.group(1) in personal:
            problems.append(
                (
                    _at(text, match.start()),
                    f"{{{match.group(1)}}} is personal (data/placeholders.yml) and a social reply is public — leave it out "
                    "and ask the customer to send it by direct message or in a support case",
                )
            )
    bare = FIELD.sub("", text)
    for pattern, what in PUBLIC_UNSAFE:
        for match in pattern.finditer(bare):
            problems.append((_at(bare, match.start()), f"'{match.group(0).strip()}' looks like {what}, which a public reply never shows — remove it"))
    return sorted(problems)


def chat_problems(text: str, rules: ChannelRules) -> list[tuple[int, str]]:
    """``(line, message)`` for a written chat variant: a greeting, a sign-off, or a message over the limit."""
    problems = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if GREETING.match(line.strip()):
            problems.append((number, "a chat has no greeting line — start with the answer"))
        elif SIGN_OFF.match(line.strip()):
            problems.append((number, "a chat has no sign-off block — end with the last thing the customer needs"))
    start = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        if block.strip() and not re.fullmatch(r"\n[ \t]*\n", block):
            size = measure(block.strip(), rules.field_room)
            if size > rules.chat_limit:
                offset = len(block) - len(block.lstrip())
                problems.append(
                    (
                        _at(text, start + offset),
                        f"this message is {size} characters (each field counted as {rules.field_room}), over the "
                        f"{rules.chat_limit} a chat message may have — split it with a blank line",
                    )
                )
        start += len(block)
    return sorted(problems)
