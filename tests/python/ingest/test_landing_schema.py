"""The landing schema is defined once (fetchers/landing_schema.py): the warehouse it creates and
the dbt sources file name the same tables and columns, both ways; older warehouses get new
columns without losing a row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from fetchers.landing_schema import LANDING_TABLES, SCHEMA, qualified
from fetchers.warehouse import ensure_landing_schema

ROOT = Path(__file__).resolve().parents[3]
SOURCES_YML = ROOT / "models" / "staging" / "landing" / "_landing__sources.yml"


def _catalog(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, bool]]]:
    """table -> [(column, type, nullable)] in column order, as the warehouse has them."""
    rows = connection.execute(
        """
        select table_name, column_name, lower(data_type), is_nullable
        from duckdb_columns()
        where schema_name = ?
        order by table_name, column_index
        """,
        [SCHEMA],
    ).fetchall()
    tables: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, data_type, nullable in rows:
        tables.setdefault(table, []).append((column, data_type, nullable))
    return tables


def _sources_yml() -> dict[str, list[str]]:
    """table -> its columns in the dbt sources file, in order (each must be described)."""
    document = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))
    source = next(s for s in document["sources"] if s["name"] == SCHEMA)
    tables: dict[str, list[str]] = {}
    for table in source["tables"]:
        columns = table.get("columns", [])
        undescribed = [c["name"] for c in columns if not str(c.get("description", "")).strip()]
        assert not undescribed, f"{table['name']}: columns without a description {undescribed}"
        tables[table["name"]] = [c["name"] for c in columns]
    return tables


def _defined(connection: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, bool]]]:
    """The definition, each type spelled as DuckDB's catalog spells it."""

    def canonical(type_: str) -> str:
        return str(connection.execute(f"select typeof(null::{type_})").fetchone()[0]).lower()

    return {
        table: [(c.name, canonical(c.type), c.nullable) for c in definition.columns]
        for table, definition in LANDING_TABLES.items()
    }


def test_warehouse_has_exactly_the_defined_tables_and_columns() -> None:
    with duckdb.connect() as connection:
        ensure_landing_schema(connection)
        ensure_landing_schema(connection)  # idempotent
        assert _catalog(connection) == _defined(connection)


def test_sources_yml_and_warehouse_name_the_same_tables_and_columns_both_ways() -> None:
    with duckdb.connect() as connection:
        ensure_landing_schema(connection)
        in_warehouse = {t: [c for c, _, _ in cols] for t, cols in _catalog(connection).items()}
    in_yml = _sources_yml()
    assert sorted(in_yml) == sorted(in_warehouse), "tables differ"
    for table, columns in in_warehouse.items():
        missing_in_yml = [c for c in columns if c not in in_yml[table]]
        unknown_in_yml = [c for c in in_yml[table] if c not in columns]
        assert not missing_in_yml and not unknown_in_yml, (table, missing_in_yml, unknown_in_yml)
        assert in_yml[table] == columns, f"{table}: columns in another order"


def test_older_warehouse_gets_new_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    """A warehouse made before `export_layout` existed: the column is added, old rows keep their
    values with null there, and a second open changes nothing."""
    path = tmp_path / "old.duckdb"
    added = {"streaming_history": "export_layout", "loaded_files": "export_layout"}
    with duckdb.connect(str(path)) as connection:
        connection.execute(f"create schema {SCHEMA}")
        for table, definition in LANDING_TABLES.items():
            columns = [c for c in definition.columns if c.name != added.get(table)]
            body = ", ".join(
                f"{c.name} {c.type}{'' if c.nullable else ' not null'}" for c in columns
            )
            connection.execute(f"create table {qualified(table)} ({body})")
        connection.execute(
            "insert into landing.loaded_files (file_sha256, file_name, source_path, format, "
            "username, rows_in_file, rows_loaded, rows_duplicate, loaded_at) "
            "values ('abc', 'endsong_0.json', '/x', 'extended', 'old', 3, 3, 0, now())"
        )
    for _ in range(2):
        with duckdb.connect(str(path)) as connection:
            ensure_landing_schema(connection)
            assert _catalog(connection) == _defined(connection)
            assert connection.execute(
                "select username, rows_loaded, export_layout from landing.loaded_files"
            ).fetchall() == [("old", 3, None)]
