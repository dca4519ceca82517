"""The research queries: one Trino SQL file per question under snippets/queries/, and what data/queries.yml says about
it (the question, example values that find the sample data's planted case, and what each ``finding`` means).

A query file is SQL with ``{placeholder}`` fields, in the reply composer's syntax and declared in
data/placeholders.yml; a field stands inside a quoted string (``'{customer_id}'``, ``DATE '{from_date}'``), so the
file is valid Trino as written. Filling a field doubles any single quote in the value, as Trino reads a quote inside
a string (docs/assets/javascripts/composer.js does the same in the browser; tests/test_sigma.py holds them equal).
Every query returns a ``finding`` column; data/queries.yml explains each value it can take, and what no row means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from ..replies import PLACEHOLDER
from ..yamlsource import Source, normalise

FOLDER = "snippets/queries"
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FINDING = re.compile(r"[a-z][a-z0-9_]*")
#: The key of the result that explains an empty answer.
NO_ROWS = "no_rows"
#: Where a page's cases are: a runbook path under docs/ and its case numbers in "Decide and act".
PAGE = re.compile(r"runbooks/[a-z0-9-]+/[a-z0-9-]+\.md")


@dataclass(frozen=True)
class Result:
    finding: str  # a value of the query's finding column, or "no_rows"
    rows: str  # what the rows look like, in a specialist's words
    means: str  # what that means for the case
    cases: dict[str, tuple[int, ...]]  # runbook (path under docs/) -> its cases in "Decide and act"


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    sql: str  # the file's text, with {placeholder} fields
    fields: tuple[str, ...]  # placeholders in order of first use
    examples: dict[str, str | int]  # placeholder -> example value; a date is a number of days from the build date
    planted: str  # the sample data's case this query finds
    results: dict[str, Result]
    line: int = 1  # where data/queries.yml names it

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.name}.sql"

    @property
    def pages(self) -> tuple[str, ...]:
        """The runbooks whose cases the results name, in order of first mention."""
        return tuple(dict.fromkeys(page for result in self.results.values() for page in result.cases))

    def example_values(self, as_of: date, types: dict[str, str]) -> dict[str, str]:
        """The example value of every field, dates counted from ``as_of`` (``-30`` is thirty days before it)."""
        values = {}
        for name in self.fields:
            raw = self.examples[name]
            values[name] = (as_of + timedelta(days=raw)).isoformat() if types.get(name) == "date" else str(raw)
        return values


def fill(template: str, values: dict[str, str]) -> str:
    """The query with its fields filled; a single quote in a value is doubled, so it stays inside its string.

    A field without a value stays as ``{name}``, which Sigma refuses: a query is never run half filled by accident.
    """

    def value(match: re.Match[str]) -> str:
        given = values.get(match.group(1))
        return given.replace("'", "''") if given else match.group(0)

    return PLACEHOLDER.sub(value, template)


def read_sql(root: Path, name: str) -> str:
    return normalise((root / FOLDER / f"{name}.sql").read_text(encoding="utf-8"))


def load_queries(src: Source, root: Path, placeholders: dict[str, object]) -> dict[str, Query]:
    """Every query of data/queries.yml, with its SQL file when it exists; each key's shape is checked here, and
    ``file_problems`` checks the entries against the files (the data loads even where snippets/ is not copied)."""
    top = src.value if isinstance(src.value, dict) else {}
    folder = root / FOLDER
    found: dict[str, Query] = {}
    for name, raw in src.mapping(top, "", "queries").items():
        path = f"queries.{name}"
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise src.error(path, "a query's name is its file name under snippets/queries/, kebab-case, without .sql")
        if not isinstance(raw, dict):
            raise src.error(path, "expected question, planted, examples and results")
        unknown = sorted(set(raw) - {"question", "planted", "examples", "results"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", "unknown key — a query has question, planted, examples and results")
        sql = read_sql(root, name) if (folder / f"{name}.sql").is_file() else ""
        examples = src.mapping(raw, path, "examples")
        for field, value in examples.items():
            where = f"{path}.examples.{field}"
            if field not in placeholders:
                raise src.error(where, f"{{{field}}} is not declared in data/placeholders.yml — declare it, or fix the spelling")
            kind = getattr(placeholders[field], "type", "text")
            if kind == "date" and (isinstance(value, bool) or not isinstance(value, int)):
                raise src.error(where, "a date's example is a number of days from the build date, like -30 (thirty days before) or 0 (that day)")
            if kind != "date" and (not isinstance(value, str) or not value.strip() or "'" in value):
                raise src.error(where, "expected the example value as quoted text, without a single quote")
        results = {}
        for finding, result in src.mapping(raw, path, "results").items():
            where = f"{path}.results.{finding}"
            if not isinstance(finding, str) or not FINDING.fullmatch(finding):
                raise src.error(where, "a result is named for the finding value the query returns, lowercase_with_underscores, or no_rows")
            if not isinstance(result, dict) or set(result) != {"rows", "means", "cases"}:
                raise src.error(where, "a result has rows (what the query returns), means (what that means) and cases ({runbook: [case, …]})")
            cases = {}
            for page, numbers in src.mapping(result, where, "cases").items():
                if not isinstance(page, str) or not PAGE.fullmatch(page):
                    raise src.error(f"{where}.cases", f"{page!r} is not a runbook — write its path under docs/, like runbooks/payments/duplicate-charge.md")
                listed = numbers if isinstance(numbers, list) else [numbers]
                if not listed or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in listed):
                    raise src.error(f"{where}.cases", f"{page}: the case numbers of its 'Decide and act', like [3] or [1, 2]")
                cases[page] = tuple(listed)
            results[finding] = Result(finding, src.text(result, where, "rows") or "", src.text(result, where, "means") or "", cases)
        if NO_ROWS not in results:
            raise src.error(f"{path}.results", "no result for no_rows — say what an empty answer means for the case")
        fields = tuple(dict.fromkeys(PLACEHOLDER.findall(sql)))
        query = Query(name, src.text(raw, path, "question") or "", sql, fields, dict(examples), src.text(raw, path, "planted") or "", results)
        found[name] = replace(query, line=src.line(path) or 1)
    return found


def file_problems(root: Path, queries: dict[str, Query], placeholders: dict[str, object]) -> list[tuple[str, int, str]]:
    """``(path, line, message)`` for an entry without its file, a file without its entry, a field data/placeholders.yml
    does not declare, and a field without an example value (or an example for a field the query does not have)."""
    folder = root / FOLDER
    files = sorted(p.stem for p in folder.glob("*.sql")) if folder.is_dir() else []
    found = []
    for name in files:
        if name not in queries:
            fix = f"add queries.{name} to data/queries.yml with its question, planted, examples and results, or delete the file"
            found.append((f"{FOLDER}/{name}.sql", 1, f"the query has no entry — {fix}"))
    for query in queries.values():
        where = ("data/queries.yml", query.line)
        if not query.sql:
            found.append((*where, f"queries.{query.name}: {query.path} does not exist — write the query there, or fix the name"))
            continue
        for field in query.fields:
            if field not in placeholders:
                found.append((*where, f"queries.{query.name}: {query.path} uses {{{field}}}, which data/placeholders.yml does not declare"))
            elif field not in query.examples:
                found.append((*where, f"queries.{query.name}.examples: no example value for {{{field}}} — give the value that finds the planted case"))
        for field in query.examples:
            if field not in query.fields:
                found.append((*where, f"queries.{query.name}.examples.{field}: the query has no {{{field}}} field — remove the example"))
    return found
