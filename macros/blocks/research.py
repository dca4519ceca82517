"""What a runbook's Research part and the query library show: a query to fill in and copy, what each result means for
the page's cases, and the query's real answer on the sample data, computed at build."""

from __future__ import annotations

import functools
import posixpath
from datetime import date
from pathlib import Path
from typing import Any

from .. import tables
from ..data import SiteData
from ..pages import front_matter
from ..replies import query_html
from ..sigma.engine import Sample
from ..sigma.queries import NO_ROWS, Query, fill
from .args import MacroInputError

#: Where Stripe explains Sigma's query editor; every Research part links it.
SIGMA_DOCS = "https://stripe.com/docs/sigma/writing-queries"
#: The sample data, loaded on the first query of a build (one per build date).
_SAMPLES: dict[tuple[int, date], Sample] = {}


def sample(data: SiteData, as_of: date) -> Sample:
    key = (id(data.sigma), as_of)
    if key not in _SAMPLES:
        _SAMPLES.clear()
        _SAMPLES[key] = Sample(data.sigma, as_of)
    return _SAMPLES[key]


#: Each example query's answer, once per build: the library page shows every query a runbook shows.
_ANSWERS: dict[tuple[int, date, str], Any] = {}


def _answer(data: SiteData, as_of: date, sql: str) -> Any:
    key = (id(data.sigma), as_of, sql)
    if key not in _ANSWERS:
        if len(_ANSWERS) > 256:
            _ANSWERS.clear()
        _ANSWERS[key] = sample(data, as_of).run(sql)
    return _ANSWERS[key]


def _query(data: SiteData, name: str) -> Query:
    if name not in data.queries:
        raise MacroInputError(f"name={name!r} is not a query in data/queries.yml — use one of: {', '.join(sorted(data.queries))}")
    query = data.queries[name]
    if not query.sql:
        raise MacroInputError(f"{query.path} does not exist — write the query there, or remove {name!r} from data/queries.yml")
    return query


def _types(data: SiteData) -> dict[str, str]:
    return {key: placeholder.type for key, placeholder in data.placeholders.items()}


def example_sql(data: SiteData, query: Query, as_of: date) -> str:
    """The query with its example values: valid Trino, the text the sample answer comes from."""
    return fill(query.sql, query.example_values(as_of, _types(data)))


def _title(path: Path) -> str:
    """A page's title, read once per version of the file (the library names every runbook many times)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return path.name
    return _cached_title(str(path), stamp)


@functools.lru_cache(maxsize=512)
def _cached_title(path: str, stamp: int) -> str:
    return str(front_matter(Path(path)).get("title") or Path(path).name)


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _case_links(data_root: Path, query: Query, result: Any, here: str) -> str:
    """The cases a result decides: "case 3" on this page, the other runbook's title and case elsewhere."""
    links = []
    base = posixpath.dirname(here)
    for page, numbers in result.cases.items():
        words = ", ".join(str(n) for n in numbers)
        label = f"case{'s' if len(numbers) > 1 else ''} {words}"
        if page == here:
            links.append(f"[{label}](#decide-and-act)")
        else:
            title = _title(data_root / page) if (data_root / page).is_file() else page
            links.append(f"[{tables.cell(title)}, {label}]({posixpath.relpath(page, base or '.')}#decide-and-act)")
    return "; ".join(links)


def meaning_table(docs: Path, query: Query, here: str) -> str:
    rows = ["| finding | The rows | What it means | Decide and act |", "| --- | --- | --- | --- |"]
    for finding, result in query.results.items():
        shown = "no rows" if finding == NO_ROWS else f"`{finding}`"
        rows.append(f"| {shown} | {tables.cell(result.rows)} | {tables.cell(result.means)} | {_case_links(docs, query, result, here)} |")
    return "\n".join(rows)


def sample_block(data: SiteData, query: Query, as_of: date) -> str:
    """The example query and its real answer on the sample data, labelled as sample data."""
    text = example_sql(data, query, as_of)
    answer = _answer(data, as_of, text)
    found = ", ".join(sorted({str(r.get("finding")) for r in answer.records()})) or "no rows"
    head = (
        f"**Sample data, not a customer.** The query with example values, run when this page was built ({as_of.isoformat()}) on the "
        f"site's synthetic dataset, where {tables.cell(query.planted[0].lower() + query.planted[1:])} It returns {len(answer.rows)} "
        f"row{'s' if len(answer.rows) != 1 else ''} (findings: {found}):"
    )
    code = f"```sql\n{text.rstrip()}\n```"
    if answer.rows:
        result = tables.table(list(answer.columns), [[_value(v) for v in row] for row in answer.rows])
    else:
        result = "*No rows.*"
    return tables.block(head, code, f'<div class="kb-sample" markdown="1">\n\n{result}\n\n</div>')


def query_block(data: SiteData, docs: Path, name: str, here: str, as_of: date) -> str:
    """One research query on a runbook (``here``, a path under docs/): the question as the summary of a folded block,
    the composer, the meaning of each result for the page's cases, and the sample run."""
    query = _query(data, name)
    if here.startswith("runbooks/") and here not in query.pages:
        listed = ", ".join(query.pages)
        raise MacroInputError(f"query {name!r} names no case of this page in data/queries.yml (it decides: {listed}) — add this page's cases under its results")
    return _folded(data, docs, query, here, as_of)


def _folded(data: SiteData, docs: Path, query: Query, here: str, as_of: date) -> str:
    labels = [f"**{tables.cell(data.placeholders[field].label)}**" for field in query.fields]
    fields = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    intro = (
        f"Fill in {fields}, then copy the query into [Stripe Sigma]({SIGMA_DOCS}) and run it. Amounts are in the "
        "currency's minor unit (2500 is 25.00 USD) and times are UTC; the **finding** column says what each row means."
    )
    composer = query_html(query.name, "Query: " + query.question, query.sql, list(query.fields), data.placeholders)
    parts = [
        intro,
        composer,
        "**What the result means**",
        meaning_table(docs, query, here),
        sample_block(data, query, as_of),
    ]
    body = "\n\n".join(parts)
    summary = f'<summary markdown="span">{tables.cell(query.question)}</summary>'
    return f'<details class="kb-research" id="query-{query.name}" markdown="1">\n{summary}\n\n{body}\n\n</details>\n'


def library_block(data: SiteData, docs: Path, here: str, as_of: date) -> str:
    """Every research query by question: where it is used, and the same folded block as on the runbooks."""
    parts = []
    for query in sorted(data.queries.values(), key=lambda q: q.question):
        base = posixpath.dirname(here) or "."
        used = "; ".join(
            f"[{tables.cell(_title(docs / page))}]({posixpath.relpath(page, base)}#query-{query.name})"
            for page in query.pages
            if (docs / page).is_file() and f'sigma_query(name="{query.name}")' in (docs / page).read_text(encoding="utf-8")
        )
        parts.append(
            f"### {tables.cell(query.question)} {{ #{query.name} }}\n\nUsed on: {used or 'no runbook yet'}.\n\n" + _folded(data, docs, query, here, as_of)
        )
    return tables.block(*parts)
