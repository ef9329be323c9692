"""The on-run-end hook of a real `dbt build`, and `python -m fetchers publish` from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.dbt_runner import run_dbt

from ..demo_build import copy_warehouse


def mart_counts(connection: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    names = connection.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'marts'",
        [catalog],
    ).fetchall()
    return {
        name: connection.execute(f'select count(*) from "{catalog}".marts."{name}"').fetchone()[0]
        for (name,) in names
    }


def test_a_successful_build_publishes_every_mart_of_the_warehouse(demo_built: Path) -> None:
    published = demo_built.parent / "published"
    manifest = json.loads((published / "manifest.json").read_text())
    with duckdb.connect() as connection:
        connection.execute(f"attach '{demo_built}' as warehouse (read_only)")
        connection.execute(f"attach '{published / 'marts.duckdb'}' as snapshot (read_only)")
        in_warehouse = mart_counts(connection, "warehouse")
        in_snapshot = mart_counts(connection, "snapshot")
        in_parquet = {
            name: connection.execute(
                "select count(*) from read_parquet(?)", [str(published / f"{name}.parquet")]
            ).fetchone()[0]
            for name in in_warehouse
        }
    assert "fact_plays" in in_warehouse and in_warehouse["fact_plays"] > 0
    assert in_snapshot == in_warehouse
    assert in_parquet == in_warehouse
    assert manifest["marts"] == sorted(in_warehouse)


def test_a_failed_build_publishes_nothing(
    demo_built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PUBLISH_DIR", raising=False)
    warehouse = copy_warehouse(demo_built, tmp_path)
    published = tmp_path / "published"
    before = {path.name: path.stat().st_ino for path in published.iterdir()}
    manifest_before = (published / "manifest.json").read_text()
    # the layers below the marts are gone: rebuilding a mart errors
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("drop schema intermediate cascade")
        connection.execute("drop schema staging cascade")

    outcome = run_dbt(
        ["build", "--select", "dim_users"], duckdb_path=warehouse, target_path=tmp_path / "target"
    )

    assert not outcome.success
    assert "Marts not published" in outcome.output
    assert {path.name: path.stat().st_ino for path in published.iterdir()} == before
    assert (published / "manifest.json").read_text() == manifest_before


def test_publish_command_republishes_the_same_marts(
    demo_built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_warehouse(demo_built, tmp_path)
    old = json.loads((tmp_path / "published" / "manifest.json").read_text())
    monkeypatch.setenv("DUCKDB_PATH", str(warehouse))
    monkeypatch.delenv("PUBLISH_DIR", raising=False)

    result = CliRunner().invoke(cli, ["publish"])

    assert result.exit_code == 0, result.output
    new = json.loads((tmp_path / "published" / "manifest.json").read_text())
    assert new["snapshot_id"] != old["snapshot_id"]
    assert new["marts"] == old["marts"]
    assert f"Published {len(new['marts'])} marts to {tmp_path / 'published'}" in result.output


@pytest.mark.parametrize("landing_only", [False, True])
def test_publish_command_on_a_never_built_warehouse_says_what_to_run(
    landing_only: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    if landing_only:  # ingested, never built
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute("create schema landing")
    monkeypatch.setenv("DUCKDB_PATH", str(warehouse))
    monkeypatch.delenv("PUBLISH_DIR", raising=False)

    result = CliRunner().invoke(cli, ["publish"])

    assert result.exit_code != 0
    assert "dbt build" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "published" / "marts.duckdb").exists()
