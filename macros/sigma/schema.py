"""The Sigma tables and columns the research queries may name (data/sigma_schema.yml), each table with its sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..yamlsource import Source

#: Column types as Sigma (Trino) names them; the fixture and the engine create the same types.
TYPES = ("varchar", "bigint", "boolean", "timestamp", "double")
NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Table:
    name: str
    source: str  # Stripe's Sigma page that names the table
    fields: str  # Stripe's API reference for the object the table holds
    columns: dict[str, str]  # column -> type, in the order written


@dataclass(frozen=True)
class Schema:
    label: str
    tables: dict[str, Table]

    def as_dict(self) -> dict[str, dict[str, str]]:
        """``{table: {column: type}}``, the shape sqlglot's optimizer reads."""
        return {name: dict(table.columns) for name, table in self.tables.items()}


def load_schema(src: Source) -> Schema:
    """Every table with its two https sources and typed columns; a name or type that is not valid names its key."""
    root = src.value if isinstance(src.value, dict) else {}
    label = src.text(root, "", "label")
    tables = {}
    for name, raw in src.mapping(root, "", "tables").items():
        path = f"tables.{name}"
        if not NAME.fullmatch(str(name)):
            raise src.error(path, "table names are lowercase_with_underscores, as Sigma writes them (charges, invoice_line_items)")
        if not isinstance(raw, dict):
            raise src.error(path, "expected source, fields and columns")
        unknown = sorted(set(raw) - {"source", "fields", "columns"})
        if unknown:
            raise src.error(f"{path}.{unknown[0]}", "unknown key — a table has source, fields and columns")
        columns = {}
        for column, kind in src.mapping(raw, path, "columns").items():
            where = f"{path}.columns.{column}"
            if not NAME.fullmatch(str(column)):
                raise src.error(where, "column names are lowercase_with_underscores, as Sigma writes them")
            if kind not in TYPES:
                raise src.error(where, f"type {kind!r} is not a Sigma type — use one of: {', '.join(TYPES)}")
            columns[str(column)] = kind
        tables[str(name)] = Table(str(name), src.url(raw, path, "source") or "", src.url(raw, path, "fields") or "", columns)
    return Schema(label, tables)
