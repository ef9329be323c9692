"""Values written into ingest's SQL as literals, not bound as parameters.

Binding any Python parameter makes DuckDB's Python client import pandas where it is installed
(it is, for the dashboard): about 0.35-0.5 s of every `ingest` call, as long as loading 50,000
plays takes. So ingest's SQL names its values `$name` and `render` writes each as a literal,
made here and nowhere else: a string between single quotes with each single quote doubled
(DuckDB's plain strings know no other escape; backslashes are literal), numbers and booleans as
themselves, aware datetimes as typed ISO strings, lists of strings as typed list literals.
Table and column names are never values: they are our own constants.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb

_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def literal(value: object) -> str:
    """The SQL literal of a value (None, bool, int, str, aware datetime, list of strings)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("a value with a NUL character cannot be stored")
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("only time-zone-aware datetimes are written (landing is UTC)")
        return f"{literal(value.isoformat())}::timestamptz"
    if isinstance(value, Sequence) and all(isinstance(item, str) for item in value):
        return "[" + ", ".join(literal(item) for item in value) + "]::varchar[]"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def render(sql: str, params: Mapping[str, object] | None = None) -> str:
    """`sql` with each `$name` replaced by the literal of params[name] (in one pass, so a value
    that contains `$something` stays as it is)."""
    if not params:
        return sql
    return _PLACEHOLDER.sub(lambda match: literal(params[match.group(1)]), sql)


def run(
    connection: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute `sql` with its `$name` values written as literals."""
    return connection.execute(render(sql, params))


def values_rows(rows: Sequence[Sequence[Any]]) -> str:
    """`(v, ...), (v, ...)`: the rows of a VALUES list, each value a literal."""
    return ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
