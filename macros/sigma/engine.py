"""Runs a research query on the sample data: Trino SQL translated by sqlglot to DuckDB, in process, no server.

"Today" in a query (``current_date``, ``current_timestamp``, ``now()``) is the build date, so a sample answer such as
"six days left to respond" reads the same on every build for that date. duckdb and sqlglot are imported when the first
query runs, not when the site's macros load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from . import fixture
from .schema import Schema

#: DuckDB's names for the Sigma column types of data/sigma_schema.yml.
DUCK_TYPES = {"varchar": "VARCHAR", "bigint": "BIGINT", "boolean": "BOOLEAN", "timestamp": "TIMESTAMP", "double": "DOUBLE"}


@dataclass(frozen=True)
class Answer:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def to_duckdb(sql: str, as_of: date) -> str:
    """The Trino query as DuckDB runs it, with "today" fixed to ``as_of``."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="trino")
    today = exp.cast(exp.Literal.string(as_of.isoformat()), exp.DataType.build("date"))
    midnight = exp.cast(exp.Literal.string(datetime.combine(as_of, time(0, 0)).isoformat(sep=" ")), exp.DataType.build("timestamp"))

    def pin(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.CurrentDate):
            return today.copy()
        if isinstance(node, (exp.CurrentTimestamp, exp.CurrentDatetime)):
            return midnight.copy()
        return node

    return tree.transform(pin).sql(dialect="duckdb")


class Sample:
    """The sample data loaded once into an in-memory DuckDB database, for one build date."""

    def __init__(self, schema: Schema, as_of: date, seed: int = fixture.SEED) -> None:
        import duckdb

        self.as_of = as_of
        self.rows = fixture.generate(as_of, seed)
        self.connection = duckdb.connect(":memory:")
        for name, table in schema.tables.items():
            columns = list(table.columns)
            self.connection.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {DUCK_TYPES[t]}' for c, t in table.columns.items())})")
            records = self.rows.get(name, [])
            for record in records:
                unknown = set(record) - set(columns)
                if unknown:
                    raise ValueError(f"sample data: {name} has no column {sorted(unknown)[0]} in data/sigma_schema.yml")
            if records:
                # One statement per table: row-by-row inserts cost most of a second per build.
                row = "(" + ", ".join("?" for _ in columns) + ")"
                values = [r.get(c) for r in records for c in columns]
                self.connection.execute(f"INSERT INTO {name} VALUES {', '.join(row for _ in records)}", values)

    def run(self, sql: str) -> Answer:
        """The query's columns and rows on the sample data."""
        cursor = self.connection.execute(to_duckdb(sql, self.as_of))
        columns = tuple(d[0] for d in cursor.description)
        return Answer(columns, tuple(tuple(row) for row in cursor.fetchall()))
