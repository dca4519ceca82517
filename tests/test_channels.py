"""Replies by channel (macros/channels.py): every reply renders for email, chat and social; a chat has no greeting or
signature and no message over the team's limit; no social rendering can carry a personal placeholder or anything a
public post must not show; `make check` refuses a chat or social version that breaks the rules, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbtools import rules
from macros import channels
from macros.channels import ChannelRules, chat_body, chat_problems, social_problems, split_messages
from macros.data import load_site_data
from macros.replies import ReplyError, load_reply, variant_path
from macros.widgets import policy_values

from .conftest import ROOT

DATA = load_site_data(ROOT)
RULES = DATA.channels
ROLES = {action: DATA.decisions.roles_text(action) for action in DATA.decisions.actions}
REPLIES = sorted(p.stem for p in (ROOT / "snippets" / "replies").glob("*.md"))
VARIANTS = sorted(p.relative_to(ROOT).as_posix() for channel in ("chat", "social") for p in (ROOT / "snippets" / "replies" / channel).glob("*.md"))


def _load(name: str):
    return load_reply(ROOT / "snippets", name, "Label", set(DATA.placeholders), policy_values(DATA), ROLES, RULES)


def test_placeholders_say_whether_they_are_personal() -> None:
    """The customer's details are personal; the specialist's own name is not."""
    assert not DATA.placeholders["agent_name"].personal
    for name in ("customer_name", "amount", "invoice_number", "ticket_number", "domain", "last4", "charge_date"):
        assert DATA.placeholders[name].personal, name
    assert RULES.personal == frozenset(n for n, p in DATA.placeholders.items() if p.personal)


@pytest.mark.parametrize("name", REPLIES)
def test_every_reply_renders_for_every_channel(name: str) -> None:
    rendering = _load(name).channels
    assert rendering is not None and set(rendering.messages) == set(channels.CHANNELS)
    email = rendering.messages["email"][0]
    chat = rendering.messages["chat"]
    social = rendering.messages["social"][0]
    assert chat and all(message.strip() for message in chat), f"{name}: an empty chat message"
    for message in chat:
        size = channels.measure(message, RULES.field_room)
        assert size <= RULES.chat_limit, f"{name}: a chat message of {size} characters (fields counted as {RULES.field_room})"
        assert not channels.GREETING.match(message.splitlines()[0]), f"{name}: the chat opens with a greeting: {message[:40]!r}"
        assert "Best regards" not in message and "{agent_name}" not in message, f"{name}: the chat keeps the signature"
    if "chat" not in rendering.written:
        # By rule, a chat says nothing the email does not: every word of it comes from the email, in order.
        assert " ".join(" ".join(chat).split()) in " ".join(email.split()), f"{name}: the chat rule changed the words"
    assert not social_problems(social, RULES.personal), f"{name}: the social post: {social_problems(social, RULES.personal)}"
    assert not set(channels.FIELD.findall(social)) & RULES.personal, f"{name}: the social post has a personal field"


@pytest.mark.parametrize("rel", VARIANTS)
def test_every_written_version_passes_its_channel_rules(rel: str) -> None:
    channel = rel.split("/")[2]
    name = Path(rel).stem
    assert (ROOT / "snippets" / "replies" / f"{name}.md").is_file(), f"{rel}: a version of a reply that does not exist"
    problems = rules.reply_problems(rel, (ROOT / rel).read_text(encoding="utf-8"), set(DATA.placeholders), None, ROOT, RULES)
    assert not problems, "\n".join(map(str, problems))
    assert channel in _load(name).channels.written


def test_there_are_written_versions_for_both_channels() -> None:
    """Where the rule's output reads badly, a reply has its own version (at least a few of each)."""
    assert sum(rel.startswith("snippets/replies/chat/") for rel in VARIANTS) >= 3
    assert sum(rel.startswith("snippets/replies/social/") for rel in VARIANTS) >= 3


EMAIL = """Hi {customer_name},

Thank you for your patience with case {ticket_number}.

Your refund of {amount} was issued on {refund_date}. It reaches your card in a few days.

If it has not arrived by then, reply here.

Best regards,
{agent_name}
Case {ticket_number}
"""


def test_the_chat_rule_drops_greeting_signature_and_opening_thanks() -> None:
    assert (
        chat_body(EMAIL)
        == "Your refund of {amount} was issued on {refund_date}. It reaches your card in a few days.\n\nIf it has not arrived by then, reply here."
    )
    # An opening thank-you that carries something of the customer's stays.
    kept = "Hi {customer_name},\n\nThank you for writing about {domain}. It renews soon.\n\nBest regards,\n{agent_name}\n"
    assert chat_body(kept) == "Thank you for writing about {domain}. It renews soon."


