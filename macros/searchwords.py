"""The search's vocabulary (data/search_terms.yml): customer phrasings per page, product names, spelling variants,
query rewrites and the filler a query drops, validated like every other data file; and what each page tells the
search index about itself.

The index is Pagefind's, built after each build (kbtools/hooks.py); the browser side is
docs/assets/javascripts/search-worker.js, which reads these rules from search/terms.json and reads a query with
docs/assets/javascripts/search-words.js. ``core_words`` here is that file's ``coreWords`` in Python (the data checks
use it); tests/test_search_parity.py holds the two to the same answers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .yamlsource import Source

KINDS = ("runbook", "explainer", "reference", "glossary", "page")
#: Text that would become markup if it reached the page (the keywords are written into every page's HTML).
UNSAFE = re.compile(r"[<>{}`]")


#: Apostrophes a customer may type, read as one.
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'"})


def normalize(text: str) -> str:
    """Lower case, one kind of apostrophe, every character that is not part of a word made a space: letters, digits
    and underscores stay, and apostrophes and hyphens inside a word (do_not_honor, w-9, don't)."""
    lowered = str(text).lower().translate(_APOSTROPHES)
    spaced = "".join(c if unicodedata.category(c)[0] in "LN" or c in "_'-" else " " for c in lowered)
    return " ".join(word for word in (w.strip("'-") for w in spaced.split(" ")) if word)


@dataclass(frozen=True)
class Filler:
    """Words and phrases a customer writes around the subject ("please", "how much"), compared without apostrophes."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def as_json(self) -> dict[str, list[str]]:
        return {"words": sorted(self.words), "phrases": [" ".join(p) for p in self.phrases]}


def core_words(text: str, filler: Filler) -> list[str]:
    """The words of ``text`` that name its subject, in order: filler phrases dropped first (longest first, left to
    right), then filler words. Text made only of filler keeps all its words (a search must search something)."""
    return without_filler(text, filler) or normalize(text).split()


def without_filler(text: str, filler: Filler) -> list[str]:
    """The words of ``text`` that are not filler, normalized and in order (none, for text made only of filler)."""
    words = normalize(text).split()
    plain = [w.replace("'", "") for w in words]
    keep = [True] * len(words)
    for phrase in sorted(filler.phrases, key=len, reverse=True):
        for i in range(len(plain) - len(phrase) + 1):
            if all(keep[i + j] and plain[i + j] == phrase[j] for j in range(len(phrase))):
                for j in range(len(phrase)):
                    keep[i + j] = False
    return [w for w, kept, bare in zip(words, keep, plain, strict=True) if kept and bare not in filler.words]


@dataclass(frozen=True)
class SearchWords:
    spelling: tuple[tuple[str, str], ...]
    rewrite: tuple[tuple[str, str], ...]
    pages: dict[str, tuple[str, ...]]
    products: dict[str, tuple[str, ...]]
    weights: dict[str, float] = field(default_factory=dict)
    page_lines: dict[str, int] = field(default_factory=dict)  # each page named, and the line it is first named on
    filler: Filler = field(default_factory=Filler)

    def keywords_for(self, src_path: str) -> list[str]:
        """Phrasings listed for the page, and the name of every product it bills."""
        words = list(self.pages.get(src_path, ()))
        words += [name for name, pages in self.products.items() if src_path in pages]
        return words

    def worker_terms(self) -> dict[str, Any]:
        """The rules the browser applies to a query, as JSON: spelling both ways, rewrites, ranking weights."""
        spelling = [{"from": a, "to": b} for a, b in self.spelling] + [{"from": b, "to": a} for a, b in self.spelling]
        # Longest endings first, so "isation" is tried before "ise".
        spelling.sort(key=lambda rule: -len(rule["from"]))
        rewrite = [{"from": a, "to": b} for a, b in self.rewrite]
        return {"spelling": spelling, "rewrite": rewrite, "filler": self.filler.as_json(), "weights": self.weights}


def _phrase(src: Source, value: object, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise src.error(key, f"expected a quoted phrase, got {value!r}")
    if UNSAFE.search(value):
        raise src.error(key, f"plain words only: remove {UNSAFE.search(value).group(0)!r} — it would reach the page as markup")
    return " ".join(value.split())


def _page(src: Source, value: object, key: str, lines: dict[str, int]) -> str:
    path = _phrase(src, value, key)
    if not path.endswith(".md") or path.startswith("/"):
        raise src.error(key, f"{path!r} is not a page path — write it from docs/, like runbooks/payments/card-declined.md")
    lines.setdefault(path, src.line(key) or 1)
    return path


def load_search_words(src: Source) -> SearchWords:
    """Load and validate data/search_terms.yml; whether the pages exist is ``missing_pages``' job."""
    root = src.value if isinstance(src.value, dict) else {}
    lines: dict[str, int] = {}
    pairs: dict[str, list[tuple[str, str]]] = {}
    for name in ("spelling", "rewrite"):
        found = []
        for index, pair in enumerate(src.sequence(root, "", name)):
            key = f"{name}[{index}]"
            if not isinstance(pair, list) or len(pair) != 2:
                raise src.error(key, "expected a pair in brackets, like [ise, ize]")
            a, b = (_phrase(src, item, key).lower() for item in pair)
            if a == b:
                raise src.error(key, f"both sides are {a!r} — a pair needs two different spellings")
            found.append((a, b))
        pairs[name] = found
    pages = {}
    for page, phrases in (src.get(root, "", "pages") or {}).items():
        key = f"pages.{page}"
        path = _page(src, page, key, lines)
        if not isinstance(phrases, list) or not phrases:
            raise src.error(key, "expected a list of phrases, like [charged me twice, double billed]")
        pages[path] = tuple(_phrase(src, phrase, f"{key}[{i}]") for i, phrase in enumerate(phrases))
    products = {}
    for name, targets in (src.get(root, "", "products") or {}).items():
        key = f"products.{name}"
        label = _phrase(src, name, key)
        if not isinstance(targets, list) or not targets:
            raise src.error(key, "expected the list of pages that bill this product")
        products[label] = tuple(_page(src, target, f"{key}[{i}]", lines) for i, target in enumerate(targets))
    filler = _filler(src, root)
    for key, phrase in [(f"pages.{page}[{i}]", p) for page, phrases in pages.items() for i, p in enumerate(phrases)]:
        if not without_filler(phrase, filler):
            raise src.error(key, f"{phrase!r} is only filler words (filler: in this file) — a search drops them; write what the customer's case is about")
    for name in products:
        words = normalize(name).split()
        lost = [w for w in words if w not in without_filler(name, filler)]
        if lost:
            raise src.error(f"products.{name}", f"{lost[0]!r} is a filler word, so a search would drop it from {name!r} — remove it from filler:")
    weights = {}
    for kind, weight in src.mapping(root, "", "weights").items():
        if kind not in KINDS:
            raise src.error(f"weights.{kind}", f"unknown kind of page — use one of: {', '.join(KINDS)}")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            raise src.error(f"weights.{kind}", f"expected a number above 0 and at most 10, got {weight!r}")
        weights[kind] = float(weight)
    return SearchWords(tuple(pairs["spelling"]), tuple(pairs["rewrite"]), pages, products, weights, lines, filler)


def _filler(src: Source, root: dict[str, Any]) -> Filler:
    """filler: {words: [...], phrases: [...]}: lower case, apostrophes left out ("dont"), each listed once."""
    section = src.mapping(root, "", "filler")
    found: dict[str, list[str]] = {}
    for name, least, example in (("words", 1, "please"), ("phrases", 2, "how much")):
        items = []
        for index, item in enumerate(src.sequence(section, "filler", name)):
            key = f"filler.{name}[{index}]"
            text = _phrase(src, item, key)
            words = text.split()
            if normalize(text) != text or "'" in text:
                raise src.error(key, f"{text!r}: write it in lower case, without apostrophes or punctuation, like {example!r}")
            if name == "words" and len(words) != 1:
                raise src.error(key, f"{text!r} is more than one word — list it under filler.phrases")
            if name == "phrases" and len(words) < least:
                raise src.error(key, f"{text!r} is one word — list it under filler.words")
            if text in items:
                raise src.error(key, f"{text!r} is listed twice — remove one")
            items.append(text)
        found[name] = items
    return Filler(frozenset(found["words"]), tuple(tuple(p.split()) for p in found["phrases"]))


def missing_pages(words: SearchWords, docs: Path, display: str = "data/search_terms.yml") -> list[str]:
    """``path:line: …`` for every page the file names that is not under ``docs`` (a renamed or deleted page)."""
    return [
        f"{display}:{line}: {page} is not a page under docs/ — fix the path, or remove the entry if the page is gone"
        for page, line in sorted(words.page_lines.items(), key=lambda item: item[1])
        if not (docs / page).is_file()
    ]


def page_kind(src_path: str) -> str | None:
    """How the search treats a page: a kind from KINDS, or None for pages it leaves out (home, indexes, tags)."""
    parts = src_path.split("/")
    if parts[-1] == "index.md" or src_path in ("tags.md",):
        return None
    if parts[0] == "runbooks":
        return "runbook" if len(parts) >= 3 else "reference"
    if parts[0] in ("accounting", "domains"):
        return "explainer"
    if src_path == "glossary.md":
        return "glossary"
    return "page"


def search_entry(words: SearchWords, src_path: str, meta: dict[str, Any], area: str) -> dict[str, Any] | None:
    """What a page tells the index about itself (rendered by overrides/partials/content.html), or None to stay out."""
    kind = page_kind(src_path)
    search = meta.get("search")
    if kind is None or (isinstance(search, dict) and search.get("exclude") is True):
        return None
    keywords = [str(a) for a in meta.get("aliases") or []] + words.keywords_for(src_path)
    return {
        "kind": kind,
        "area": area,
        "description": str(meta.get("description") or ""),
        "keywords": " · ".join(dict.fromkeys(keywords)),
        "weight": 10,
    }
