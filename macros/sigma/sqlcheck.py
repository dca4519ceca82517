"""What a research query must be before anyone runs it: valid Trino, read-only, naming only the tables and columns of
data/sigma_schema.yml, its fields inside quoted strings, and a ``finding`` column whose values data/queries.yml explains.

One home for the rule: `make check` (kbtools/rules.py), the build and tests/test_sigma.py call ``problems``. Each
problem is ``(line, message)`` with the fix in the message. sqlglot is imported here only, when a query is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..replies import PLACEHOLDER_LIKE
from .schema import Schema

#: Statements a query may be: a SELECT (a WITH … SELECT is one), or set operations of them.
READ_ONLY = ("Select", "Union", "Intersect", "Except")
#: Anything that writes, changes or runs something: never inside a research query, at any depth.
WRITES = ("Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Command", "TruncateTable", "Grant", "Set", "Use")


def parse(sql: str) -> Any:
    """The statements of ``sql`` as Trino reads them (sqlglot raises ParseError with the line)."""
    import sqlglot

    return [statement for statement in sqlglot.parse(sql, read="trino") if statement is not None]


def _line_of(sql: str, word: str) -> int:
    """The first line naming ``word`` as a whole word (1 when it cannot be found)."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I)
    for number, line in enumerate(sql.splitlines(), start=1):
        if pattern.search(line.split("--", 1)[0]):
            return number
    return 1


def problems(sql: str, schema: Schema, findings: Iterable[str] | None = None, declared: set[str] | None = None) -> list[tuple[int, str]]:
    """Everything wrong with one query file, each at its line. ``findings``: the values data/queries.yml explains;
    ``declared``: the placeholders data/placeholders.yml declares (None: not checked)."""
    from sqlglot import exp
    from sqlglot.errors import OptimizeError, ParseError
    from sqlglot.optimizer.qualify import qualify

    found: list[tuple[int, str]] = []
    for number, line in enumerate(sql.splitlines(), start=1):
        for match in PLACEHOLDER_LIKE.finditer(line):
            name = match.group(1)
            if declared is not None and name not in declared:
                found.append((number, f"{{{name}}} is not a declared field — declare it in data/placeholders.yml, or fix the spelling"))
            before = line[: match.start()]
            if before.count("'") % 2 == 0:
                fix = f"write it inside quotes ('{{{name}}}', DATE '{{{name}}}'), so the file is valid Trino and a value cannot end the string"
                found.append((number, f"{{{name}}} stands outside a quoted string — {fix}"))
    try:
        statements = parse(sql)
    except ParseError as exc:
        error = exc.errors[0] if exc.errors else {}
        near = (error.get("highlight") or "").strip()
        what = f"{error.get('description', 'cannot parse')}{f' near {near!r}' if near else ''}"
        return found + [(int(error.get("line") or 1), f"not valid Trino SQL ({what}) — fix the syntax; Stripe Sigma runs Trino")]
    for statement in statements:
        kind = type(statement).__name__
        writes = [node for node in statement.walk() if type(node).__name__ in WRITES]
        if kind not in READ_ONLY or writes:
            what = type(writes[0]).__name__ if writes else kind
            word = {"Command": sql.strip().split()[0], "TruncateTable": "TRUNCATE"}.get(what, what)
            return found + [(_line_of(sql, word), f"{word.upper()} is not read-only — a research query only reads: SELECT or WITH … SELECT")]
    if len(statements) != 1:
        line = _line_of(sql, ";") if ";" in sql else 1
        return found + [(line, f"{len(statements)} statements — a research query is one SELECT (or WITH … SELECT): remove the others")]
    tree = statements[0]
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    unknown_table = False
    for table in tree.find_all(exp.Table):
        if table.name in ctes:
            continue
        if table.name not in schema.tables:
            unknown_table = True
            fix = f"use one of: {', '.join(sorted(schema.tables))}, or add it with its source to data/sigma_schema.yml"
            found.append((_line_of(sql, table.name), f"table {table.name!r} is not in the Sigma schema the site uses — {fix}"))
    if unknown_table:
        return found
    try:
        qualify(tree.copy(), schema=schema.as_dict(), dialect="trino", validate_qualify_columns=True, identify=False)
    except OptimizeError as exc:
        message = str(exc)
        column = re.search(r"Unknown column: (\w+)|Column '?\"?(\w+)", message)
        name = next((g for g in column.groups() if g), "") if column else ""
        tables = sorted({t.name for t in tree.find_all(exp.Table) if t.name in schema.tables})
        listed = "; ".join(f"{t}: {', '.join(schema.tables[t].columns)}" for t in tables)
        wrong = f"column {name or '?'} is not in the Sigma schema for the tables it reads ({message})"
        found.append((_line_of(sql, name) if name else 1, f"{wrong} — use a listed column ({listed}), or add it with its source to data/sigma_schema.yml"))
        return found
    finding = next((e for e in tree.expressions if e.alias_or_name == "finding"), None) if isinstance(tree, exp.Select) else None
    if finding is None:
        found.append((1, "the query returns no finding column — end the SELECT with CASE … END AS finding, so each row says what it means"))
    elif findings is not None:
        values = _outcomes(finding)
        explained = set(findings)
        for value in sorted(values - explained):
            found.append((_line_of(sql, f"'{value}'"), f"finding {value!r} has no meaning in data/queries.yml — add it under results, or change the value"))
        for value in sorted(explained - values - {"no_rows"}):
            found.append(
                (_line_of(sql, "finding"), f"data/queries.yml explains finding {value!r}, which the query never returns — remove it there, or return it")
            )
    return sorted(found)


def _outcomes(finding: Any) -> set[str]:
    """The quoted values a ``CASE … END AS finding`` returns (its THEN and ELSE values, not what its WHENs compare)."""
    from sqlglot import exp

    values = set()
    for case in finding.find_all(exp.Case):
        branches = [branch.args.get("true") for branch in case.args.get("ifs") or []] + [case.args.get("default")]
        values |= {branch.this for branch in branches if isinstance(branch, exp.Literal) and branch.is_string}
    if isinstance(finding.this, exp.Literal) and finding.this.is_string:
        values.add(finding.this.this)
    return values


def finding_values(sql: str) -> set[str]:
    """The values the query's ``finding`` column can take."""
    tree = parse(sql)[0]
    finding = next((e for e in tree.expressions if e.alias_or_name == "finding"), None)
    return _outcomes(finding) if finding is not None else set()
