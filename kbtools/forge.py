"""The "edit this page" and "report a problem with this page" links, from one setting: KB_REPO_URL.

KB_REPO_URL is the web address of the repository (``https://github.com/acme/billing-kb``). The forge is deduced
from the host (github / gitlab / gitea, which Forgejo and Codeberg share); KB_REPO_FORGE names it when the host
says nothing (a self-hosted ``git.example.net``); KB_REPO_BRANCH is the branch edits go to (default ``main``).
Unset, the site shows neither link: no placeholder host. mkdocs.yml's ``repo_url`` stays unset on purpose: with
it, Material's JavaScript would call the forge's API from every reader's browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

SETTING = "KB_REPO_URL"
FORGES = ("github", "gitlab", "gitea")


class ForgeError(ValueError):
    """A setting that cannot make a working link; the message says which and how to fix it."""


@dataclass(frozen=True)
class Repo:
    url: str  # no trailing slash
    forge: str  # one of FORGES
    branch: str

    def edit_url(self, src_path: str) -> str:
        path = quote(f"docs/{src_path}")
        if self.forge == "gitlab":
            return f"{self.url}/-/edit/{self.branch}/{path}"
        if self.forge == "gitea":
            return f"{self.url}/_edit/{self.branch}/{path}"
        return f"{self.url}/edit/{self.branch}/{path}"

    def report_url(self, src_path: str, title: str, owner: str, page_url: str) -> str:
        subject = f"Problem with the page: {title}"
        body = "\n".join(
            [
                f"Page: {title}",
                f"File: docs/{src_path}",
                f"Address: {page_url}",
                f"Owner: {owner or 'no owner named'}",
                "",
                "What is wrong (quote the sentence, the figure or the step):",
                "",
                "What it should say, and the source (a link) if you have one:",
                "",
                "No customer names, emails, card numbers or account IDs here: link the case instead.",
            ]
        )
        if self.forge == "gitlab":
            return f"{self.url}/-/issues/new?" + urlencode({"issue[title]": subject, "issue[description]": body})
        return f"{self.url}/issues/new?" + urlencode({"title": subject, "body": body})


def repo_from_env(environ: Mapping[str, str]) -> Repo | None:
    """The configured repository, or None when KB_REPO_URL is unset; ForgeError for a setting that cannot work."""
    raw = environ.get(SETTING, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.path.strip("/").count("/") < 1:
        raise ForgeError(f"{SETTING}={raw!r} is not a repository's web address — set it like {SETTING}=https://github.com/acme/billing-kb")
    forge = environ.get("KB_REPO_FORGE", "").strip().lower()
    host = parts.hostname or ""
    if not forge:
        forge = next((name for name in FORGES if name in host), "") or ("gitea" if host in ("codeberg.org",) or "forgejo" in host else "")
    if forge not in FORGES:
        raise ForgeError(f"{SETTING}: cannot tell which forge {host} runs — set KB_REPO_FORGE to one of {', '.join(FORGES)}")
    branch = environ.get("KB_REPO_BRANCH", "").strip() or "main"
    return Repo(raw.rstrip("/").removesuffix(".git"), forge, branch)
