"""Opening the DuckDB warehouse, with a clear error when another process holds it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from fetchers.landing_schema import SCHEMA, landing_ddl, missing_columns_ddl


class WarehouseLockedError(RuntimeError):
    """Another process (often `dbt build`, a SQL client or a second fetcher) has the file open."""


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file; raise WarehouseLockedError with what to do if it is in use."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if _is_lock_error(error):
            raise WarehouseLockedError(
                f"The warehouse {path} is in use by another process (a running `dbt build`, "
                "another fetcher or an open SQL client). DuckDB allows one writer per file: "
                "wait for it to finish or close it, then run this command again."
            ) from error
        raise


@contextmanager
def open_landing(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection with the `landing` schema created if missing."""
    connection = connect(path)
    try:
        ensure_landing_schema(connection)
        yield connection
    finally:
        connection.close()


def ensure_landing_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the landing schema and its tables, and add the columns added since an older
    warehouse was made (idempotent; never drops or changes data: older rows get null)."""
    for statement in landing_ddl():
        connection.execute(statement)
    existing: dict[str, set[str]] = {}
    # SCHEMA is our own constant; a bound parameter would make DuckDB import pandas (slow)
    for table, column in connection.execute(
        "select table_name, column_name from duckdb_columns() "
        f"where database_name = current_database() and schema_name = '{SCHEMA}'"
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    for statement in missing_columns_ddl(existing):
        connection.execute(statement)