def test_the_chat_rule_packs_paragraphs_and_splits_a_long_one_at_sentences() -> None:
    short = ChannelRules(chat_limit=60, field_room=10, social_reply="x", personal=frozenset())
    body = "First paragraph, short.\n\nSecond one.\n\n" + "A sentence of some length here. " * 4
    messages = split_messages(body, short.chat_limit, short.field_room)
    assert messages[0] == "First paragraph, short.\n\nSecond one."
    assert all(len(m) <= 60 for m in messages), messages
    assert " ".join(" ".join(messages).split()) == " ".join(body.split())
    # A field is counted at its room, not at the length of its name.
    assert channels.measure("{a} and {b}", 10) == 25


def test_social_problems_name_each_thing_a_public_post_must_not_show() -> None:
    personal = frozenset({"amount", "domain"})
    text = "Hi {amount}.\nWe saw $25.00 on IN-1234.\nCard ending 4242, case 12345.\nWrite to jane@example.org about shop.example.com.\nSee dash.cloudflare.com."
    found = social_problems(text, personal)
    kinds = [message.split(" — ")[0] for _, message in found]
    assert [line for line, _ in found] == [1, 2, 2, 3, 3, 4, 4], found
    assert kinds[0].startswith("{amount} is personal")
    assert any("an amount" in k for k in kinds) and any("an invoice number" in k for k in kinds)
    assert any("card digits" in k for k in kinds) and any("a case number" in k for k in kinds)
    assert any("an e-mail address" in k for k in kinds) and any("'shop.example.com' looks like a domain name" in k for k in kinds)
    assert social_problems("Send us a direct message, or open a case from dash.cloudflare.com.", personal) == []


def test_chat_problems_flag_greeting_signature_and_a_long_message() -> None:
    text = "Hi {customer_name},\n\n" + "word " * 130 + "\n\nBest regards,\n{agent_name}\n"
    found = chat_problems(text, RULES)
    assert [line for line, _ in found] == [1, 3, 5], found
    assert "over the 600" in found[1][1]


def test_make_check_refuses_a_social_version_with_a_personal_placeholder_at_its_line(tmp_path: Path) -> None:
    text = "Thanks for reaching out.\nWe can see {amount} was charged.\nSend us a direct message.\n"
    problems = rules.reply_problems("snippets/replies/social/duplicate-charge-pending.md", text, set(DATA.placeholders), None, ROOT, RULES)
    assert [str(p) for p in problems] == [
        "snippets/replies/social/duplicate-charge-pending.md:2: {amount} is personal (data/placeholders.yml) and a social reply is public — "
        "leave it out and ask the customer to send it by direct message or in a support case"
    ]
    # A version of a reply that does not exist, and a file that is neither a reply nor a version, are named too.
    orphan = rules.reply_problems("snippets/replies/social/no-such-reply.md", "Thanks.\n", set(DATA.placeholders), None, ROOT, RULES)
    assert any("a social version of snippets/replies/no-such-reply.md, which does not exist" in p.message for p in orphan)
    stray = rules.reply_problems("snippets/replies/sms/x.md", "Hi.\n", set(DATA.placeholders), None, ROOT, RULES)
    assert stray[0].message.startswith("not a reply or a channel variant")


def test_the_build_refuses_a_social_version_with_a_personal_placeholder(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    (snippets / "replies" / "social").mkdir(parents=True)
    (snippets / "replies" / "r.md").write_text("Hi {customer_name},\n\nDone.\n\nBest regards,\n{agent_name}\n", encoding="utf-8")
    (snippets / "replies" / "social" / "r.md").write_text("Thanks, {customer_name}! DM us.\n", encoding="utf-8")
    with pytest.raises(ReplyError, match=r"^snippets/replies/social/r\.md:1: \{customer_name\} is personal"):
        load_reply(snippets, "r", "R", set(DATA.placeholders), None, None, RULES)
    assert variant_path("r", "social") == "snippets/replies/social/r.md"


def test_the_social_reply_in_the_data_is_checked_when_it_loads() -> None:
    from macros.channels import FIELD

    assert not FIELD.findall(RULES.social_reply) or not set(FIELD.findall(RULES.social_reply)) & RULES.personal
    assert not social_problems(RULES.social_reply, RULES.personal)
