"""What the shared answers look like on a page: a decision with its basis and sources, and who may do an action.

Both come from data/decisions.yml, so every page, at-a-glance box and reply that gives one of them gives the same
words. The output is inline Markdown on one line: it may sit in a sentence, a list item or a table cell.
"""

from __future__ import annotations

import re

from .. import tables
from ..data import SiteData
from .args import MacroInputError

#: A role list written into an at-a-glance box or a reply: {roles.cancel_subscription}.
ROLES_TOKEN = re.compile(r"\{roles\.([a-z0-9_]+)\}")


def roles_text(data: SiteData, action: str) -> str:
    """Who may do ``action`` in the customer's account, as a phrase ("a Super Administrator or an Administrator")."""
    try:
        return data.decisions.roles_text(action)
    except KeyError as exc:
        raise MacroInputError(str(exc.args[0])) from None


def expand_roles(data: SiteData, text: str) -> str:
    """``text`` with every {roles.action} token replaced by its role list."""
    return ROLES_TOKEN.sub(lambda match: roles_text(data, match.group(1)), text)


def decision_text(data: SiteData, key: str) -> str:
    """A shared answer, then its basis: the public sources it rests on, or "team policy" and the team that owns it."""
    answers = data.decisions.answers
    if key not in answers:
        raise MacroInputError(f"decision {key!r} is not in data/decisions.yml — use one of: {', '.join(answers)}")
    answer = answers[key]
    owner = data.teams[answer.ask].name
    links = "; ".join(f"[{tables.cell(title)}]({url})" for title, url in answer.sources)
    if answer.basis == "policy":
        basis = f"(team policy, owned by {tables.cell(owner)}" + (f"; {links})" if links else ")")
    else:
        basis = f"({links}; owned by {tables.cell(owner)})"
    return f"{tables.cell(expand_roles(data, answer.answer))} {basis}"


def roles_table(data: SiteData) -> str:
    """Every billing action and whether each role may do it, from data/decisions.yml, with its source."""
    shared = data.decisions
    roles = list(shared.role_names)
    heads = [shared.role_names[r].split(" ", 1)[1] for r in roles]  # "a Super Administrator" -> "Super Administrator"
    rows = [[action.does[0].upper() + action.does[1:]] + ["Yes" if r in action.roles else "No" for r in roles] for action in shared.actions.values()]
    title, url = shared.role_source
    return tables.block(tables.table(["Action", *heads], rows), f"*Source: [{tables.cell(title)}]({url}).*")
